import WasmBinary

/// An owned, comparable instruction: for the module model, round trips and tools that build code.
/// (The validator reads code through ``OperatorReader`` and never materializes these.)
public struct Instruction: Hashable, Sendable, CustomStringConvertible {
    public var opcode: Opcode
    public var immediates: Immediates

    public init(_ opcode: Opcode, _ immediates: Immediates = .none) {
        self.opcode = opcode
        self.immediates = immediates
    }

    public var description: String {
        immediates == .none ? opcode.mnemonic : "\(opcode.mnemonic) \(immediates)"
    }
}

/// Immediate operands, one case per family of ``ImmediateShape``.
public enum Immediates: Hashable, Sendable {
    case none
    /// Single-index shapes (label, func, type, local, global, table, memory, tag, data, elem).
    case index(UInt32)
    /// Two-index shapes, in encoding order (e.g. type then table; type then field; data then memory).
    case indices(UInt32, UInt32)
    case blockType(BlockType)
    case brTable(targets: [UInt32], default: UInt32)
    case memArg(MemArg)
    case memArgLane(MemArg, lane: UInt8)
    case i32(Int32)
    case i64(Int64)
    /// The bit pattern (NaN payloads are preserved).
    case f32(UInt32)
    case f64(UInt64)
    /// `v128.const` value or `i8x16.shuffle` lanes.
    case v128(V128)
    case lane(UInt8)
    case selectTypes([ValType])
    /// The heap type of `ref.null`, `ref.test`, `ref.cast` (nullability is part of the opcode).
    case heapType(HeapType)
    indirect case brOnCast(label: UInt32, from: RefType, to: RefType)
    indirect case tryTable(BlockType, [Catch])
    /// `resume`/`resume_throw_ref` (tag nil) and `resume_throw`.
    indirect case resume(type: UInt32, tag: UInt32?, handlers: [ResumeHandler])
    /// Shared-everything atomics: ordering, index, and a field index for struct accesses.
    case ordered(Ordering, UInt32, field: UInt32?)
}

extension OperatorReader {
    /// The owned form of `op` (materializes variable-length immediates from this reader's bytes).
    public func instruction(_ op: Operator) -> Instruction {
        // The common shapes first, by bit test (see `next()`).
        let bit = UInt64(1) << UInt64(op.opcode.shape.rawValue)
        if bit == OperatorReader.noImmediates { return Instruction(op.opcode, .none) }
        if bit & OperatorReader.oneIndex != 0 { return Instruction(op.opcode, .index(op.index)) }
        if bit == OperatorReader.i32Constant { return Instruction(op.opcode, .i32(op.i32)) }
        if bit == OperatorReader.memoryAccess { return Instruction(op.opcode, .memArg(op.memArg)) }
        let imm: Immediates
        switch op.opcode.shape {
        case .none, .zero: imm = .none
        case .label, .func, .type, .local, .global, .table, .memory, .tag, .elem, .data: imm = .index(op.index)
        case .typeTable, .memoryMemory, .elemTable, .tableTable, .typeField, .typeSize, .typeElem, .typeType,
             .typeTag, .dataMemory, .typeData:
            imm = .indices(op.index, op.index2)
        case .memarg: imm = .memArg(op.memArg)
        case .memargLane: imm = .memArgLane(op.memArg, lane: op.lane)
        case .blockType: imm = .blockType(op.blockType)
        case .i32: imm = .i32(op.i32)
        case .i64: imm = .i64(op.i64)
        case .f32: imm = .f32(op.f32Bits)
        case .f64: imm = .f64(op.f64Bits)
        case .v128, .shuffle: imm = .v128(op.v128)
        case .lane: imm = .lane(op.lane)
        case .brTable: imm = .brTable(targets: Array(brTableTargets(op)), default: op.index)
        case .selectTypes: imm = .selectTypes(Array(selectTypes(op)))
        case .heapType: imm = .heapType(op.heapType)
        case .brOnCast: imm = .brOnCast(label: op.index, from: op.refType, to: op.refType2)
        case .tryTable: imm = .tryTable(op.blockType, Array(catches(op)))
        case .resume: imm = .resume(type: op.index, tag: nil, handlers: Array(resumeHandlers(op)))
        case .resumeThrow: imm = .resume(type: op.index, tag: op.index2, handlers: Array(resumeHandlers(op)))
        case .orderingGlobal, .orderingTable, .orderingType: imm = .ordered(op.ordering, op.index, field: nil)
        case .orderingTypeField: imm = .ordered(op.ordering, op.index, field: op.index2)
        }
        return Instruction(op.opcode, imm)
    }
}

extension Instruction {
    /// Decodes a whole instruction sequence (including its final `end`).
    public static func decodeAll(_ code: ByteSlice, requireDataCount: Bool = false) throws(WasmError) -> [Instruction] {
        var ops = OperatorReader(code, requireDataCount: requireDataCount)
        var out: [Instruction] = []
        out.reserveCapacity(code.count / 2)
        while let op = try ops.next() { out.append(ops.instruction(op)) }
        return out
    }
}

