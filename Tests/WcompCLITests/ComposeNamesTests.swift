import Foundation
import XCTest
@testable import WcompCLI

/// What the plan says about exports added to keep types named (testdata/typed), and --wire twice.
final class ComposeNamesTests: XCTestCase {
    private let consumer = testdataPath("typed/consumer.wasm")
    private let provider = testdataPath("typed/provider.wasm")

    func testDryRunSaysWhatWasAddedAndWhy() {
        let r = runCLI(["compose", consumer, provider, "--dry-run"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("""
              \(consumer): top
                ← \(provider): example:typed/types@0.1.0, its type `top` [derived]
            """), r.out)
        XCTAssertTrue(r.out.contains("""
            exports of the result (3):
              example:typed/types@0.1.0 (instance) ← \(provider), added: `run` and `example:typed/api@0.1.0` use its types
              run (func)
              example:typed/api@0.1.0 (instance)

            """), r.out)
    }

    func testWritingSaysWhatWasAdded() throws {
        let out = try scratchDirectory(self).appendingPathComponent("typed.wasm").path
        let r = runCLI(["compose", consumer, provider, "-o", out])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasSuffix("with 1 provider, 3 wires, 0 imports left; also exports `example:typed/types@0.1.0` "
                                      + "(whose types the consumer's exports use)\n"), r.out)
    }

    func testJSONPlanCarriesTheReasons() throws {
        let r = runCLI(["compose", consumer, provider, "--dry-run", "--json"])
        XCTAssertEqual(r.status, 0, r.err)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let exports = try XCTUnwrap(doc["exports"] as? [[String: Any]])
        XCTAssertEqual(exports.map { $0["name"] as? String }, ["example:typed/types@0.1.0", "run", "example:typed/api@0.1.0"])
        XCTAssertEqual(exports.map { $0["from"] as? String }, [provider, consumer, consumer])
        XCTAssertEqual(exports.map { $0["neededBy"] as? [String] }, [["run", "example:typed/api@0.1.0"], [], []])
        let wires = try XCTUnwrap(doc["wires"] as? [[String: Any]])
        XCTAssertEqual(wires.map { $0["match"] as? String }, ["exact", "derived", "derived"])
        XCTAssertEqual(wires.map { $0["type"] as? String }, [nil, "top", "error"])
    }

    func testWireTwice() {
        let c = testdataPath("cache/consumer.wasm"), p1 = testdataPath("cache/provider.wasm"), p2 = testdataPath("versions/provider.wasm")
        let same = runCLI(["compose", c, p1, "--dry-run", "--wire", "example:cache/cache@0.1.0=1",
                           "--wire", "example:cache/cache@0.1.0=\(p1)"])
        XCTAssertEqual(same.status, 0, same.err)
        XCTAssertTrue(same.out.contains("wires (1):"), same.out)
        let different = runCLI(["compose", c, p1, p2, "--dry-run", "--wire", "example:cache/cache@0.1.0=1",
                                "--wire", "example:cache/cache@0.1.0=2"])
        XCTAssertEqual(different.status, 1)
        XCTAssertEqual(different.err, "wcomp compose: error: import `example:cache/cache@0.1.0` of \(c) is wired twice: "
                       + "--wire example:cache/cache@0.1.0=1 and --wire example:cache/cache@0.1.0=2 [compose-ambiguous]\n")
    }
}
