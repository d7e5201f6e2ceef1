import WasmBinary
import WasmCore

/// Renders the root imports and exports of a *valid* component from the validator's resolved types
/// (``ValidatedComponent``, its arena), in the same WIT syntax (``WITSyntax``) and layout as
/// ``TypePrinter``: `func(key: string) -> result<list<u8>, error>`, `instance { ... }` (one member a
/// line), `component { ... }`, `core module (2 imports, 1 export)`, type items as declarations.
///
/// A type is called by the name the body being shown gives it (an instance's `resource codec`), else
/// by the first root import/export or instance member that named it, else by the validator's first
/// name for it; types an instance takes from an earlier root instance print as `use owner.{name}`.
/// Expansion is bounded like ``TypePrinter``'s (depth and a per-item budget).
public struct ValidatedPrinter {
    let v: ValidatedComponent
    var arena: TypeArena { v.arena }
    public var indentUnit: String = "  "
    public var maxDepth: Int = 32
    public var maxExpansions: Int = 10_000

    /// First names of types, by `TypeRef` (with its alias: `(eq ...)` names) and of resources.
    private var names: [TypeRef: String] = [:]
    private var resourceNames: [ResourceID: String] = [:]
    /// The root instance each type (by arena identity) was first exported from, and its name there.
    private var owners: [TypeRef: (owner: String, name: String)] = [:]

    final class State {
        var remaining: Int
        var views: [[TypeRef: String]] = []
        var resourceViews: [[ResourceID: String]] = []
        /// The names of the items whose bodies are being shown, innermost last (nil: no `use` lines in
        /// that body, as for the root's exports): a type member first exported by another instance
        /// prints as `use`.
        var current: [String?] = []
        init(_ n: Int) { remaining = n }
    }

    public init(_ v: ValidatedComponent) {
        self.v = v
        let root = v.rootType
        var visited = Set<TypeRef>()
        for e in v.externs {
            guard let item = e.isImport ? root.imports[e.name] : root.exports[e.name] else { continue }
            nameItem(e.name, item.entity, owner: nil, depth: 0, visited: &visited)
        }
    }

    /// Records first names (`owner`: the instance type member `name` is in) and, inside instance
    /// and component types, the instance each type is first exported from, in document order.
    private mutating func nameItem(_ name: String, _ e: Entity, owner: String?, depth: Int, visited: inout Set<TypeRef>) {
        guard depth < 100 else { return }  // the validator bounds nesting; this bounds the recursion regardless
        switch e {
        case .type(let referenced, let created):
            if names[created] == nil { names[created] = name }
            if created.kind == .resource, resourceNames[created.resource] == nil { resourceNames[created.resource] = name }
            if let owner, owners[Self.identity(referenced)] == nil { owners[Self.identity(referenced)] = (owner, name) }
            if referenced.kind == .instance || referenced.kind == .component {
                nameItem(name, referenced.kind == .instance ? .instance(referenced) : .component(referenced), owner: nil,
                         depth: depth + 1, visited: &visited)
            }
        case .instance(let t) where t.kind == .instance && t.index < arena.instances.count:
            guard visited.insert(Self.identity(t)).inserted else { return }
            let ty = arena[instance: t]
            for (n, item) in zip(ty.exports.keys, ty.exports.values) { nameItem(n, item.entity, owner: name, depth: depth + 1, visited: &visited) }
        case .component(let t) where t.kind == .component && t.index < arena.components.count:
            guard visited.insert(Self.identity(t)).inserted else { return }
            let ty = arena[component: t]
            for (n, item) in zip(ty.imports.keys, ty.imports.values) { nameItem(n, item.entity, owner: nil, depth: depth + 1, visited: &visited) }
            for (n, item) in zip(ty.exports.keys, ty.exports.values) { nameItem(n, item.entity, owner: nil, depth: depth + 1, visited: &visited) }
        default: break
        }
    }

    static func identity(_ t: TypeRef) -> TypeRef { TypeRef(kind: t.kind, index: t.index) }

