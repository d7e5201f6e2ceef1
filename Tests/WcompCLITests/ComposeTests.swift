import Foundation
import TestSupport
import XCTest
@testable import WcompCLI

final class ComposeCLITests: XCTestCase {
    private func path(_ p: String) -> String { Repo.root.appendingPathComponent("testdata/" + p).path }

    private func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wcomp-compose-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testComposeWritesAValidComponent() throws {
        let out = try tempDir().appendingPathComponent("app.wasm").path
        let r = runCLI(["compose", path("cache/consumer.wasm"), path("cache/provider.wasm"), "-o", out])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.err, "")
        XCTAssertTrue(r.out.hasPrefix("wrote \(out) ("), r.out)
        XCTAssertTrue(r.out.contains("with 1 provider, 1 wire, 0 imports left"), r.out)
        try assertValidComponent([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))))
    }

    func testDryRunPrintsThePlanAndWritesNothing() throws {
        let out = try tempDir().appendingPathComponent("app.wasm").path
        let r = runCLI(["compose", path("cache/consumer.wasm"), path("versions/provider.wasm"), "--dry-run", "-o", out])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertTrue(r.out.contains("""
            wires (1):
              \(path("cache/consumer.wasm")): example:cache/cache@0.1.0
                ← \(path("versions/provider.wasm")): example:cache/cache@0.1.3 [semver]
            """), r.out)
        XCTAssertTrue(r.out.contains("imports of the result (0):"))
        XCTAssertTrue(r.out.contains("exports of the result (1):\n  example:cache/app@0.1.0 (instance)\n"))
        XCTAssertTrue(r.out.contains("instantiation order: \(path("versions/provider.wasm")) → \(path("cache/consumer.wasm"))"))
    }

    func testJSONPlan() throws {
        let r = runCLI(["compose", path("chain/a.wasm"), path("chain/c.wasm"), path("chain/b.wasm"), path("cache/provider.wasm"),
                        "--dry-run", "--json"])
        XCTAssertEqual(r.status, 0, r.err)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let wires = try XCTUnwrap(doc["wires"] as? [[String: Any]])
        XCTAssertEqual(wires.map { $0["import"] as? String }, ["example:chain/greeter@0.1.0", "example:chain/log@0.1.0"])
        XCTAssertEqual(wires.map { $0["providerPosition"] as? Int }, [2, 1])
        XCTAssertEqual(wires.map { $0["match"] as? String }, ["exact", "exact"])
        let providers = try XCTUnwrap(doc["providers"] as? [[String: Any]])
        XCTAssertEqual(providers.map { $0["used"] as? Bool }, [true, true, false])
        XCTAssertEqual((doc["warnings"] as? [String])?.count, 1)
        XCTAssertEqual((doc["errors"] as? [Any])?.count, 0)
        XCTAssertTrue(doc["output"] is NSNull)
        // The warning also goes to stderr.
        XCTAssertTrue(r.err.hasPrefix("wcomp: warning: provider \(path("cache/provider.wasm")) satisfies no import"), r.err)
    }

    func testFailedCompositionLeavesNoFile() throws {
        let dir = try tempDir()
        let out = dir.appendingPathComponent("app.wasm").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: out))
        let r = runCLI(["compose", path("cache/consumer.wasm"), path("cache/provider.wasm"), path("cache/provider.wasm"),
                        "-o", out])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.hasPrefix("wcomp compose: error: import `example:cache/cache@0.1.0` of "), r.err)
        XCTAssertTrue(r.err.contains("[compose-ambiguous]"), r.err)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "keep")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["app.wasm"])
    }

    func testWireByPositionAndPath() throws {
        let base = ["compose", path("cache/consumer.wasm"), path("cache/provider.wasm"), path("versions/provider.wasm"), "--dry-run"]
        for wire in ["example:cache/cache@0.1.0=2", "example:cache/cache=\(path("versions/provider.wasm"))",
                     "example:cache/cache@0.1.0=2:example:cache/cache@0.1.3"] {
            let r = runCLI(base + ["--wire", wire])
            XCTAssertEqual(r.status, 0, r.err)
            XCTAssertTrue(r.out.contains("← \(path("versions/provider.wasm")): example:cache/cache@0.1.3 [explicit]"), r.out)
        }
        let missing = runCLI(base + ["--wire", "example:cache/nothing=1"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.err.contains("[compose-no-match]"), missing.err)
        let badProvider = runCLI(base + ["--wire", "example:cache/cache=9"])
        XCTAssertEqual(badProvider.status, 2)
        XCTAssertTrue(badProvider.err.contains("is not a provider"), badProvider.err)
    }

    func testNoSemverKeepsTheImport() throws {
        let r = runCLI(["compose", path("cache/consumer.wasm"), path("versions/provider.wasm"), "--dry-run", "--no-semver"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("imports of the result (1):\n  example:cache/cache@0.1.0 (instance) ← "), r.out)
        XCTAssertTrue(r.err.contains("satisfies no import"), r.err)
    }

    func testUsageAndIOErrors() throws {
        var r = runCLI(["compose", path("cache/consumer.wasm"), path("cache/provider.wasm")])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("compose needs -o OUT"), r.err)
        r = runCLI(["compose", path("cache/consumer.wasm")])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("missing argument PROVIDER"), r.err)
        r = runCLI(["compose", path("cache/consumer.wasm"), path("nope.wasm"), "--dry-run"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("nope.wasm"), r.err)
        r = runCLI(["compose", path("cache/consumer.wasm"), path("cache/provider.wasm"), "--wire", "nonsense", "--dry-run"])
        XCTAssertEqual(r.status, 2)
        r = runCLI(["compose", path("cache/consumer.wasm"), path("cache/provider.wasm"), "-o", "/nonexistent-dir/x.wasm"])
        XCTAssertEqual(r.status, 2)
        r = runCLI(["compose", path("core/names.wasm"), path("cache/provider.wasm"), "--dry-run"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("is a core module, not a component"), r.err)
    }

    func testTypeMismatchExitsOneWithThePathToTheDifference() throws {
        let out = try tempDir().appendingPathComponent("app.wasm").path
        let r = runCLI(["compose", path("cache/consumer.wasm"), path("mismatch/provider.wasm"), "-o", out])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err, "wcomp compose: error: type mismatch: import `example:cache/cache@0.1.0` of "
                       + "\(path("cache/consumer.wasm")) ← export `example:cache/cache@0.1.0` of \(path("mismatch/provider.wasm")): "
                       + "func get › result: expected result<list<u8>, error>, found string [compose-type-mismatch]\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let dry = runCLI(["compose", path("cache/consumer.wasm"), path("mismatch/provider.wasm"), "--dry-run"])
        XCTAssertEqual(dry.status, 1)
        XCTAssertTrue(dry.out.contains("wires (1):"), dry.out)
    }
}
