import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// The spec-component corpus through the validator, and hostile variations of it.
final class ValidationCorpusTests: XCTestCase {
    /// Corpus rows use features `all` minus 🪺 nested names (see `ComponentValidationSuite`).
    static let corpusFeatures = Features.all.subtracting(.cmNestedNames)

    func testSpecComponentVerdicts() throws {
        try Oracle.require(.specComponent)
        var misses: [String] = []
        var counts: [String: Int] = [:]
        for (file, expect) in try SpecComponent.rows() {
            let storage = try ByteStorage.load(path: SpecComponent.path(file))
            var error: WasmError?
            do {
                try ComponentValidator(features: Self.corpusFeatures).validate(bytes: storage.all)
            } catch let e {
                error = e
            }
            let agrees = (expect == "valid") == (error == nil)
            counts[expect, default: 0] += agrees ? 1 : 0
            if !agrees {
                misses.append("\(file) (\(expect)): \(error.map { "\($0)" } ?? "accepted")")
            }
            if let error, expect == "invalid" {
                // Invalid rows fail validation (not decoding), with an offset and a path from the root.
                XCTAssertEqual(error.kind, .invalid, file)
                XCTAssertNotNil(error.offset, file)
                XCTAssertEqual(error.path.first, "component", file)
            }
        }
        XCTAssert(misses.isEmpty, misses.joined(separator: "\n"))
        XCTAssertEqual(counts["valid"], 286)
        XCTAssertEqual(counts["malformed"], 70)
        XCTAssertEqual(counts["invalid"], 380)
    }

    /// The rows where wasm-tools 1.262 disagrees with the spec tests get the spec's verdict.
    func testRowsWhereWasmToolsDiffers() throws {
        try Oracle.require(.specComponent)
        func verdict(_ file: String) throws -> Bool {
            let storage = try ByteStorage.load(path: SpecComponent.path(file))
            return (try? ComponentValidator(features: Self.corpusFeatures).validate(bytes: storage.all)) != nil
        }
        XCTAssertTrue(try verdict("binary__binary/t.92.wasm"))
        XCTAssertTrue(try verdict("validation__kebab/t.0.wasm"))
        XCTAssertFalse(try verdict("validation__extern-names/t.10.wasm"))
        XCTAssertFalse(try verdict("validation__extern-names/t.11.wasm"))
    }

    /// Truncated and byte-flipped corpus components never crash the validator and never hang.
    func testMutatedCorpusComponentsNeverCrash() throws {
        try Oracle.require(.specComponent)
        var rng = SplitMix(seed: 0x5EED)
        var checked = 0
        for (file, expect) in try SpecComponent.rows() where expect != "malformed" {
            let original = try ByteStorage.load(path: SpecComponent.path(file)).all.array
            guard original.count > 8 else { continue }
            for _ in 0..<12 {
                var bytes = original
                switch rng.next() % 3 {
                case 0: bytes.removeLast(Int(rng.next() % UInt64(bytes.count - 8)) + 1)
                case 1:
                    for _ in 0..<(1 + rng.next() % 3) {
                        let i = 8 + Int(rng.next() % UInt64(bytes.count - 8))
                        bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                    }
                default:
                    let i = 8 + Int(rng.next() % UInt64(bytes.count - 8))
                    bytes[i] = bytes[i] &+ 1
                }
                _ = try? ComponentValidator(features: .all).validate(bytes: ByteSlice(copying: bytes))
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 5000)
    }
}
