import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmCore

final class ModuleCodecTests: XCTestCase {
    typealias B = Bytes

    func testEmptyModule() throws {
        XCTAssertEqual(try decode(B.preamble), Module())
        XCTAssertEqual(Module().encode(), B.preamble)
    }

    func testPreambleErrors() {
        assertMalformed([], .unexpectedEnd, at: 0)
        assertMalformed([0x00, 0x61, 0x73], .unexpectedEnd, at: 3)
        assertMalformed([0x01, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00], .badMagic, at: 0)
        assertMalformed([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00], .unexpectedEnd, at: 4)
        assertMalformed([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00], .unknownVersion, at: 4)
        XCTAssertThrowsError(try decode([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00])) {
            XCTAssertTrue(($0 as? WasmError)?.message.contains("component") == true)
        }
    }

    func testCompactImportsKeepTheirForm() throws {
        let func0: [UInt8] = [0x00, 0x00]
        let single = B.name("env") + B.name("f") + func0
        let items = B.name("env") + B.name("") + [0x7F] + B.vec([B.name("a") + func0, B.name("b") + [0x03, 0x7F, 0x00]])
        let byType = B.name("wasi") + B.name("") + [0x7E] + func0 + B.vec([B.name("x"), B.name("y"), B.name("z")])
        let bytes = B.module(B.voidType, B.section(2, B.vec([single, items, byType])))
        let m = try decode(bytes)
        guard case .import(let groups) = m.sections[1] else { return XCTFail("no import section") }
        XCTAssertEqual(groups.count, 3)
        XCTAssertEqual(groups[1], .compactItems(module: "env", items: [
            CompactImportItem(name: "a", type: .func(0)),
            CompactImportItem(name: "b", type: .global(GlobalType(value: .i32, mutable: false))),
        ]))
        XCTAssertEqual(groups[2], .compactType(module: "wasi", type: .func(0), names: ["x", "y", "z"]))
        XCTAssertEqual(m.imports.map(\.name), ["f", "a", "b", "x", "y", "z"])
        XCTAssertEqual(m.imports.map(\.module), ["env", "env", "env", "wasi", "wasi", "wasi"])
        assertRoundTrip(bytes)
        // An empty item name followed by an ordinary kind is a plain import.
        let plain = B.module(B.voidType, B.section(2, B.vec([B.name("env") + B.name("") + func0])))
        XCTAssertEqual(try decode(plain).imports, [Import(module: "env", name: "", type: .func(0))])
    }

    func testImportKindErrors() {
        let bad = B.module(B.section(2, B.vec([B.name("m") + B.name("n") + [0x05, 0x00]])))
        assertMalformed(bad, .invalidLeadingByte, at: 8 + 2 + 1 + 2 + 2, path: ["import section", "import 0"])
    }

    /// All eight element segment encodings decode to their semantic form and re-encode as written.
    func testElementSegmentForms() throws {
        let offset: [UInt8] = [0x41, 0x00, 0x0B]
        let refFunc: [UInt8] = [0xD2, 0x00, 0x0B]
        let segments: [[UInt8]] = [
            [0x00] + offset + B.vec([[0x00]]),
            [0x01, 0x00] + B.vec([[0x00]]),
            [0x02, 0x00] + offset + [0x00] + B.vec([[0x00]]),
            [0x03, 0x00] + B.vec([[0x00]]),
            [0x04] + offset + B.vec([refFunc]),
            [0x05, 0x70] + B.vec([refFunc]),
            [0x06, 0x00] + offset + [0x6F] + B.vec([[0xD0, 0x6F, 0x0B]]),
            [0x07, 0x70] + B.vec([refFunc]),
        ]
        let bytes = B.module(B.section(9, B.vec(segments)))
        let m = try decode(bytes)
        XCTAssertEqual(m.elements.map(\.form), [0, 1, 2, 3, 4, 5, 6, 7])
        let e6 = m.elements[6]
        XCTAssertEqual(e6.type, .externref)
        XCTAssertEqual(e6.items, .expressions([ConstExpr([Instruction(.refNull, .heapType(.abstract(.extern)))])]))
        if case .active(let table, let off) = m.elements[2].mode {
            XCTAssertEqual(table, 0)
            XCTAssertEqual(off.instructions, [Instruction(.i32Const, .i32(0))])
        } else {
            XCTFail("form 2 should be active")
        }
        XCTAssertEqual(m.elements[3].mode, .declarative)
        assertRoundTrip(bytes)
        // Bad element kind and flags.
        assertMalformed(B.module(B.section(9, B.vec([[0x01, 0x01, 0x00]]))), .invalidLeadingByte)
        assertMalformed(B.module(B.section(9, B.vec([[0x08]]))), .invalidLeadingByte)
    }

