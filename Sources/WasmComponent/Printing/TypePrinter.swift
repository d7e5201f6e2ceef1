import WasmBinary
import WasmCore

/// Renders component types in WIT syntax (spelled by ``WITSyntax``), e.g.
/// `get: func(key: string) -> result<list<u8>, error>`, with records, variants, enums, flags and
/// resources called by the export/import names that define them (``TypeSpace/typeNames``),
/// instance types as `instance { ... }` and component types as `component { ... }`.
///
/// A pure function of the model and the type space; depth is bounded so even invalid, cyclic
/// references print (as `…`). `inspect` uses it for components that do not validate and for nested
/// components; a valid component's root imports and exports print through ``ValidatedPrinter``.
public struct TypePrinter: Sendable {
    public let space: TypeSpace
    /// Indentation per nesting level of instance and component bodies.
    public var indentUnit: String = "  "
    /// Nesting limit for type structure (deeper parts print as `…`).
    public var maxDepth: Int = 32
    /// Type structures and body members expanded per rendered item: types shared by reference
    /// print inline at every use, so without a budget a few bytes (`type 1 = tuple<0, 0>`, …, or
    /// an invalid self-reference) would print 2^maxDepth nodes. Beyond it the rest prints as `…`.
    public var maxExpansions: Int = 10_000
    /// Set on the copy of the printer that renders one item (see ``counted(_:)``).
    private var budget: Budget?

    /// Expansions left for the item being rendered. Only the printer copy made by `counted` holds
    /// one, for the duration of one call on one thread.
    final class Budget: @unchecked Sendable {
        var remaining: Int
        /// The type members of the instance and component bodies being printed, innermost last: a type is
        /// called by the name the body being shown gives it (`codec`), not by a name from wherever it was
        /// first defined (a nested shim's `import-type-codec`).
        var views: [[TypeKey: String]] = []
        init(_ remaining: Int) { self.remaining = remaining }
    }

    public init(_ space: TypeSpace) { self.space = space }

    /// Runs `body` on a copy of the printer with a fresh expansion budget (the current one when
    /// already inside a rendering).
    func counted<R>(_ body: (TypePrinter) -> R) -> R {
        if budget != nil { return body(self) }
        var p = self
        p.budget = Budget(maxExpansions)
        return body(p)
    }

    /// The name the innermost body being shown gives `key`, if any.
    func viewName(_ key: TypeKey) -> String? {
        guard let views = budget?.views else { return nil }
        for names in views.reversed() {
            if let n = names[key] { return n }
        }
        return nil
    }

    /// Takes one expansion from the budget; false when it is used up.
    func spend() -> Bool {
        guard let budget else { return true }
        guard budget.remaining > 0 else { return false }
        budget.remaining -= 1
        return true
    }

    // MARK: Items

    /// `name: <item>` for exports and instance members; type items print as definitions
    /// (`record error { ... }`, `resource file`, `type bytes = list<u8>`).
    public func render(_ named: NamedItem, indent: String = "") -> String {
        counted { p in
            if case .type(let key) = named.item { return p.typeDeclaration(named.name.name, key, indent: indent, depth: 0) }
            return "\(named.name.name): \(p.render(named.item, indent: indent, depth: 0))"
        }
    }

    /// An item's type: `func(...) -> t`, `instance { ... }`, `component { ... }`, `core module`,
    /// `value t`, or a type.
    public func render(_ item: ItemRef, indent: String = "") -> String {
        counted { $0.render(item, indent: indent, depth: 0) }
    }

