#!/usr/bin/env python3
"""Writes the seed corpus of one fuzz harness: seeds.py TARGET DIR (called by .ci/fuzz).

Sources: ../shared/corpus (spec-core, spec-component), testdata/ (.wasm, .wit), and, when the
wasm-tools mirror is present (WASM_TOOLS_MIRROR, default /work/.mirror/bytecodealliance+wasm-tools/repo),
its WIT parser tests as WIT seeds. Files are named by content hash (duplicates collapse)."""
import csv
import hashlib
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
MIRROR = os.environ.get("WASM_TOOLS_MIRROR", "/work/.mirror/bytecodealliance+wasm-tools/repo")

# Leading feature-selector byte of the validate harnesses (see featureChoices in BinaryHarnesses.swift).
FEATURE_BYTE = {"": 0, "all": 1, "wasm1": 2, "mvp": 2, "wasm2": 3, "wasm3": 4, "lime1": 5}


def manifest(suite):
    path = os.path.join(CORPUS, suite, "manifest.tsv")
    if not os.path.exists(path):
        print(f"seeds: {path} missing; no spec seeds", file=sys.stderr)
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return [(os.path.join(CORPUS, suite, r["file"]), r["features"]) for r in csv.DictReader(f, delimiter="\t")]


def testdata(ext):
    out = []
    for d, dirs, files in os.walk(os.path.join(ROOT, "testdata")):
        dirs[:] = [x for x in dirs if x not in ("bench", "build")]
        out += [os.path.join(d, f) for f in sorted(files) if f.endswith(ext)]
    return sorted(out)


def mirror_wit():
    try:
        names = subprocess.run(["git", "-C", MIRROR, "ls-tree", "-r", "--name-only", "HEAD"], check=True,
                               capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        print("seeds: no wasm-tools mirror; WIT seeds from testdata only", file=sys.stderr)
        return []
    out = []
    for n in names:
        if n.endswith(".wit") and (n.startswith("crates/wit-parser/tests/") or n.startswith("crates/wit-component/tests/")):
            out.append(subprocess.run(["git", "-C", MIRROR, "show", "HEAD:" + n], check=True, capture_output=True).stdout)
    return out


def read(path):
    with open(path, "rb") as f:
        return f.read()


def printed(rows):
    """The corpus binaries as wasm-tools prints them (none without the .venv)."""
    tool = os.path.join(ROOT, ".venv", "bin", "wasm-tools")
    if not os.path.exists(tool):
        print("seeds: no .venv/bin/wasm-tools; text seeds from testdata only", file=sys.stderr)
        return []
    out = []
    for p, _ in rows:
        r = subprocess.run([tool, "print", p], capture_output=True)
        if r.returncode == 0:
            out.append(r.stdout)
    return out


def seeds(target):
    core = manifest("spec-core")
    comp = manifest("spec-component")
    wasm = [read(p) for p in testdata(".wasm")]
    wit = [read(p) for p in testdata(".wit")]
    if target == "module-decode":
        return [read(p) for p, _ in core] + wasm
    if target == "print":
        return [read(p) for p, _ in core] + [read(p) for p, _ in comp] + wasm
    if target == "parse":
        return [read(p) for p in testdata(".wat")] + [read(p) for p in testdata(".wast")] + printed(core[::4])
    if target == "module-validate":
        return [bytes([FEATURE_BYTE.get(f, 1)]) + read(p) for p, f in core]
    if target == "component-validate":
        return [bytes([FEATURE_BYTE.get(f, 1)]) + read(p) for p, f in comp] + [b"\0" + w for w in wasm]
    if target in ("component-decode", "wit-decode", "world-check", "compose"):
        return [read(p) for p, _ in comp] + wasm
    if target == "inspect":
        return [read(p) for p, _ in comp] + wasm + wit + [read(p) for p, _ in core[::20]]
    if target in ("wit-load", "world-check-wit"):
        return wit + mirror_wit()
    if target == "json":
        return [b'{"a": [1, 2.5, -3e10, true, false, null], "b": {"c": "\\u00e9\\n"}}', b"[]", b"{}", b'"x"',
                b"-0.0", b"1e308", b'[{"docs": "x", "worlds": {"w": {"docs": "y"}}}]', b"  [ 1 , [ [ ] ] ]  "]
    if target == "features":
        return [b"", b"all", b"-all,gc", b"wasm1,threads", b"mvp", b"wasm2,-simd", b"wasm3", b"lime1",
                b"custom-descriptors", b" gc , -exceptions ", b"component-model,cm-async,cm-values"]
    if target == "args":
        lines = [["inspect", "x.wasm", "--json"], ["validate", "--features", "all", "a.wasm"],
                 ["validate", "a.wasm", "--wit", "w.wit", "--world", "w", "--semver-compatible"],
                 ["compose", "a.wasm", "b.wasm", "-o", "out.wasm", "--wire", "x=y"], ["--help"], ["help", "inspect"],
                 ["--version"], ["inspect", "--", "-x"], ["validate", "--features=gc,-simd", "-"]]
        return [b"\0".join(a.encode() for a in line) for line in lines]
    if target == "cli":
        marker = "\u00ff@@FILE@@\u00fe".encode()
        t = lambda rel: read(os.path.join(ROOT, "testdata", rel))
        def line(args, *files):
            return b"\0".join(a.encode() for a in args) + b"".join(marker + f for f in files)
        consumer, provider, wit = t("cache/consumer.wasm"), t("cache/provider.wasm"), t("cache/cache.wit")
        typed = [t("typed/consumer.wasm"), t("typed/provider.wasm")]
        return [
            line(["inspect", "@1.wasm"], consumer), line(["inspect", "@1.wasm", "--json", "--all"], provider),
            line(["inspect", "--wit", "@1"], consumer), line(["inspect", "@1.wit"], wit), line(["inspect", "@d"], wit, wit),
            line(["validate", "@1.wasm", "--verbose"], consumer), line(["validate", "--json", "@1"], provider),
            line(["validate", "@1.wasm", "--wit", "@2.wit", "--world", "consumer"], consumer, wit),
            line(["validate", "@1.wasm", "--wit", "@d", "--json"], consumer, wit),
            line(["compose", "@1.wasm", "@2.wasm", "-o", "out"], consumer, provider),
            line(["compose", "@1.wasm", "@2.wasm", "--dry-run", "--json"], consumer, provider),
            line(["compose", "@1.wasm", "@2.wasm", "--wire", "example:cache/cache@0.1.0=1", "--wire", "example:cache/cache=1",
                  "-o", "out"], consumer, provider),
            line(["compose", "@1.wasm", "@2.wasm", "-o", "out"], *typed),
            line(["compose", "@1.wasm", "@2.wasm", "@3.wasm", "--dry-run"], t("typed/boxer.wasm"), t("typed/middle.wasm"), typed[1]),
            line(["validate", "--features", "all,-simd", "@1"], t("core/features.wasm")), line([]), line(["help", "compose"]),
        ]
    sys.exit(f"seeds: unknown target {target}")


def main():
    target, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    n = 0
    for data in seeds(target):
        name = hashlib.sha1(data).hexdigest()
        path = os.path.join(out, name)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(data)
            n += 1
    print(f"seeds: {n} seeds for {target} in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
