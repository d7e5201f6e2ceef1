import XCTest
@testable import WasmBinary

final class TerminalTextTests: XCTestCase {
    func testControlCharactersAreEscaped() {
        XCTAssertEqual(TerminalText.escaping("evil\u{1b}]0;title\u{7}.wasm"), "evil\\u{1b}]0;title\\u{7}.wasm")
        XCTAssertEqual(TerminalText.escaping("a\rb\u{0}c\u{7f}d"), "a\\u{d}b\\u{0}c\\u{7f}d")
        // C1 controls (CSI is U+009B) and bidirectional overrides and isolates.
        XCTAssertEqual(TerminalText.escaping("\u{9b}31m \u{85}"), "\\u{9b}31m \\u{85}")
        XCTAssertEqual(TerminalText.escaping("abc\u{202e}fed\u{2066}x\u{2069}"), "abc\\u{202e}fed\\u{2066}x\\u{2069}")
    }

    func testOrdinaryTextIsUnchanged() {
        for s in ["", "plain", "line\n\tindented\n", "component › core module 3", "é ü © ß ½ 😀 \u{a0}", "\u{2028}\u{2030}"] {
            XCTAssertEqual(TerminalText.escaping(s), s)
        }
    }

    func testEveryScalarBelowA0IsDecidedAsTheTableSays() {
        for v in UInt32(0)..<0xA0 {
            let u = Unicode.Scalar(v)!
            let expected = (v < 0x20 && v != 0x0A && v != 0x09) || (v >= 0x7F && v < 0xA0)
            XCTAssertEqual(TerminalText.needsEscape(u), expected, "U+\(String(v, radix: 16))")
            XCTAssertEqual(TerminalText.escaping("x\(Character(u))y") != "x\(Character(u))y", expected)
        }
    }

    func testJSONEscapesTheSameCharacters() {
        // JSON output is then left as it is by the terminal escaping.
        let s = JSON.string("a\u{1b}b\u{7f}c\u{9b}d\u{202e}e").serialized(pretty: false)
        XCTAssertEqual(s, #""a\u001bb\u007fc\u009bd\u202ee""#)
        XCTAssertEqual(TerminalText.escaping(s), s)
        XCTAssertEqual(JSON.parse(Array(s.utf8)), .string("a\u{1b}b\u{7f}c\u{9b}d\u{202e}e"))
    }
}
