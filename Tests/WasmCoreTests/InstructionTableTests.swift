import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmCore

/// An instruction of `op` with non-trivial immediates of its shape (multi-byte LEBs, negative values).
func sample(_ op: Opcode) -> Instruction {
    let imm: Immediates
    switch op.shape {
    case .none, .zero: imm = .none
    case .label, .func, .type, .local, .global, .table, .memory, .tag, .elem, .data:
        imm = .index(op == .delegate || op == .rethrow ? 0 : 300)
    case .typeTable, .memoryMemory, .elemTable, .tableTable, .typeField, .typeSize, .typeElem, .typeType, .typeTag,
         .dataMemory, .typeData:
        imm = .indices(5, 70_000)
    case .memarg: imm = .memArg(MemArg(align: 2, offset: 1 << 33, memory: 3))
    case .memargLane: imm = .memArgLane(MemArg(align: 1, offset: 16), lane: 7)
    case .blockType: imm = .blockType(op == .if ? .value(.ref(RefType(nullable: false, heapType: .concrete(9)))) : .type(130))
    case .i32: imm = .i32(-123_456)
    case .i64: imm = .i64(.min)
    case .f32: imm = .f32(0x7FC0_0001)
    case .f64: imm = .f64(0xFFF8_0000_0000_0001)
    case .v128: imm = .v128(V128(low: 0x0123_4567_89AB_CDEF, high: 0xFEDC_BA98_7654_3210))
    case .shuffle: imm = .v128(V128(bytes: Array(0..<16).map { UInt8(31 - $0) }))
    case .lane: imm = .lane(15)
    case .brTable: imm = .brTable(targets: [0, 0, 0], default: 0)
    case .selectTypes: imm = .selectTypes([.ref(RefType(nullable: true, heapType: .abstract(.any, shared: true)))])
    case .heapType: imm = .heapType(.exact(2))
    case .brOnCast:
        imm = .brOnCast(label: 0, from: RefType(nullable: true, heapType: .abstract(.any)),
                        to: RefType(nullable: false, heapType: .concrete(3)))
    case .tryTable: imm = .tryTable(.value(.i32), [.one(tag: 1, label: 0), .oneRef(tag: 2, label: 0), .all(label: 0), .allRef(label: 0)])
    case .resume: imm = .resume(type: 2, tag: nil, handlers: [.onLabel(tag: 1, label: 0), .onSwitch(tag: 4)])
    case .resumeThrow: imm = .resume(type: 2, tag: 6, handlers: [.onSwitch(tag: 4)])
    case .orderingGlobal, .orderingTable, .orderingType: imm = .ordered(.acqRel, 3, field: nil)
    case .orderingTypeField: imm = .ordered(.seqCst, 3, field: 200)
    }
    return Instruction(op, imm)
}

/// A well-nested sequence containing `op` (without the final `end`), and the position of `op` in it.
func sequence(for op: Opcode) -> (code: [Instruction], at: Int) {
    let end = Instruction(.end)
    switch op {
    case .block, .loop, .if, .try, .tryTable: return ([sample(op), end], 0)
    case .else: return ([sample(.if), sample(op), end], 1)
    case .catch, .catchAll: return ([Instruction(.try, .blockType(.empty)), sample(op), end], 1)
    case .delegate: return ([Instruction(.try, .blockType(.empty)), sample(op)], 1)
    case .end: return ([Instruction(.block, .blockType(.empty)), end], 1)
    default: return ([sample(op)], 0)
    }
}

