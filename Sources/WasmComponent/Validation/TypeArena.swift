import WasmBinary
import WasmCore

// The validator's own component types: index-free, with resources as abstract identities. Every
// definition lives in one arena; types refer to each other by `TypeRef`. A `TypeRef` carries an
// alias number besides the arena index: `(type (eq i))` imports/exports create a new *name* for an
// existing type (same structure, different alias), which is what external visibility tracks.

/// An abstract resource type's identity.
package struct ResourceID: Hashable, Sendable, Comparable {
    package let raw: Int
    package static func < (a: ResourceID, b: ResourceID) -> Bool { a.raw < b.raw }
}

package enum TypeKind: UInt8, Hashable, Sendable {
    case defined, `func`, instance, component, resource
}

/// A component-level type: arena index (the resource id for resources) and alias number (0 = none).
package struct TypeRef: Hashable, Sendable {
    package var kind: TypeKind
    package var index: Int
    package var alias: Int = 0

    package var resource: ResourceID { ResourceID(raw: index) }

    /// A noun for messages (`defined type`, `func type`, ...).
    package var desc: String {
        switch kind {
        case .defined: "defined type"
        case .func: "func type"
        case .instance: "instance type"
        case .component: "component type"
        case .resource: "resource"
        }
    }
}

/// A component value type.
package enum VT: Hashable, Sendable {
    case primitive(PrimitiveValType)
    /// A defined type (`TypeRef.kind == .defined`).
    case type(TypeRef)
}

/// The type of an import, export or instantiation argument.
package enum Entity: Hashable, Sendable {
    case module(Int)
    case `func`(TypeRef)
    case value(VT)
    /// `referenced` is the type named; `created` is the index-space entry (a fresh alias for `eq`
    /// bounds, the resource itself for `sub resource`).
    case type(referenced: TypeRef, created: TypeRef)
    case instance(TypeRef)
    case component(TypeRef)

    package var desc: String {
        switch self {
        case .module: "module"
        case .func: "func"
        case .value: "value"
        case .type: "type"
        case .instance: "instance"
        case .component: "component"
        }
    }
}

/// A named item of a component or instance type.
package struct Item: Sendable {
    package var entity: Entity
    package var implements: String? = nil
    package var versionSuffix: String? = nil
    package var externalId: String? = nil
}

package struct Field: Hashable, Sendable {
    package var name: String
    package var type: VT
}

package struct Case: Hashable, Sendable {
    package var name: String
    package var type: VT?
}

package enum DefType: Hashable, Sendable {
    case primitive(PrimitiveValType)
    case record([Field])
    case variant([Case])
    case list(VT)
    case fixedList(VT, UInt32)
    case map(VT, VT)
    case tuple([VT])
    case flags([String])
    case `enum`([String])
    case option(VT)
    case result(ok: VT?, error: VT?)
    case own(TypeRef)
    case borrow(TypeRef)
    case future(VT?)
    case stream(VT?)

    package var desc: String {
        switch self {
        case .primitive: "primitive"
        case .record: "record"
        case .variant: "variant"
        case .list: "list"
        case .fixedList: "fixed-length list"
        case .map: "map"
        case .tuple: "tuple"
        case .flags: "flags"
        case .enum: "enum"
        case .option: "option"
        case .result: "result"
        case .own: "own"
        case .borrow: "borrow"
        case .future: "future"
        case .stream: "stream"
        }
    }
}

package struct DefinedTy: Sendable {
    package var type: DefType
    package var info: TypeInfo
    /// Canonical ABI `elem_size(t, 'i64')` and `alignment(t, 'i64')` (sizes saturate at 2^40).
    package var elemSize: UInt64 = 0
    package var alignment: UInt64 = 1
    /// Whether values of this type contain a string or list (so lifting/lowering needs memory).
    package var containsPointer = false
    /// The resources this type refers to (sorted, unique), so DAG-shaped types are walked once.
    package var freeResources: [ResourceID] = []
}

package struct FuncTy: Sendable {
    package var isAsync: Bool
    package var params: [Field]
    package var result: VT?
    package var info: TypeInfo
}

package struct InstanceTy: Sendable {
    package var exports = OrderedMap<String, Item>()
    /// Resources this (uninstantiated) instance type introduces; empty for concrete instances.
    package var definedResources: [ResourceID] = []
    /// Resources exported (perhaps through nested instances), with their export path.
    package var explicitResources = OrderedMap<ResourceID, [Int]>()
    package var info = TypeInfo()
}

