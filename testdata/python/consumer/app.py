"""componentize-py guest: the cache consumer (world `consumer` of ../../cache/cache.wit).

`run` performs the same calls as ../../cache/consumer.wat and returns the same description, so
check-cache.py accepts either consumer composed with either provider.
"""
from componentize_py_types import Err

from wit_world import exports
from wit_world.imports import cache


def _error(e: cache.Error) -> str:
    if isinstance(e, cache.Error_Io):
        return f"io({e.value})"
    return "not-found"


def _unit(call) -> str:
    try:
        call()
        return "ok"
    except Err as e:
        return _error(e.value)


def _bytes(call) -> str:
    try:
        return "[" + ",".join(str(b) for b in call()) + "]"
    except Err as e:
        return _error(e.value)


class App(exports.App):
    def run(self) -> str:
        parts = [
            "set hello=" + _unit(lambda: cache.set("hello", bytes([1, 2, 3]))),
            "get hello=" + _bytes(lambda: cache.get("hello")),
            "get missing=" + _bytes(lambda: cache.get("missing")),
            "delete hello=" + _unit(lambda: cache.delete("hello")),
            "get hello=" + _bytes(lambda: cache.get("hello")),
            "set ''=" + _unit(lambda: cache.set("", bytes([1]))),
        ]
        return "; ".join(parts)
