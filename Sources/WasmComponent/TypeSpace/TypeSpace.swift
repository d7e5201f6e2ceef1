import WasmBinary
import WasmCore

/// The index spaces of a component and of every scope inside it (nested components, component
/// types, instance types), with aliases, imports and exports followed, so tools can ask "what is
/// type 7 here", "what is the type of import 3", "what does instance 2 export".
///
/// This is a reader's resolver, not a validator: it never rejects a component. References it cannot
/// follow (out-of-range indices, missing export names) become `.unknown` entries and are listed in
/// ``errors``; the query methods throw them (`index-out-of-bounds`, `unknown-export`). Instances
/// made by `instantiate` export their component's exports without substituting the arguments for
/// the component's imported types.
///
/// It exists for readings of components that may be *invalid*: `inspect` shows any decodable
/// component, and for one that does not validate its type text comes from here (``TypePrinter``);
/// it also shows nested components' imports and exports from here (the validator's result describes
/// the root). The conformance runner counts the corpus components whose references do not resolve.
/// Everything that works on a valid component reads the validator's result instead
/// (``ValidatedComponent``: `inspect`'s root rows through ``ValidatedPrinter``, WIT decoding,
/// `validate --wit`, the world check, compose's naming and diagnosis).
///
/// ```swift
/// let space = TypeSpace(component)
/// let t = try space.type(7)                       // ResolvedType in the root scope
/// let e = try space.export(named: "cache")        // ItemRef of an export
/// let xs = try space.instanceExports(2)           // [NamedItem]
/// print(TypePrinter(space).render(e))
/// ```
public struct TypeSpace: Sendable {
    public internal(set) var scopes: [Scope] = []
    public internal(set) var instanceTable: [InstanceInfo] = []
    public internal(set) var componentTable: [ComponentInfo] = []
    /// The export or import name that first named each type (used for printing).
    public internal(set) var typeNames: [TypeKey: String] = [:]
    /// Per scope, the names its own imports, exports and aliases give to types (a type imported
    /// under another name, e.g. `use a.{stream as output}`, is `output` there).
    public internal(set) var localTypeNames: [ScopeID: [TypeKey: String]] = [:]
    /// Inner scope of each component or instance type definition.
    public internal(set) var innerScopes: [TypeKey: ScopeID] = [:]
    /// The import or export name each instance type's scope was first used under (e.g.
    /// `wasi:io/poll@0.2.9`), so printers can say where a shared type comes from.
    public internal(set) var scopeNames: [ScopeID: String] = [:]
    /// Everything that could not be resolved, in order.
    public internal(set) var errors: [WasmError] = []

    /// The outermost component's scope.
    public var root: ScopeID { ScopeID(0) }

    /// Builds the type space of `component` (never fails; see ``errors``).
    public init(_ component: Component, maxDepth: Int = 100) {
        var b = TypeSpaceBuilder(space: self, maxDepth: maxDepth)
        _ = b.buildComponent(component, parent: nil, depth: 0)
        self = b.space
    }

    // MARK: Queries

    /// Type index `index` of `scope`, resolved to its definition.
    public func type(_ index: UInt32, in scope: ScopeID? = nil) throws(WasmError) -> ResolvedType {
        let s = try self.scope(scope)
        guard Int(index) < s.types.count else { throw outOfBounds("type", index, s.types.count) }
        return try resolve(s.types[Int(index)])
    }

    /// The definition behind a canonical type key.
    public func resolve(_ key: TypeKey) throws(WasmError) -> ResolvedType {
        guard key.scope.raw >= 0, key.scope.raw < scopes.count, key.slot >= 0,
              key.slot < scopes[key.scope.raw].definitions.count else {
            throw WasmError(.unresolvable, "\(key) does not exist", offset: nil, kind: .invalid)
        }
        let d = scopes[key.scope.raw].definitions[key.slot]
        if case .unknown(let e) = d { throw e }
        return ResolvedType(key: key, definition: d)
    }

    /// The definition behind `key`, or nil when it is unknown (never throws).
    public func definition(_ key: TypeKey) -> TypeDefinition? {
        guard key.scope.raw >= 0, key.scope.raw < scopes.count, key.slot >= 0,
              key.slot < scopes[key.scope.raw].definitions.count else { return nil }
        let d = scopes[key.scope.raw].definitions[key.slot]
        if case .unknown = d { return nil }
        return d
    }

