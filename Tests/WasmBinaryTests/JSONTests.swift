import XCTest
@testable import WasmBinary

final class JSONTests: XCTestCase {
    func testRoundTripKeepsKeyOrderAndEscapes() throws {
        let v = JSON.object([("z", "a\"b\\c\n\u{8}\u{c}\u{1}é😀"), ("a", [1, -2, true, .null, .double(1.5)]), ("m", .object([]))])
        let compact = v.serialized(pretty: false)
        XCTAssertEqual(compact, #"{"z":"a\"b\\c\n\b\f\u0001é😀","a":[1,-2,true,null,1.5],"m":{}}"#)
        XCTAssertEqual(JSON.parse(Array(compact.utf8)), v)
        XCTAssertEqual(JSON.parse(Array(v.serialized().utf8)), v)
    }

    func testUnicodeEscapesAndSurrogates() {
        XCTAssertEqual(JSON.parse(Array(#""\u00e9\ud83d\ude00\/""#.utf8)), .string("é😀/"))
        XCTAssertNil(JSON.parse(Array(#""\ud83d""#.utf8)), "lone high surrogate")
        XCTAssertNil(JSON.parse(Array(#""\x""#.utf8)))
    }

    func testRejectsInvalidDocuments() {
        for text in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "1 2", "{\"a\":1,}", "\"\u{1}\""] {
            XCTAssertNil(JSON.parse(Array(text.utf8)), text)
        }
    }

    func testDepthIsBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertNil(JSON.parse(Array(deep.utf8)))
        XCTAssertNotNil(JSON.parse(Array((String(repeating: "[", count: 100) + String(repeating: "]", count: 100)).utf8)))
    }

    func testLookups() {
        let v = JSON.parse(Array(#"{"worlds":{"w":{"docs":"hi"}},"n":3}"#.utf8))
        XCTAssertEqual(v?["worlds"]?["w"]?["docs"]?.stringValue, "hi")
        XCTAssertEqual(v?["n"], .int(3))
        XCTAssertNil(v?["missing"])
    }
}
