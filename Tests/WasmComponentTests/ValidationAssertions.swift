import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Assertions of the validation tests: validate a component and check its verdict.
extension XCTestCase {
    /// The validation error for `wat`, or nil when it validates.
    func validationError(_ wat: String, features: Features = .all) throws -> WasmError? {
        let bytes = try assembleWithWasmTools(wat)
        do {
            try ComponentValidator(features: features).validate(bytes: ByteSlice(copying: bytes))
            return nil
        } catch {
            return error
        }
    }

    func assertValid(_ wat: String, features: Features = .all, file: StaticString = #filePath, line: UInt = #line) throws {
        if let e = try validationError(wat, features: features) {
            XCTFail("expected valid, got \(e)", file: file, line: line)
        }
    }

    /// Asserts that `wat` is invalid with exactly `message`, `code` and structure `path` (and an offset).
    func assertInvalid(
        _ wat: String, _ code: WasmError.Code, _ message: String, path: [String], features: Features = .all,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        guard let e = try validationError(wat, features: features) else {
            XCTFail("expected invalid, but it validates", file: file, line: line)
            return
        }
        XCTAssertEqual(e.message, message, file: file, line: line)
        XCTAssertEqual(e.code, code, file: file, line: line)
        XCTAssertEqual(e.path, path, file: file, line: line)
        XCTAssertEqual(e.kind, .invalid, file: file, line: line)
        XCTAssertNotNil(e.offset, file: file, line: line)
    }
}
