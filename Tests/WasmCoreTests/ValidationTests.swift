import TestSupport
import WasmBinary
import XCTest

@testable import WasmCore

/// Targeted validation cases: exact codes, messages, offsets and paths.
final class ValidationTests: XCTestCase {
    typealias F = Bytes

    /// `i32.const 1; f32.const 1.0; i32.add; drop; end`
    let addMismatch: [UInt8] = [0x41, 0x01, 0x43, 0x00, 0x00, 0x80, 0x3F, 0x6A, 0x1A, 0x0B]

    func testTypeMismatchNamesFunctionInstructionAndOffset() throws {
        let m = F.module(types: [F.void], functions: [(0, [0x00], addMismatch)])
        let e = try XCTUnwrap(validationError(m.bytes))
        XCTAssertEqual(e.code, .typeMismatch)
        XCTAssertEqual(e.kind, .invalid)
        XCTAssertEqual(e.message, "type mismatch: expected i32, found f32")
        XCTAssertEqual(e.offset, m.code[0] + 7)
        XCTAssertEqual(e.path, ["code section", "func 0", "i32.add"])
    }

    func testFunctionNameComesFromTheNameSection() throws {
        let m = F.module(types: [F.void], functions: [(0, [0x00], [0x0B]), (0, [0x00], addMismatch)],
                         after: [F.names([(0, "main"), (1, "parse \"x\"")])])
        let e = try XCTUnwrap(validationError(m.bytes))
        XCTAssertEqual(e.path, ["code section", "func 1 \"parse \\\"x\\\"\"", "i32.add"])
        let f = try XCTUnwrap(e.path.function)
        XCTAssertEqual(f.index, 1)
        XCTAssertEqual(f.name, "parse \"x\"")
        XCTAssertEqual(e.offset, m.code[1] + 7)
    }

    func testValidModuleReportsItsShape() throws {
        let exports = F.section(7, F.vec([F.name("run") + [0x00, 0x01]]))
        let imports = F.section(2, F.vec([F.name("env") + F.name("log") + [0x00, 0x01]]))
        let m = F.module(types: [F.void, F.funcType([0x7F], [])], functions: [(0, [0x00], [0x0B])],
                         before: [])
        // Insert the import section after the type section and the export section before the code.
        var bytes = Array(m.bytes[0..<F.preamble.count]) + F.section(1, F.vec([F.void, F.funcType([0x7F], [])]))
        bytes += imports + F.section(3, F.vec([[0x00]])) + exports
        bytes += F.section(10, F.vec([[0x02, 0x00, 0x0B]]))
        let info = try ModuleValidator.validate(ByteSlice(copying: bytes))
        XCTAssertEqual(info.importedFunctionCount, 1)
        XCTAssertEqual(info.functionTypeIndices, [1, 0])
        XCTAssertEqual(info.definedFunctionCount, 1)
        XCTAssertEqual(info.exports.map(\.name), ["run"])
        XCTAssertEqual(info.funcType(ofFunction: 0), FuncType(params: [.i32], results: []))
        XCTAssertEqual(info.imports.first?.module, "env")
        XCTAssertEqual(info.exports.first.flatMap { info.type(of: $0) }, .func(0))
    }

    func testExportTypesOfTablesMemoriesAndGlobals() throws {
        let memory = F.section(5, F.vec([[0x01, 0x01, 0x02]]))
        let global = F.section(6, F.vec([[0x7E, 0x01, 0x42, 0x07, 0x0B]]))
        let exports = F.section(7, F.vec([F.name("m") + [0x02, 0x00], F.name("g") + [0x03, 0x00]]))
        let bytes = F.preamble + memory + global + exports
        let info = try ModuleValidator.validate(ByteSlice(copying: bytes))
        XCTAssertEqual(info.type(of: info.exports[0]), .memory(MemoryType(limits: Limits(min: 1, max: 2))))
        XCTAssertEqual(info.type(of: info.exports[1]), .global(GlobalType(value: .i64, mutable: true)))
    }

