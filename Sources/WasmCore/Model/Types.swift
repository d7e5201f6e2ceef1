import WasmBinary

// The core type grammar of Wasm 3.0 plus the proposals wcomp reads (shared-everything-threads,
// custom descriptors, stack switching, custom page sizes). Types are semantic values: two encodings
// of the same type (e.g. `0x70` and `0x63 0x70` for `(ref null func)`) decode to equal values.
// Type indices are module-level indices as written in the binary.

/// Abstract heap types; raw values are their one-byte binary encodings.
public enum AbstractHeapType: UInt8, Hashable, Sendable, CaseIterable {
    case `func` = 0x70
    case extern = 0x6F
    case any = 0x6E
    case eq = 0x6D
    case i31 = 0x6C
    case `struct` = 0x6B
    case array = 0x6A
    case exn = 0x69
    case cont = 0x68
    case none = 0x71
    case noextern = 0x72
    case nofunc = 0x73
    case noexn = 0x74
    case nocont = 0x75

    /// The text-format name (`func`, `extern`, `nofunc`, ...).
    public var name: String {
        switch self {
        case .func: "func"
        case .extern: "extern"
        case .any: "any"
        case .eq: "eq"
        case .i31: "i31"
        case .struct: "struct"
        case .array: "array"
        case .exn: "exn"
        case .cont: "cont"
        case .none: "none"
        case .noextern: "noextern"
        case .nofunc: "nofunc"
        case .noexn: "noexn"
        case .nocont: "nocont"
        }
    }
}

public enum HeapType: Hashable, Sendable {
    case abstract(AbstractHeapType, shared: Bool)
    /// A type index.
    case concrete(UInt32)
    /// `(exact $t)` from the custom-descriptors proposal.
    case exact(UInt32)

    public static func abstract(_ t: AbstractHeapType) -> HeapType { .abstract(t, shared: false) }
}

public struct RefType: Hashable, Sendable {
    public var nullable: Bool
    public var heapType: HeapType
    public init(nullable: Bool, heapType: HeapType) {
        self.nullable = nullable
        self.heapType = heapType
    }
    public static let funcref = RefType(nullable: true, heapType: .abstract(.func))
    public static let externref = RefType(nullable: true, heapType: .abstract(.extern))
    public static let exnref = RefType(nullable: true, heapType: .abstract(.exn))
}

public enum ValType: Hashable, Sendable {
    case i32, i64, f32, f64, v128
    case ref(RefType)

    public static let funcref = ValType.ref(.funcref)
    public static let externref = ValType.ref(.externref)
}

/// A struct field or array element type.
public enum StorageType: Hashable, Sendable {
    case i8, i16
    case val(ValType)
}

public struct FieldType: Hashable, Sendable {
    public var storage: StorageType
    public var mutable: Bool
    public init(storage: StorageType, mutable: Bool) {
        self.storage = storage
        self.mutable = mutable
    }
}

public struct FuncType: Hashable, Sendable {
    public var params: [ValType]
    public var results: [ValType]
    public init(params: [ValType], results: [ValType]) {
        self.params = params
        self.results = results
    }
}

public enum CompositeKind: Hashable, Sendable {
    case `func`(FuncType)
    case `struct`([FieldType])
    case array(FieldType)
    /// A continuation type over the function type at this index (stack switching).
    case cont(UInt32)
}

public struct CompositeType: Hashable, Sendable {
    public var kind: CompositeKind
    /// `0x65` prefix (shared-everything-threads).
    public var shared: Bool
    /// `(describes $t)` (custom descriptors, `0x4c`).
    public var describes: UInt32?
    /// `(descriptor $t)` (custom descriptors, `0x4d`).
    public var descriptor: UInt32?
    public init(_ kind: CompositeKind, shared: Bool = false, describes: UInt32? = nil, descriptor: UInt32? = nil) {
        self.kind = kind
        self.shared = shared
        self.describes = describes
        self.descriptor = descriptor
    }
}

public struct SubType: Hashable, Sendable {
    public var isFinal: Bool
    /// Declared supertypes (validation allows at most one; decoding keeps what is written).
    public var supertypes: [UInt32]
    public var composite: CompositeType
    public init(isFinal: Bool = true, supertypes: [UInt32] = [], composite: CompositeType) {
        self.isFinal = isFinal
        self.supertypes = supertypes
        self.composite = composite
    }
}

/// A recursion group. `isExplicit` records whether it was written with the `0x4e` (rec) prefix; a
/// group of one type may be written either way and the writer keeps the form it was read in.
public struct RecGroup: Hashable, Sendable {
    public var types: [SubType]
    public var isExplicit: Bool
    public init(types: [SubType], isExplicit: Bool) {
        self.types = types
        self.isExplicit = isExplicit
    }
    public init(_ single: SubType) { self.init(types: [single], isExplicit: false) }
}

/// Limits of a table or memory. The flag byte's bits are kept as separate fields.
public struct Limits: Hashable, Sendable {
    public var min: UInt64
    public var max: UInt64?
    /// 64-bit address type (memory64 / table64).
    public var is64: Bool
    /// `shared` (threads).
    public var shared: Bool
    /// Custom page size as log2 of the byte size (memories only; custom-page-sizes).
    public var pageSizeLog2: UInt32?
    public init(min: UInt64, max: UInt64? = nil, is64: Bool = false, shared: Bool = false, pageSizeLog2: UInt32? = nil) {
        self.min = min
        self.max = max
        self.is64 = is64
        self.shared = shared
        self.pageSizeLog2 = pageSizeLog2
    }
}

public struct TableType: Hashable, Sendable {
    public var element: RefType
    public var limits: Limits
    public init(element: RefType, limits: Limits) {
        self.element = element
        self.limits = limits
    }
}

public struct MemoryType: Hashable, Sendable {
    public var limits: Limits
    public init(limits: Limits) { self.limits = limits }
}

public struct GlobalType: Hashable, Sendable {
    public var value: ValType
    public var mutable: Bool
    public var shared: Bool
    public init(value: ValType, mutable: Bool, shared: Bool = false) {
        self.value = value
        self.mutable = mutable
        self.shared = shared
    }
}

public struct TagType: Hashable, Sendable {
    /// The attribute byte (0 = exception; nothing else is defined).
    public var attribute: UInt8
    public var typeIndex: UInt32
    public init(attribute: UInt8 = 0, typeIndex: UInt32) {
        self.attribute = attribute
        self.typeIndex = typeIndex
    }
}

/// External kinds; raw values are their binary encodings.
public enum ExternalKind: UInt8, Hashable, Sendable {
    case `func` = 0x00
    case table = 0x01
    case memory = 0x02
    case global = 0x03
    case tag = 0x04
    /// An exact function import (custom descriptors).
    case funcExact = 0x20

    public var name: String {
        switch self {
        case .func: "func"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        case .tag: "tag"
        case .funcExact: "func"
        }
    }
}

/// The type of an import (or of a module type's export declaration).
public enum ExternType: Hashable, Sendable {
    case `func`(UInt32)
    case funcExact(UInt32)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)
    case tag(TagType)

    public var kind: ExternalKind {
        switch self {
        case .func: .func
        case .funcExact: .funcExact
        case .table: .table
        case .memory: .memory
        case .global: .global
        case .tag: .tag
        }
    }
}

/// One import: `module`, `name` and the imported item's type.
public struct Import: Hashable, Sendable {
    public var module: String
    public var name: String
    public var type: ExternType
    public init(module: String, name: String, type: ExternType) {
        self.module = module
        self.name = name
        self.type = type
    }
}
