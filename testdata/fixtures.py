"""The test targets' fixtures under testdata/fixtures, built by `regenerate` (which imports this file).

Layout: fixtures/<TestTarget>/<TestClass>/ holds what that test class reads. Rules, in order:
  **/*.wat                    -> the .wasm beside it (wasm-tools parse; valid or not, as the test needs)
  manifest.tsv                -> components and WIT packages built from WIT (see its header)
  WITTests/DecodingTests/     -> components/: a component (`component embed --dummy` + `component new`)
                                 and its core module for every world of every package in wit/valid,
                                 each with the .wit.expected wasm-tools prints for it (and the
                                 component's .verdict);
                                 merged/: core modules with two `component-type` sections (one world
                                 embedded on top of another: each world of worlds/manifest.tsv with
                                 itself and with the next, and two known conflicts), listed in
                                 pairs.tsv, each with its .wit.expected or, where wasm-tools refuses
                                 to merge them, its .refused;
                                 wasm-deps/: app/deps/lib.wasm encoded from lib.wit, and what
                                 wasm-tools prints for the directory app/
  WITTests/EncodingTests/     -> every wit/valid package and DifferentialTests/wasi encoded by
                                 `component wit --wasm`, and what wasm-tools prints for that encoding
  WITTests/DifferentialTests/ -> what `component wit` prints for every wit/valid package, with the
                                 flags of VARIANTS, and for wasi/ (WASI 0.2 packages as componentize-py
                                 0.25.1 embeds them; a committed source: `regenerate --refresh-wasi`
                                 rebuilds it with componentize-py)
  WasmComponentTests/ValidationTargetTests/packages/
                              -> the WIT package of every world file of worlds/manifest.tsv (and
                                 cache/cache.wit, mismatch/cache.wit), encoded by `component wit --wasm`
  WasmTextTests/PrintTests/   -> for every X.wasm there (from X.wat): X.print.expected, `wasm-tools print`,
                                 and X.FLAG.print.expected for each flag of PRINT_FLAGS
  PRINTED                     -> X.print.expected, `wasm-tools print X.wasm`, for modules that no .wat
                                 makes: the test that reads them writes them (see InstructionTableTests)
"""
import json
import os
import shutil
import tempfile

# Modules written by their tests (WCOMP_WRITE_FIXTURES=1), printed here.
PRINTED = ["WasmCoreTests/InstructionTableTests/opcodes"]

# (snapshot infix, flag of `wasm-tools print`) for the printer's fixtures
PRINT_FLAGS = [("offsets", "--print-offsets"), ("skeleton", "--skeleton"), ("name-unnamed", "--name-unnamed"),
               ("fold", "--fold-instructions")]

# (snapshot name, wit/valid entry, flags of `wasm-tools component wit`)
VARIANTS = [
    ("gates.features-fancy-calc", "gates.wit", ["--features", "fancy-calc"]),
    ("gates.features-other", "gates.wit", ["--features", "other"]),
    ("gates.features-fancy-calc-other", "gates.wit", ["--features", "fancy-calc,other"]),
    ("gates.all-features", "gates.wit", ["--all-features"]),
    ("docs.no-docs", "docs.wit", ["--no-docs"]),
]

WASI_WIT = "package example:app;\nworld app { export run: func() -> string; }\n"
WASI_PY = "import wit_world\nclass WitWorld(wit_world.WitWorld):\n    def run(self) -> str: return \"hi\"\n"


def corpus_entries(root):
    """The packages of wit/valid: .wit files and directories, by name; (stem, path relative to root)."""
    valid = os.path.join(root, "wit", "valid")
    out = []
    for e in sorted(os.listdir(valid)):
        if e.endswith(".wit"):
            out.append((e[:-4], f"wit/valid/{e}"))
        elif os.path.isdir(os.path.join(valid, e)):
            out.append((e, f"wit/valid/{e}"))
    return out


