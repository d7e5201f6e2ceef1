import WasmBinary
import WasmCore

// Which imports and earlier exports give an export the names its types need.
//
// A component may export an item only when every record, variant, enum, flags and resource type it
// uses has an imported or exported name (Explainer.md, "type-checking of exports"). An export that
// is valid where it was written can stop being valid when it is re-exported somewhere else: a
// composition that satisfies an import removes the name that import gave. This works out, for each
// export, which of the component's imports and earlier exports name the types it relies on, using
// the same walk as the validator's check (`registerNamedTypes`), so that whoever re-exports it can
// keep those names.

/// What one export of a component relies on for the names of its types.
public struct ExportNeeds: Hashable, Sendable {
    /// The export's name.
    public var export: String
    /// Imports whose (instance or type) exports name types the export uses, in import order.
    public var imports: [String]
    /// Earlier exports that name types it uses (and that no import names), in export order.
    public var exports: [String]

    public init(export: String, imports: [String], exports: [String]) {
        self.export = export
        self.imports = imports
        self.exports = exports
    }
}

extension ComponentValidator {
    /// Validates `component` (pass an interface-only copy to skip core code) and returns, for each of
    /// its exports in order, the imports and earlier exports its types are named by.
    public func exportNeeds(of component: Component) throws(WasmError) -> [ExportNeeds] {
        try validated(component).exportNeeds
    }
}

extension ValidatedComponent {
    /// For each export of the component in order, the imports and earlier exports its types are
    /// named by.
    public var exportNeeds: [ExportNeeds] {
        let a = arena
        let ct = rootType
        let importNames = zip(ct.imports.keys, ct.imports.values).map { ($0, a.namedBy($1.entity)) }
        var exportNames: [(String, Set<TypeRef>)] = []
        var out: [ExportNeeds] = []
        for (name, item) in zip(ct.exports.keys, ct.exports.values) {
            let required = a.requiredNames(item.entity)
            var needs = ExportNeeds(export: name, imports: [], exports: [])
            var covered = Set<TypeRef>()
            for (importName, named) in importNames where !named.isDisjoint(with: required) {
                needs.imports.append(importName)
                covered.formUnion(named.intersection(required))
            }
            let rest = required.subtracting(covered)
            for (exportName, named) in exportNames where !named.isDisjoint(with: rest) {
                needs.exports.append(exportName)
            }
            out.append(needs)
            exportNames.append((name, a.namedBy(item.entity)))
        }
        return out
    }
}

extension TypeArena {
    /// The types an import or export of `e` gives a name to (types, also inside instances).
    func namedBy(_ e: Entity) -> Set<TypeRef> {
        var out = Set<TypeRef>()
        var seen = Set<Int>()
        collectNamed(e, into: &out, seen: &seen)
        return out
    }

    private func collectNamed(_ e: Entity, into out: inout Set<TypeRef>, seen: inout Set<Int>) {
        switch e {
        case .type(_, let created): out.insert(created)
        case .instance(let i):
            guard seen.insert(i.index).inserted else { return }
            for item in instances[i.index].exports.values { collectNamed(item.entity, into: &out, seen: &seen) }
        default: break
        }
    }

    /// The named types (records, variants, enums, flags; resources) that `e` needs named from
    /// outside itself to be exported: what the validator's export check looks up, less what `e`
    /// names itself before using it (an instance's own type exports).
    func requiredNames(_ e: Entity) -> Set<TypeRef> {
        var walk = NameWalk(arena: self)
        walk.entity(e)
        return walk.required
    }
}

/// The export check's walk (`registerNamedTypes`, `allNamed`, `isNamed`), collecting what is looked up.
private struct NameWalk {
    let arena: TypeArena
    var required = Set<TypeRef>()
    /// Named by the item itself so far.
    var local = Set<TypeRef>()
    var seenDefined = Set<Int>()
    var seenInstances = Set<Int>()
    var seenFuncs = Set<Int>()

    mutating func need(_ t: TypeRef) {
        if !local.contains(t) { required.insert(t) }
    }

    mutating func entity(_ e: Entity) {
        switch e {
        case .type(let referenced, let created):
            members(referenced)
            local.insert(created)
        case .instance(let i):
            guard seenInstances.insert(i.index).inserted else { return }
            for item in arena.instances[i.index].exports.values { entity(item.entity) }
        case .func(let f): function(f)
        case .value(let v): value(v)
        case .component, .module: break
        }
    }

    /// `allNamed(t)`: what a type definition refers to (not the type itself).
    mutating func members(_ t: TypeRef) {
        switch t.kind {
        case .resource, .component: break
        case .func: function(t)
        case .instance:
            guard seenInstances.insert(t.index).inserted else { return }
            for item in arena.instances[t.index].exports.values {
                switch item.entity {
                case .module, .component, .value(.primitive): break
                case .func(let f): function(f)
                case .type(_, let created): members(created)
                case .value(.type(let d)): members(d)
                case .instance(let i): members(i)
                }
            }
        case .defined:
            switch arena.defined[t.index].type {
            case .own(let r), .borrow(let r): need(r)
            case let d: arena.forEachMember(d) { value($0) }
            }
        }
    }

    mutating func function(_ f: TypeRef) {
        guard seenFuncs.insert(f.index).inserted else { return }
        let ft = arena.funcs[f.index]
        for p in ft.params { value(p.type) }
        if let r = ft.result { value(r) }
    }

    /// `isNamed(v)`: a named type must be named; an anonymous one is looked into.
    mutating func value(_ v: VT) {
        guard case .type(let t) = v else { return }
        switch arena.defined[t.index].type {
        case .primitive: break
        case .flags, .enum, .record, .variant: need(t)
        case .own(let r), .borrow(let r): need(r)
        case let d:
            guard seenDefined.insert(t.index).inserted else { return }
            arena.forEachMember(d) { value($0) }
        }
    }
}
