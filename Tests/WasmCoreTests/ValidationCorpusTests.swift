import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmCore

/// The spec-core corpus verdicts (the same check as `conformance`'s validation pass): valid binaries
/// validate, invalid ones fail with kind `.invalid`, malformed ones fail.
final class ValidationCorpusTests: XCTestCase {
    func testSpecCoreVerdicts() throws {
        try Oracle.require(.specCore)
        let dir = Repo.specCore
        var checked = 0
        var misses: [String] = []
        for cols in try Oracle.manifestRows(dir) {
            guard cols.count >= 3 else { continue }
            let (file, expect, featureList) = (cols[0], cols[1], cols[2])
            let features = try Features.parse(featureList)
            let storage = try ByteStorage.load(path: dir.appendingPathComponent(file).path)
            var failure: WasmError?
            do {
                _ = try ModuleValidator.validate(storage.all, features: features, options: ValidationOptions(threads: 1))
            } catch {
                failure = error
            }
            checked += 1
            switch (expect, failure) {
            case ("valid", let e?): misses.append("\(file): valid but \(e)")
            case ("invalid", nil), ("malformed", nil): misses.append("\(file): \(expect) but accepted")
            case ("invalid", let e?) where e.kind != .invalid: misses.append("\(file): invalid but \(e.kind): \(e)")
            default: break
            }
        }
        XCTAssertEqual(checked, 6731)
        XCTAssertEqual(misses, [])
    }

    /// Every truncation of a valid module is rejected (and nothing traps).
    func testTruncatedModulesAreRejected() throws {
        try Oracle.require(.specCore)
        let dir = Repo.specCore
        for file in ["br_table/t.0.wasm", "array/t.0.wasm", "simd_lane/t.0.wasm"] {
            let url = dir.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let bytes = [UInt8](try Data(contentsOf: url))
            _ = try ModuleValidator.validate(ByteSlice(copying: bytes))
            for n in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
                let prefix = Array(bytes[0..<n])
                // A prefix ending at a section boundary may itself be a valid module; all others fail.
                if (try? ModuleValidator.validate(ByteSlice(copying: prefix))) == nil { continue }
                XCTAssertNoThrow(try Module.decode(prefix), "\(file) prefix \(n) validated but does not decode")
            }
        }
    }
}