def build(root, generated, t):
    """`t` is regenerate's toolbox (run, write, snapshot, wit_snapshot, verdict, read_tsv, fail, WASM_TOOLS)."""
    fx = os.path.join(root, "fixtures")
    for dirpath, _, files in sorted(os.walk(fx)):
        for f in sorted(files):
            if f.endswith(".wat"):
                rel = os.path.relpath(os.path.join(dirpath, f), root)
                t.run([t.WASM_TOOLS, "parse", rel, "-o", rel[:-4] + ".wasm"], cwd=root)
                generated.append(rel[:-4] + ".wasm")
    build_manifest(root, generated, t)
    build_decoding(root, generated, t)
    build_encoding(root, generated, t)
    build_differential(root, generated, t)
    build_target_packages(root, generated, t)
    build_print(root, generated, t)
    for name in PRINTED:
        t.snapshot(root, generated, f"fixtures/{name}.print.expected", [t.WASM_TOOLS, "print", f"fixtures/{name}.wasm"])


def build_print(root, generated, t):
    """What wasm-tools prints for every fixture of the printer's tests, plain and with each flag."""
    rel_dir = "fixtures/WasmTextTests/PrintTests"
    for f in sorted(os.listdir(os.path.join(root, rel_dir))):
        if not f.endswith(".wat"):
            continue
        stem = f"{rel_dir}/{f[:-4]}"
        t.snapshot(root, generated, f"{stem}.print.expected", [t.WASM_TOOLS, "print", f"{stem}.wasm"])
        for infix, flag in PRINT_FLAGS:
            t.snapshot(root, generated, f"{stem}.{infix}.print.expected", [t.WASM_TOOLS, "print", flag, f"{stem}.wasm"])


def component_from_world(root, generated, t, wit, world, out, core=None):
    """`component embed --dummy` (kept as `core` when given) + `component new` into `out`."""
    with tempfile.TemporaryDirectory(prefix="wcomp-regen-") as tmp:
        embedded = core or os.path.join(tmp, "core.wasm")
        t.run([t.WASM_TOOLS, "component", "embed", "--dummy", wit, "-w", world, "-o", embedded], cwd=root)
        t.run([t.WASM_TOOLS, "component", "new", embedded, "-o", out], cwd=root)
    if core:
        generated.append(core)
    generated.append(out)


def package(root, generated, t, wit, out):
    os.makedirs(os.path.dirname(os.path.join(root, out)), exist_ok=True)
    t.run([t.WASM_TOOLS, "component", "wit", "--wasm", wit, "-o", out], cwd=root)
    generated.append(out)


def build_manifest(root, generated, t):
    for row in t.read_tsv(os.path.join(root, "fixtures", "manifest.tsv")):
        out, wit = "fixtures/" + row["output"], "fixtures/" + row["wit"]
        if row["how"] == "component":
            component_from_world(root, generated, t, wit, row["world"], out)
        elif row["how"] == "package":
            package(root, generated, t, wit, out)
        else:
            t.fail(f"fixtures/manifest.tsv: unknown how `{row['how']}`")


