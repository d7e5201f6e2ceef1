import Foundation
import TestSupport
import XCTest
@testable import WcompCLI
import WasmBinary

/// Untrusted text reaches the terminal escaped: file names, flag values, command names, `--wire`
/// values, names read from binaries and WIT source lines quoted in diagnostics. Through the built
/// binary, so the real standard streams are what is checked.
final class TerminalEscapingTests: XCTestCase {
    private let evil = "evil\u{1b}]0;title\u{7}"
    private let shown = "evil\\u{1b}]0;title\\u{7}"

    private func assertClean(_ r: ProcessOutput, _ what: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        for (name, text) in [("stdout", r.out), ("stderr", r.err)] {
            let bad = text.unicodeScalars.first { TerminalText.needsEscape($0) }
            XCTAssertNil(bad, "\(what): raw U+\(String(bad?.value ?? 0, radix: 16)) on \(name): \(text)", file: file, line: line)
        }
    }

    func testFileNamesFlagsCommandsAndWires() throws {
        let consumer = testdataPath("cache/consumer.wasm"), provider = testdataPath("cache/provider.wasm")
        let cases: [(String, [String])] = [
            ("file name", ["validate", "\(evil).wasm"]),
            ("inspect file name", ["inspect", "\(evil).wasm"]),
            ("command name", [evil]),
            ("option", ["validate", "--\(evil)", consumer]),
            ("global option", ["-\(evil)"]),
            ("features value", ["validate", "--features", evil, consumer]),
            ("world value", ["validate", consumer, "--wit", testdataPath("cache/cache.wit"), "--world", evil]),
            ("wit path", ["validate", consumer, "--wit", "\(evil).wit"]),
            ("wire", ["compose", consumer, provider, "--dry-run", "--wire", "\(evil)=1"]),
            ("wire provider", ["compose", consumer, provider, "--dry-run", "--wire", "x=\(evil)"]),
            ("output", ["compose", consumer, provider, "-o", "/nonexistent/\(evil)"]),
            ("help topic", ["help", evil]),
        ]
        for (what, args) in cases {
            let r = try runBinary(args)
            XCTAssertNotEqual(r.status, 0, what)
            assertClean(r, what)
            XCTAssertTrue((r.out + r.err).contains(shown), "\(what): \(r.err)")
        }
    }

    func testNamesInsideABinaryAreEscaped() throws {
        // A core module with a custom section named "a<ESC>[2Jb" (ESC [ 2 J clears the screen).
        let name = Array("a\u{1b}[2Jb".utf8)
        var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x00, UInt8(name.count + 1), UInt8(name.count)]
        bytes += name
        let dir = try scratchDirectory(self)
        let file = dir.appendingPathComponent("custom.wasm")
        try Data(bytes).write(to: file)
        let r = try runBinary(["inspect", file.path])
        XCTAssertEqual(r.status, 0, r.err)
        assertClean(r, "custom section name")
        XCTAssertTrue(r.out.contains("a\\u{1b}[2Jb"), r.out)
        let json = try runBinary(["inspect", "--json", file.path])
        assertClean(json, "custom section name in JSON")
        XCTAssertTrue(json.out.contains(#"a\u001b[2Jb"#), json.out)
    }

    func testWITSourceLinesInDiagnosticsAreEscaped() throws {
        let dir = try scratchDirectory(self)
        let file = dir.appendingPathComponent("bad.wit")
        try Data("package a:b;\ninterface i { f: func(); \u{1b}]0;x\u{7} }\n".utf8).write(to: file)
        let r = try runBinary(["inspect", file.path])
        XCTAssertEqual(r.status, 1, r.err)
        assertClean(r, "WIT diagnostic")
        XCTAssertTrue(r.err.contains("\\u{1b}"), r.err)
    }
}
