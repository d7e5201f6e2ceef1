#!/usr/bin/env python3
"""Runs a composed cache component and checks what its `run` export returns.

    check-cache.py COMPOSED.wasm [--expect TEXT] [--interface NAME] [--func NAME]

The component must have no imports left (provider and consumer linked together, e.g. by
`wasm-tools compose consumer.wasm -d provider.wasm` or by `wcomp compose`). It is instantiated with
wasmtime, `run` is called from the exported interface (default example:cache/app@0.1.0), and the
string it returns is compared with the expected text. Prints the result; exits 0 when it matches,
1 when it does not, 2 when the component cannot be loaded or run.

    check-cache.py --host CONSUMER.wasm   runs the consumer alone against a cache written in Python
    check-cache.py --provider PROVIDER.wasm   calls the provider's exports directly
    --wasi   also provide WASI 0.2 (for components built by componentize-py)

--func may also be a list of calls, `CALL; CALL; ...`, each `[INTERFACE#]NAME(ARGS)`: NAME in
INTERFACE (default --interface; `-` means the component's own top-level functions), ARGS Python
literals (a dict stands for a record) or `$N`, the result of the N-th call. Each result is printed
by its WIT type (`ok({mid: {leaf: {value: 0}, tag: 7}, count: 1})`, `err(io(5))`, `<resource>`), and
the results joined by `; ` are compared with --expect.

Run it with the project's venv: .venv/bin/python3 testdata/check-cache.py ...
"""
import argparse
import sys

EXPECTED = ("set hello=ok; get hello=[1,2,3]; get missing=not-found; delete hello=ok; "
            "get hello=not-found; set ''=io(empty key)")
APP = "example:cache/app@0.1.0"
CACHE = "example:cache/cache@0.1.0"


def load():
    try:
        from wasmtime import Engine, Store  # noqa: F401
        from wasmtime.component import Component, Linker  # noqa: F401
    except ImportError as e:
        print(f"check-cache: python module wasmtime missing ({e}); run .ci/setup-tools and use .venv/bin/python3",
              file=sys.stderr)
        sys.exit(2)


def export_func(store, instance, interface, name):
    idx = instance.get_export_index(store, interface)
    if idx is None:
        raise LookupError(f"component exports no `{interface}`")
    fidx = instance.get_export_index(store, name, idx)
    func = instance.get_func(store, fidx) if fidx is not None else None
    if func is None:
        raise LookupError(f"`{interface}` exports no function `{name}`")
    return func


def call(store, func, *args):
    result = func(store, *args)
    func.post_return(store)
    return result


def top_level_func(store, instance, name):
    idx = instance.get_export_index(store, name)
    func = instance.get_func(store, idx) if idx is not None else None
    if func is None:
        raise LookupError(f"component exports no function `{name}`")
    return func


def case_of(ty, value):
    """The case of a variant, option or result value (wasmtime-py drops the tag when the cases'
    Python types tell them apart)."""
    if ty._tagged():
        return value.tag, value.payload
    for name, case in ty._cases():
        if case is None:
            if value is None:
                return name, None
            continue
        classes = set()
        case.add_classes(classes)
        if isinstance(value, tuple(classes)):
            return name, value
    raise ValueError(f"value {value!r} fits no case")


def render(value, ty):
    """A value as WIT would write it, following its type."""
    from wasmtime.component import (BorrowType, EnumType, FlagsType, ListType, OptionType, OwnType,
                                    RecordType, ResultType, TupleType, VariantType)
    if isinstance(ty, RecordType):
        return "{" + ", ".join(f"{n}: {render(getattr(value, n), t)}" for n, t in ty.fields) + "}"
    if isinstance(ty, (VariantType, OptionType, ResultType)):
        name, payload = case_of(ty, value)
        if isinstance(ty, OptionType):
            name = "none" if name == "none" else "some"
        cases = dict(ty._cases())
        case = cases.get(name) if not isinstance(ty, OptionType) else (None if payload is None else ty.payload)
        return name if case is None else f"{name}({render(payload, case)})"
    if isinstance(ty, ListType):
        return "[" + ", ".join(render(v, ty.element) for v in value) + "]"
    if isinstance(ty, TupleType):
        return "(" + ", ".join(render(v, t) for v, t in zip(value, ty.elements)) + ")"
    if isinstance(ty, (OwnType, BorrowType)):
        return "<resource>"
    if isinstance(ty, (EnumType, FlagsType)):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_records(v):
    """Dicts become wasmtime Records (the value of a WIT record)."""
    from wasmtime.component import Record
    if isinstance(v, dict):
        r = Record()
        for k, x in v.items():
            setattr(r, k, to_records(x))
        return r
    if isinstance(v, (list, tuple)):
        return type(v)(to_records(x) for x in v)
    return v


