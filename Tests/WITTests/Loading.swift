import XCTest

@testable import WIT

/// Loads WIT text (one file), failing the test on diagnostics.
func resolved(_ source: String, options: ResolveOptions = ResolveOptions(),
              file: StaticString = #filePath, line: UInt = #line) throws -> ResolvedWIT {
    switch WIT.load(source: source, path: "test.wit", options: options) {
    case .success(let w): return w
    case .failure(let f):
        XCTFail("unexpected diagnostics:\n\(f.rendered)", file: file, line: line)
        throw f
    }
}

/// Loads WIT text expecting failure; returns the failure.
func failure(_ source: String, options: ResolveOptions = ResolveOptions(),
             file: StaticString = #filePath, line: UInt = #line) -> WITFailure? {
    switch WIT.load(source: source, path: "test.wit", options: options) {
    case .success(let w):
        XCTFail("expected an error, got:\n\(w.printed())", file: file, line: line)
        return nil
    case .failure(let f): return f
    }
}