    func render(_ item: ItemRef, indent: String, depth: Int) -> String {
        switch item {
        case .func(let key): return typeRef(key, indent: indent, depth: depth, preferName: false)
        case .type(let key): return typeRef(key, indent: indent, depth: depth, preferName: true)
        case .value(let v):
            guard let t = v.type else { return "value" }
            return "value \(valType(t, in: v.scope, depth: depth))"
        case .module(let m):
            if case .typed(.module(let decls)) = m {
                var imports = 0, exports = 0
                for d in decls {
                    if case .import = d { imports += 1 }
                    if case .export = d { exports += 1 }
                }
                return "core module (\(imports) imports, \(exports) exports)"
            }
            return "core module"
        case .instance(let id):
            guard let info = try? space.instance(id) else { return "instance <unknown>" }
            let scope = info.type.flatMap { space.innerScopes[$0] }
            return body("instance", info.exports.map { ("", $0) }, scope: scope, indent: indent, depth: depth)
        case .component(let id):
            guard let info = try? space.component(id) else { return "component <unknown>" }
            let lines = info.imports.map { ("import ", $0) } + info.exports.map { ("export ", $0) }
            return body("component", lines, scope: info.scope, indent: indent, depth: depth)
        }
    }

    /// `import name: ...` / `export name: ...` lines of a component scope (a world-like summary).
    public func renderWorld(_ scope: ScopeID? = nil) -> String {
        let s = scope ?? space.root
        var out: [String] = []
        for i in space.imports(of: s) { out.append("import " + render(i)) }
        for e in space.exports(of: s) { out.append("export " + render(e)) }
        return out.joined(separator: "\n")
    }

    /// A `{ ... }` body listing `members` of `scope` (when known: types defined in another named
    /// instance type print as `use owner.{name}`).
    func body(_ keyword: String, _ members: [(String, NamedItem)], scope: ScopeID?, indent: String, depth: Int) -> String {
        if members.isEmpty { return "\(keyword) {}" }
        if depth >= maxDepth { return "\(keyword) { … }" }
        let inner = indent + indentUnit
        var s = "\(keyword) {\n"
        var names: [TypeKey: String] = [:]
        for (_, m) in members {
            if case .type(let key) = m.item, names[key] == nil { names[key] = m.name.name }
        }
        budget?.views.append(names)
        defer { budget?.views.removeLast() }
        for (prefix, m) in members {
            guard spend() else {
                s += inner + "…\n"
                break
            }
            let line: String
            if case .type(let key) = m.item, let scope, key.scope != scope, let owner = space.scopeNames[key.scope],
               let original = space.name(of: key) {
                line = "use \(owner).{\(original == m.name.name ? original : "\(original) as \(m.name.name)")}"
            } else if case .type(let key) = m.item {
                line = typeDeclaration(m.name.name, key, indent: inner, depth: depth + 1)
            } else {
                line = "\(m.name.name): \(render(m.item, indent: inner, depth: depth + 1))"
            }
            s += inner + prefix + line + "\n"
        }
        return s + indent + "}"
    }

    // MARK: Types

    /// A value type in `scope`.
    public func render(_ t: ComponentValType, in scope: ScopeID) -> String {
        counted { $0.valType(t, in: scope, depth: 0) }
    }

    /// The definition behind `key` (structure, not name): `record { ... }`, `func(...)`, ...
    public func renderDefinition(_ key: TypeKey) -> String {
        counted { $0.typeRef(key, indent: "", depth: 0, preferName: false) }
    }

    func valType(_ t: ComponentValType, in scope: ScopeID, depth: Int) -> String {
        switch t {
        case .primitive(let p): return p.description
        case .index(let i):
            let types = (try? space.scope(scope))?.types ?? []
            guard Int(i) < types.count else { return "<unknown type \(i)>" }
            let key = types[Int(i)]
            if let n = viewName(key) ?? space.name(of: key, in: scope) { return n }
            return typeRef(key, indent: "", depth: depth, preferName: true)
        }
    }

    /// A reference to `key`: its name when it has one (and `preferName`), else its structure.
    func typeRef(_ key: TypeKey, indent: String, depth: Int, preferName: Bool) -> String {
        if preferName, let n = viewName(key) ?? space.name(of: key) { return n }
        guard depth < maxDepth, spend() else { return "…" }
        guard let d = space.definition(key) else { return "<unknown>" }
        switch d {
        case .abstractResource(let name): return name
        case .unknown: return "<unknown>"
        case .type(let t): return structure(t, in: key.scope, indent: indent, depth: depth + 1, key: key)
        }
    }

