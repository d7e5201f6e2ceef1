import Foundation
import WasmBinary
import TestSupport
import XCTest

@testable import WIT

/// `component-type` sections in the layout wit-bindgen wrote before format 4 (still shipped, e.g. by the WASI
/// preview1 adapter inside componentize-py 0.25): the byte 0x03, the string encoding, the world's name, then a
/// WIT package encoded as a component. Fixtures: testdata/metadata (legacy.tsv), with `wasm-tools component wit`
/// of each module committed beside it.
final class LegacyMetadataTests: XCTestCase {
    struct Row { var wasm: String, world: String, encoding: String }

    static let rows = [
        Row(wasm: "metadata/legacy-consumer.wasm", world: "example:cache/consumer@0.1.0", encoding: "utf8"),
        Row(wasm: "metadata/legacy-provider-utf16.wasm", world: "example:cache/provider@0.1.0", encoding: "utf16"),
    ]

    func module(_ rel: String) throws -> ByteSlice {
        ByteSlice(copying: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.testdata(rel)))))
    }

    func testWitIsWhatWasmToolsPrints() throws {
        for row in Self.rows {
            let expected = try String(contentsOfFile: Repo.testdata(row.wasm.dropLast(5) + ".wit.expected"), encoding: .utf8)
            switch WIT.decode(moduleMetadata: try module(row.wasm)) {
            case .success(let w): XCTAssertEqual(w.printed(), expected, row.wasm)
            case .failure(let f): XCTFail("\(row.wasm): \(f.rendered)")
            }
        }
    }

    func testSummaryNamesTheWorldAndEncoding() throws {
        for row in Self.rows {
            let found = try ModuleMetadata.sections(of: try module(row.wasm))
            XCTAssertEqual(found.count, 1)
            let summary = try WIT.metadataSummary(try XCTUnwrap(found.first).content)
            XCTAssertEqual(summary.world, row.world, row.wasm)
            XCTAssertEqual(summary.stringEncoding, row.encoding, row.wasm)
        }
    }

    /// Prefixes and flipped bytes of an old-layout section: a diagnostic or a world, never a crash; a world
    /// name the package does not have is an error that names it.
    func testDamagedLegacySections() throws {
        let found = try ModuleMetadata.sections(of: try module(Self.rows[0].wasm))
        let content = try XCTUnwrap(found.first).content.array
        XCTAssertEqual(Array(content.prefix(2)), [0x03, 0x00])
        for n in 0..<content.count {
            _ = try? WIT.metadataSummary(ByteSlice(copying: Array(content[..<n])))
            _ = try? ModuleMetadata.metadataComponent(ByteSlice(copying: Array(content[..<n])))
        }
        for i in content.indices {
            var bad = content
            bad[i] ^= 0xff
            _ = try? WIT.metadataSummary(ByteSlice(copying: bad))
        }
        // "consumer" (8 bytes) renamed "consumes": not a world of example:cache.
        var renamed = content
        renamed[3 + 7] = UInt8(ascii: "s")
        XCTAssertThrowsError(try WIT.metadataSummary(ByteSlice(copying: renamed))) { e in
            XCTAssertTrue("\(e)".contains("`consumes`"), "\(e)")
        }
    }
}