def run_calls(store, instance, default_interface, script):
    """Runs `CALL; CALL; ...` (see the module docs); returns the rendered results joined by '; '."""
    import re
    results, shown = [], []
    for text in [c.strip() for c in script.split(";") if c.strip()]:
        m = re.fullmatch(r"(?:(.+)#)?([A-Za-z0-9\[\]._-]+)\((.*)\)", text, re.S)
        if not m:
            raise ValueError(f"bad call `{text}`")
        interface = m.group(1) or default_interface
        name, args_text = m.group(2), m.group(3)
        names = {f"_{i + 1}": r for i, r in enumerate(results)}
        args = eval("(" + re.sub(r"\$(\d+)", r"_\1", args_text) + ",)", {"__builtins__": {}}, names) if args_text.strip() else ()
        func = top_level_func(store, instance, name) if interface in ("", "-") else export_func(store, instance, interface, name)
        result = call(store, func, *[to_records(a) for a in args])
        ty = func.type(store).result
        results.append(result)
        shown.append("()" if ty is None else render(result, ty))
    return "; ".join(shown)


def python_cache(linker):
    """Defines example:cache/cache@0.1.0 in the linker with a dict-backed cache."""
    from wasmtime.component import Variant
    data = {}

    def set_(store, key, value):
        if key == "":
            return Variant("err", "empty key")
        data[key] = bytes(value)
        return Variant("ok")

    def get(store, key):
        if key == "":
            return "empty key"  # err(io(..)): the binding maps result/variant cases by value type
        if key not in data:
            return None         # err(not-found)
        return data[key]        # ok(bytes)

    def delete(store, key):
        if key == "":
            return Variant("err", "empty key")
        if key not in data:
            return Variant("err", None)
        del data[key]
        return Variant("ok")

    with linker.root() as root:
        with root.add_instance(CACHE) as inst:
            inst.add_func("set", set_)
            inst.add_func("get", get)
            inst.add_func("delete", delete)


def run_provider(path):
    """Calls the provider's exports directly; returns the same description the consumer builds."""
    from wasmtime import Engine, Store
    from wasmtime.component import Component, Linker
    engine = Engine()
    store = Store(engine)
    instance = Linker(engine).instantiate(store, Component.from_file(engine, path))
    f = {n: export_func(store, instance, CACHE, n) for n in ("set", "get", "delete")}

    def unit(r):  # result<_, error>: Variant(ok|err, payload)
        if r.tag == "ok":
            return "ok"
        return "not-found" if r.payload is None else f"io({r.payload})"

    def got(r):   # result<list<u8>, error>: bytes | None (not-found) | str (io)
        if isinstance(r, bytes):
            return "[" + ",".join(str(b) for b in r) + "]"
        return "not-found" if r is None else f"io({r})"

    parts = [
        "set hello=" + unit(call(store, f["set"], "hello", b"\x01\x02\x03")),
        "get hello=" + got(call(store, f["get"], "hello")),
        "get missing=" + got(call(store, f["get"], "missing")),
        "delete hello=" + unit(call(store, f["delete"], "hello")),
        "get hello=" + got(call(store, f["get"], "hello")),
        "set ''=" + unit(call(store, f["set"], "", b"\x01")),
    ]
    return "; ".join(parts)


def run_component(path, interface, name, host, wasi):
    from wasmtime import Engine, Store, WasiConfig
    from wasmtime.component import Component, Linker
    engine = Engine()
    store = Store(engine)
    component = Component.from_file(engine, path)
    linker = Linker(engine)
    if wasi:
        store.set_wasi(WasiConfig())
        linker.add_wasip2()
    if host:
        python_cache(linker)
    instance = linker.instantiate(store, component)
    if "(" in name:
        return run_calls(store, instance, interface, name)
    return call(store, export_func(store, instance, interface, name))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("component")
    ap.add_argument("--expect", default=EXPECTED)
    ap.add_argument("--interface", default=APP)
    ap.add_argument("--func", default="run")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--host", action="store_true", help="provide the cache import from Python")
    mode.add_argument("--provider", action="store_true", help="call a provider's cache exports directly")
    ap.add_argument("--wasi", action="store_true", help="provide WASI 0.2 imports (componentize-py guests)")
    args = ap.parse_args()
    load()
    try:
        if args.provider:
            got = run_provider(args.component)
        else:
            got = run_component(args.component, args.interface, args.func, args.host, args.wasi)
    except Exception as e:  # wasmtime raises WasmtimeError/Trap; report any failure plainly
        print(f"check-cache: {args.component}: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    print(got)
    if got != args.expect:
        print(f"check-cache: MISMATCH\n  expected: {args.expect!r}\n  got:      {got!r}", file=sys.stderr)
        return 1
    print("check-cache: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