extension ByteWriter {
    /// Writes one instruction: its opcode, then its immediates as its shape prescribes. Immediates that do
    /// not match the shape are written as zeros (the writer never traps on a malformed model).
    public mutating func instruction(_ i: Instruction) {
        opcode(i.opcode)
        let imm = i.immediates
        // The common shapes first, by bit test rather than a (mispredicting) jump table.
        let bit = UInt64(1) << UInt64(i.opcode.shape.rawValue)
        if bit == OperatorReader.noImmediates { return }
        if bit & OperatorReader.oneIndex != 0, case .index(let x) = imm {
            if x < 0x80 { return byte(UInt8(x)) }
            return u32(x)
        }
        if bit == OperatorReader.i32Constant, case .i32(let v) = imm { return s32(v) }
        if bit == OperatorReader.memoryAccess, case .memArg(let m) = imm { return memArg(m) }
        switch i.opcode.shape {
        case .none:
            break
        case .zero:
            byte(0)
        case .label, .func, .type, .local, .global, .table, .memory, .tag, .elem, .data:
            if case .index(let x) = imm { u32(x) } else { u32(0) }
        case .typeTable, .memoryMemory, .elemTable, .tableTable, .typeField, .typeSize, .typeElem, .typeType,
             .typeTag, .dataMemory, .typeData:
            if case .indices(let x, let y) = imm { u32(x); u32(y) } else { u32(0); u32(0) }
        case .memarg:
            if case .memArg(let m) = imm { memArg(m) } else { memArg(MemArg(align: 0, offset: 0)) }
        case .memargLane:
            if case .memArgLane(let m, let lane) = imm { memArg(m); byte(lane) } else { memArg(MemArg(align: 0, offset: 0)); byte(0) }
        case .blockType:
            if case .blockType(let bt) = imm { blockType(bt) } else { blockType(.empty) }
        case .i32:
            if case .i32(let v) = imm { s32(v) } else { s32(0) }
        case .i64:
            if case .i64(let v) = imm { s64(v) } else { s64(0) }
        case .f32:
            if case .f32(let v) = imm { fixedU32(v) } else { fixedU32(0) }
        case .f64:
            if case .f64(let v) = imm { fixedU64(v) } else { fixedU64(0) }
        case .v128, .shuffle:
            let v: V128
            if case .v128(let x) = imm { v = x } else { v = V128(low: 0, high: 0) }
            fixedU64(v.low)
            fixedU64(v.high)
        case .lane:
            if case .lane(let l) = imm { byte(l) } else { byte(0) }
        case .brTable:
            if case .brTable(let targets, let d) = imm {
                vector(targets) { $0.u32($1) }
                u32(d)
            } else {
                u32(0); u32(0)
            }
        case .selectTypes:
            if case .selectTypes(let ts) = imm { vector(ts) { $0.valType($1) } } else { u32(0) }
        case .heapType:
            if case .heapType(let h) = imm { heapType(h) } else { heapType(.abstract(.func)) }
        case .brOnCast:
            if case .brOnCast(let label, let from, let to) = imm {
                byte((from.nullable ? 1 : 0) | (to.nullable ? 2 : 0))
                u32(label)
                heapType(from.heapType)
                heapType(to.heapType)
            } else {
                byte(0); u32(0); heapType(.abstract(.any)); heapType(.abstract(.any))
            }
        case .tryTable:
            if case .tryTable(let bt, let catches) = imm {
                blockType(bt)
                vector(catches) { $0.catchClause($1) }
            } else {
                blockType(.empty); u32(0)
            }
        case .resume, .resumeThrow:
            if case .resume(let type, let tag, let handlers) = imm {
                u32(type)
                if i.opcode.shape == .resumeThrow { u32(tag ?? 0) }
                vector(handlers) { $0.resumeHandler($1) }
            } else {
                u32(0)
                if i.opcode.shape == .resumeThrow { u32(0) }
                u32(0)
            }
        case .orderingGlobal, .orderingTable, .orderingType, .orderingTypeField:
            if case .ordered(let ord, let x, let field) = imm {
                byte(ord.rawValue)
                u32(x)
                if i.opcode.shape == .orderingTypeField { u32(field ?? 0) }
            } else {
                byte(0); u32(0)
                if i.opcode.shape == .orderingTypeField { u32(0) }
            }
        }
    }

    /// Writes a sequence of instructions.
    public mutating func instructions(_ list: [Instruction]) {
        for i in list { instruction(i) }
    }

    public mutating func memArg(_ m: MemArg) {
        if m.hasMemoryIndex || m.memory != 0 {
            u32(m.align | 0x40)
            u32(m.memory)
        } else {
            u32(m.align)
        }
        u64(m.offset)
    }

    public mutating func blockType(_ bt: BlockType) {
        switch bt {
        case .empty: byte(0x40)
        case .value(let v): valType(v)
        case .type(let i): s33(Int64(i))
        }
    }

    public mutating func catchClause(_ c: Catch) {
        switch c {
        case .one(let tag, let label): byte(0); u32(tag); u32(label)
        case .oneRef(let tag, let label): byte(1); u32(tag); u32(label)
        case .all(let label): byte(2); u32(label)
        case .allRef(let label): byte(3); u32(label)
        }
    }

    public mutating func resumeHandler(_ h: ResumeHandler) {
        switch h {
        case .onLabel(let tag, let label): byte(0); u32(tag); u32(label)
        case .onSwitch(let tag): byte(1); u32(tag)
        }
    }
}