    func testDataSegmentForms() throws {
        let bytes = B.module(
            B.section(5, B.vec([[0x00, 0x01]])),
            B.section(12, B.u32(3)),
            B.section(11, B.vec([
                [0x00, 0x41, 0x08, 0x0B] + B.vec([[0x61], [0x62]]),
                [0x01] + B.u32(0),
                [0x02, 0x00, 0x41, 0x00, 0x0B] + B.u32(1) + [0x7A],
            ])))
        let m = try decode(bytes)
        XCTAssertEqual(m.data.map { $0.bytes.array }, [[0x61, 0x62], [], [0x7A]])
        XCTAssertEqual(m.data[1].mode, .passive)
        XCTAssertTrue(m.data[2].explicitMemory)
        XCTAssertEqual(m.dataCount, 3)
        assertRoundTrip(bytes)
        assertMalformed(B.module(B.section(11, B.vec([[0x03]]))), .invalidLeadingByte)
        // Segment size beyond the section.
        assertMalformed(B.module(B.section(11, B.vec([[0x01, 0x05, 0x00]]))), .lengthOutOfBounds, at: 12)
    }

    func testTableForms() throws {
        let plain: [UInt8] = [0x70, 0x00, 0x01]
        let withInit: [UInt8] = [0x40, 0x00, 0x64, 0x70, 0x01, 0x01, 0x02, 0xD2, 0x00, 0x0B]
        let bytes = B.module(B.section(4, B.vec([plain, withInit])))
        let m = try decode(bytes)
        XCTAssertNil(m.tables[0].initializer)
        XCTAssertEqual(m.tables[1].type.element, RefType(nullable: false, heapType: .abstract(.func)))
        XCTAssertEqual(m.tables[1].type.limits, Limits(min: 1, max: 2))
        XCTAssertEqual(m.tables[1].initializer?.instructions, [Instruction(.refFunc, .index(0))])
        assertRoundTrip(bytes)
        assertMalformed(B.module(B.section(4, B.vec([[0x40, 0x01, 0x70, 0x00, 0x00, 0x0B]]))), .invalidLeadingByte)
    }

