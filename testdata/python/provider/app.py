"""componentize-py guest: the cache provider (world `provider` of ../../cache/cache.wit).

Same behaviour as ../../cache/provider.wat: an empty key is refused with io("empty key").
"""
from componentize_py_types import Err

from wit_world import exports
from wit_world.exports.cache import Error_Io, Error_NotFound

_store: dict[str, bytes] = {}


def _check(key: str) -> None:
    if key == "":
        raise Err(Error_Io("empty key"))


class Cache(exports.Cache):
    def set(self, key: str, value: bytes) -> None:
        _check(key)
        _store[key] = bytes(value)

    def get(self, key: str) -> bytes:
        _check(key)
        if key not in _store:
            raise Err(Error_NotFound())
        return _store[key]

    def delete(self, key: str) -> None:
        _check(key)
        if key not in _store:
            raise Err(Error_NotFound())
        del _store[key]
