import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Assertions of the validation tests, on this class's fixtures (testdata/fixtures/<TestTarget>/<TestClass>/
/// `<name>.wat`, assembled into `<name>.wasm` by testdata/regenerate).
extension XCTestCase {
    /// The validation error for fixture `name`, or nil when it validates.
    func validationError(_ name: String, features: Features = .all) throws -> WasmError? {
        let bytes = try fixture(name)
        do {
            try ComponentValidator(features: features).validate(bytes: ByteSlice(copying: bytes))
            return nil
        } catch {
            return error
        }
    }

    func assertValid(_ name: String, features: Features = .all, file: StaticString = #filePath, line: UInt = #line) throws {
        if let e = try validationError(name, features: features) {
            XCTFail("\(name): expected valid, got \(e)", file: file, line: line)
        }
    }

    /// Asserts that fixture `name` is invalid with exactly `message`, `code` and structure `path` (and an offset).
    func assertInvalid(
        _ name: String, _ code: WasmError.Code, _ message: String, path: [PathFrame], features: Features = .all,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        guard let e = try validationError(name, features: features) else {
            XCTFail("\(name): expected invalid, but it validates", file: file, line: line)
            return
        }
        XCTAssertEqual(e.message, message, name, file: file, line: line)
        XCTAssertEqual(e.code, code, name, file: file, line: line)
        XCTAssertEqual(e.path, path, name, file: file, line: line)
        XCTAssertEqual(e.kind, .invalid, name, file: file, line: line)
        XCTAssertNotNil(e.offset, name, file: file, line: line)
    }
}