    /// The item at `index` of `sort` in `scope` (component sorts and core modules).
    public func item(_ sort: ComponentExternalKind, _ index: UInt32, in scope: ScopeID? = nil) throws(WasmError) -> ItemRef {
        let s = try self.scope(scope)
        let i = Int(index)
        switch sort {
        case .func:
            guard i < s.funcs.count else { throw outOfBounds("func", index, s.funcs.count) }
            return .func(s.funcs[i])
        case .value:
            guard i < s.values.count else { throw outOfBounds("value", index, s.values.count) }
            return .value(s.values[i])
        case .type:
            guard i < s.types.count else { throw outOfBounds("type", index, s.types.count) }
            return .type(s.types[i])
        case .instance:
            guard i < s.instances.count else { throw outOfBounds("instance", index, s.instances.count) }
            return .instance(s.instances[i])
        case .component:
            guard i < s.components.count else { throw outOfBounds("component", index, s.components.count) }
            return .component(s.components[i])
        case .module:
            guard i < s.coreModules.count else { throw outOfBounds("core module", index, s.coreModules.count) }
            return .module(s.coreModules[i])
        }
    }

    /// The type of function `index` of `scope`.
    public func funcType(_ index: UInt32, in scope: ScopeID? = nil) throws(WasmError) -> ResolvedType {
        guard case .func(let key) = try item(.func, index, in: scope) else { throw outOfBounds("func", index, 0) }
        return try resolve(key)
    }

    /// The imports of `scope` (a component or component type), in order.
    public func imports(of scope: ScopeID? = nil) -> [NamedItem] { (try? self.scope(scope))?.imports ?? [] }

    /// The exports of `scope` (a component, component type or instance type), in order.
    public func exports(of scope: ScopeID? = nil) -> [NamedItem] { (try? self.scope(scope))?.exports ?? [] }

    /// The scope `id` (the root when nil).
    public func scope(_ id: ScopeID?) throws(WasmError) -> Scope {
        let raw = (id ?? root).raw
        guard raw >= 0, raw < scopes.count else {
            throw WasmError(.unresolvable, "scope \(raw) does not exist", offset: nil, kind: .invalid)
        }
        return scopes[raw]
    }

    /// Import number `index` (in order of appearance) of `scope`.
    public func `import`(_ index: Int, of scope: ScopeID? = nil) throws(WasmError) -> NamedItem {
        let list = imports(of: scope)
        guard index >= 0, index < list.count else { throw outOfBounds("import", UInt32(clamping: index), list.count) }
        return list[index]
    }

    /// The export called `name` of `scope`.
    public func export(named name: String, of scope: ScopeID? = nil) throws(WasmError) -> ItemRef {
        guard let e = exports(of: scope).last(where: { $0.name.name == name }) else {
            throw WasmError(.unknownExport, "no export named `\(name)`", offset: nil, kind: .invalid)
        }
        return e.item
    }

    /// What instance `index` of `scope` exports.
    public func instanceExports(_ index: UInt32, in scope: ScopeID? = nil) throws(WasmError) -> [NamedItem] {
        guard case .instance(let id) = try item(.instance, index, in: scope) else { return [] }
        return try instance(id).exports
    }

    public func instance(_ id: InstanceID) throws(WasmError) -> InstanceInfo {
        guard id.raw >= 0, id.raw < instanceTable.count else {
            throw WasmError(.unresolvable, "instance \(id.raw) does not exist", offset: nil, kind: .invalid)
        }
        let info = instanceTable[id.raw]
        if let e = info.error { throw e }
        return info
    }

    public func component(_ id: ComponentID) throws(WasmError) -> ComponentInfo {
        guard id.raw >= 0, id.raw < componentTable.count else {
            throw WasmError(.unresolvable, "component \(id.raw) does not exist", offset: nil, kind: .invalid)
        }
        let info = componentTable[id.raw]
        if let e = info.error { throw e }
        return info
    }

    /// The name a type was first exported or imported under, if any.
    public func name(of key: TypeKey) -> String? { typeNames[key] }

    /// The name of `key` as seen from `scope`: the scope's own name for it, else its first name.
    public func name(of key: TypeKey, in scope: ScopeID) -> String? {
        localTypeNames[scope]?[key] ?? typeNames[key]
    }

    func outOfBounds(_ what: String, _ index: UInt32, _ count: Int) -> WasmError {
        WasmError(.indexOutOfBounds, "unknown \(what) \(index): \(what) index out of bounds (\(count) defined)",
                  offset: nil, kind: .invalid)
    }
}

// MARK: - Entries

public struct ScopeID: Hashable, Sendable, CustomStringConvertible {
    public let raw: Int
    public init(_ raw: Int) { self.raw = raw }
    public var description: String { "scope \(raw)" }
}

