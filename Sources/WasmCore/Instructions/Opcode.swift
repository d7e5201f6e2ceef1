import WasmBinary

// Hand-written companions of the generated opcode table (Instructions.generated.swift, which also defines
// ImmediateShape): the operand-type notation of signatures and encoding helpers. Immediates are decoded and encoded
// once per shape (OperatorReader.swift, InstructionWriter.swift), never per opcode.

/// An operand or result in an instruction signature.
public enum OperandType: UInt8, Hashable, Sendable {
    case i32 = 1, i64, f32, f64, v128
    /// The address type (i32 or i64) of the instruction's memory.
    case addr
    /// The address type (i32 or i64) of the instruction's table.
    case tableAddr
    /// `(ref null eq)`
    case eqref
    /// `(ref null i31)`
    case i31ref
    /// `(ref null array)`
    case arrayref
    /// `(ref i31)`
    case refI31

    /// The concrete value type, given the address types of the memory and table involved.
    public func valType(memory64: Bool = false, table64: Bool = false) -> ValType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        case .v128: .v128
        case .addr: memory64 ? .i64 : .i32
        case .tableAddr: table64 ? .i64 : .i32
        case .eqref: .ref(RefType(nullable: true, heapType: .abstract(.eq)))
        case .i31ref: .ref(RefType(nullable: true, heapType: .abstract(.i31)))
        case .arrayref: .ref(RefType(nullable: true, heapType: .abstract(.array)))
        case .refI31: .ref(RefType(nullable: false, heapType: .abstract(.i31)))
        }
    }
}

/// Up to six operand types packed in one word (no allocation): a signature side.
public struct OperandTypes: RandomAccessCollection, Hashable, Sendable {
    @usableFromInline let packed: UInt64

    @inlinable
    public init(_ a: OperandType? = nil, _ b: OperandType? = nil, _ c: OperandType? = nil,
                _ d: OperandType? = nil, _ e: OperandType? = nil, _ f: OperandType? = nil) {
        // Straight-line (no array) so generated signatures fold to constants.
        var p: UInt64 = 0
        var n: UInt64 = 0
        if let a {
            p |= UInt64(a.rawValue); n = 1
            if let b {
                p |= UInt64(b.rawValue) << 8; n = 2
                if let c {
                    p |= UInt64(c.rawValue) << 16; n = 3
                    if let d {
                        p |= UInt64(d.rawValue) << 24; n = 4
                        if let e {
                            p |= UInt64(e.rawValue) << 32; n = 5
                            if let f { p |= UInt64(f.rawValue) << 40; n = 6 }
                        }
                    }
                }
            }
        }
        packed = p | (n << 56)
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { Int(packed >> 56) }
    @inlinable public subscript(i: Int) -> OperandType {
        // Packed values always come from valid raw values; fall back to i32 defensively.
        OperandType(rawValue: UInt8(truncatingIfNeeded: packed >> (8 * UInt64(i)))) ?? .i32
    }
}

/// A fixed operand signature `params -> results` (for instructions whose typing needs no context beyond
/// the address types of their memory or table).
public struct Signature: Hashable, Sendable, CustomStringConvertible {
    public let params: OperandTypes
    public let results: OperandTypes
    @inlinable public init(_ params: OperandTypes, _ results: OperandTypes) {
        self.params = params
        self.results = results
    }

    public var description: String {
        func names(_ ts: OperandTypes) -> String { ts.map { "\($0)" }.joined(separator: " ") }
        return "[\(names(params))] -> [\(names(results))]"
    }
}

extension Opcode {
    /// Whether `byte` introduces a prefixed (multi-byte) opcode.
    @inlinable public static func isPrefix(_ byte: UInt8) -> Bool { byte >= 0xfb && byte <= 0xfe }

    /// The binary encoding of the opcode itself (without immediates).
    public var encodedBytes: [UInt8] {
        var w = ByteWriter(capacity: 4)
        w.opcode(self)
        return w.bytes
    }

    /// Looks an opcode up by its wasm-tools text name (the first row when a name is shared).
    public static func named(_ mnemonic: String) -> Opcode? { byMnemonic[mnemonic] }

    private static let byMnemonic: [String: Opcode] = {
        var d: [String: Opcode] = [:]
        for op in Opcode.allCases where d[op.mnemonic] == nil { d[op.mnemonic] = op }
        return d
    }()
}

extension ByteWriter {
    /// Writes an opcode (prefix byte and LEB128 sub-opcode for multi-byte opcodes).
    @inlinable
    public mutating func opcode(_ op: Opcode) {
        if let p = op.prefix {
            byte(p)
            let code = op.code
            if code < 0x80 { byte(UInt8(code)) } else { u32(code) }
        } else {
            byte(UInt8(truncatingIfNeeded: op.code))
        }
    }
}
