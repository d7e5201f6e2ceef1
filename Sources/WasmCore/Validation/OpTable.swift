// Per-opcode facts the validator needs on every instruction, flattened out of the generated instruction
// table (Instructions.generated.swift) into one array indexed by `Opcode.rawValue`: the feature gate, the
// fixed signature (for the ~480 instructions whose typing needs no special rule), the natural alignment of
// memory accesses and the lane count of SIMD lane immediates.

struct OpInfo {
    /// `Features.rawValue` of the gating feature (0 for the MVP).
    var feature: UInt64
    /// `OperandTypes` packings of the signature (valid when `hasSignature`).
    var params: UInt64
    var results: UInt64
    var hasSignature: Bool
    /// Typed by its signature alone (reference instructions with signatures still take the special path).
    var generic: Bool
    /// Whether the signature mentions f32 or f64 (gated by the `floats` feature).
    var usesFloats: Bool
    /// An atomic memory access (alignment must equal the natural alignment).
    var isAtomic: Bool
    /// log2 of the natural alignment.
    var align: UInt8
    /// Number of lanes for lane immediates (0: none).
    var lanes: UInt8
}

enum OpTable {
    /// One entry per opcode, by raw value. Allocated once and never freed (it is process-wide constant data).
    nonisolated(unsafe) static let info: UnsafeMutablePointer<OpInfo> = {
        let p = UnsafeMutablePointer<OpInfo>.allocate(capacity: Opcode.allCases.count)
        for op in Opcode.allCases {
            let sig = op.signature
            var floats = false
            if let sig {
                for t in sig.params where t == .f32 || t == .f64 { floats = true }
                for t in sig.results where t == .f32 || t == .f64 { floats = true }
            }
            (p + Int(op.rawValue)).initialize(to: OpInfo(
                feature: op.feature.rawValue,
                params: sig?.params.packed ?? 0,
                results: sig?.results.packed ?? 0,
                hasSignature: sig != nil,
                generic: sig != nil && ![.refEq, .arrayLen, .refI31, .i31GetS, .i31GetU].contains(op),
                usesFloats: floats,
                isAtomic: op.prefix == 0xfe && (op.shape == .memarg),
                align: op.naturalAlignment,
                lanes: laneCount(op)))
        }
        return p
    }()

    static func laneCount(_ op: Opcode) -> UInt8 {
        switch op.shape {
        case .lane:
            let m = op.mnemonic
            if m.hasPrefix("i8x16") { return 16 }
            if m.hasPrefix("i16x8") { return 8 }
            if m.hasPrefix("i32x4") || m.hasPrefix("f32x4") { return 4 }
            if m.hasPrefix("i64x2") || m.hasPrefix("f64x2") { return 2 }
            return 16
        case .memargLane:
            // v128.load8_lane etc: 128 / access width.
            return UInt8(16 >> Int(op.naturalAlignment))
        case .shuffle:
            return 32
        default:
            return 0
        }
    }
}

extension OperandType {
    /// The validator type of a signature operand, given the address types of the memory and table involved.
    @inline(__always)
    func vt(memory64: Bool, table64: Bool) -> VT {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        case .v128: .v128
        case .addr: memory64 ? .i64 : .i32
        case .tableAddr: table64 ? .i64 : .i32
        case .eqref: .eqref
        case .i31ref: .i31ref
        case .arrayref: .arrayref
        case .refI31: .ref(nullable: false, abstract: .i31)
        }
    }
}
