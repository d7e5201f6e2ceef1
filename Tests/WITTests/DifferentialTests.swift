import Foundation
import TestSupport
import XCTest

@testable import WIT

/// Our printed WIT must equal what `wasm-tools component wit <path>` prints, for every package in
/// the corpus (own files, the repository's other WIT, and real WASI 0.2 packages as componentize-py
/// embeds them). wasm-tools' text is the snapshot testdata/regenerate records beside each input
/// (`X.wit.expected`; the corpus' in testdata/fixtures/WITTests/DifferentialTests).
final class DifferentialTests: XCTestCase {
    /// Compares one input with its snapshot; returns whether it matched (and records a failure otherwise).
    @discardableResult
    func compare(_ path: String, snapshot: String, options: ResolveOptions = ResolveOptions(), docs: Bool = true,
                 line: UInt = #line) throws -> Bool {
        let theirs = try Fixture.text(atPath: snapshot)
        switch WIT.load(path: path, options: options) {
        case .failure(let f):
            XCTFail("\(path): \(f.rendered)", line: line)
            return false
        case .success(let w):
            let mine = w.printed(docs: docs)
            if mine != theirs {
                XCTFail("\(path) differs from wasm-tools (\(snapshot)):\n--- wcomp\n\(mine)\n--- wasm-tools\n\(theirs)", line: line)
                return false
            }
            return true
        }
    }

    /// The snapshot of this class's fixture `name`.
    func snapshot(_ name: String) -> String { fixturePath(name + ".wit.expected") }

    func testOwnCorpus() throws {
        let entries = WITCorpus.entries()
        XCTAssertGreaterThanOrEqual(entries.count, 8)
        var equal = 0
        for e in entries where try compare(e.path, snapshot: snapshot(e.stem)) { equal += 1 }
        XCTAssertEqual(equal, entries.count)
    }

    func testFeatureGatesAgree() throws {
        let gates = WITCorpus.path("gates.wit")
        try compare(gates, snapshot: snapshot("gates.features-fancy-calc"), options: ResolveOptions(features: ["fancy-calc"]))
        try compare(gates, snapshot: snapshot("gates.features-other"), options: ResolveOptions(features: ["other"]))
        try compare(gates, snapshot: snapshot("gates.features-fancy-calc-other"), options: ResolveOptions(features: ["fancy-calc", "other"]))
        try compare(gates, snapshot: snapshot("gates.all-features"), options: ResolveOptions(allFeatures: true))
    }

    func testNoDocsAgrees() throws {
        try compare(WITCorpus.path("docs.wit"), snapshot: snapshot("docs.no-docs"), docs: false)
    }

    /// WIT written by the rest of the project (cache scenarios, worlds); snapshots beside the files.
    func testRepositoryWIT() throws {
        var files: [String] = []
        for dir in Repo.list(Repo.testdata.path)
        where !["wit", "build", "bench", "fixtures"].contains((dir as NSString).lastPathComponent) {
            files += Repo.list(dir).filter { $0.hasSuffix(".wit") }
        }
        XCTAssertGreaterThan(files.count, 5)
        for f in files { try compare(f, snapshot: String(f.dropLast(".wit".count)) + ".wit.expected") }
    }

    /// Real WASI 0.2 packages: the WIT of a trivial componentize-py guest, as `wasm-tools component wit
    /// --out-dir` extracts it (committed in DifferentialTests/wasi; `testdata/regenerate --refresh-wasi`).
    func testWASIFromComponentizePy() throws {
        let dir = fixturePath("wasi")
        XCTAssertTrue(Repo.exists(dir + "/deps"), "expected deps/ with WASI packages")
        try compare(dir, snapshot: snapshot("wasi"))
        // Every WASI package also round-trips through our printer.
        guard case .success(let w) = WIT.load(path: dir) else { return XCTFail("load failed") }
        XCTAssertTrue(w.resolve.packages.contains { $0.name.namespace == "wasi" && $0.name.name == "io" })
        XCTAssertTrue(w.resolve.packages.contains { $0.name.namespace == "wasi" && $0.name.name == "cli" })
        guard case .success(let again) = WIT.load(source: w.printed()) else { return XCTFail("reparse failed") }
        XCTAssertEqual(ModelDump.dump(again), ModelDump.dump(w))
    }
}
