import TestSupport
import WasmBinary
import XCTest

@testable import WasmCore

final class OperatorReaderTests: XCTestCase {
    /// All operators of `bytes` (a function body's code, ending in `end`).
    private func ops(_ bytes: [UInt8], requireDataCount: Bool = false) throws -> [Operator] {
        var r = OperatorReader(ByteSlice(copying: bytes), requireDataCount: requireDataCount)
        var out: [Operator] = []
        while let op = try r.next() { out.append(op) }
        return out
    }

    private func assertError(_ bytes: [UInt8], _ code: WasmError.Code, at offset: Int,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ops(bytes), file: file, line: line) { error in
            let e = error as? WasmError
            XCTAssertEqual(e?.code, code, "\(error)", file: file, line: line)
            XCTAssertEqual(e?.offset, offset, "\(error)", file: file, line: line)
        }
    }

    func testMemArgWithMemoryIndex() throws {
        let o = try ops([0x28, 0x42, 0x03, 0x10, 0x0B])
        XCTAssertEqual(o.map(\.opcode), [.i32Load, .end])
        XCTAssertEqual(o[0].memArg, MemArg(align: 2, offset: 16, memory: 3))
        // An explicit memory 0 is kept, so the bytes re-encode as written.
        let zero = try Instruction.decodeAll(ByteSlice(copying: [0x28, 0x42, 0x00, 0x10, 0x0B]))
        XCTAssertEqual(zero[0].immediates, .memArg(MemArg(align: 2, offset: 16, memory: 0, hasMemoryIndex: true)))
        var w = ByteWriter()
        w.instructions(zero)
        XCTAssertEqual(w.bytes, [0x28, 0x42, 0x00, 0x10, 0x0B])
        // 64-bit offsets.
        let big = try ops([0x29, 0x03, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x0B])
        XCTAssertEqual(big[0].memArg.offset, 1 << 35)
    }

    func testMemArgFlagsTooLarge() {
        assertError([0x28, 0x80, 0x01, 0x00, 0x0B], .invalidLeadingByte, at: 1)
        assertError([0x28, 0xC0, 0x01, 0x00, 0x00, 0x0B], .invalidLeadingByte, at: 1)  // bit 6 and bit 7
    }

    func testBlockTypes() throws {
        let o = try ops([0x02, 0x40, 0x0B, 0x02, 0x7F, 0x0B, 0x02, 0x63, 0x6E, 0x0B, 0x02, 0x05, 0x0B,
                         0x02, 0x80, 0x01, 0x0B, 0x0B])
        let blocks = o.filter { $0.opcode == .block }.map(\.blockType)
        XCTAssertEqual(blocks, [.empty, .value(.i32), .value(.ref(RefType(nullable: true, heapType: .abstract(.any)))),
                                .type(5), .type(128)])
        // A negative multi-byte s33 is neither a value type nor an index.
        assertError([0x02, 0xBF, 0x7F, 0x0B, 0x0B], .invalidLeadingByte, at: 1)
        // 0x62 (exact) is not a value type.
        assertError([0x02, 0x62, 0x0B, 0x0B], .invalidLeadingByte, at: 1)
    }

    func testLazyLists() throws {
        let bytes: [UInt8] = [
            0x0E, 0x03, 0x00, 0x01, 0x81, 0x01, 0x02,  // br_table 0 1 129 (default 2)
            0x1C, 0x01, 0x7E,  // select (result i64)
            0x1F, 0x40, 0x02, 0x00, 0x07, 0x00, 0x03, 0x01,  // try_table (catch 7 0) (catch_all_ref 1)
            0x0B, 0x0B,
        ]
        var r = OperatorReader(ByteSlice(copying: bytes))
        guard let table = try r.next(), let select = try r.next(), let tryTable = try r.next() else {
            return XCTFail("missing operators")
        }
        XCTAssertEqual(Array(r.brTableTargets(table)), [0, 1, 129])
        XCTAssertEqual(table.index, 2)
        XCTAssertEqual(table.count, 3)
        XCTAssertEqual(table.listOffset, 2)
        XCTAssertEqual(Array(r.selectTypes(select)), [.i64])
        XCTAssertEqual(tryTable.blockType, .empty)
        XCTAssertEqual(Array(r.catches(tryTable)), [.one(tag: 7, label: 0), .allRef(label: 1)])
        XCTAssertEqual(r.instruction(table).immediates, .brTable(targets: [0, 1, 129], default: 2))
        while try r.next() != nil {}
        XCTAssertTrue(r.isFinished)
    }

    func testStructureErrors() {
        assertError([0x05, 0x0B], .misplacedOperator, at: 0)  // else outside if
        assertError([0x02, 0x40, 0x05, 0x0B, 0x0B], .misplacedOperator, at: 2)  // else in block
        assertError([0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B], .misplacedOperator, at: 3)  // second else
        assertError([0x18, 0x00, 0x0B], .misplacedOperator, at: 0)  // delegate outside try
        assertError([0x07, 0x00, 0x0B], .misplacedOperator, at: 0)  // catch outside try
        assertError([0x06, 0x40, 0x19, 0x07, 0x00, 0x0B, 0x0B], .misplacedOperator, at: 3)  // catch after catch_all
        assertError([0x02, 0x40, 0x0B], .endOpcodeExpected, at: 3)
        assertError([], .endOpcodeExpected, at: 0)
        assertError([0x0B, 0x01], .operatorsAfterEnd, at: 1)
    }

    func testLegacyExceptionStructure() throws {
        let o = try ops([0x06, 0x40, 0x07, 0x00, 0x07, 0x01, 0x19, 0x0B, 0x06, 0x40, 0x18, 0x00, 0x0B])
        XCTAssertEqual(o.map(\.opcode), [.try, .catch, .catch, .catchAll, .end, .try, .delegate, .end])
    }

    func testIllegalOpcodes() {
        assertError([0x01, 0xFF, 0x0B], .illegalOpcode, at: 1)
        assertError([0x01, 0xFC, 0x17, 0x0B], .illegalOpcode, at: 1)
        assertError([0xFD, 0x9A, 0x01, 0x0B], .illegalOpcode, at: 0)
        assertError([0x27, 0x0B], .illegalOpcode, at: 0)
        // atomic.fence's reserved byte must be zero.
        assertError([0xFE, 0x03, 0x01, 0x0B], .invalidLeadingByte, at: 2)
        // br_on_cast flags above 3.
        assertError([0xFB, 0x18, 0x04, 0x00, 0x6E, 0x6E, 0x0B], .invalidLeadingByte, at: 2)
    }

    func testDataCountRequirement() throws {
        for code: [UInt8] in [[0xFC, 0x09, 0x00, 0x0B], [0xFC, 0x08, 0x00, 0x00, 0x0B], [0xFB, 0x09, 0x00, 0x00, 0x0B]] {
            XCTAssertThrowsError(try ops(code, requireDataCount: true)) {
                XCTAssertEqual(($0 as? WasmError)?.code, .dataCountRequired)
                XCTAssertEqual(($0 as? WasmError)?.offset, 0)
            }
            XCTAssertNoThrow(try ops(code, requireDataCount: false))
        }
    }

    func testDeepNestingNeedsNoRecursion() throws {
        let depth = 100_000
        let opens: [UInt8] = Array(repeating: [0x02, 0x40] as [UInt8], count: depth).flatMap { $0 }
        let bytes = opens + [UInt8](repeating: 0x0B, count: depth + 1)
        var r = OperatorReader(ByteSlice(copying: bytes))
        var maxDepth = 0, n = 0
        while let _ = try r.next() {
            maxDepth = max(maxDepth, r.depth)
            n += 1
        }
        XCTAssertEqual(n, 2 * depth + 1)
        XCTAssertEqual(maxDepth, depth + 1)
        // An `else` deep inside checks the right frame even past the inline frame storage.
        let blocks: [UInt8] = Array(repeating: [0x02, 0x40] as [UInt8], count: 40).flatMap { $0 }
        let ifs: [UInt8] = Array(repeating: [0x04, 0x40] as [UInt8], count: 40).flatMap { $0 }
        let ends = [UInt8](repeating: 0x0B, count: 42)
        XCTAssertNoThrow(try ops(blocks + [0x04, 0x40, 0x05] + ends))
        XCTAssertThrowsError(try ops(ifs + [0x02, 0x40, 0x05] + ends))
    }

    func testPaddedLEB128() throws {
        var r = OperatorReader(ByteSlice(copying: [0x10, 0x81, 0x80, 0x80, 0x80, 0x00, 0x0B]))
        let call = try r.next()
        XCTAssertEqual(call?.opcode, .call)
        XCTAssertEqual(call?.index, 1)
        XCTAssertTrue(r.reader.sawNonMinimalEncoding)
        var minimal = OperatorReader(ByteSlice(copying: [0x10, 0xE5, 0x8E, 0x26, 0x0B]))
        XCTAssertEqual(try minimal.next()?.index, 624_485)
        XCTAssertFalse(minimal.reader.sawNonMinimalEncoding)
    }

    /// The operator loop's inline LEB decoding agrees with ByteReader on values, errors and minimality.
    func testInlineLEB128MatchesByteReader() throws {
        var rng = SystemRandomNumberGenerator()
        var cases: [[UInt8]] = []
        for _ in 0..<4000 {
            let length = Int.random(in: 1...6, using: &rng)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for i in 0..<(length - 1) { bytes[i] |= 0x80 }
            bytes[length - 1] &= 0x7F
            if Bool.random(using: &rng) { bytes[length - 1] = [0x00, 0x7F, 0x0F, 0x08, 0x70, 0x78][Int.random(in: 0..<6)] }
            cases.append(bytes)
        }
        cases += [[0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0xFF, 0xFF, 0xFF, 0xFF, 0x1F], [0x80, 0x80, 0x80, 0x80, 0x78],
                  [0x80, 0x80, 0x80, 0x80, 0x08], [0xFF, 0xFF, 0xFF, 0xFF, 0x7F], [0xFF, 0xFF, 0xFF, 0xFF, 0x77],
                  [0x80, 0x80, 0x80, 0x80, 0x00], [0xC0, 0xBB, 0x78], [0x80, 0x7F], [0xFF, 0x00]]
        for leb in cases {
            for (opcode, signed) in [(UInt8(0x41), true), (UInt8(0x20), false)] {
                var expected = ByteSlice(copying: leb).reader
                let want: Result<Int64, WasmError>
                do {
                    want = .success(signed ? Int64(try expected.readS32()) : Int64(try expected.readU32()))
                } catch {
                    want = .failure(error)
                }
                var r = OperatorReader(ByteSlice(copying: [opcode] + leb + [0x0B]))
                let got: Result<Int64, WasmError>
                do {
                    let op = try r.next()
                    got = .success(signed ? Int64(op?.i32 ?? 0) : Int64(op?.index ?? 0))
                } catch {
                    got = .failure(error)
                }
                switch (want, got) {
                case (.success(let a), .success(let b)):
                    XCTAssertEqual(a, b, "\(leb)")
                    XCTAssertEqual(expected.sawNonMinimalEncoding, r.reader.sawNonMinimalEncoding, "\(leb)")
                    XCTAssertEqual(expected.position + 1, r.reader.position, "\(leb)")
                case (.failure(let a), .failure(let b)):
                    XCTAssertEqual(a.code, b.code, "\(leb)")
                    XCTAssertEqual(a.offset.map { $0 + 1 }, b.offset, "\(leb)")
                default:
                    // Running past the LEB into the trailing `end` byte is the only legitimate difference.
                    if case .failure(let a) = want, a.code == .unexpectedEnd { continue }
                    XCTFail("\(leb): ByteReader \(want), OperatorReader \(got)")
                }
            }
        }
    }

    func testConstantExpressionStopsAfterItsEnd() throws {
        let bytes: [UInt8] = [0x41, 0x05, 0x0B, 0xAA, 0xBB]
        var r = OperatorReader(expressionAt: ByteSlice(copying: bytes).reader)
        var n = 0
        while try r.next() != nil { n += 1 }
        XCTAssertEqual(n, 2)
        XCTAssertEqual(r.position, 3)
        var reader = ByteSlice(copying: bytes).reader
        let e = try reader.readConstExpr()
        XCTAssertEqual(e.instructions, [Instruction(.i32Const, .i32(5))])
        XCTAssertEqual(reader.position, 3)
    }
}

final class FunctionBodyReaderTests: XCTestCase {
    func testOperatorReaderForBothBodyForms() throws {
        let bytes = Bytes.function([0x41, 0x2A, 0x1A, 0x0B])
        for bodies in [ModuleDecodeOptions.Bodies.decoded, .lazy] {
            let m = try decode(bytes, bodies)
            var r = m.codes[0].operatorReader(requireDataCount: !m.hasDataCount)
            var seen: [Opcode] = []
            while let op = try r.next() { seen.append(op.opcode) }
            XCTAssertEqual(seen, [.i32Const, .drop, .end])
        }
        // Lazy bodies borrow the input: offsets are file offsets.
        let lazy = try decode(bytes, .lazy)
        var r = lazy.codes[0].operatorReader()
        XCTAssertEqual(try r.next()?.offset, bytes.count - 4)
    }
}