final class InstructionTableTests: XCTestCase {
    func testGeneratedFileIsUpToDate() throws {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        guard let python = paths.map({ URL(fileURLWithPath: String($0)).appendingPathComponent("python3") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else { return try Oracle.require(false, "python3 on PATH") }
        let r = try runProcess(python, [Repo.path("Sources/WasmCore/Instructions/generate.py"), "--check"])
        XCTAssertEqual(r.status, 0, "Instructions.generated.swift is stale: \(r.err)")
    }

    func testTableCoversEveryPrefixSpace() {
        XCTAssertEqual(Opcode.allCases.count, Opcode.count)
        XCTAssertEqual(Opcode.allCases.filter { $0.prefix == nil }.count, 206)
        XCTAssertEqual(Opcode.allCases.filter { $0.prefix == 0xFD }.count, 256)  // 236 SIMD + 20 relaxed
        XCTAssertEqual(Opcode.allCases.filter { $0.prefix == 0xFE }.count, 103)  // 67 threads + 36 shared-everything
        XCTAssertEqual(Opcode.allCases.filter { $0.prefix == 0xFB }.count, 38)
        XCTAssertEqual(Opcode.allCases.filter { $0.prefix == 0xFC }.count, 23)
    }

    func testDispatchFindsEveryOpcode() {
        for op in Opcode.allCases {
            if let p = op.prefix {
                XCTAssertEqual(Opcode.prefixed(p, op.code), op, op.mnemonic)
                XCTAssertTrue(Opcode.isPrefix(p))
            } else {
                XCTAssertEqual(Opcode.single(UInt8(op.code)), op, op.mnemonic)
            }
        }
        // Unassigned encodings stay illegal.
        for b: UInt8 in [0x16, 0x17, 0x1d, 0x1e, 0x27, 0xc5, 0xcf, 0xd7, 0xe7, 0xfa, 0xff] {
            XCTAssertNil(Opcode.single(b), "0x\(String(b, radix: 16))")
        }
        XCTAssertNil(Opcode.prefixed(0xFD, 0x9A))
        XCTAssertNil(Opcode.prefixed(0xFC, 23))
        XCTAssertNil(Opcode.prefixed(0xFE, 0x04))
    }

    func testMetadata() {
        XCTAssertEqual(Opcode.i32Add.mnemonic, "i32.add")
        XCTAssertEqual(Opcode.i32Add.signature, Signature(OperandTypes(.i32, .i32), OperandTypes(.i32)))
        XCTAssertEqual(Opcode.memoryGrow.signature, Signature(OperandTypes(.addr), OperandTypes(.addr)))
        XCTAssertEqual(Opcode.i64Add128.signature?.params.count, 4)
        XCTAssertEqual(Opcode.i64Add128.signature?.results.map { $0 }, [.i64, .i64])
        XCTAssertNil(Opcode.call.signature)
        XCTAssertEqual(Opcode.i64Load32U.naturalAlignment, 2)
        XCTAssertEqual(Opcode.v128Load.naturalAlignment, 4)
        XCTAssertEqual(Opcode.v128Load64Lane.naturalAlignment, 3)
        XCTAssertEqual(Opcode.i32AtomicRmw16CmpxchgU.naturalAlignment, 1)
        XCTAssertEqual(Opcode.i32AtomicRmw16CmpxchgU.signature,
                       Signature(OperandTypes(.addr, .i32, .i32), OperandTypes(.i32)))
        XCTAssertEqual(Opcode.tableSize.signature, Signature(OperandTypes(), OperandTypes(.tableAddr)))
        XCTAssertEqual(Opcode.f32x4RelaxedMadd.feature, .relaxedSimd)
        XCTAssertEqual(Opcode.memoryFill.feature, .bulkMemoryOpt)
        XCTAssertEqual(Opcode.i32Add.feature, [])
        XCTAssertEqual(Opcode.refTestNullable.mnemonic, "ref.test")
        XCTAssertEqual(Opcode.named("i8x16.shuffle"), .i8x16Shuffle)
        XCTAssertEqual(Opcode.memoryCopy.encodedBytes, [0xFC, 0x0A])
        XCTAssertEqual(Opcode.i32x4RelaxedDotI8x16I7x16AddS.encodedBytes, [0xFD, 0x93, 0x02])
        XCTAssertEqual(Opcode.i16x8ExtractLaneS.laneCount, 8)
        XCTAssertEqual(Opcode.v128Load64Lane.laneCount, 2)
        XCTAssertEqual(Opcode.i8x16Shuffle.laneCount, 32)
        XCTAssertEqual(Opcode.i32Add.laneCount, 0)
        XCTAssertTrue(Opcode.end.isStructural)
        XCTAssertFalse(Opcode.br.isStructural)
    }

    /// Every instruction, with demanding immediates, survives write → OperatorReader → Instruction.
    func testEveryInstructionRoundTrips() throws {
        for op in Opcode.allCases {
            let (code, _) = sequence(for: op)
            var w = ByteWriter()
            w.instructions(code)
            w.opcode(.end)
            let decoded = try Instruction.decodeAll(ByteSlice(copying: w.bytes))
            XCTAssertEqual(decoded, code + [Instruction(.end)], op.mnemonic)
        }
    }

    /// The mnemonics are the names wasm-tools prints (one function per opcode). The module is committed
    /// (fixture `opcodes.wasm`) with what `wasm-tools print` makes of it (`opcodes.print.expected`,
    /// refreshed by testdata/regenerate); when the table changes, rewrite the module with
    /// `WCOMP_WRITE_FIXTURES=1 swift test --filter testMnemonicsMatchWasmTools`, then run testdata/regenerate.
    func testMnemonicsMatchWasmTools() throws {
        let ops = Opcode.allCases
        var bodies: [FunctionBody] = []
        for op in ops {
            bodies.append(FunctionBody(code: .instructions(sequence(for: op).code)))
        }
        let module = Module(sections: [
            .type([RecGroup(SubType(composite: CompositeType(.func(FuncType(params: [], results: [])))))]),
            .function(Array(repeating: 0, count: ops.count)),
            .code(bodies),
        ]).encode()
        if ProcessInfo.processInfo.environment["WCOMP_WRITE_FIXTURES"] == "1" {
            try Data(module).write(to: URL(fileURLWithPath: fixturePath("opcodes.wasm")))
        }
        XCTAssertTrue(try fixture("opcodes") == module,
                       "the instruction table changed: rewrite fixture opcodes.wasm (see above) and run testdata/regenerate")
        let printed = try Fixture.text("WasmCoreTests/InstructionTableTests/opcodes.print.expected")
        // Split the printed text into per-function instruction lines.
        var functions: [[String]] = []
        for line in printed.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("(func ") { functions.append([]); continue }
            if t == ")" || t.hasPrefix("(type") || t.hasPrefix("(module") { continue }
            if !functions.isEmpty { functions[functions.count - 1].append(t) }
        }
        XCTAssertEqual(functions.count, ops.count)
        for (i, op) in ops.enumerated() where i < functions.count {
            let at = sequence(for: op).at
            guard at < functions[i].count else {
                XCTFail("\(op.mnemonic): printed \(functions[i])")
                continue
            }
            let printed = functions[i][at].split(separator: " ").first.map(String.init) ?? ""
            XCTAssertEqual(printed, op.mnemonic, "opcode \(op.encodedBytes): \(functions[i][at])")
        }
    }
}
