import WasmBinary
import WasmCore

// The component type grammar (Binary.md "Type Definitions"). Indices are as written: type indices
// refer to the component-level type index space of the scope the type is defined in (a component,
// a component type or an instance type); see `TypeSpace` for resolving them.

/// `primvaltype`; raw values are the binary codes.
public enum PrimitiveValType: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case bool = 0x7F
    case s8 = 0x7E
    case u8 = 0x7D
    case s16 = 0x7C
    case u16 = 0x7B
    case s32 = 0x7A
    case u32 = 0x79
    case s64 = 0x78
    case u64 = 0x77
    case f32 = 0x76
    case f64 = 0x75
    case char = 0x74
    case string = 0x73
    case errorContext = 0x64

    /// The WIT / text-format name (`bool`, `u32`, `string`, `error-context`, ...).
    public var description: String {
        switch self {
        case .bool: "bool"
        case .s8: "s8"
        case .u8: "u8"
        case .s16: "s16"
        case .u16: "u16"
        case .s32: "s32"
        case .u32: "u32"
        case .s64: "s64"
        case .u64: "u64"
        case .f32: "f32"
        case .f64: "f64"
        case .char: "char"
        case .string: "string"
        case .errorContext: "error-context"
        }
    }
}

/// `valtype`: a primitive, or a type index (encoded as a non-negative s33, as wasm-tools does).
public enum ComponentValType: Hashable, Sendable {
    case primitive(PrimitiveValType)
    case index(UInt32)
}

/// A named field of a record, or a named function parameter.
public struct LabeledType: Hashable, Sendable {
    public var name: String
    public var type: ComponentValType
    public init(_ name: String, _ type: ComponentValType) {
        self.name = name
        self.type = type
    }
}

/// A variant case: label and optional payload.
public struct VariantCase: Hashable, Sendable {
    public var name: String
    public var type: ComponentValType?
    public init(_ name: String, _ type: ComponentValType? = nil) {
        self.name = name
        self.type = type
    }
}

/// `defvaltype`.
public enum DefinedType: Hashable, Sendable {
    case primitive(PrimitiveValType)
    case record([LabeledType])
    case variant([VariantCase])
    case list(ComponentValType)
    /// `(list t len)` (🔧 fixed-length lists, `0x67`).
    case fixedList(ComponentValType, UInt32)
    case tuple([ComponentValType])
    case flags([String])
    case `enum`([String])
    case option(ComponentValType)
    case result(ok: ComponentValType?, error: ComponentValType?)
    case own(UInt32)
    case borrow(UInt32)
    case stream(ComponentValType?)
    case future(ComponentValType?)
    /// `(map k v)` (🗺️, `0x63`).
    case map(ComponentValType, ComponentValType)
}

/// `functype`: `0x40` (sync) or `0x43` (async).
public struct ComponentFuncType: Hashable, Sendable {
    public var isAsync: Bool
    public var params: [LabeledType]
    /// The single result type, or nil for no result (`0x01 0x00`).
    public var result: ComponentValType?
    public init(isAsync: Bool = false, params: [LabeledType], result: ComponentValType?) {
        self.isAsync = isAsync
        self.params = params
        self.result = result
    }
}

/// `deftype`: one entry of a type section (or a `type` declarator).
public enum ComponentType: Hashable, Sendable {
    case defined(DefinedType)
    case `func`(ComponentFuncType)
    case component([TypeDeclaration])
    case instance([TypeDeclaration])
    /// `(resource (rep t) (dtor f)?)`.
    case resource(rep: ValType, destructor: UInt32?)
}

/// A declarator of a component type (`componentdecl`) or an instance type (`instancedecl`).
/// Instance types never contain `.import` when decoded (the encoder writes what it is given).
public enum TypeDeclaration: Hashable, Sendable {
    case coreType(CoreType)
    case type(ComponentType)
    case alias(Alias)
    case `import`(ComponentImport)
    case export(name: ExternName, type: ExternDesc)
}

/// A type bound of a `type` import or export.
public enum TypeBound: Hashable, Sendable {
    /// `(eq i)`.
    case eq(UInt32)
    /// `(sub resource)`: a fresh abstract resource type.
    case subResource
}

/// `externtype`: the type of an import or export.
///
/// Values are `(value t)` with a value type, as wasm-tools encodes them (`0x02 <valtype>`), where
/// Binary.md writes a `valuebound` (`0x02 0x00 i` / `0x02 0x01 t`).
public enum ExternDesc: Hashable, Sendable {
    /// A core module of core type (module type) index.
    case module(UInt32)
    case `func`(UInt32)
    case value(ComponentValType)
    case type(TypeBound)
    case component(UInt32)
    case instance(UInt32)

    public var kind: ComponentExternalKind {
        switch self {
        case .module: .module
        case .func: .func
        case .value: .value
        case .type: .type
        case .component: .component
        case .instance: .instance
        }
    }
}

/// A core type definition inside a component: a recursion group, or a module type.
/// (A non-final `sub` written at the top level gets the `0x00` prefix Binary.md requires; the
/// encoder adds it exactly where needed, so it is not stored.)
public enum CoreType: Hashable, Sendable {
    case rec(RecGroup)
    case module([ModuleTypeDeclaration])

    /// How many core type indices this definition adds.
    public var indexCount: Int {
        switch self {
        case .rec(let g): g.types.count
        case .module: 1
        }
    }
}

/// A declarator of a core module type.
public enum ModuleTypeDeclaration: Hashable, Sendable {
    case `import`(Import)
    /// A core type: a rec group in the core binary format (`0x50` is a non-final `sub`, with no `0x00`
    /// prefix, so module types cannot nest), as wasm-tools 1.262 reads and writes it. Binary.md's
    /// `core:type` here would make `0x50` a nested module type; see README, "Where wcomp and wasm-tools differ".
    case type(RecGroup)
    /// `(alias outer ct idx (type))`.
    case outerAlias(count: UInt32, index: UInt32)
    case export(name: String, type: ExternType)
}
