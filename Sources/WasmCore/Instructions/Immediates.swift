import WasmBinary

// Value types for instruction immediates, shared by the streaming Operator and the owned Instruction.

/// The type of a block: no results, one result, or a function type index.
public enum BlockType: Hashable, Sendable {
    case empty
    case value(ValType)
    case type(UInt32)
}

/// A memory access immediate.
public struct MemArg: Hashable, Sendable {
    /// log2 of the alignment, as encoded (validation checks it against the natural alignment).
    public var align: UInt32
    public var offset: UInt64
    public var memory: UInt32
    /// Whether the memory index was written explicitly (flag bit 6). Kept so that an explicit index 0
    /// re-encodes as written; always true when `memory != 0`.
    public var hasMemoryIndex: Bool

    public init(align: UInt32, offset: UInt64, memory: UInt32 = 0, hasMemoryIndex: Bool? = nil) {
        self.align = align
        self.offset = offset
        self.memory = memory
        self.hasMemoryIndex = hasMemoryIndex ?? (memory != 0)
    }
}

/// Memory ordering of shared-everything-threads atomics.
public enum Ordering: UInt8, Hashable, Sendable {
    case seqCst = 0
    case acqRel = 1

    public var name: String { self == .seqCst ? "seq_cst" : "acq_rel" }
}

/// A `try_table` catch clause.
public enum Catch: Hashable, Sendable {
    case one(tag: UInt32, label: UInt32)
    case oneRef(tag: UInt32, label: UInt32)
    case all(label: UInt32)
    case allRef(label: UInt32)

    public var label: UInt32 {
        switch self {
        case .one(_, let l), .oneRef(_, let l), .all(let l), .allRef(let l): l
        }
    }
}

/// A stack-switching resume table entry.
public enum ResumeHandler: Hashable, Sendable {
    case onLabel(tag: UInt32, label: UInt32)
    case onSwitch(tag: UInt32)
}

/// A 128-bit immediate (v128.const, shuffle lanes), little-endian halves.
public struct V128: Hashable, Sendable {
    public var low: UInt64
    public var high: UInt64
    public init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// The 16 bytes, lowest first.
    public var bytes: [UInt8] {
        (0..<16).map { i in UInt8(truncatingIfNeeded: (i < 8 ? low : high) >> (8 * UInt64(i & 7))) }
    }

    public init(bytes: [UInt8]) {
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        for (i, b) in bytes.prefix(16).enumerated() {
            if i < 8 { lo |= UInt64(b) << (8 * UInt64(i)) } else { hi |= UInt64(b) << (8 * UInt64(i - 8)) }
        }
        self.init(low: lo, high: hi)
    }
}

/// One instruction as the streaming ``OperatorReader`` yields it: plain values only (no allocation, no
/// reference counting). Which fields are meaningful depends on `opcode.shape`; use the typed accessors.
/// Variable-length immediates (br_table targets, select types, catch clauses, resume handlers) are not
/// copied: `count` and `listOffset` locate them and the reader decodes them on demand.
public struct Operator: Sendable {
    public var opcode: Opcode
    /// Bit 0: memarg has an explicit memory index. Bits 1-2: ordering.
    @usableFromInline var flags: UInt8 = 0
    /// Lane immediate (`lane`, `memargLane` shapes).
    public var lane: UInt8 = 0
    /// The first index immediate: the index of single-index shapes, the first of two-index shapes, the
    /// label of `br_on_cast`, the default label of `br_table`, the memory of a memarg, the continuation
    /// type of `resume`, the count of `array.new_fixed`'s type (`typeSize`: type, then size in `index2`).
    public var index: UInt32 = 0
    /// The second index immediate (field, source, table, memory, size, tag; memarg alignment).
    public var index2: UInt32 = 0
    /// Number of items in the variable-length immediate, if any.
    public var count: UInt32 = 0
    /// Absolute offset of the opcode's first byte.
    public var offset: Int
    /// Absolute offset of the first item of the variable-length immediate.
    public var listOffset: Int = 0
    /// Constant bits (i32/i64 sign-extended, f32/f64 bit patterns, v128 low half) or the memarg offset.
    public var bits: UInt64 = 0
    /// v128 high half.
    public var bits2: UInt64 = 0
    public var blockType: BlockType = .empty
    /// `heapType` shapes: the type (nullability from the opcode); `brOnCast`: the source type.
    public var refType: RefType = .funcref
    /// `brOnCast`: the target type.
    public var refType2: RefType = .funcref

    @inlinable
    public init(opcode: Opcode, offset: Int) {
        self.opcode = opcode
        self.offset = offset
    }

    @inlinable public var memArg: MemArg {
        MemArg(align: index2, offset: bits, memory: index, hasMemoryIndex: flags & 1 != 0)
    }
    @inlinable public var i32: Int32 { Int32(truncatingIfNeeded: bits) }
    @inlinable public var i64: Int64 { Int64(bitPattern: bits) }
    @inlinable public var f32Bits: UInt32 { UInt32(truncatingIfNeeded: bits) }
    @inlinable public var f64Bits: UInt64 { bits }
    @inlinable public var v128: V128 { V128(low: bits, high: bits2) }
    @inlinable public var heapType: HeapType { refType.heapType }
    @inlinable public var ordering: Ordering { flags & 2 != 0 ? .acqRel : .seqCst }
}