    func testRecGroupsAndHeapTypes() throws {
        let structType: [UInt8] = [0x5F] + B.vec([[0x64, 0x01, 0x01], [0x65, 0x6E, 0x00], [0x64, 0x62, 0x00, 0x00]])
        let explicitOne: [UInt8] = [0x4E] + B.vec([[0x60, 0x00, 0x00]])
        let group: [UInt8] = [0x4E] + B.vec([[0x50, 0x00, 0x5E, 0x78, 0x01], structType])
        let shared: [UInt8] = [0x65, 0x60, 0x00, 0x00]
        let bytes = B.module(B.section(1, B.vec([explicitOne, group, shared])))
        let m = try decode(bytes)
        guard case .type(let groups) = m.sections[0] else { return XCTFail("no type section") }
        XCTAssertEqual(groups.map(\.isExplicit), [true, true, false])
        XCTAssertEqual(groups.map(\.types.count), [1, 2, 1])
        XCTAssertEqual(m.types.count, 4)
        XCTAssertEqual(groups[1].types[0].isFinal, false)
        XCTAssertEqual(groups[1].types[0].composite.kind, .array(FieldType(storage: .i8, mutable: true)))
        guard case .struct(let fields) = groups[1].types[1].composite.kind else { return XCTFail("not a struct") }
        XCTAssertEqual(fields[0].storage, .val(.ref(RefType(nullable: false, heapType: .concrete(1)))))
        XCTAssertEqual(fields[1].storage, .val(.ref(RefType(nullable: true, heapType: .abstract(.any, shared: true)))))
        XCTAssertEqual(fields[2].storage, .val(.ref(RefType(nullable: false, heapType: .exact(0)))))
        XCTAssertTrue(groups[2].types[0].composite.shared)
        assertRoundTrip(bytes)
        // The long form of a nullable abstract reference is the same type; it re-encodes in short form.
        let long = B.module(B.section(1, B.vec([[0x60, 0x01, 0x63, 0x6F, 0x00]])))
        let short = B.module(B.section(1, B.vec([[0x60, 0x01, 0x6F, 0x00]])))
        XCTAssertEqual(try decode(long), try decode(short))
        XCTAssertEqual(try decode(long).encode(), short)
    }

    func testLocalsAndTooManyLocals() throws {
        let code: [UInt8] = [0x0B]
        let locals = B.vec([B.u32(2) + [0x7F], B.u32(0) + [0x7E], B.u32(1) + [0x6F]])
        let bytes = B.function(code, locals: locals)
        let body = try decode(bytes).codes[0]
        XCTAssertEqual(body.locals, [LocalGroup(count: 2, type: .i32), LocalGroup(count: 0, type: .i64),
                                     LocalGroup(count: 1, type: .externref)])
        XCTAssertEqual(body.localCount, 3)
        assertRoundTrip(bytes)
        let tooMany = B.vec([B.u32(.max) + [0x7F], B.u32(1) + [0x7F]])
        assertMalformed(B.function(code, locals: tooMany), .tooManyLocals, path: ["code section", "func 0"])
    }

    func testSectionOrderAndDuplicates() {
        let typeSection = B.voidType
        let funcSection = B.section(3, B.vec([]))
        assertMalformed(B.module(funcSection, typeSection), .sectionOutOfOrder, at: 8 + funcSection.count)
        assertMalformed(B.module(typeSection, typeSection), .duplicateSection, at: 8 + typeSection.count)
        // Custom sections may appear anywhere; the tag section sits between memory and global.
        let custom = B.section(0, B.name("x") + [1, 2, 3])
        XCTAssertNoThrow(try decode(B.module(custom, typeSection, custom, B.section(5, B.vec([])),
                                             B.section(13, B.vec([])), B.section(6, B.vec([])), custom)))
        assertMalformed(B.module(B.section(6, B.vec([])), B.section(13, B.vec([]))), .sectionOutOfOrder)
        // Data count goes before code.
        assertMalformed(B.module(B.section(10, B.vec([])), B.section(12, B.u32(0))), .sectionOutOfOrder)
        assertMalformed(B.module(B.section(14, [])), .unknownSection, at: 8)
    }

    func testCountMismatches() {
        let funcs = B.section(3, B.vec([[0x00]]))
        assertMalformed(B.module(B.voidType, funcs), .inconsistent)
        assertMalformed(B.module(B.voidType, B.section(10, B.vec([[0x02, 0x00, 0x0B]]))), .inconsistent)
        assertMalformed(B.module(B.section(12, B.u32(1))), .inconsistent)
        assertMalformed(B.module(B.section(12, B.u32(1)), B.section(11, B.vec([]))), .inconsistent)
        XCTAssertNoThrow(try decode(B.module(B.section(12, B.u32(0)))))
    }