/// A type's canonical identity: the scope it is defined in and its definition slot there (aliases,
/// `(eq i)` bounds and re-exports all resolve to the same key).
public struct TypeKey: Hashable, Sendable, CustomStringConvertible {
    public let scope: ScopeID
    /// Index into the scope's `definitions` (not a type index).
    public let slot: Int
    public init(scope: ScopeID, slot: Int) {
        self.scope = scope
        self.slot = slot
    }
    public var description: String { "definition \(slot) of \(scope)" }
}

public struct InstanceID: Hashable, Sendable {
    public let raw: Int
}

public struct ComponentID: Hashable, Sendable {
    public let raw: Int
}

/// What a type index means.
public enum TypeDefinition: Equatable, Sendable {
    /// A type definition; indices inside refer to the scope of its key.
    case type(ComponentType)
    /// A fresh abstract resource introduced by a `(sub resource)` import or export.
    case abstractResource(name: String)
    /// Could not be resolved (the error is in `TypeSpace.errors`).
    case unknown(WasmError)
}

public struct ResolvedType: Equatable, Sendable {
    public let key: TypeKey
    public let definition: TypeDefinition
    public var scope: ScopeID { key.scope }
}

/// A resolved item of some index space.
public enum ItemRef: Hashable, Sendable {
    case module(CoreModuleInfo)
    /// A function, by the key of its function type.
    case `func`(TypeKey)
    case value(ValueInfo)
    case type(TypeKey)
    case instance(InstanceID)
    case component(ComponentID)
}

public struct NamedItem: Hashable, Sendable {
    public var name: ExternName
    public var item: ItemRef
}

public struct ValueInfo: Hashable, Sendable {
    /// The value's type (nil for start results, whose type wcomp does not track).
    public var type: ComponentValType?
    /// The scope `type`'s indices refer to.
    public var scope: ScopeID
}

public struct InstanceInfo: Equatable, Sendable {
    public var exports: [NamedItem]
    /// The instance type, for instances typed by one (imports, instance-typed exports).
    public var type: TypeKey?
    /// Set when the instance could not be resolved.
    public var error: WasmError?
}

public struct ComponentInfo: Equatable, Sendable {
    public var imports: [NamedItem]
    public var exports: [NamedItem]
    /// The scope of a nested component definition, or of a component type's declarations.
    public var scope: ScopeID?
    /// The component type, for components typed by one.
    public var type: TypeKey?
    public var error: WasmError?
}

/// A core module: defined in a component (by position among that component's module sections) or
/// typed by a core module type.
public enum CoreModuleInfo: Hashable, Sendable {
    case defined(scope: ScopeID, position: Int)
    case typed(CoreTypeInfo)
    case unknown
}

/// A core type: one sub type of a rec group, or a module type.
public enum CoreTypeInfo: Hashable, Sendable {
    case sub(SubType)
    case module([ModuleTypeDeclaration])
    case unknown
}

/// Where a core func/table/memory/global/tag came from.
public enum CoreOrigin: Hashable, Sendable {
    /// A canonical definition (by its position among the scope's canonical definitions).
    case canon(Int)
    /// `(alias core export i "name")`.
    case coreExport(instance: UInt32, name: String)
}

/// A core instance, as defined.
public enum CoreInstanceInfo: Hashable, Sendable {
    case instantiate(module: UInt32, args: [CoreInstantiateArg])
    case fromExports([CoreInlineExport])
    case unknown
}

/// One scope: a component, a component type or an instance type, with its index spaces.
public struct Scope: Sendable {
    public enum Kind: Hashable, Sendable { case component, componentType, instanceType }
    public let kind: Kind
    public let parent: ScopeID?
    /// Type index → canonical key.
    public internal(set) var types: [TypeKey] = []
    /// The types defined in this scope, by slot (`TypeKey.slot`): type definitions, fresh resources
    /// of `(sub resource)` bounds, and `.unknown` placeholders for references that failed.
    public internal(set) var definitions: [TypeDefinition] = []
    public internal(set) var funcs: [TypeKey] = []
    public internal(set) var values: [ValueInfo] = []
    public internal(set) var instances: [InstanceID] = []
    public internal(set) var components: [ComponentID] = []
    public internal(set) var coreModules: [CoreModuleInfo] = []
    public internal(set) var coreInstances: [CoreInstanceInfo] = []
    public internal(set) var coreTypes: [CoreTypeInfo] = []
    public internal(set) var coreFuncs: [CoreOrigin] = []
    public internal(set) var coreTables: [CoreOrigin] = []
    public internal(set) var coreMemories: [CoreOrigin] = []
    public internal(set) var coreGlobals: [CoreOrigin] = []
    public internal(set) var coreTags: [CoreOrigin] = []
    public internal(set) var imports: [NamedItem] = []
    public internal(set) var exports: [NamedItem] = []

    init(kind: Kind, parent: ScopeID?) {
        self.kind = kind
        self.parent = parent
    }
}
