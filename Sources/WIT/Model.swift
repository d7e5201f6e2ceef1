import WasmComponent

/// The resolved WIT model: packages → interfaces/worlds → types/functions, all addressed by stable
/// ids (indices into ``Resolve``'s arrays), each with the ``Span`` it was defined at.

public struct PackageID: Hashable, Comparable, Sendable { public let index: Int
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index } }
public struct InterfaceID: Hashable, Comparable, Sendable { public let index: Int
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index } }
public struct WorldID: Hashable, Comparable, Sendable { public let index: Int
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index } }
public struct TypeID: Hashable, Comparable, Sendable { public let index: Int
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index } }

/// `namespace:name@version`. With 🪺 nested names the namespace may contain `:` and the name `/`.
public struct PackageName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var namespace: String
    public var name: String
    public var version: Version?

    public init(namespace: String, name: String, version: Version? = nil) {
        self.namespace = namespace
        self.name = name
        self.version = version
    }

    public var description: String {
        "\(namespace):\(name)" + (version.map { "@\($0)" } ?? "")
    }

    /// The name of an interface of this package as used in components: `ns:pkg/iface@1.0.0`.
    public func interfaceID(_ interface: String) -> String {
        "\(namespace):\(name)/\(interface)" + (version.map { "@\($0)" } ?? "")
    }

    /// The inverse of ``interfaceID(_:)``: `ns:pkg/item@version` split into package and item name
    /// (nil for plain names). A `versionSuffix` attribute is appended to the version.
    static func split(_ qualified: String, versionSuffix: String? = nil) -> (PackageName, String)? {
        let name = qualified
        guard let colon = name.firstIndex(of: ":"), let slash = name.lastIndex(of: "/"), colon < slash else { return nil }
        let namespace = String(name[..<colon])
        let package = String(name[name.index(after: colon)..<slash])
        var item = String(name[name.index(after: slash)...])
        var version: Version?
        if let at = item.firstIndex(of: "@") {
            let text = String(item[item.index(after: at)...]) + (versionSuffix ?? "")
            if case .success(let v) = Version.parse(text) { version = v }
            item = String(item[..<at])
        }
        return (PackageName(namespace: namespace, name: package, version: version), item)
    }

    public static func < (a: Self, b: Self) -> Bool {
        if a.namespace != b.namespace { return a.namespace < b.namespace }
        if a.name != b.name { return a.name < b.name }
        switch (a.version, b.version) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case (let x?, let y?): return x < y
        }
    }
}

/// Doc comments attached to an item (joined lines, comment markers removed).
public struct Docs: Hashable, Sendable {
    public var contents: String?
    public init(_ contents: String? = nil) { self.contents = contents }
    public var isEmpty: Bool { contents == nil }
}

/// Feature-gate state of an item (`@since`, `@unstable`, `@deprecated`).
public enum Stability: Hashable, Sendable {
    case unknown
    case unstable(feature: String, deprecated: Version?)
    case stable(since: Version, deprecated: Version?)

    public var isUnknown: Bool { if case .unknown = self { return true } else { return false } }
    public var isStable: Bool { if case .stable = self { return true } else { return false } }
}

/// A type reference: a primitive or a ``TypeDef``.
public enum WITType: Hashable, Sendable {
    case bool, u8, u16, u32, u64, s8, s16, s32, s64, f32, f64, char, string, errorContext
    case id(TypeID)

    public var typeID: TypeID? { if case .id(let t) = self { return t } else { return nil } }

    /// WIT spelling of a primitive (nil for `.id`).
    public var primitiveName: String? {
        switch self {
        case .bool: return "bool"
        case .u8: return "u8"
        case .u16: return "u16"
        case .u32: return "u32"
        case .u64: return "u64"
        case .s8: return "s8"
        case .s16: return "s16"
        case .s32: return "s32"
        case .s64: return "s64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .char: return "char"
        case .string: return "string"
        case .errorContext: return "error-context"
        case .id: return nil
        }
    }
}

public enum TypeOwner: Hashable, Sendable {
    case world(WorldID)
    case interface(InterfaceID)
    case none
}

public struct Field: Hashable, Sendable {
    public var name: String
    public var type: WITType
    public var docs: Docs
    public var span: Span
}

/// A flag or an enum case.
public struct NamedCase: Hashable, Sendable {
    public var name: String
    public var docs: Docs
    public var span: Span
}

public struct VariantCase: Hashable, Sendable {
    public var name: String
    public var type: WITType?
    public var docs: Docs
    public var span: Span
}

public enum Handle: Hashable, Sendable {
    case own(TypeID)
    case borrow(TypeID)
    public var resource: TypeID { switch self { case .own(let t), .borrow(let t): return t } }
}

public enum TypeDefKind: Hashable, Sendable {
    case record([Field])
    case resource
    case handle(Handle)
    case flags([NamedCase])
    case tuple([WITType])
    case variant([VariantCase])
    case `enum`([NamedCase])
    case option(WITType)
    case result(ok: WITType?, err: WITType?)
    case list(WITType)
    case fixedList(WITType, UInt32)
    case map(WITType, WITType)
    case future(WITType?)
    case stream(WITType?)
    /// `type a = b` (or a `use`d name, when the target belongs to another owner).
    case type(WITType)
    /// A type imported from a package that is not resolved yet (internal, never in a ``Resolve``).
    case unknown
}