    func testDataCountRequiredOnlyInCode() throws {
        let code: [UInt8] = [0xFC, 0x09, 0x00, 0x0B]
        let bytes = B.function(code)
        assertMalformed(bytes, .dataCountRequired, at: bytes.count - code.count, path: ["code section", "func 0"])
        XCTAssertNoThrow(try decode(B.function(code, extra: [B.section(12, B.u32(0))])))
        // Lazy bodies defer the check to whoever reads the code.
        let lazy = try decode(B.function(code), .lazy)
        XCTAssertThrowsError(try lazy.codes[0].instructions(requireDataCount: lazy.dataCount == nil))
    }

    func testErrorsCarryOffsetAndPath() {
        // func 1 (after one imported function) has an illegal opcode.
        let imports = B.section(2, B.vec([B.name("m") + B.name("f") + [0x00, 0x00]]))
        let body: [UInt8] = [0x00, 0x01, 0xFF, 0x0B]
        let bytes = B.module(B.voidType, imports, B.section(3, B.vec([[0x00]])),
                             B.section(10, B.vec([B.u32(UInt32(body.count)) + body])))
        let opcodeOffset = bytes.count - 2
        assertMalformed(bytes, .illegalOpcode, at: opcodeOffset, path: ["code section", "func 1"])
        do {
            _ = try decode(bytes)
        } catch let e as WasmError {
            XCTAssertEqual(e.description, "error at 0x\(String(opcodeOffset, radix: 16)): illegal opcode 0xff "
                           + "[illegal-opcode]\n  in: code section › func 1")
        } catch {
            XCTFail("\(error)")
        }
    }

    func testSizeMismatches() {
        // A type section that claims more bytes than its content uses.
        assertMalformed(B.module([0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00]), .sectionSizeMismatch, at: 14)
        // A body whose code stops before its final `end`.
        assertMalformed(B.function([0x41, 0x00]), .endOpcodeExpected)
        // Bytes after the final `end` of a body.
        assertMalformed(B.function([0x0B, 0x01]), .operatorsAfterEnd)
        // A section size beyond the file.
        assertMalformed(B.module([0x01, 0x7F]), .unexpectedEnd, at: 9)
        // A custom section whose name is longer than the section.
        assertMalformed(B.module([0x00, 0x02, 0x05, 0x61]), .lengthOutOfBounds, at: 10)
        assertMalformed(B.module(B.section(0, B.name("\u{FFFF}") .dropLast() + [0xFF])), .malformedUTF8)
    }

    func testHostileCountsDoNotAllocate() {
        // Counts far beyond the bytes left are rejected before anything is reserved.
        for id: UInt8 in [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 13] {
            assertMalformed(B.module(B.section(id, B.u32(.max))), .lengthOutOfBounds)
        }
        assertMalformed(B.function([0x0E] + B.u32(.max) + [0x0B]), .lengthOutOfBounds)
        assertMalformed(B.function([0x00, 0x0B], locals: B.u32(.max)), .lengthOutOfBounds)
        assertMalformed(B.module(B.section(1, B.vec([[0x60] + B.u32(.max)]))), .lengthOutOfBounds)
        assertMalformed(B.module(B.section(1, B.vec([[0x4E] + B.u32(1 << 30)]))), .lengthOutOfBounds)
    }

    func testEveryTruncationIsAnError() throws {
        let bytes = try fixture("every-truncation-is-an-error")
        let m = try decode(bytes)
        XCTAssertEqual(m.encode(), bytes)
        var accepted = 0
        for n in 0..<bytes.count {
            if (try? decode(Array(bytes[0..<n]))) != nil { accepted += 1 }
        }
        // Only cuts at section boundaries can be whole modules (and only before the function/code pair
        // is split).
        XCTAssertLessThan(accepted, 12)
    }

    func testLazyAndDecodedBodiesAgree() throws {
        let bytes = try fixture("lazy-and-decoded-bodies-agree")
        let decoded = try decode(bytes)
        let lazy = try decode(bytes, .lazy)
        XCTAssertEqual(lazy.encode(), bytes)
        for (a, b) in zip(decoded.codes, lazy.codes) {
            XCTAssertEqual(try a.instructions(), try b.instructions())
            guard case .bytes = b.code else { return XCTFail("lazy body was decoded") }
        }
    }
}