    func testDisabledFeatureIsNamed() throws {
        let v128Drop: [UInt8] = [0xFD, 0x0C] + Array(repeating: 0, count: 16) + [0x1A, 0x0B]
        let m = F.module(types: [F.void], functions: [(0, [0x00], v128Drop)])
        assertValidates(m.bytes)
        let e = try XCTUnwrap(validationError(m.bytes, features: try Features.parse("-simd")))
        XCTAssertEqual(e.code, .featureDisabled)
        XCTAssertEqual(e.message, "`v128.const` requires the `simd` feature")
        XCTAssertEqual(e.offset, m.code[0])

        let ext = F.module(types: [F.void], functions: [(0, [0x00], [0x41, 0x01, 0xC0, 0x1A, 0x0B])])
        let w1 = try XCTUnwrap(validationError(ext.bytes, features: try Features.parse("wasm1")))
        XCTAssertEqual(w1.message, "`i32.extend8_s` requires the `sign-extension` feature")
    }

    func testAlignment() throws {
        let memory = F.section(5, F.vec([[0x00, 0x01]]))
        let load = F.module(types: [F.void], functions: [(0, [0x00], [0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, 0x0B])],
                            before: [memory])
        let e = try XCTUnwrap(validationError(load.bytes))
        XCTAssertEqual(e.code, .invalidMemoryAccess)
        XCTAssertTrue(e.message.hasPrefix("alignment must not be larger than natural"), e.message)
        XCTAssertEqual(e.offset, load.code[0] + 2)
        XCTAssertEqual(e.path.last, "i32.load")

        let atomic = F.module(types: [F.void], functions: [(0, [0x00], [0x41, 0x00, 0xFE, 0x10, 0x01, 0x00, 0x1A, 0x0B])],
                              before: [memory])
        let a = try XCTUnwrap(validationError(atomic.bytes))
        XCTAssertTrue(a.message.hasPrefix("alignment must be equal to natural"), a.message)
        XCTAssertEqual(a.path.last, "i32.atomic.load")
    }

    func testUnknownAndUninitializedLocals() throws {
        let unknown = F.module(types: [F.void], functions: [(0, [0x00], [0x20, 0x05, 0x1A, 0x0B])])
        let u = try XCTUnwrap(validationError(unknown.bytes))
        XCTAssertEqual(u.code, .unknownIndex)
        XCTAssertEqual(u.message, "unknown local 5: local index out of bounds")

        // A non-nullable local set inside a block is uninitialized again after it.
        let export = F.section(7, F.vec([F.name("f") + [0x00, 0x00]]))
        let refLocal: [UInt8] = [0x01, 0x01, 0x64, 0x70]
        let inBlock: [UInt8] = [0x02, 0x40, 0xD2, 0x00, 0x21, 0x00, 0x0B, 0x20, 0x00, 0x1A, 0x0B]
        let bad = F.module(types: [F.void], functions: [(0, refLocal, inBlock)], before: [export])
        let e = try XCTUnwrap(validationError(bad.bytes))
        XCTAssertEqual(e.code, .uninitializedLocal)
        XCTAssertEqual(e.message, "uninitialized local: 0")
        XCTAssertEqual(e.offset, bad.code[0] + 7)
        let straight: [UInt8] = [0xD2, 0x00, 0x21, 0x00, 0x20, 0x00, 0x1A, 0x0B]
        assertValidates(F.module(types: [F.void], functions: [(0, refLocal, straight)], before: [export]).bytes)
    }

    func testUndeclaredFunctionReference() throws {
        let body: [UInt8] = [0xD2, 0x00, 0x1A, 0x0B]
        let e = try XCTUnwrap(validationError(F.module(types: [F.void], functions: [(0, [0x00], body)]).bytes))
        XCTAssertEqual(e.code, .undeclaredFunctionReference)
        XCTAssertTrue(e.message.hasPrefix("undeclared function reference"))
        let export = F.section(7, F.vec([F.name("f") + [0x00, 0x00]]))
        assertValidates(F.module(types: [F.void], functions: [(0, [0x00], body)], before: [export]).bytes)
    }

