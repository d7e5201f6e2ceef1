import Foundation
import TestSupport
import XCTest

@testable import WIT

/// Our printed WIT must equal what `wasm-tools component wit <path>` prints, for every package in
/// the corpus (own files, the repository's other WIT, and real WASI 0.2 packages taken from a
/// componentize-py component at test time).
final class DifferentialTests: XCTestCase {
    func requireWasmTools() throws {
        try Oracle.require(.wasmTools)
    }

    /// Compares one input; returns whether it matched (and records a failure otherwise).
    @discardableResult
    func compare(_ path: String, flags: [String] = [], options: ResolveOptions = ResolveOptions(), docs: Bool = true,
                 line: UInt = #line) throws -> Bool {
        let theirs = try runProcess(Repo.wasmTools, ["component", "wit"] + flags + [path])
        XCTAssertEqual(theirs.status, 0, "wasm-tools rejected \(path): \(theirs.err)", line: line)
        switch WIT.load(path: path, options: options) {
        case .failure(let f):
            XCTFail("\(path): \(f.rendered)", line: line)
            return false
        case .success(let w):
            let mine = w.printed(docs: docs)
            if mine != theirs.out {
                XCTFail("\(path) \(flags) differs from wasm-tools:\n--- wcomp\n\(mine)\n--- wasm-tools\n\(theirs.out)", line: line)
                return false
            }
            return true
        }
    }

    func testOwnCorpus() throws {
        try requireWasmTools()
        let entries = Repo.list(Repo.witCorpus.path)
        XCTAssertGreaterThanOrEqual(entries.count, 8)
        var equal = 0
        for e in entries where try compare(e) { equal += 1 }
        XCTAssertEqual(equal, entries.count)
    }

    func testFeatureGatesAgree() throws {
        try requireWasmTools()
        let gates = Repo.witCorpus.path + "/gates.wit"
        try compare(gates, flags: ["--features", "fancy-calc"], options: ResolveOptions(features: ["fancy-calc"]))
        try compare(gates, flags: ["--features", "other"], options: ResolveOptions(features: ["other"]))
        try compare(gates, flags: ["--features", "fancy-calc,other"], options: ResolveOptions(features: ["fancy-calc", "other"]))
        try compare(gates, flags: ["--all-features"], options: ResolveOptions(allFeatures: true))
    }

    func testNoDocsAgrees() throws {
        try requireWasmTools()
        try compare(Repo.witCorpus.path + "/docs.wit", flags: ["--no-docs"], docs: false)
    }

    /// WIT written by the rest of the project (cache scenarios, worlds).
    func testRepositoryWIT() throws {
        try requireWasmTools()
        var files: [String] = []
        for dir in Repo.list(Repo.path("testdata")) where dir != Repo.path("testdata/wit") && dir != Repo.path("testdata/build") {
            files += Repo.list(dir).filter { $0.hasSuffix(".wit") }
        }
        try XCTSkipIf(files.isEmpty, "no other WIT in testdata")
        for f in files { try compare(f) }
    }

    /// Real WASI 0.2 packages: build a trivial componentize-py guest (cached in testdata/build/),
    /// extract its WIT with `wasm-tools component wit --out-dir`, and compare the directory.
    func testWASIFromComponentizePy() throws {
        try requireWasmTools()
        let dir = try WASIFixture.directory()
        XCTAssertTrue(Repo.exists(dir + "/deps"), "expected deps/ with WASI packages")
        try compare(dir)
        // Every WASI package also round-trips through our printer.
        guard case .success(let w) = WIT.load(path: dir) else { return XCTFail("load failed") }
        XCTAssertTrue(w.resolve.packages.contains { $0.name.namespace == "wasi" && $0.name.name == "io" })
        XCTAssertTrue(w.resolve.packages.contains { $0.name.namespace == "wasi" && $0.name.name == "cli" })
        guard case .success(let again) = WIT.load(source: w.printed()) else { return XCTFail("reparse failed") }
        XCTAssertEqual(ModelDump.dump(again), ModelDump.dump(w))
    }
}

/// The WASI WIT of a componentize-py component, built once and cached under testdata/build/.
enum WASIFixture {
    static func directory() throws -> String {
        let build = Repo.path("testdata/build/wit-wasi")
        let out = build + "/wit"
        if Repo.exists(out + "/deps") { return out }
        try Oracle.require(.componentizePy)
        let fm = FileManager.default
        try fm.createDirectory(atPath: build, withIntermediateDirectories: true)
        try "package example:app;\nworld app { export run: func() -> string; }\n"
            .write(toFile: build + "/app.wit", atomically: true, encoding: .utf8)
        try "import wit_world\nclass WitWorld(wit_world.WitWorld):\n    def run(self) -> str: return \"hi\"\n"
            .write(toFile: build + "/app.py", atomically: true, encoding: .utf8)
        let made = try runProcess(Repo.componentizePy, ["-d", "app.wit", "-w", "app", "componentize", "app", "-o", "app.wasm"], cwd: URL(fileURLWithPath: build))
        guard made.status == 0 else { throw XCTSkip("componentize-py failed: \(made.err)") }
        let tmp = build + "/wit.tmp"
        try? fm.removeItem(atPath: tmp)
        let extracted = try runProcess(Repo.wasmTools, ["component", "wit", "app.wasm", "--out-dir", "wit.tmp"], cwd: URL(fileURLWithPath: build))
        guard extracted.status == 0 else { throw XCTSkip("wasm-tools component wit --out-dir failed: \(extracted.err)") }
        try? fm.removeItem(atPath: out)
        try fm.moveItem(atPath: tmp, toPath: out)
        return out
    }
}
