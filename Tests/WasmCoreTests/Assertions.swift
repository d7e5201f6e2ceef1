import WasmBinary
import XCTest

@testable import WasmCore

func decode(_ bytes: [UInt8], _ bodies: ModuleDecodeOptions.Bodies = .decoded) throws -> Module {
    try Module.decode(ByteSlice(copying: bytes), options: .init(bodies: bodies))
}

/// Asserts that decoding fails with `code` at `offset` (and, if given, with `path`).
func assertMalformed(_ bytes: [UInt8], _ code: WasmError.Code, at offset: Int? = nil, path: [PathFrame]? = nil,
                     file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try decode(bytes), file: file, line: line) { error in
        guard let e = error as? WasmError else { return XCTFail("not a WasmError: \(error)", file: file, line: line) }
        XCTAssertEqual(e.code, code, "\(e)", file: file, line: line)
        XCTAssertEqual(e.kind, .malformed, file: file, line: line)
        if let offset { XCTAssertEqual(e.offset, offset, "\(e)", file: file, line: line) }
        if let path { XCTAssertEqual(e.path, path, "\(e)", file: file, line: line) }
    }
}

/// Decodes, re-encodes, and checks the bytes are identical and the models equal.
func assertRoundTrip(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
    do {
        let m = try decode(bytes)
        let e = m.encode()
        XCTAssertEqual(e, bytes, "re-encoding differs", file: file, line: line)
        XCTAssertEqual(try decode(e), m, file: file, line: line)
        let lazy = try decode(bytes, .lazy)
        XCTAssertEqual(lazy.encode(), bytes, "lazy re-encoding differs", file: file, line: line)
    } catch {
        XCTFail("\(error)", file: file, line: line)
    }
}

/// Validates `bytes` and returns the error (failing the test when it validates).
func validationError(_ bytes: [UInt8], features: Features = .default, threads: Int? = 1,
                     file: StaticString = #filePath, line: UInt = #line) -> WasmError? {
    do {
        _ = try ModuleValidator.validate(ByteSlice(copying: bytes), features: features,
                                         options: ValidationOptions(threads: threads))
        XCTFail("expected a validation error", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// Asserts that `bytes` validate.
func assertValidates(_ bytes: [UInt8], features: Features = .default, file: StaticString = #filePath,
                     line: UInt = #line) {
    do {
        _ = try ModuleValidator.validate(ByteSlice(copying: bytes), features: features)
    } catch {
        XCTFail("unexpected error: \(error)", file: file, line: line)
    }
}
