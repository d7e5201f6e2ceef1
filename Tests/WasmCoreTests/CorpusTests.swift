import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmCore

/// The spec-core corpus: malformed binaries fail to decode; valid and invalid ones decode and round-trip.
/// (`swift run -c release conformance` does the same plus truncated prefixes and prints a summary.)
final class CorpusTests: XCTestCase {
    func testSpecCoreDecodingVerdicts() throws {
        try Oracle.require(.specCore)
        var checked = 0
        for cols in try Oracle.manifestRows(Repo.specCore) {
            guard cols.count >= 2 else { continue }
            let storage = try ByteStorage.load(path: Repo.specCore.appendingPathComponent(cols[0]).path)
            let result = Result { () throws(WasmError) in try Module.decode(storage.all) }
            switch (cols[1], result) {
            case ("malformed", .success):
                XCTFail("\(cols[0]) is malformed (\(cols.count > 3 ? cols[3] : "")) but decoded")
            case ("malformed", .failure(let e)):
                XCTAssertEqual(e.kind, .malformed, cols[0])
            case (_, .failure(let e)):
                XCTFail("\(cols[0]) (\(cols[1])) failed to decode: \(e)")
            case (_, .success(let m)):
                let again = try Module.decode(m.encode())
                XCTAssertEqual(again, m, "\(cols[0]) does not round-trip")
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 6000)
    }
}