package struct ComponentTy: Sendable {
    package var imports = OrderedMap<String, Item>()
    package var exports = OrderedMap<String, Item>()
    /// Resources the component is parameterized over, with their import path.
    package var importedResources: [(ResourceID, [Int])] = []
    /// Resources each instantiation creates, with their export path.
    package var definedResources: [(ResourceID, [Int])] = []
    package var explicitResources = OrderedMap<ResourceID, [Int]>()
    package var info = TypeInfo()
}

/// Every type of one validation run. Subtyping creates temporary types (substitutions) that are
/// discarded with `checkpoint()`/`rollback(to:)`.
package final class TypeArena {
    package var defined: [DefinedTy] = []
    package var funcs: [FuncTy] = []
    package var instances: [InstanceTy] = []
    package var components: [ComponentTy] = []
    var core = CoreTypeTable()
    /// The first import/export name of each resource (for messages).
    package var resourceNames: [ResourceID: String] = [:]
    /// The first import/export name of each record, variant, enum and flags type (for messages).
    package var typeNames: [Int: String] = [:]
    /// Pairs of defined types (a ⊑ b) already checked, so DAG-shaped types are compared once
    /// (cleared when temporary types are discarded).
    var verifiedPairs: Set<Int> = []
    var nextResource = 0
    var nextAlias = 1

    func push(_ t: DefinedTy) -> TypeRef {
        defined.append(t)
        return TypeRef(kind: .defined, index: defined.count - 1)
    }

    func push(_ t: FuncTy) -> TypeRef {
        funcs.append(t)
        return TypeRef(kind: .func, index: funcs.count - 1)
    }

    func push(_ t: InstanceTy) -> TypeRef {
        instances.append(t)
        return TypeRef(kind: .instance, index: instances.count - 1)
    }

    func push(_ t: ComponentTy) -> TypeRef {
        components.append(t)
        return TypeRef(kind: .component, index: components.count - 1)
    }

    /// A fresh abstract resource.
    func newResource() -> TypeRef {
        nextResource += 1
        return TypeRef(kind: .resource, index: nextResource)
    }

    /// A new name (alias) for `t`.
    func withUnique(_ t: TypeRef) -> TypeRef {
        var r = t
        r.alias = nextAlias
        nextAlias += 1
        return r
    }

    package subscript(defined r: TypeRef) -> DefinedTy { defined[r.index] }
    package subscript(func r: TypeRef) -> FuncTy { funcs[r.index] }
    package subscript(instance r: TypeRef) -> InstanceTy { instances[r.index] }
    package subscript(component r: TypeRef) -> ComponentTy { components[r.index] }

    struct Checkpoint {
        let defined, funcs, instances, components: Int
    }

    func checkpoint() -> Checkpoint {
        Checkpoint(defined: defined.count, funcs: funcs.count, instances: instances.count, components: components.count)
    }

    func rollback(to c: Checkpoint) {
        verifiedPairs.removeAll(keepingCapacity: true)
        defined.removeSubrange(c.defined...)
        funcs.removeSubrange(c.funcs...)
        instances.removeSubrange(c.instances...)
        components.removeSubrange(c.components...)
    }

    // MARK: Type information

    package func info(_ t: TypeRef) -> TypeInfo {
        switch t.kind {
        case .defined: defined[t.index].info
        case .func: funcs[t.index].info
        case .instance: instances[t.index].info
        case .component: components[t.index].info
        case .resource: TypeInfo()
        }
    }

    package func info(_ v: VT) -> TypeInfo {
        switch v {
        case .primitive: TypeInfo()
        case .type(let t): defined[t.index].info
        }
    }

    package func info(_ e: Entity) -> TypeInfo {
        switch e {
        case .module: TypeInfo()
        case .func(let t), .instance(let t), .component(let t): info(t)
        case .value(let v): info(v)
        case .type(_, let created): info(created)
        }
    }

    /// The primitive a value type is (directly or through a defined primitive), if any.
    package func primitive(_ v: VT) -> PrimitiveValType? {
        switch v {
        case .primitive(let p): return p
        case .type(let t):
            if case .primitive(let p) = defined[t.index].type { return p }
            return nil
        }
    }
}
