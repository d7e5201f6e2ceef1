import TestSupport
import WasmBinary
import XCTest

@testable import WasmText

/// `WasmText.print` against what `wasm-tools print` 1.262 writes for the fixtures (testdata/fixtures/
/// WasmTextTests/PrintTests: X.wat, X.wasm, X.print.expected and X.FLAG.print.expected), byte for byte.
final class PrintTests: XCTestCase {
    static let flags: [(String, PrintOptions)] = [
        ("", PrintOptions()),
        ("offsets.", PrintOptions(offsets: true)),
        ("skeleton.", PrintOptions(skeleton: true)),
        ("name-unnamed.", PrintOptions(nameUnnamed: true)),
        ("fold.", PrintOptions(fold: true)),
    ]

    func names() throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: fixtureFolder.path)
        return files.filter { $0.hasSuffix(".wat") }.map { String($0.dropLast(4)) }.sorted()
    }

    func testEveryFixtureIsPrintedAsWasmToolsPrintsIt() throws {
        let all = try names()
        XCTAssertGreaterThanOrEqual(all.count, 6)
        for name in all {
            let bytes = ByteSlice(copying: try fixture(name))
            for (infix, options) in Self.flags {
                let expected = try String(contentsOfFile: fixturePath("\(name).\(infix)print.expected"), encoding: .utf8)
                let text = try WasmText.printed(bytes, options: options)
                if text != expected { XCTFail("\(name).\(infix)print.expected: first difference at line \(firstDifference(text, expected))") }
            }
        }
    }

    func testSmallChunksGiveTheSameText() throws {
        let bytes = ByteSlice(copying: try fixture("core-features"))
        var chunks = 0
        var all: [UInt8] = []
        let out = TextOutput(chunkSize: 64) { b in chunks += 1; all.append(contentsOf: b) }
        try WasmText.print(bytes, to: out)
        XCTAssertGreaterThan(chunks, 10)
        XCTAssertEqual(String(decoding: all, as: UTF8.self), try WasmText.printed(bytes))
    }

    /// Malformed `producers` and `dylink.0` sections: wasm-tools 1.262's comment (wasmparser's message and
    /// offset), then the section as `(@custom ...)`; an unknown `dylink.0` subsection fails, as there.
    func testMalformedKnownCustomSections() throws {
        let pre: [UInt8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]
        func custom(_ name: String, _ content: [UInt8]) -> [UInt8] {
            pre + Bytes.custom(name, content)
        }
        let cases: [([UInt8], String)] = [
            (custom("producers", [1, 8] + Array("language".utf8) + [1, 1, 0x43, 1, 0x31, 0x78]),
             "section size mismatch: unexpected data at the end of the section (at offset 0x23)"),
            (custom("producers", [1, 3] + Array("sdk".utf8) + [1, 2, 0xff, 0xfe, 1, 0x31]), "malformed UTF-8 encoding (at offset 0x1c)"),
            (custom("producers", [1, 3] + Array("lan".utf8)), "invalid producers field name: `lan` (at offset 0x15)"),
            (custom("dylink.0", [1, 2, 0]), "unexpected end-of-file (at offset 0x15)"),
        ]
        for (bytes, message) in cases {
            let text = try WasmText.printed(ByteSlice(copying: bytes))
            let lines = text.split(separator: "\n")
            XCTAssertEqual(lines.count, 4, text)
            XCTAssertTrue(lines[1].hasPrefix("  ;; failed to parse custom section `"), text)
            XCTAssertTrue(lines[1].hasSuffix("`: " + message), text)
            XCTAssertTrue(lines[2].hasPrefix("  (@custom \""), text)
        }
        XCTAssertEqual(try WasmText.printed(ByteSlice(copying: cases[0].0)), """
            (module
              ;; failed to parse custom section `producers`: section size mismatch: unexpected data at the end of the section (at offset 0x23)
              (@custom "producers" (before first) "\\01\\08language\\01\\01C\\011x")
            )

            """)
        // A field count that does not read: no comment (as wasm-tools).
        XCTAssertEqual(try WasmText.printed(ByteSlice(copying: custom("producers", [0x80]))),
                       "(module\n  (@custom \"producers\" (before first) \"\\80\")\n)\n")
        var all: [UInt8] = []
        let out = TextOutput { b in all.append(contentsOf: b) }
        XCTAssertThrowsError(try WasmText.print(ByteSlice(copying: custom("dylink.0", [9, 1, 0])), to: out)) { error in
            XCTAssertEqual((error as? WasmError)?.message, "don't know how to print dylink.0 subsection id 9")
        }
        XCTAssertEqual(String(decoding: all, as: UTF8.self), "(module")
    }

    /// Short writes (copied with overlapping loads) and long ones, of every length up to 100, at every
    /// position of a small buffer.
    func testWritesOfEveryLength() {
        let source = (0..<100).map { UInt8(truncatingIfNeeded: 33 &+ $0) }
        var expected: [UInt8] = []
        var all: [UInt8] = []
        let out = TextOutput(chunkSize: 64) { b in all.append(contentsOf: b) }
        for round in 0..<3 {
            for n in 0...100 {
                source.withUnsafeBytes { out.write(UnsafeRawBufferPointer(rebasing: $0[(round % 2)..<(round % 2 + n - n / 100)])) }
                expected += source[(round % 2)..<(round % 2 + n - n / 100)]
                out.write(byte: UInt8(ascii: "|"))
                expected.append(UInt8(ascii: "|"))
            }
        }
        XCTAssertNoThrow(try out.flush())
        XCTAssertEqual(all, expected)
    }

    /// String escapes written a run at a time: every byte value, across buffer ends of every alignment.
    func testEscapedBytesAcrossBufferEnds() {
        let bytes = (0..<700).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 256) }
        var expected: [UInt8] = []
        for b in bytes {
            if b >= 0x20 && b < 0x7f && b != 0x22 && b != 0x5c {
                expected.append(b)
            } else {
                expected += Array("\\".utf8) + Array(String(b >> 4, radix: 16).utf8) + Array(String(b & 15, radix: 16).utf8)
            }
        }
        XCTAssertEqual(Set(bytes).count, 256)
        for (size, before) in [(64, 0), (64, 1), (65, 2), (100, 63), (1 << 20, 5)] {
            var all: [UInt8] = []
            let out = TextOutput(chunkSize: size) { b in all.append(contentsOf: b) }
            for _ in 0..<before { out.write(byte: UInt8(ascii: "x")) }
            bytes.withUnsafeBytes { out.writeEscaped($0) }
            XCTAssertNoThrow(try out.flush())
            XCTAssertEqual(all, [UInt8](repeating: UInt8(ascii: "x"), count: before) + expected, "buffer \(size), \(before) before")
        }
    }

    /// A malformed body: the text before the bad instruction, no newline, then the error (as wasm-tools).
    func testMalformedBodyPrintsWhatPrecedes() throws {
        // (module (func (result i32) i32.const 1) (func i32.const 2 drop)) with the second i32.const made 0xff.
        let module: [UInt8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 8, 2, 0x60, 0, 1, 0x7f, 0x60, 0, 0, 3, 3, 2, 0, 1,
                               0x0a, 0x0c, 2, 4, 0, 0x41, 1, 0x0b, 5, 0, 0xff, 2, 0x1a, 0x0b]
        var all: [UInt8] = []
        let out = TextOutput { b in all.append(contentsOf: b) }
        XCTAssertThrowsError(try WasmText.print(ByteSlice(copying: module), to: out)) { error in
            XCTAssertEqual((error as? WasmError)?.offset, 0x21)
        }
        XCTAssertEqual(String(decoding: all, as: UTF8.self), """
            (module
              (type (;0;) (func (result i32)))
              (type (;1;) (func))
              (func (;0;) (type 0) (result i32)
                i32.const 1
              )
              (func (;1;) (type 1)
            """)
    }

    func testFloatDecimalsAreRustDisplay() {
        XCTAssertEqual(FloatText.decimal("1e-07"), "0.0000001")
        XCTAssertEqual(FloatText.decimal("1e+30"), "1000000000000000000000000000000")
        XCTAssertEqual(FloatText.decimal("100.0"), "100")
        XCTAssertEqual(FloatText.decimal("-0.0"), "-0")
        XCTAssertEqual(FloatText.decimal("1.5"), "1.5")
        XCTAssertEqual(FloatText.f32(0x7fc0_0000), "nan (;=NaN;)")
        XCTAssertEqual(FloatText.f32(0xffa0_0000), "-nan:0x200000 (;=NaN;)")
        XCTAssertEqual(FloatText.f64(0x8000_0000_0000_0000), "-0x0p+0 (;=-0;)")
    }

    func firstDifference(_ a: String, _ b: String) -> Int {
        let la = a.split(separator: "\n", omittingEmptySubsequences: false)
        let lb = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<min(la.count, lb.count) where la[i] != lb[i] { return i + 1 }
        return min(la.count, lb.count) + 1
    }
}

