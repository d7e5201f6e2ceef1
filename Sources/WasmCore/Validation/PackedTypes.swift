// The validator's value types: 32-bit packed, with concrete heap types as canonical type ids (see
// `CanonicalTypes`), so that type equality is integer equality and the operand stack is a flat array of
// words. Nothing here allocates.
//
//   bits 0-2   kind: 0 bottom (unknown, from unreachable code), 1 i32, 2 i64, 3 f32, 4 f64, 5 v128, 6 ref,
//              7 "some reference" (unreachable code; bits 8+ hold an abstract heap code + 1, or 0)
//   bit 3      nullable
//   bit 4      concrete (bits 8+ are a canonical type id; otherwise an abstract heap code)
//   bit 5      exact (custom descriptors)
//   bit 6      shared (abstract heap types)
//   bits 8-31  canonical type id or abstract heap code
//
// Storage types of fields add two non-value kinds: i8 and i16 (see `VT.i8`, `VT.i16`).

/// Abstract heap types numbered densely (the order is private to the validator).
package enum AbsHeap: UInt32, CaseIterable {
    case `func` = 0, extern, any, eq, i31, `struct`, array, exn, cont, none, noextern, nofunc, noexn, nocont

    package init(_ t: AbstractHeapType) {
        switch t {
        case .func: self = .func
        case .extern: self = .extern
        case .any: self = .any
        case .eq: self = .eq
        case .i31: self = .i31
        case .struct: self = .struct
        case .array: self = .array
        case .exn: self = .exn
        case .cont: self = .cont
        case .none: self = .none
        case .noextern: self = .noextern
        case .nofunc: self = .nofunc
        case .noexn: self = .noexn
        case .nocont: self = .nocont
        }
    }

    package var model: AbstractHeapType {
        switch self {
        case .func: .func
        case .extern: .extern
        case .any: .any
        case .eq: .eq
        case .i31: .i31
        case .struct: .struct
        case .array: .array
        case .exn: .exn
        case .cont: .cont
        case .none: .none
        case .noextern: .noextern
        case .nofunc: .nofunc
        case .noexn: .noexn
        case .nocont: .nocont
        }
    }

    /// The top of this type's hierarchy (func, extern, any, exn or cont).
    var top: AbsHeap {
        switch self {
        case .func, .nofunc: .func
        case .extern, .noextern: .extern
        case .any, .eq, .i31, .struct, .array, .none: .any
        case .exn, .noexn: .exn
        case .cont, .nocont: .cont
        }
    }

    /// The bottom of this type's hierarchy.
    var bottom: AbsHeap {
        switch top {
        case .func: .nofunc
        case .extern: .noextern
        case .exn: .noexn
        case .cont: .nocont
        default: .none
        }
    }

    /// Abstract heap subtyping.
    func isSubtype(of b: AbsHeap) -> Bool {
        if self == b { return true }
        switch (self, b) {
        case (.eq, .any), (.i31, .any), (.struct, .any), (.array, .any), (.none, .any): return true
        case (.i31, .eq), (.struct, .eq), (.array, .eq), (.none, .eq): return true
        case (.none, .i31), (.none, .struct), (.none, .array): return true
        case (.noextern, .extern), (.nofunc, .func), (.noexn, .exn), (.nocont, .cont): return true
        default: return false
        }
    }

    package var name: String { model.name }
}

