import Foundation
import TestSupport
import XCTest
@testable import WcompCLI

/// Every spelling of every flag, through the real `wcomp` binary. The table must cover each flag
/// `WcompSpec` declares (a new flag needs a run here), and each run checks what the flag does, not
/// only the exit status.
final class FlagCoverageTests: XCTestCase {
    struct Run {
        var args: [String]
        var status: Int32
        /// Text standard output must contain (all of it, when `exactOut`).
        var out: String = ""
        var exactOut = false
        /// Text standard error must contain.
        var err: String = ""
        /// A file the run must leave behind (nil: no check).
        var writes: String? = nil
    }

    private func path(_ p: String) -> String { Repo.root.appendingPathComponent("testdata/" + p).path }

    func testEveryFlagThroughTheBinary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wcomp-flags-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func temp(_ name: String) -> String { dir.appendingPathComponent(name).path }

        let consumer = path("cache/consumer.wasm"), provider = path("cache/provider.wasm")
        let provider013 = path("versions/provider.wasm"), names = path("core/names.wasm"), wit = path("cache/cache.wit")
        let gates = path("wit/valid/gates.wit")
        // A provider whose core code is invalid but whose interface is fine (for --skip-validation).
        let invalidProvider = fixturePath("invalid-provider.wasm")
        let invalidConsumer = fixturePath("invalid-consumer.wasm")

