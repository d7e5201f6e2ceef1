import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmCore

final class HeaderScanTests: XCTestCase {
    typealias B = Bytes

    func testScanMatchesFullDecode() throws {
        let bytes = try fixture("scan-matches-full-decode")
        let h = try ModuleHeader.scan(ByteSlice(copying: bytes))
        let m = try decode(bytes)
        let types = m.sections.compactMap { if case .type(let g) = $0 { g } else { nil } }.flatMap { $0 }.flatMap(\.types)
        XCTAssertEqual(h.types.all, types)
        XCTAssertEqual((0..<h.types.count).map { h.types.type($0) }, types)
        XCTAssertNil(h.types.type(types.count))
        XCTAssertEqual(h.flatImports, m.imports)
        XCTAssertEqual(try h.imports(limit: 1), Array(m.imports.prefix(1)))
        XCTAssertEqual(h.importCount, 2)
        XCTAssertEqual(try h.exports(), m.exports)
        XCTAssertEqual(try h.exports(limit: 2), Array(m.exports.prefix(2)))
        XCTAssertEqual(h.exportCount, 3)
        XCTAssertEqual(h.functionTypes, m.functions)
        XCTAssertEqual(h.importedFunctionCount, 1)
        XCTAssertEqual(h.functionCount, 3)
        XCTAssertEqual(h.globalCount, 1)
        XCTAssertEqual(h.codeCount, 2)
        XCTAssertEqual(h.dataCount, 1)
        XCTAssertEqual(h.customSectionNames, ["notes"])
        XCTAssertEqual(h.sections.map(\.id), m.sections.map(\.id))
        // Ranges tile the file after the preamble.
        var next = 8
        for s in h.sections {
            XCTAssertEqual(s.range.lowerBound, next)
            XCTAssertEqual(s.contentRange.upperBound, s.range.upperBound)
            next = s.range.upperBound
        }
        XCTAssertEqual(next, bytes.count)
    }

    /// Types are found again by index from the positions the scan records (one every 64 rec
    /// groups), also across explicit rec groups of several types.
    func testTypeLookupAcrossManyRecGroups() throws {
        var entries: [[UInt8]] = []
        var expected: [Int] = []  // the parameter count of each type
        for g in 0..<300 {
            if g % 7 == 0 {
                entries.append([0x4E, 0x02, 0x60, 0x01, 0x7F, 0x00, 0x60, 0x02, 0x7F, 0x7F, 0x00])  // rec (i32) (i32 i32)
                expected += [1, 2]
            } else {
                entries.append([0x60, 0x00, 0x00])
                expected.append(0)
            }
        }
        let h = try ModuleHeader.scan(ByteSlice(copying: B.module(B.section(1, B.vec(entries)))))
        XCTAssertEqual(h.types.count, expected.count)
        for (i, n) in expected.enumerated() {
            guard case .func(let f)? = h.types.type(i)?.composite.kind else { return XCTFail("type \(i)") }
            XCTAssertEqual(f.params.count, n, "type \(i)")
        }
        XCTAssertEqual(h.types.all.count, expected.count)
    }

    func testScanDoesNotReadBodies() throws {
        // A body with an illegal opcode: the scan succeeds, the full decode does not.
        let bytes = B.function([0xFF, 0x0B])
        let h = try ModuleHeader.scan(ByteSlice(copying: bytes))
        XCTAssertEqual(h.codeCount, 1)
        XCTAssertEqual(h.sections.last?.id, .code)
        XCTAssertThrowsError(try decode(bytes))
    }

    func testScanRejectsBrokenFraming() {
        XCTAssertThrowsError(try ModuleHeader.scan(ByteSlice(copying: B.module([0x01, 0x7F]))))
        XCTAssertThrowsError(try ModuleHeader.scan(ByteSlice(copying: B.module(B.voidType, B.voidType))))
        XCTAssertThrowsError(try ModuleHeader.scan(ByteSlice(copying: B.module(B.section(7, B.vec([[0x00]]))))))
    }

    /// The scan, the decoder and the validator share one section framing: the same error for each
    /// broken frame.
    func testFramingErrorsAgreeWithDecoderAndValidator() throws {
        let exports = B.section(7, B.vec([]))
        let cases: [(bytes: [UInt8], code: WasmError.Code, message: String, offset: Int)] = [
            (B.module(exports, B.voidType), .sectionOutOfOrder,
             "unexpected content after last section: the type section must come before the export section",
             8 + exports.count),
            (B.module(B.voidType, B.voidType), .duplicateSection,
             "unexpected content after last section: duplicate type section", 8 + B.voidType.count),
            (B.module([0x0E, 0x00]), .unknownSection, "malformed section id 14", 8),
            (B.module([0x01, 0x05, 0x01]), .unexpectedEnd,
             "unexpected end of section or function: type section size 5 exceeds the 1 bytes left", 9),
        ]
        for c in cases {
            let slice = ByteSlice(copying: c.bytes)
            var errors: [WasmError] = []
            do throws(WasmError) { _ = try ModuleHeader.scan(slice) } catch { errors.append(error) }
            do throws(WasmError) { _ = try Module.decode(slice) } catch { errors.append(error) }
            do throws(WasmError) { _ = try ModuleValidator.validate(slice) } catch { errors.append(error) }
            XCTAssertEqual(errors.count, 3, c.message)
            for e in errors {
                XCTAssertEqual(e.code, c.code, "\(e)")
                XCTAssertEqual(e.message, c.message)
                XCTAssertEqual(e.offset, c.offset, c.message)
            }
        }
    }
}