/// A packed value type (see the file comment).
package struct VT: Hashable, Sendable, CustomStringConvertible {
    package var raw: UInt32

    @inline(__always) package init(raw: UInt32) { self.raw = raw }

    static let bottom = VT(raw: 0)
    package static let i32 = VT(raw: 1)
    package static let i64 = VT(raw: 2)
    package static let f32 = VT(raw: 3)
    package static let f64 = VT(raw: 4)
    package static let v128 = VT(raw: 5)
    /// Storage type i8 (fields only).
    package static let i8 = VT(raw: 0x100)
    /// Storage type i16 (fields only).
    package static let i16 = VT(raw: 0x200)

    static let kindRef: UInt32 = 6
    static let kindUnknownRef: UInt32 = 7
    static let nullableBit: UInt32 = 1 << 3
    static let concreteBit: UInt32 = 1 << 4
    static let exactBit: UInt32 = 1 << 5
    static let sharedBit: UInt32 = 1 << 6
    /// The largest canonical type id a VT can hold.
    static let maxTypeID: UInt32 = (1 << 24) - 1

    @inline(__always) var kind: UInt32 { raw & 7 }
    @inline(__always) var isBottom: Bool { raw == 0 }
    @inline(__always) package var isRef: Bool { kind == VT.kindRef }
    /// A known reference type, or the partially known "some reference" of unreachable code.
    @inline(__always) var isRefLike: Bool { kind >= VT.kindRef }
    @inline(__always) var isUnknownRef: Bool { kind == VT.kindUnknownRef }
    @inline(__always) var isNumeric: Bool { kind >= 1 && kind <= 5 && raw < 0x100 }
    @inline(__always) package var nullable: Bool { raw & VT.nullableBit != 0 }
    @inline(__always) package var isConcrete: Bool { raw & VT.concreteBit != 0 }
    @inline(__always) package var isExact: Bool { raw & VT.exactBit != 0 }
    @inline(__always) package var abstractShared: Bool { raw & VT.sharedBit != 0 }
    /// The canonical type id of a concrete reference.
    @inline(__always) package var typeID: UInt32 { raw >> 8 }
    /// The abstract heap type of an abstract reference.
    package var abstract: AbsHeap { AbsHeap(rawValue: (raw >> 8) & 0xF) ?? .any }
    /// The abstract heap type known for a "some reference" value.
    var unknownAbstract: AbsHeap? { raw >> 8 == 0 ? nil : AbsHeap(rawValue: (raw >> 8) - 1) }

    package static func ref(nullable: Bool, abstract: AbsHeap, shared: Bool = false) -> VT {
        VT(raw: kindRef | (nullable ? nullableBit : 0) | (shared ? sharedBit : 0) | (abstract.rawValue << 8))
    }

    package static func ref(nullable: Bool, typeID: UInt32, exact: Bool = false) -> VT {
        VT(raw: kindRef | (nullable ? nullableBit : 0) | concreteBit | (exact ? exactBit : 0) | (typeID << 8))
    }

    static func unknownRef(_ abstract: AbsHeap?) -> VT {
        VT(raw: kindUnknownRef | ((abstract.map { $0.rawValue + 1 } ?? 0) << 8))
    }

    static let funcref = VT.ref(nullable: true, abstract: .func)
    static let externref = VT.ref(nullable: true, abstract: .extern)
    static let anyref = VT.ref(nullable: true, abstract: .any)
    static let eqref = VT.ref(nullable: true, abstract: .eq)
    static let exnref = VT.ref(nullable: true, abstract: .exn)
    static let arrayref = VT.ref(nullable: true, abstract: .array)
    static let i31ref = VT.ref(nullable: true, abstract: .i31)

    func withNullable(_ n: Bool) -> VT {
        guard isRef else { return self }
        return VT(raw: n ? raw | VT.nullableBit : raw & ~VT.nullableBit)
    }

    /// Whether a local, field or element of this type has a default value.
    var isDefaultable: Bool { !isRef || nullable }

    /// Storage types i8/i16 read as i32.
    var unpacked: VT { (self == .i8 || self == .i16) ? .i32 : self }
    package var isPacked: Bool { self == .i8 || self == .i16 }

    /// The text-format name; concrete types show their canonical id as `$N` (use `CanonicalTypes.name(_:)`
    /// for module type indices).
    package var description: String {
        switch raw {
        case 0: return "bot"
        case 1: return "i32"
        case 2: return "i64"
        case 3: return "f32"
        case 4: return "f64"
        case 5: return "v128"
        case 0x100: return "i8"
        case 0x200: return "i16"
        default: break
        }
        if isUnknownRef { return "(ref \(unknownAbstract.map { $0.name } ?? "any"))" }
        if isConcrete {
            let heap = isExact ? "(exact \(typeID))" : "\(typeID)"
            return nullable ? "(ref null \(heap))" : "(ref \(heap))"
        }
        return VT.refName(abstract, nullable: nullable, shared: abstractShared)
    }

    static func refName(_ a: AbsHeap, nullable: Bool, shared: Bool) -> String {
        let short: String
        switch a {
        case .func: short = "funcref"
        case .extern: short = "externref"
        case .any: short = "anyref"
        case .eq: short = "eqref"
        case .i31: short = "i31ref"
        case .struct: short = "structref"
        case .array: short = "arrayref"
        case .exn: short = "exnref"
        case .cont: short = "contref"
        case .none: short = "nullref"
        case .noextern: short = "nullexternref"
        case .nofunc: short = "nullfuncref"
        case .noexn: short = "nullexnref"
        case .nocont: short = "nullcontref"
        }
        switch (shared, nullable) {
        case (false, true): return short
        case (true, true): return "(shared \(short))"
        case (false, false): return "(ref \(a.name))"
        case (true, false): return "(ref (shared \(a.name)))"
        }
    }
}

/// A struct field or array element: storage type and mutability.
package struct FieldT: Hashable, Sendable {
    package var storage: VT
    package var mutable: Bool
}
