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
    public var offset: UInt64
    /// log2 of the alignment, as encoded (validation checks it against the natural alignment).
    public var align: UInt32
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

/// One instruction as the streaming ``OperatorReader`` yields it: 48 bytes of plain values (no allocation,
/// no reference counting). Which fields are meaningful depends on `opcode.shape`; use the typed accessors.
/// Variable-length immediates (br_table targets, select types, catch clauses, resume handlers) are not
/// copied: `count` and `listOffset` locate them and the reader decodes them on demand.
public struct Operator: Sendable {
    public var opcode: Opcode
    /// Bit 0: memarg has an explicit memory index. Bit 1: acq_rel ordering. Bits 2-3: block type kind.
    @usableFromInline var flags: UInt8 = 0
    /// Lane immediate (`lane`, `memargLane` shapes).
    public var lane: UInt8 = 0
    /// The first index immediate: the index of single-index shapes, the first of two-index shapes, the
    /// label of `br_on_cast`, the default label of `br_table`, the memory of a memarg, the type index of a
    /// block type, the continuation type of `resume`.
    public var index: UInt32 = 0
    /// The second index immediate (field, source, table, memory, size, tag; memarg alignment).
    public var index2: UInt32 = 0
    /// Number of items in the variable-length immediate, if any.
    public var count: UInt32 = 0
    /// Absolute offset of the opcode's first byte.
    public var offset: Int
    /// Absolute offset of the first item of the variable-length immediate.
    public var listOffset: Int = 0
    /// Constant bits (i32/i64 sign-extended, f32/f64 bit patterns, v128 low half), the memarg offset, or a
    /// packed value/reference type (block types, heap types, `br_on_cast` source).
    public var bits: UInt64 = 0
    /// v128 high half, or the packed `br_on_cast` target type.
    public var bits2: UInt64 = 0

    @inlinable @inline(__always)
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
    @inlinable public var ordering: Ordering { flags & 2 != 0 ? .acqRel : .seqCst }

    /// The block type of `block`, `loop`, `if`, `try` and `try_table`.
    @inlinable public var blockType: BlockType {
        get {
            switch flags & 0b1100 {
            case 0b0100: .value(ValType(packed: bits))
            case 0b1000: .type(index)
            default: .empty
            }
        }
        set {
            flags &= ~0b1100
            switch newValue {
            case .empty: break
            case .value(let v): flags |= 0b0100; bits = v.packed
            case .type(let i): flags |= 0b1000; index = i
            }
        }
    }

    /// `heapType` shapes: the reference type (nullability from the opcode); `brOnCast`: the source type.
    @inlinable public var refType: RefType {
        get { RefType(packed: bits) }
        set { bits = newValue.packed }
    }
    /// `brOnCast`: the target type.
    @inlinable public var refType2: RefType {
        get { RefType(packed: bits2) }
        set { bits2 = newValue.packed }
    }
    /// The heap type of `ref.null`, `ref.test`, `ref.cast`.
    @inlinable public var heapType: HeapType { refType.heapType }
}

// Allocation-free packings of types into 64 bits, for Operator.

extension HeapType {
    /// Bits 0-31: type index or abstract heap type byte; bits 32-33: 0 abstract, 1 concrete, 2 exact;
    /// bit 34: shared.
    @inlinable public var packed: UInt64 {
        switch self {
        case .abstract(let t, let shared): UInt64(t.rawValue) | (shared ? 1 << 34 : 0)
        case .concrete(let i): UInt64(i) | 1 << 32
        case .exact(let i): UInt64(i) | 2 << 32
        }
    }

    @inlinable public init(packed p: UInt64) {
        let low = UInt32(truncatingIfNeeded: p)
        switch (p >> 32) & 3 {
        case 1: self = .concrete(low)
        case 2: self = .exact(low)
        default:
            self = .abstract(AbstractHeapType(rawValue: UInt8(truncatingIfNeeded: low)) ?? .func,
                             shared: p & (1 << 34) != 0)
        }
    }
}

extension RefType {
    /// The heap type's packing plus bit 35 for nullable.
    @inlinable public var packed: UInt64 { heapType.packed | (nullable ? 1 << 35 : 0) }
    @inlinable public init(packed p: UInt64) {
        self.init(nullable: p & (1 << 35) != 0, heapType: HeapType(packed: p))
    }
}

extension ValType {
    /// Bits 0-2: 1 i32, 2 i64, 3 f32, 4 f64, 5 v128, 6 ref; for references the RefType packing above bit 8.
    @inlinable public var packed: UInt64 {
        switch self {
        case .i32: 1
        case .i64: 2
        case .f32: 3
        case .f64: 4
        case .v128: 5
        case .ref(let r): 6 | r.packed << 8
        }
    }
    @inlinable public init(packed p: UInt64) {
        switch p & 7 {
        case 1: self = .i32
        case 2: self = .i64
        case 3: self = .f32
        case 4: self = .f64
        case 5: self = .v128
        default: self = .ref(RefType(packed: p >> 8))
        }
    }
}
