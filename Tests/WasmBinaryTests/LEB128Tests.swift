import XCTest
@testable import WasmBinary

final class LEB128Tests: XCTestCase {
    private func reader(_ bytes: [UInt8]) -> ByteReader { ByteSlice(copying: bytes).reader }

    func testUnsigned32() throws {
        var r = reader([0x00, 0x7f, 0x80, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f])
        XCTAssertEqual(try r.readU32(), 0)
        XCTAssertEqual(try r.readU32(), 127)
        XCTAssertEqual(try r.readU32(), 128)
        XCTAssertEqual(try r.readU32(), UInt32.max)
        XCTAssertTrue(r.isAtEnd)
        XCTAssertFalse(r.sawNonMinimalEncoding)
    }

    func testUnsigned32Errors() {
        var tooLarge = reader([0xff, 0xff, 0xff, 0xff, 0x1f])
        XCTAssertThrowsError(try tooLarge.readU32()) { XCTAssertEqual(($0 as? WasmError)?.code, .integerTooLarge) }
        var tooLong = reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
        XCTAssertThrowsError(try tooLong.readU32()) {
            XCTAssertEqual(($0 as? WasmError)?.code, .integerRepresentationTooLong)
        }
        var truncated = reader([0x80, 0x80])
        XCTAssertThrowsError(try truncated.readU32()) {
            let e = $0 as? WasmError
            XCTAssertEqual(e?.code, .unexpectedEnd)
            XCTAssertEqual(e?.offset, 2)
        }
    }

    func testNonMinimalIsNoticed() throws {
        var r = reader([0x80, 0x00])
        XCTAssertEqual(try r.readU32(), 0)
        XCTAssertTrue(r.sawNonMinimalEncoding)
        var s = reader([0xff, 0x7f])  // -1 in two bytes
        XCTAssertEqual(try s.readS32(), -1)
        XCTAssertTrue(s.sawNonMinimalEncoding)
        var m = reader([0x80, 0x7f])  // -128: minimal
        XCTAssertEqual(try m.readS32(), -128)
        XCTAssertFalse(m.sawNonMinimalEncoding)
    }

    func testSigned() throws {
        var r = reader([0x7f, 0x80, 0x7f, 0xff, 0xff, 0xff, 0xff, 0x07, 0x80, 0x80, 0x80, 0x80, 0x78])
        XCTAssertEqual(try r.readS32(), -1)
        XCTAssertEqual(try r.readS32(), -128)
        XCTAssertEqual(try r.readS32(), Int32.max)
        XCTAssertEqual(try r.readS32(), Int32.min)
        var bad = reader([0xff, 0xff, 0xff, 0xff, 0x4f])  // sign bit set but high bits clear-ish
        XCTAssertThrowsError(try bad.readS32()) { XCTAssertEqual(($0 as? WasmError)?.code, .integerTooLarge) }
        var bad2 = reader([0x80, 0x80, 0x80, 0x80, 0x08])  // bit 31 set, extension bits clear
        XCTAssertThrowsError(try bad2.readS32()) { XCTAssertEqual(($0 as? WasmError)?.code, .integerTooLarge) }
    }

    func testSigned64Extremes() throws {
        for v: Int64 in [0, -1, 1, 63, -64, 64, -65, Int64.max, Int64.min, 1 << 40, -(1 << 40)] {
            var w = ByteWriter()
            w.s64(v)
            var r = reader(w.bytes)
            XCTAssertEqual(try r.readS64(), v)
            XCTAssertTrue(r.isAtEnd)
            XCTAssertFalse(r.sawNonMinimalEncoding)
        }
        for v: UInt64 in [0, 1, 127, 128, UInt64.max, 1 << 63] {
            var w = ByteWriter()
            w.u64(v)
            var r = reader(w.bytes)
            XCTAssertEqual(try r.readU64(), v)
        }
    }

    func testS33() throws {
        var w = ByteWriter()
        w.s33(Int64(UInt32.max))
        var r = reader(w.bytes)
        XCTAssertEqual(try r.readS33(), Int64(UInt32.max))
        var neg = reader([0x70])
        XCTAssertEqual(try neg.readS33(), -16)
    }

    func testCountIsCheckedAgainstBytesLeft() {
        var r = reader([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00])
        XCTAssertThrowsError(try r.readCount(minimumItemSize: 1, "thing")) {
            XCTAssertEqual(($0 as? WasmError)?.code, .lengthOutOfBounds)
        }
    }

    func testNames() throws {
        var ok = reader([0x03, 0x61, 0xc3, 0xa9])
        XCTAssertEqual(try ok.readName(), "aé")
        for bad: [UInt8] in [[0x01, 0x80], [0x02, 0xc0, 0x80], [0x03, 0xed, 0xa0, 0x80], [0x04, 0xf4, 0x90, 0x80, 0x80]] {
            var r = reader(bad)
            XCTAssertThrowsError(try r.readName()) { XCTAssertEqual(($0 as? WasmError)?.code, .malformedUTF8) }
        }
        var short = reader([0x05, 0x61])
        XCTAssertThrowsError(try short.readName())
    }

    func testSizedMustBeConsumed() {
        var r = reader([0x02, 0x01, 0x02])
        XCTAssertThrowsError(try r.withSized("section") { (s: inout ByteReader) throws(WasmError) in _ = try s.readByte() }) {
            XCTAssertEqual(($0 as? WasmError)?.code, .sectionSizeMismatch)
        }
    }

    func testFramesBuildAPath() {
        do {
            try withFrame("component") { () throws(WasmError) in
                try withFrame("core module 3") { () throws(WasmError) in
                    throw WasmError(.malformedUTF8, "malformed UTF-8 encoding", offset: 0x1a3f)
                }
            }
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.path, ["component", "core module 3"])
            XCTAssertEqual(error.description,
                           "error at 0x1a3f: malformed UTF-8 encoding [malformed-utf8]\n  in: component › core module 3")
        }
    }
}