    func testDuplicateExportNamesCompareBytes() throws {
        // "Å" precomposed and decomposed are canonically equivalent Strings, but different names.
        let a = F.name("\u{C5}") + [0x00, 0x00], b = F.name("A\u{30A}") + [0x00, 0x00]
        assertValidates(F.module(types: [F.void], functions: [(0, [0x00], [0x0B])],
                             before: [F.section(7, F.vec([a, b]))]).bytes)
        let dup = F.module(types: [F.void], functions: [(0, [0x00], [0x0B])], before: [F.section(7, F.vec([a, a]))])
        let e = try XCTUnwrap(validationError(dup.bytes))
        XCTAssertEqual(e.code, .duplicateExport)
        XCTAssertEqual(e.path, ["export section", "export 1"])
    }

    func testCanonicalTypeEquivalence() throws {
        let export = F.section(7, F.vec([F.name("f") + [0x00, 0x00]]))
        // Two identical singleton function types are the same type.
        let same = F.module(types: [F.void, F.void], functions: [(0, [0x00], [0xD2, 0x00, 0x14, 0x01, 0x0B])],
                            before: [export])
        assertValidates(same.bytes)
        // A type in a recursion group of two is not the singleton type of the same shape.
        let recGroup: [UInt8] = [0x4E, 0x02] + F.void + F.void
        var bytes = F.preamble + F.section(1, [0x02] + recGroup + F.void)
        bytes += F.section(3, F.vec([[0x00]])) + export
        bytes += F.section(10, F.vec([[0x06, 0x00, 0xD2, 0x00, 0x14, 0x02, 0x0B]]))
        let e = try XCTUnwrap(validationError(bytes))
        XCTAssertEqual(e.code, .typeMismatch)
        var ok = F.preamble + F.section(1, [0x02] + recGroup + F.void)
        ok += F.section(3, F.vec([[0x00]])) + export
        ok += F.section(10, F.vec([[0x06, 0x00, 0xD2, 0x00, 0x14, 0x00, 0x0B]]))
        assertValidates(ok)
    }

    func testSubtypeOfFinalType() throws {
        let sub: [UInt8] = [0x50, 0x01, 0x00] + F.void
        let bytes = F.preamble + F.section(1, F.vec([F.void, sub]))
        let e = try XCTUnwrap(validationError(bytes))
        XCTAssertEqual(e.code, .invalidSubtype)
        XCTAssertEqual(e.message, "sub type 1 cannot have a final super type 0")
        XCTAssertEqual(e.path, ["type section", "type 1"])
        let open = F.preamble + F.section(1, F.vec([[0x50, 0x00] + F.void, sub]))
        assertValidates(open)
    }

    func testConstantExpressions() throws {
        let globals = F.section(6, F.vec([[0x7F, 0x01, 0x41, 0x00, 0x0B], [0x7F, 0x00, 0x23, 0x00, 0x0B]]))
        let bytes = F.preamble + globals
        let e = try XCTUnwrap(validationError(bytes))
        XCTAssertEqual(e.code, .constantExpressionRequired)
        XCTAssertEqual(e.message, "constant expression required: global.get of mutable global 0")
        XCTAssertEqual(e.path, ["global section", "global 1"])
        let nonConstant = F.preamble + F.section(6, F.vec([[0x7F, 0x00, 0x41, 0x00, 0x41, 0x00, 0x6A, 0x0B]]))
        assertValidates(nonConstant)  // extended-const is on by default
        let e2 = try XCTUnwrap(validationError(nonConstant, features: try Features.parse("-extended-const")))
        XCTAssertEqual(e2.message, "constant expression required: non-constant operator `i32.add`")
    }

    func testBrTableArity() throws {
        let body: [UInt8] = [0x02, 0x7F, 0x02, 0x40, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B,
                             0x41, 0x00, 0x0B, 0x1A, 0x0B]
        let m = F.module(types: [F.void], functions: [(0, [0x00], body)])
        let e = try XCTUnwrap(validationError(m.bytes))
        XCTAssertEqual(e.code, .typeMismatch)
        XCTAssertTrue(e.message.hasPrefix("type mismatch: br_table target labels have different number of types"))
        XCTAssertEqual(e.offset, m.code[0] + 8)
    }