def build_decoding(root, generated, t):
    base = "fixtures/WITTests/DecodingTests"
    for stem, source in corpus_entries(root):
        doc = json.loads(t.run([t.WASM_TOOLS, "component", "wit", "--json", source], cwd=root).stdout)
        main = doc["packages"][-1]
        for world in main["worlds"]:
            name = f"{base}/components/{stem}-{world}"
            os.makedirs(os.path.join(root, base, "components"), exist_ok=True)
            component_from_world(root, generated, t, source, world, name + ".wasm", core=name + ".core.wasm")
            t.wit_snapshot(root, generated, name + ".wit.expected", name + ".wasm")
            t.wit_snapshot(root, generated, name + ".core.wit.expected", name + ".core.wasm")
            t.verdict(root, generated, name + ".verdict", name + ".wasm")
    # Two worlds in one core module: each world of worlds/manifest.tsv with itself and the next.
    worlds = []
    for row in t.read_tsv(os.path.join(root, "worlds", "manifest.tsv")):
        if (row["wit"], row["world"]) not in worlds:
            worlds.append((row["wit"], row["world"]))
    pairs = []
    for i, w in enumerate(worlds):
        pairs += [(w, w), (w, worlds[(i + 1) % len(worlds)])]
    pairs += [(("cache/cache.wit", "consumer"), ("mismatch/cache.wit", "consumer")),
              (("worlds/nested.wit", "host"), ("worlds/resources.wit", "fs-user"))]
    merged = f"{base}/merged"
    os.makedirs(os.path.join(root, merged), exist_ok=True)
    lines = ["# Core modules with two `component-type` sections: `component embed --dummy A -w WORLD-A`, then",
             "# `component embed B -w WORLD-B` on top (by ../../../regenerate). Each has NAME.wit.expected, what",
             "# `wasm-tools component wit` prints, or NAME.refused, its error when it refuses to merge them.",
             "name\ta-wit\ta-world\tb-wit\tb-world"]
    for k, ((aw, ax), (bw, bx)) in enumerate(pairs):
        name = f"pair-{k:02}"
        one, two = f"{merged}/{name}.first.wasm", f"{merged}/{name}.wasm"
        t.run([t.WASM_TOOLS, "component", "embed", "--dummy", aw, "-w", ax, "-o", one], cwd=root)
        t.run([t.WASM_TOOLS, "component", "embed", bw, "-w", bx, one, "-o", two], cwd=root)
        os.remove(os.path.join(root, one))
        generated.append(two)
        p = t.run([t.WASM_TOOLS, "component", "wit", two], cwd=root, expect_ok=False)
        if p.returncode == 0:
            t.wit_snapshot(root, generated, f"{merged}/{name}.wit.expected", two)
        else:
            t.write(root, generated, f"{merged}/{name}.refused", p.stderr)
        lines.append(f"{name}\t{aw}\t{ax}\t{bw}\t{bx}")
    t.write(root, generated, f"{merged}/pairs.tsv", "\n".join(lines) + "\n")
    # A dependency given as an encoded WIT package.
    deps = f"{base}/wasm-deps"
    package(root, generated, t, f"{deps}/lib.wit", f"{deps}/app/deps/lib.wasm")
    t.wit_snapshot(root, generated, f"{deps}/app.wit.expected", f"{deps}/app")


def build_encoding(root, generated, t):
    base = "fixtures/WITTests/EncodingTests"
    sources = corpus_entries(root) + [("wasi", "fixtures/WITTests/DifferentialTests/wasi")]
    for stem, source in sources:
        package(root, generated, t, source, f"{base}/{stem}.wasm")
        t.wit_snapshot(root, generated, f"{base}/{stem}.wit.expected", f"{base}/{stem}.wasm")


def build_differential(root, generated, t):
    base = "fixtures/WITTests/DifferentialTests"
    entries = dict((stem, source) for stem, source in corpus_entries(root))
    for stem, source in entries.items():
        t.wit_snapshot(root, generated, f"{base}/{stem}.wit.expected", source)
    for name, entry, flags in VARIANTS:
        t.wit_snapshot(root, generated, f"{base}/{name}.wit.expected", f"wit/valid/{entry}", flags)
    t.wit_snapshot(root, generated, f"{base}/wasi.wit.expected", f"{base}/wasi")


def build_target_packages(root, generated, t):
    base = "fixtures/WasmComponentTests/ValidationTargetTests/packages"
    wits = {row["wit"] for row in t.read_tsv(os.path.join(root, "worlds", "manifest.tsv"))}
    for wit in sorted(wits | {"cache/cache.wit", "mismatch/cache.wit"}):
        package(root, generated, t, wit, f"{base}/{wit[:-4]}.wasm")


def refresh_wasi(root, t):
    """Rebuilds fixtures/WITTests/DifferentialTests/wasi: the WIT packages of a trivial componentize-py
    guest, extracted with `component wit --out-dir` (slow: componentize-py bundles CPython)."""
    out = os.path.join(root, "fixtures", "WITTests", "DifferentialTests", "wasi")
    with tempfile.TemporaryDirectory(prefix="wcomp-wasi-") as tmp:
        with open(os.path.join(tmp, "app.wit"), "w", encoding="utf-8") as f:
            f.write(WASI_WIT)
        with open(os.path.join(tmp, "app.py"), "w", encoding="utf-8") as f:
            f.write(WASI_PY)
        t.run([t.COMPONENTIZE_PY, "-d", "app.wit", "-w", "app", "componentize", "app", "-o", "app.wasm"], cwd=tmp)
        t.run([t.WASM_TOOLS, "component", "wit", "app.wasm", "--out-dir", "wit"], cwd=tmp)
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(os.path.join(tmp, "wit"), out)
