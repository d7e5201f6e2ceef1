import Foundation
import WasmBinary
import XCTest

@testable import WasmCore

/// The spec-core corpus: malformed binaries fail to decode; valid and invalid ones decode and round-trip.
/// (`swift run -c release conformance` does the same plus truncated prefixes and prints a summary.)
final class CorpusTests: XCTestCase {
    func testSpecCoreDecodingVerdicts() throws {
        let manifest = Oracles.specCore.appendingPathComponent("manifest.tsv")
        try Oracles.require(manifest, "../shared/corpus/spec-core")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n").dropFirst() {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 2 else { continue }
            let storage = try ByteStorage.load(path: Oracles.specCore.appendingPathComponent(cols[0]).path)
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