    func testLaneIndex() throws {
        let body: [UInt8] = [0xFD, 0x0C] + Array(repeating: 0, count: 16) + [0xFD, 0x15, 0x10, 0x1A, 0x0B]
        let e = try XCTUnwrap(validationError(F.module(types: [F.void], functions: [(0, [0x00], body)]).bytes))
        XCTAssertEqual(e.code, .invalidLaneIndex)
        XCTAssertEqual(e.path.last, "i8x16.extract_lane_s")
    }

    func testDataCountIsRequiredForMemoryInit() throws {
        let memory = F.section(5, F.vec([[0x00, 0x01]]))
        let data = F.section(11, F.vec([[0x01, 0x00]]))
        let body: [UInt8] = [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B]
        let m = F.module(types: [F.void], functions: [(0, [0x00], body)], before: [memory], after: [data])
        let e = try XCTUnwrap(validationError(m.bytes))
        XCTAssertEqual(e.code, .dataCountRequired)
        XCTAssertEqual(e.kind, .malformed)
    }

    func testMalformedBytesAreMalformed() throws {
        // A function section without a code section.
        let bytes = F.preamble + F.section(1, F.vec([F.void])) + F.section(3, F.vec([[0x00]]))
        let e = try XCTUnwrap(validationError(bytes))
        XCTAssertEqual(e.kind, .malformed)
        XCTAssertEqual(e.code, .inconsistent)
        let illegal = F.module(types: [F.void], functions: [(0, [0x00], [0xFF, 0x0B])])
        let i = try XCTUnwrap(validationError(illegal.bytes))
        XCTAssertEqual(i.code, .illegalOpcode)
        XCTAssertEqual(i.offset, illegal.code[0])
    }

    func testTooManyLocals() throws {
        let locals = F.u32(1) + F.u32(50_001) + [0x7F]
        let e = try XCTUnwrap(validationError(F.module(types: [F.void], functions: [(0, locals, [0x0B])]).bytes))
        XCTAssertEqual(e.code, .limitExceeded)
        XCTAssertEqual(e.kind, .invalid)
    }

    /// Bodies are checked in parallel; the error reported is still the one at the lowest offset.
    func testParallelValidationReportsTheFirstError() throws {
        let filler: [UInt8] = Array([[UInt8]](repeating: [0x41, 0x00, 0x1A], count: 40).joined()) + [0x0B]
        var functions = [(type: UInt32, locals: [UInt8], code: [UInt8])](repeating: (0, [0x00], filler), count: 3000)
        functions[2500].code = addMismatch
        functions[700].code = [0x20, 0x03, 0x1A, 0x0B]
        let m = F.module(types: [F.void], functions: functions)
        XCTAssertGreaterThan(m.bytes.count, 300_000)
        for threads in [1, 2, 4] {
            let e = try XCTUnwrap(validationError(m.bytes, threads: threads))
            XCTAssertEqual(e.path, ["code section", "func 700", "local.get"], "threads: \(threads)")
            XCTAssertEqual(e.offset, m.code[700])
        }
        functions[700].code = filler
        functions[2500].code = filler
        assertValidates(F.module(types: [F.void], functions: functions).bytes)
    }

    /// Frames render themselves; function frames are found by case, not by reading text back.
    func testFramesRender() {
        XCTAssertEqual(PathFrame.function(42, name: nil).description, "func 42")
        XCTAssertEqual(PathFrame.function(42, name: "with \"quotes\" and \\ backslash").description,
                       "func 42 \"with \\\"quotes\\\" and \\\\ backslash\"")
        XCTAssertEqual(PathFrame.item("core module", 3).description, "core module 3")
        XCTAssertEqual(PathFrame.quoted("export", "cache").description, "export \"cache\"")
        XCTAssertEqual(PathFrame.member("func", "get").description, "func get")
        XCTAssertEqual(PathFrame.section("code").description, "code section")
        XCTAssertEqual(PathFrame.component, "component")
        let path: [PathFrame] = [.section("code"), .function(7, name: "f"), .instruction("i32.add")]
        XCTAssertEqual(path.function?.index, 7)
        XCTAssertEqual(path.function?.name, "f")
        XCTAssertNil(([.text("func 7")] as [PathFrame]).function, "a text frame is not a function frame")
        XCTAssertEqual(path.rendered, "code section › func 7 \"f\" › i32.add")
    }
}
