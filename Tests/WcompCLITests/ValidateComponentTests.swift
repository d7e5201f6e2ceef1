import Foundation
import TestSupport
import XCTest
@testable import WcompCLI

/// `wcomp validate` on components: component-level errors, and `--wit` world checks with their exact
/// output, JSON, semver-compatible matching and exit codes.
final class ValidateComponentTests: XCTestCase {
    func path(_ relative: String) -> String { Repo.root.appendingPathComponent(relative).path }

    func testComponentLevelError() throws {
        // (component (type (record))): an empty record, the type item at offset 0x0b.
        let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00, 0x07, 0x03, 0x01, 0x72, 0x00]
        let file = try writeTemporary(bytes, "empty-record.wasm")
        let r = runCLI(["validate", file])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err, """
            \(file): error: record type must have at least one field (offset 0xb) [invalid-defined-type]
              in: component › type 0

            """)
    }

    func testTargetsWorld() throws {
        let r = runCLI(["validate", "--verbose", path("testdata/cache/consumer.wasm"), "--wit", path("testdata/cache/cache.wit"),
                        "--world", "consumer"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains(": valid component, targets world `example:cache/consumer@0.1.0` ("), r.out)
    }

    func testMismatchIsReportedWithLocationAndPath() throws {
        let wit = path("testdata/mismatch/cache.wit")
        let component = path("testdata/cache/consumer.wasm")
        let r = runCLI(["validate", component, "--wit", wit, "--world", "consumer"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, """
            \(component): error: the component does not target world `example:cache/consumer@0.1.0` (\(wit):32:7): 1 problem [target-mismatch]
              type mismatches:
                \(wit):19:3: import example:cache/cache@0.1.0 › func get › result: expected result<list<u8>, error>, found string

            """)
    }

    func testEveryProblemIsReportedGrouped() throws {
        let wit = path("testdata/cache/cache.wit")
        let component = path("testdata/cache/consumer.wasm")
        let r = runCLI(["validate", component, "--wit", wit, "--world", "provider"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err, """
            \(component): error: the component does not target world `example:cache/provider@0.1.0` (\(wit):24:7): 2 problems [target-mismatch]
              imports missing from the world:
                \(wit):24:7: import example:cache/cache@0.1.0
              exports missing from the component:
                \(wit):25:10: export example:cache/cache@0.1.0

            """)
    }

    /// Types in messages are called by their names: the provider's `error` variant is exported by an
    /// instance built from inline exports.
    func testMismatchNamesTheTypesAsWritten() throws {
        let r = runCLI(["validate", path("testdata/cache/provider.wasm"), "--wit", path("testdata/mismatch/cache.wit"),
                        "--world", "provider"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("export example:cache/cache@0.1.0 › func get › result: expected string, "
                                     + "found result<list<u8>, error>\n"), r.err)
    }

    func testSemverCompatibleAndJSON() throws {
        let args = ["validate", path("testdata/worlds/cache-0.1.3-provider.wasm"), "--wit", path("testdata/cache/cache.wit"),
                    "--world", "provider", "--json"]
        let strict = runCLI(args)
        XCTAssertEqual(strict.status, 1)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(strict.out.utf8)) as? [String: Any])
        XCTAssertEqual(doc["valid"] as? Bool, true)
        let world = try XCTUnwrap(doc["world"] as? [String: Any])
        XCTAssertEqual(world["targets"] as? Bool, false)
        let problem = try XCTUnwrap((world["problems"] as? [[String: Any]])?.first)
        XCTAssertEqual(problem["kind"] as? String, "export-not-in-component")
        XCTAssertEqual(problem["name"] as? String, "example:cache/cache@0.1.0")
        XCTAssertEqual((problem["location"] as? [String: Any])?["line"] as? Int, 25)
        let compatible = runCLI(args + ["--semver-compatible"])
        XCTAssertEqual(compatible.status, 0, compatible.out)
    }

    func testWITErrorsAndUsage() throws {
        let bad = try writeTemporary(Array("package a:b;\nworld w { import x: func(;) }\n".utf8), "bad.wit")
        let component = path("testdata/cache/consumer.wasm")
        let r = runCLI(["validate", component, "--wit", bad])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.hasPrefix("\(bad):2:26: error: "), r.err)
        let several = runCLI(["validate", component, "--wit", path("testdata/cache/cache.wit")])
        XCTAssertEqual(several.status, 2)
        XCTAssertTrue(several.err.contains("has 2 worlds (provider, consumer); choose one with --world"), several.err)
        let unknown = runCLI(["validate", component, "--wit", path("testdata/cache/cache.wit"), "--world", "nope"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.err.contains("no world named `nope`"), unknown.err)
        let module = runCLI(["validate", path("testdata/core/features.wasm"), "--wit", path("testdata/cache/cache.wit")])
        XCTAssertEqual(module.status, 2)
    }
}