    func structure(_ t: ComponentType, in scope: ScopeID, indent: String, depth: Int, key: TypeKey) -> String {
        func v(_ x: ComponentValType) -> String { valType(x, in: scope, depth: depth) }
        switch t {
        case .defined(let d): return defined(d, v, scope: scope, depth: depth)
        case .func(let f):
            return WITSyntax.render(.function(isAsync: f.isAsync, params: f.params.map { ($0.name, v($0.type)) },
                                              result: f.result.map(v)))
        case .resource(let rep, let dtor):
            var s = "resource (rep \(coreValTypeName(rep)))"
            if let dtor { s += " (dtor \(dtor))" }
            return s
        case .instance, .component:
            let isComponent: Bool
            if case .component = t { isComponent = true } else { isComponent = false }
            guard let inner = space.innerScopes[key] else { return isComponent ? "component" : "instance" }
            let members = (isComponent ? space.imports(of: inner).map { ("import ", $0) } : [])
                + space.exports(of: inner).map { (isComponent ? "export " : "", $0) }
            return body(isComponent ? "component" : "instance", members, scope: inner, indent: indent, depth: depth)
        }
    }

    func defined(_ d: DefinedType, _ v: (ComponentValType) -> String, scope: ScopeID, depth: Int) -> String {
        let e: WITSyntax.Expression
        switch d {
        case .primitive(let p): return p.description
        case .record(let fields): e = .record(fields.map { ($0.name, v($0.type)) })
        case .variant(let cases): e = .variant(cases.map { ($0.name, $0.type.map(v)) })
        case .list(let t): e = .list(v(t))
        case .fixedList(let t, let n): e = .fixedList(v(t), n)
        case .tuple(let ts): e = .tuple(ts.map(v))
        case .flags(let names): e = .flags(names)
        case .enum(let names): e = .enum(names)
        case .option(let t): e = .option(v(t))
        case .result(let ok, let err): e = .result(ok: ok.map(v), err: err.map(v))
        case .own(let i): return resourceName(i, in: scope, depth: depth)  // WIT spells `own<r>` as `r`
        case .borrow(let i): e = .borrow(resourceName(i, in: scope, depth: depth))
        case .stream(let t): e = .stream(t.map(v))
        case .future(let t): e = .future(t.map(v))
        case .map(let k, let val): e = .map(v(k), v(val))
        }
        return WITSyntax.render(e)
    }

    func resourceName(_ i: UInt32, in scope: ScopeID, depth: Int) -> String {
        let types = (try? space.scope(scope))?.types ?? []
        guard Int(i) < types.count else { return "<unknown type \(i)>" }
        if let n = viewName(types[Int(i)]) ?? space.name(of: types[Int(i)], in: scope) { return n }
        return "own<type \(i)>"
    }

    /// A type export/import as a declaration: `record name { ... }`, `resource name`,
    /// `type name = ...`.
    func typeDeclaration(_ name: String, _ key: TypeKey, indent: String, depth: Int) -> String {
        if let n = viewName(key) ?? space.name(of: key), n != name { return "type \(name) = \(n)" }
        guard let d = space.definition(key) else { return "type \(name) = <unknown>" }
        switch d {
        case .abstractResource, .type(.resource): return "resource \(name)"
        case .unknown: return "type \(name) = <unknown>"
        case .type(.defined(let dt)):
            let full = typeRef(key, indent: indent, depth: depth, preferName: false)
            switch dt {
            case .record, .variant, .flags, .enum:
                // `record { ... }` → `record name { ... }`
                if let space = full.firstIndex(of: " ") {
                    return full[..<space] + " \(name)" + full[space...]
                }
                return full
            default: return "type \(name) = \(full)"
            }
        case .type:
            return "type \(name) = \(typeRef(key, indent: indent, depth: depth, preferName: false))"
        }
    }

    func coreValTypeName(_ t: ValType) -> String {
        switch t {
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .v128: return "v128"
        case .ref(let r):
            if case .abstract(let a, _) = r.heapType { return (r.nullable ? "\(a.name)ref" : "(ref \(a.name))") }
            return "ref"
        }
    }
}