    /// The rendered type of the root import or export `name` (`isImport` picks the list), or nil
    /// when there is no such item. Type items print as declarations (`resource file`, `record e { ... }`).
    public func render(name: String, isImport: Bool) -> (kind: String, text: String)? {
        let root = v.rootType
        guard let item = isImport ? root.imports[name] : root.exports[name] else { return nil }
        let s = State(maxExpansions)
        if case .type = item.entity { s.current = [name] } else { s.current = [isImport ? name : nil] }
        if case .type(let referenced, let created) = item.entity {
            return ("type", declaration(name, referenced, created, indent: "", depth: 0, s))
        }
        return (item.entity.desc, entity(item.entity, indent: "", depth: 0, s))
    }

    /// The root's imports and exports in section order.
    public var externs: [(name: String, isImport: Bool)] { v.externs.map { ($0.name, $0.isImport) } }

    // MARK: Items

    func entity(_ e: Entity, indent: String, depth: Int, _ s: State) -> String {
        switch e {
        case .func(let t): return funcType(t, depth: depth, s)
        case .value(let t): return "value \(valType(t, depth: depth, s))"
        case .type(let r, let c): return typeName(c, s) ?? typeName(r, s) ?? structure(r, depth: depth, s)
        case .module(let id):
            guard id >= 0, id < arena.core.modules.count else { return "core module" }
            let m = arena.core.modules[id]
            return "core module (\(m.imports.count) imports, \(m.exports.count) exports)"
        case .instance(let t):
            guard t.kind == .instance, t.index < arena.instances.count else { return "instance" }
            let ty = arena[instance: t]
            let members = zip(ty.exports.keys, ty.exports.values).map { ("", $0.0, $0.1.entity) }
            return body("instance", members, indent: indent, depth: depth, s)
        case .component(let t):
            guard t.kind == .component, t.index < arena.components.count else { return "component" }
            let ty = arena[component: t]
            let members = zip(ty.imports.keys, ty.imports.values).map { ("import ", $0.0, $0.1.entity) }
                + zip(ty.exports.keys, ty.exports.values).map { ("export ", $0.0, $0.1.entity) }
            return body("component", members, indent: indent, depth: depth, s)
        }
    }

    func body(_ keyword: String, _ members: [(String, String, Entity)], indent: String, depth: Int, _ s: State) -> String {
        if members.isEmpty { return "\(keyword) {}" }
        if depth >= maxDepth { return "\(keyword) { … }" }
        let inner = indent + indentUnit
        var view: [TypeRef: String] = [:]
        var resourceView: [ResourceID: String] = [:]
        for (_, name, e) in members {
            guard case .type(let r, let c) = e else { continue }
            if view[c] == nil { view[c] = name }
            if view[Self.identity(r)] == nil { view[Self.identity(r)] = name }
            if c.kind == .resource, resourceView[c.resource] == nil { resourceView[c.resource] = name }
        }
        s.views.append(view)
        s.resourceViews.append(resourceView)
        defer {
            s.views.removeLast()
            s.resourceViews.removeLast()
        }
        var out = "\(keyword) {\n"
        for (prefix, name, e) in members {
            guard spend(s) else {
                out += inner + "…\n"
                break
            }
            let line: String
            if case .type(let r, let c) = e {
                if let current = s.current.last ?? nil, let o = owners[Self.identity(r)], o.owner != current {
                    line = "use \(o.owner).{\(o.name == name ? name : "\(o.name) as \(name)")}"
                } else {
                    s.current.append((s.current.last ?? nil) == nil ? nil : name)
                    line = declaration(name, r, c, indent: inner, depth: depth + 1, s)
                    s.current.removeLast()
                }
            } else {
                s.current.append((s.current.last ?? nil) == nil ? nil : name)
                line = "\(name): \(entity(e, indent: inner, depth: depth + 1, s))"
                s.current.removeLast()
            }
            out += inner + prefix + line + "\n"
        }
        return out + indent + "}"
    }

    func spend(_ s: State) -> Bool {
        guard s.remaining > 0 else { return false }
        s.remaining -= 1
        return true
    }