/// `print --fold` of legacy exception handling stops where wasm-tools 1.262 stops ("legacy-exceptions not
/// supported"): the text before the first `try`, then an error of the input (exit 1), not a usage error.
final class FoldLegacyExceptionsTests: XCTestCase {
    func testFoldStopsAtTheFirstTry() throws {
        let wat = """
            (module (tag $e (param i32))
              (func $f (param i32) (result i32)
                try (result i32) local.get 0 throw $e catch $e i32.const 1 i32.add end))
            """
        let bytes = ByteSlice(copying: try WasmText.parse(Array(wat.utf8)))
        var all: [UInt8] = []
        let out = TextOutput { b in all.append(contentsOf: b) }
        do {
            try WasmText.print(bytes, options: PrintOptions(fold: true), to: out)
            XCTFail("folding legacy exception handling should fail")
        } catch {
            XCTAssertEqual(error.code, .foldUnsupported)
            XCTAssertEqual(error.kind, .invalid)
            XCTAssertTrue(error.message.contains("`try`"), error.message)
        }
        let text = String(decoding: all, as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("  (func $f (;0;) (type 1) (param i32) (result i32)"), text)
        // Unfolded, the same module prints in full.
        XCTAssertTrue(try WasmText.printed(bytes).contains("    try (result i32) ;; label = @1\n"))
    }
}