        let wacDeps = try WACDeps.make(at: temp("deps"))
        let version = "wcomp \(WcompSpec.version)\n"
        var runs: [String: [Run]] = [
            "--help": [Run(args: ["--help"], status: 0, out: Help.general(), exactOut: true)],
            "-h": [Run(args: ["-h"], status: 0, out: Help.general(), exactOut: true)],
            "--version": [Run(args: ["--version"], status: 0, out: version, exactOut: true)],
            "-V": [Run(args: ["-V"], status: 0, out: version, exactOut: true)],

            "inspect --json": [Run(args: ["inspect", "--json", names], status: 0, out: "\"kind\": \"module\"")],
            "inspect --wit": [Run(args: ["inspect", "--wit", consumer], status: 0,
                                  out: "world root {\n  import example:cache/cache@0.1.0;\n")],
            "inspect --all": [Run(args: ["inspect", "--all", names], status: 0,
                                  out: "  functions (6):\n    0 \"log\": (i32) -> () (imported)\n")],
            "inspect --types": [Run(args: ["inspect", "--types", consumer], status: 0,
                                    out: "    example:cache/cache@0.1.0: instance {\n      variant error { not-found, io(string) }\n")],
            "inspect --sections": [Run(args: ["inspect", "--sections", names], status: 0, out: "  sections (")],
            "inspect --color": [
                Run(args: ["inspect", "--color=always", consumer], status: 0, out: "\u{1b}[1m"),
                Run(args: ["inspect", "--color", "never", consumer], status: 0, out: "  world: 1 import, 1 export\n"),
                Run(args: ["inspect", "--color=sometimes", consumer], status: 2, err: "--color takes auto, always or never"),
            ],
            "inspect --features": [
                Run(args: ["inspect", "--features", "fancy-calc", gates], status: 0, out: "  sub: func(x: s32, y: s32)"),
                Run(args: ["inspect", "--features=all", gates], status: 0, out: "  sub: func(x: s32, y: s32)"),
            ],

            "validate --features": [
                Run(args: ["validate", "--features", "-simd", path("core/features.wasm")], status: 1,
                    err: "the v128 value type requires the `simd` feature"),
                Run(args: ["validate", "--features=wasm1", names], status: 1, err: "requires the `gc` feature"),
            ],
            "validate --json": [Run(args: ["validate", "--json", names], status: 0, out: "\"valid\": true")],
            "validate --verbose": [Run(args: ["validate", "--verbose", names], status: 0,
                                       out: "\(names): valid core module (6 functions, ")],
            "validate --wit": [Run(args: ["validate", consumer, "--wit", wit, "--world", "consumer", "--verbose"], status: 0,
                                   out: "valid component, targets world `example:cache/consumer@0.1.0`")],
            "validate --world": [Run(args: ["validate", consumer, "--wit", wit, "--world", "provider"], status: 1,
                                     err: "does not target world `example:cache/provider@0.1.0`")],
            "validate --semver-compatible": [
                Run(args: ["validate", provider013, "--wit", wit, "--world", "provider"], status: 1,
                    err: "exports missing from the component"),
                Run(args: ["validate", provider013, "--wit", wit, "--world", "provider", "--semver-compatible"], status: 0),
            ],

            "parse --output": [Run(args: ["parse", Fixture.url("WasmTextTests/ParseTests/basic.wat").path, "--output",
                                          temp("parsed.wasm")], status: 0, writes: temp("parsed.wasm"))],
            "parse -o": [Run(args: ["parse", Fixture.url("WasmTextTests/ParseTests/segments.wat").path, "-o",
                                    temp("parsed2.wasm")], status: 0, writes: temp("parsed2.wasm"))],
            "parse --wasm-dir": [Run(args: ["parse", Fixture.url("WasmTextTests/ParseTests/script.wast").path, "--wasm-dir",
                                            temp("")], status: 0, writes: temp("script.2.wat"))],

            "compose --output": [Run(args: ["compose", consumer, provider, "--output", temp("long.wasm")], status: 0,
                                     out: "wrote \(temp("long.wasm")) (", writes: temp("long.wasm"))],
            "compose -o": [Run(args: ["compose", consumer, provider, "-o", temp("short.wasm")], status: 0,
                               out: "with 1 provider, 1 wire, 0 imports left", writes: temp("short.wasm"))],
            "compose --dry-run": [Run(args: ["compose", consumer, provider013, "--dry-run"], status: 0,
                                      out: "← \(provider013): example:cache/cache@0.1.3 [semver]")],
            "compose --json": [Run(args: ["compose", consumer, provider, "--dry-run", "--json"], status: 0,
                                   out: "\"providerPosition\": 1")],
            "compose --wire": [Run(args: ["compose", consumer, provider013, provider, "--wire", "example:cache/cache@0.1.0=1",
                                          "--dry-run"], status: 0,
                                   out: "← \(provider013): example:cache/cache@0.1.3 [explicit]")],
            "compose --no-semver": [Run(args: ["compose", consumer, provider013, "--dry-run", "--no-semver"], status: 0,
                                        out: "imports of the result (1):\n  example:cache/cache@0.1.0 (instance)",
                                        err: "satisfies no import")],
            "compose --skip-validation": [
                Run(args: ["compose", invalidConsumer, invalidProvider, "-o", temp("checked.wasm")], status: 1,
                    err: "\(invalidProvider): error: type mismatch"),
                Run(args: ["compose", invalidConsumer, invalidProvider, "-o", temp("skipped.wasm"), "--skip-validation"],
                    status: 0, writes: temp("skipped.wasm")),
            ],
            "compose --deps": [
                Run(args: ["compose", path("wac/cache.wac"), "--deps", wacDeps, "--dry-run"], status: 0,
                    out: "  app = new example:consumer (\(wacDeps)/example/consumer.wasm)\n"),
                Run(args: ["compose", path("wac/cache.wac"), "--deps", temp("none"), "--dry-run"], status: 1,
                    err: "error: unknown package `example:provider`"),
            ],
            "compose --dep": [
                Run(args: ["compose", path("wac/cache.wac"), "--deps", wacDeps, "--dep", "example:provider=\(path("versions/provider.wasm"))",
                           "--dry-run"], status: 0, out: "  p = new example:provider (\(path("versions/provider.wasm")))\n"),
                Run(args: ["compose", path("wac/cache.wac"), "--dep", "nonsense", "--dry-run"], status: 2,
                    err: "expected NS:NAME[@VERSION]=PATH"),
            ],
            "compose --emit-wac": [
                Run(args: ["compose", consumer, provider, "--dry-run", "--emit-wac"], status: 0,
                    out: "let consumer = new wcomp:consumer {\n    \"example:cache/cache@0.1.0\": provider[\"example:cache/cache@0.1.0\"],\n};\n"),
                Run(args: ["compose", consumer, provider, "--emit-wac", "-o", temp("x.wasm")], status: 2, err: "needs --dry-run"),
            ],
        ]
        let printFixture = Repo.fixtures.appendingPathComponent("WasmTextTests/PrintTests/control.wasm").path
        let printed = { (f: String) in (try? String(contentsOfFile: printFixture.replacingOccurrences(of: ".wasm", with: f), encoding: .utf8)) ?? "missing" }
        runs["print -o"] = [Run(args: ["print", printFixture, "-o", temp("p.wat")], status: 0, writes: temp("p.wat"))]
        runs["print --output"] = [Run(args: ["print", printFixture, "--output", temp("q.wat")], status: 0, writes: temp("q.wat"))]
        for flag in ["-p", "--offsets", "--print-offsets"] {
            runs["print \(flag)"] = [Run(args: ["print", flag, printFixture], status: 0, out: printed(".offsets.print.expected"), exactOut: true)]
        }
        runs["print --skeleton"] = [Run(args: ["print", "--skeleton", printFixture], status: 0, out: printed(".skeleton.print.expected"), exactOut: true)]
        runs["print --name-unnamed"] = [Run(args: ["print", "--name-unnamed", printFixture], status: 0,
                                            out: printed(".name-unnamed.print.expected"), exactOut: true)]
        for flag in ["--fold", "--fold-instructions"] {
            runs["print \(flag)"] = [Run(args: ["print", flag, printFixture], status: 0, out: printed(".fold.print.expected"), exactOut: true)]
        }
        for c in WcompSpec.commands {
            let help = Help.command(c)
            runs["\(c.name) --help"] = [Run(args: [c.name, "--help"], status: 0, out: help, exactOut: true)]
            runs["\(c.name) -h"] = [Run(args: [c.name, "-h"], status: 0, out: help, exactOut: true)]
        }

        // The table covers every flag.
        func spellings(_ o: OptionSpec) -> [String] { [o.name] + (o.short.map { [$0] } ?? []) }
        var declared = WcompSpec.globalOptions.flatMap(spellings)
        for c in WcompSpec.commands { declared += c.options.flatMap(spellings).map { "\(c.name) \($0)" } }
        XCTAssertEqual(Set(runs.keys), Set(declared))

        for (flag, list) in runs.sorted(by: { $0.key < $1.key }) {
            for run in list {
                let r = try runBinary(run.args)
                let what = "\(flag): wcomp \(run.args.joined(separator: " "))"
                XCTAssertEqual(r.status, run.status, "\(what)\n\(r.err)")
                if run.exactOut {
                    XCTAssertEqual(r.out, run.out, what)
                } else {
                    XCTAssertTrue(run.out.isEmpty || r.out.contains(run.out), "\(what)\n\(r.out)")
                }
                XCTAssertTrue(run.err.isEmpty || r.err.contains(run.err), "\(what)\n\(r.err)")
                if let file = run.writes { XCTAssertTrue(FileManager.default.fileExists(atPath: file), what) }
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: temp("checked.wasm")), "nothing is written when composing fails")
    }
}
