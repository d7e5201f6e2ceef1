import Foundation
import XCTest
@testable import WcompCLI

/// Long import and export lists of core modules: the text form reads and shows the first 12 with
/// the true totals; --all and --json show every entry, with the same types.
final class InspectListTests: XCTestCase {
    /// A module with `n` function imports and `n` exports of them, over 3 types (the last used by all).
    private func module(_ n: Int) throws -> String {
        func leb(_ v: Int) -> [UInt8] {
            var v = v
            var out: [UInt8] = []
            repeat {
                var b = UInt8(v & 0x7F)
                v >>= 7
                if v != 0 { b |= 0x80 }
                out.append(b)
            } while v != 0
            return out
        }
        func section(_ id: UInt8, _ body: [UInt8]) -> [UInt8] { [id] + leb(body.count) + body }
        func name(_ s: String) -> [UInt8] { leb(s.utf8.count) + Array(s.utf8) }
        let types: [UInt8] = leb(3) + [0x60, 0x00, 0x00, 0x60, 0x01, 0x7F, 0x00, 0x60, 0x02, 0x7F, 0x7E, 0x01, 0x7D]
        var imports = leb(n)
        var exports = leb(n)
        for i in 0..<n {
            imports += name("env") + name("f\(i)") + [0x00, 0x02]
            exports += name("e\(i)") + [0x00] + leb(i)
        }
        let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00] + section(1, types) + section(2, imports)
            + section(7, exports)
        let dir = try scratchDirectory(self)
        let file = dir.appendingPathComponent("many.wasm")
        try Data(bytes).write(to: file)
        return file.path
    }

    func testTextShowsTwelveWithTheTotals() throws {
        let file = try module(500)
        let r = runCLI(["inspect", file])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("  3 types, 500 functions\n"), r.out)
        XCTAssertTrue(r.out.contains("  imports (500):\n    env.f0: func (i32, i64) -> f32\n"), r.out)
        XCTAssertTrue(r.out.contains("    env.f11: func (i32, i64) -> f32\n    … 488 more (--all lists them)\n"), r.out)
        XCTAssertTrue(r.out.contains("  exports (500):\n    e0: func 0 (i32, i64) -> f32\n"), r.out)
        XCTAssertFalse(r.out.contains("env.f12"))
    }

    func testAllAndJSONShowEveryEntry() throws {
        let file = try module(500)
        let all = runCLI(["inspect", "--all", file])
        XCTAssertTrue(all.out.contains("    env.f499: func (i32, i64) -> f32\n"), all.out)
        XCTAssertTrue(all.out.contains("    e499: func 499 (i32, i64) -> f32\n"))
        XCTAssertFalse(all.out.contains("more (--all lists them)"))
        let json = runCLI(["inspect", "--json", file])
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let imports = try XCTUnwrap(doc["imports"] as? [[String: Any]])
        XCTAssertEqual(imports.count, 500)
        XCTAssertEqual(imports.last?["type"] as? String, "func (i32, i64) -> f32")
        XCTAssertEqual((doc["exports"] as? [Any])?.count, 500)
    }
}
