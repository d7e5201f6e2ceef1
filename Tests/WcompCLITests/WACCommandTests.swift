import Foundation
import TestSupport
import XCTest
@testable import WcompCLI

/// `wcomp compose DOC.wac`: output, exit statuses, located errors, `targets`, and `--emit-wac`
/// documents that compose back to the same component.
final class WACCommandTests: XCTestCase {
    private func path(_ p: String) -> String { Repo.root.appendingPathComponent("testdata/" + p).path }

    private func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wcomp-wac-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    private var deps: String { (try? WACDeps.make(at: (try? tempDir().path).map { $0 + "/deps" } ?? "/nonexistent")) ?? "" }

    private func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let p = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }

    func testDocumentComposesWithDepsBesideIt() throws {
        let dir = try tempDir()
        try WACDeps.make(at: dir.appendingPathComponent("deps").path)
        let doc = dir.appendingPathComponent("cache.wac").path
        try FileManager.default.copyItem(atPath: path("wac/cache.wac"), toPath: doc)
        let out = dir.appendingPathComponent("app.wasm").path
        let r = runCLI(["compose", doc, "-o", out])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "wrote \(out) (\(try Data(contentsOf: URL(fileURLWithPath: out)).count) bytes): 2 instances "
                       + "of 2 components, 1 wire, 0 imports, 1 export\n")
        try assertValidComponent([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
    }

    func testErrorsAreLocatedExitOneAndWriteNothing() throws {
        let dir = try tempDir()
        let doc = try write("package example:app;\n\nlet p = new example:provider {};\nexport p.nothing;\n", "bad.wac", in: dir)
        let out = dir.appendingPathComponent("out.wasm").path
        let r = runCLI(["compose", doc, "--deps", deps, "-o", out])
        XCTAssertEqual(r.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertTrue(r.err.hasPrefix("\(doc):4:9: error: instance `p` of example:provider has no export named `nothing`\n"
                                      + "     |\n   4 | export p.nothing;\n     |         ^~~~~~~~\n"), r.err)
        XCTAssertTrue(r.err.contains("= hint: its exports: `example:cache/cache@0.1.0`"), r.err)
        let json = runCLI(["compose", doc, "--deps", deps, "--dry-run", "--json"])
        XCTAssertEqual(json.status, 1)
        XCTAssertTrue(json.out.contains("\"errors\""), json.out)
    }

    func testTypeMismatchShowsTheArgumentAndTheProvider() throws {
        let dir = try tempDir()
        let doc = try write("package example:app;\nlet p = new example:provider {};\nlet app = new example:consumer { cache: p.cache };\nexport app...;\n",
                            "mm.wac", in: dir)
        let r = runCLI(["compose", doc, "--deps", deps, "--dep", "example:provider=\(path("mismatch/provider.wasm"))",
                        "-o", dir.appendingPathComponent("o.wasm").path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("\(doc):3:34: error: type mismatch: "), r.err)
        XCTAssertTrue(r.err.contains("func get › result: expected result<list<u8>, error>, found string"), r.err)
        XCTAssertTrue(r.err.contains("\(doc):2:13: note: instance `p` of example:provider is created here"), r.err)
    }

    func testTargetsChecksTheResultAgainstTheWorld() throws {
        let dir = try tempDir()
        let body = "let p = new example:provider {};\nlet app = new example:consumer { ...p };\nexport app...;\n"
        let good = try write("package a:b targets example:cache/consumer;\n" + body, "good.wac", in: dir)
        var r = runCLI(["compose", good, "--deps", deps, "--dep", "example:cache=\(path("cache/cache.wit"))", "--dry-run"])
        XCTAssertEqual(r.status, 0, r.err)
        let bad = try write("package a:b targets example:cache/provider;\n" + body, "bad.wac", in: dir)
        let out = dir.appendingPathComponent("o.wasm").path
        r = runCLI(["compose", bad, "--deps", deps, "--dep", "example:cache=\(path("cache/cache.wit"))", "-o", out])
        XCTAssertEqual(r.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertTrue(r.err.contains("\(bad):1:21: error: the composition does not export `example:cache/cache@0.1.0` of target "
                                      + "world `example:cache/provider@0.1.0` (1 problem)"), r.err)
        XCTAssertTrue(r.err.contains("  exports missing from the component:\n    \(path("cache/cache.wit")):25:10: export example:cache/cache@0.1.0\n"), r.err)
    }

    func testTargetsAWorldOfTheDocument() throws {
        let dir = try tempDir()
        let doc = try write("""
            package a:b targets a:b/shape;
            world shape {
                export run: func() -> u32;
            }
            let p = new example:provider {};
            let app = new example:consumer { ...p };
            export app...;
            """, "own.wac", in: dir)
        let r = runCLI(["compose", doc, "--deps", deps, "--dry-run"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.hasPrefix("\(doc):1:25: error: the composition does not export `run` of target world `a:b/shape` (1 problem)"), r.err)
        XCTAssertTrue(r.err.contains("  exports missing from the component:\n    \(doc):3:12: export run\n"), r.err)
        // A `use` in the world (its `;` after `}` is WIT too).
        let used = try write("""
            package a:b targets a:b/shape;
            interface types { type n = u32; }
            world shape {
                use types.{n};
                export run: func() -> n;
            }
            let p = new example:provider {};
            let app = new example:consumer { ...p };
            export app...;
            """, "use.wac", in: dir)
        let u = runCLI(["compose", used, "--deps", deps, "--dry-run"])
        XCTAssertEqual(u.status, 1)
        XCTAssertTrue(u.err.contains("  exports missing from the component:\n    \(used):5:12: export run\n"), u.err)
    }

    func testEmittedDocumentComposesToTheSameComponent() throws {
        let dir = try tempDir()
        let consumer = path("cache/consumer.wasm"), provider = path("cache/provider.wasm")
        let emitted = runCLI(["compose", consumer, provider, "--dry-run", "--emit-wac"])
        XCTAssertEqual(emitted.status, 0, emitted.err)
        let doc = try write(emitted.out, "plug.wac", in: dir)
        let a = dir.appendingPathComponent("a.wasm").path, b = dir.appendingPathComponent("b.wasm").path
        XCTAssertEqual(runCLI(["compose", consumer, provider, "-o", a]).status, 0)
        let r = runCLI(["compose", doc, "--dep", "wcomp:consumer=\(consumer)", "--dep", "wcomp:provider=\(provider)", "-o", b])
        XCTAssertEqual(r.status, 0, r.err)
        try assertValidComponent([UInt8](try Data(contentsOf: URL(fileURLWithPath: b))))
        // Same parts, same wiring: only the names of the instances (the section naming them) may differ.
        let sa = try Data(contentsOf: URL(fileURLWithPath: a)).count, sb = try Data(contentsOf: URL(fileURLWithPath: b)).count
        XCTAssertLessThan(abs(sa - sb), 64)
    }

    func testUsageErrors() throws {
        var r = runCLI(["compose", path("wac/cache.wac"), path("cache/provider.wasm"), "--dry-run"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("a composition document names its packages itself"), r.err)
        r = runCLI(["compose", path("wac/cache.wac"), "--wire", "a=1", "--dry-run"])
        XCTAssertEqual(r.status, 2)
        r = runCLI(["compose", path("wac/cache.wac")])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("compose needs -o OUT"), r.err)
        r = runCLI(["compose", path("cache/consumer.wasm"), path("cache/provider.wasm"), "--deps", "x", "--dry-run"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("--deps applies to a composition document"), r.err)
    }
}