    /// A type member or item as a declaration: `resource name`, `record name { ... }`, `type name = t`.
    func declaration(_ name: String, _ r: TypeRef, _ c: TypeRef, indent: String, depth: Int, _ s: State) -> String {
        if let n = typeName(Self.identity(r), s) ?? typeName(c, s), n != name { return "type \(name) = \(n)" }
        switch r.kind {
        case .resource: return "resource \(name)"
        case .defined:
            guard r.index < arena.defined.count else { return "type \(name) = <unknown>" }
            let full = structure(r, depth: depth, s)
            switch arena[defined: r].type {
            case .record, .variant, .flags, .enum:
                if let sp = full.firstIndex(of: " ") { return full[..<sp] + " \(name)" + full[sp...] }
                return full
            default: return "type \(name) = \(full)"
            }
        case .func: return "type \(name) = \(funcType(r, depth: depth, s))"
        case .instance: return "type \(name) = \(entity(.instance(r), indent: indent, depth: depth, s))"
        case .component: return "type \(name) = \(entity(.component(r), indent: indent, depth: depth, s))"
        }
    }

    // MARK: Types

    func typeName(_ t: TypeRef, _ s: State) -> String? {
        if t.kind == .resource { return resourceName(t.resource, s) }
        for view in s.views.reversed() {
            if let n = view[t] ?? view[Self.identity(t)] { return n }
        }
        return names[t]
    }

    func resourceName(_ r: ResourceID, _ s: State) -> String? {
        for view in s.resourceViews.reversed() {
            if let n = view[r] { return n }
        }
        return resourceNames[r] ?? arena.resourceNames[r]
    }

    func funcType(_ t: TypeRef, depth: Int, _ s: State) -> String {
        guard t.kind == .func, t.index < arena.funcs.count else { return "<unknown>" }
        guard depth < maxDepth, spend(s) else { return "…" }
        let f = arena[func: t]
        return WITSyntax.render(.function(isAsync: f.isAsync, params: f.params.map { ($0.name, valType($0.type, depth: depth + 1, s)) },
                                          result: f.result.map { valType($0, depth: depth + 1, s) }))
    }

    func valType(_ t: VT, depth: Int, _ s: State) -> String {
        switch t {
        case .primitive(let p): return p.description
        case .type(let r):
            if let n = typeName(r, s) { return n }
            return structure(r, depth: depth, s)
        }
    }

    func structure(_ r: TypeRef, depth: Int, _ s: State) -> String {
        guard r.kind == .defined, r.index < arena.defined.count else {
            if r.kind == .resource { return resourceName(r.resource, s) ?? "resource" }
            return "<unknown>"
        }
        guard depth < maxDepth, spend(s) else { return "…" }
        let d = depth + 1
        func v(_ x: VT) -> String { valType(x, depth: d, s) }
        func res(_ x: TypeRef) -> String { resourceName(x.resource, s) ?? "resource" }
        let e: WITSyntax.Expression
        switch arena[defined: r].type {
        case .primitive(let p): return p.description
        case .record(let fs): e = .record(fs.map { ($0.name, v($0.type)) })
        case .variant(let cs): e = .variant(cs.map { ($0.name, $0.type.map(v)) })
        case .list(let x): e = .list(v(x))
        case .fixedList(let x, let n): e = .fixedList(v(x), n)
        case .map(let k, let x): e = .map(v(k), v(x))
        case .tuple(let ts): e = .tuple(ts.map(v))
        case .flags(let ls): e = .flags(ls)
        case .enum(let ls): e = .enum(ls)
        case .option(let x): e = .option(v(x))
        case .result(let ok, let err): e = .result(ok: ok.map(v), err: err.map(v))
        case .own(let x): return res(x)  // WIT spells `own<r>` as `r`
        case .borrow(let x): e = .borrow(res(x))
        case .future(let x): e = .future(x.map(v))
        case .stream(let x): e = .stream(x.map(v))
        }
        return WITSyntax.render(e)
    }
}