public struct TypeDef: Hashable, Sendable {
    /// Nil for anonymous types (`list<u8>` in a signature).
    public var name: String?
    public var kind: TypeDefKind
    public var owner: TypeOwner
    public var docs: Docs
    public var stability: Stability
    public var span: Span
    public var externalID: String?
}

public enum FunctionKind: Hashable, Sendable {
    case freestanding
    case asyncFreestanding
    case method(TypeID)
    case asyncMethod(TypeID)
    case `static`(TypeID)
    case asyncStatic(TypeID)
    case constructor(TypeID)

    public var resource: TypeID? {
        switch self {
        case .freestanding, .asyncFreestanding: return nil
        case .method(let t), .asyncMethod(let t), .static(let t), .asyncStatic(let t), .constructor(let t): return t
        }
    }

    public var isAsync: Bool {
        switch self {
        case .asyncFreestanding, .asyncMethod, .asyncStatic: return true
        default: return false
        }
    }

    func withResource(_ t: TypeID) -> FunctionKind {
        switch self {
        case .freestanding, .asyncFreestanding: return self
        case .method: return .method(t)
        case .asyncMethod: return .asyncMethod(t)
        case .static: return .static(t)
        case .asyncStatic: return .asyncStatic(t)
        case .constructor: return .constructor(t)
        }
    }
}

public struct Param: Hashable, Sendable {
    public var name: String
    public var type: WITType
    public var span: Span
}

public struct Function: Hashable, Sendable {
    /// The component-level name: `f`, `[method]r.f`, `[static]r.f`, `[constructor]r`.
    public var name: String
    public var kind: FunctionKind
    public var params: [Param]
    public var result: WITType?
    public var docs: Docs
    public var stability: Stability
    public var span: Span
    public var externalID: String?

    /// The name as written inside its resource block (`f` for `[method]r.f`, `constructor`).
    public var itemName: String {
        switch kind {
        case .freestanding, .asyncFreestanding: return name
        case .constructor: return "constructor"
        default:
            if let dot = name.firstIndex(of: ".") { return String(name[name.index(after: dot)...]) }
            return name
        }
    }
}

public struct Interface: Hashable, Sendable {
    /// Nil for an inline `import x: interface { … }`.
    public var name: String?
    /// Types in definition order (`use`d names first, then definitions in dependency order).
    public var types: OrderedMap<String, TypeID>
    public var functions: OrderedMap<String, Function>
    public var docs: Docs
    public var stability: Stability
    public var package: PackageID?
    public var span: Span
    /// For an interface copied by `include`, the original.
    public var cloneOf: InterfaceID?
}

public enum WorldKey: Hashable, Sendable {
    /// A plain name (`import foo: func()`).
    case name(String)
    /// An interface imported/exported under its own name (`import wasi:io/poll;`).
    case interface(InterfaceID)
}

public enum WorldItem: Hashable, Sendable {
    case interface(id: InterfaceID, stability: Stability, docs: Docs, span: Span, externalID: String?)
    case function(Function)
    case type(id: TypeID, span: Span)

    public var span: Span {
        switch self {
        case .interface(_, _, _, let s, _): return s
        case .function(let f): return f.span
        case .type(_, let s): return s
        }
    }
}

/// An `include` statement kept until the world is elaborated.
struct WorldInclude: Hashable, Sendable {
    var stability: Stability
    var world: WorldID
    var names: [(name: String, asName: String)]
    var span: Span

    static func == (a: Self, b: Self) -> Bool {
        a.stability == b.stability && a.world == b.world && a.span == b.span
            && a.names.map(\.name) == b.names.map(\.name) && a.names.map(\.asName) == b.names.map(\.asName)
    }
    func hash(into h: inout Hasher) {
        h.combine(world)
        h.combine(span)
    }
}

/// Why an item is in a world.
public enum WorldItemOrigin: Hashable, Sendable {
    /// Written in the world itself (at `span`).
    case declared(Span)
    /// Brought in by `include` of `world` (the `include` statement is at `span`).
    case included(world: WorldID, span: Span)
    /// Added because `interface` (an import or export of the world) uses types from it.
    case implied(by: InterfaceID)
}

public struct World: Hashable, Sendable {
    public var name: String
    public var imports: OrderedMap<WorldKey, WorldItem>
    public var exports: OrderedMap<WorldKey, WorldItem>
    /// Where each import comes from (declared, included or implied by a dependency).
    public var importOrigins: [WorldKey: WorldItemOrigin] = [:]
    /// Where each export comes from.
    public var exportOrigins: [WorldKey: WorldItemOrigin] = [:]
    public var package: PackageID?
    public var docs: Docs
    public var stability: Stability
    public var span: Span
    var includes: [WorldInclude] = []
}

public struct Package: Hashable, Sendable {
    public var name: PackageName
    public var docs: Docs
    public var interfaces: OrderedMap<String, InterfaceID>
    public var worlds: OrderedMap<String, WorldID>
    /// Where the package name is declared.
    public var span: Span
}
