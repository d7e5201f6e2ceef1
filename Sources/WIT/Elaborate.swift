/// `include` merging and world elaboration.
extension Resolve {
    mutating func processIncludes(_ id: WorldID, _ pkg: PackageID, _ remap: inout Remap) throws(WITDiagnostic) {
        let includes = worlds[id.index].includes
        worlds[id.index].includes = []
        for inc in includes {
            guard try self.includes(inc.stability, package: pkg, span: inc.span) else { continue }
            try include(into: id, from: try remap.mapWorld(inc.world, inc.span), names: inc.names, span: inc.span, pkg)
        }
        try checkCaseInsensitiveNames(id)
    }

    /// `with { a as b }` renaming: `a` itself, or the resource part of `[method]a.f` / `[constructor]a`.
    static func rename(_ original: String, _ name: (name: String, asName: String)) -> String? {
        if original == name.name { return name.asName }
        guard original.hasPrefix("["), let close = original.firstIndex(of: "]") else { return nil }
        let kind = original[...close]
        let rest = original[original.index(after: close)...]
        if let dot = rest.firstIndex(of: "."), rest[..<dot] == name.name {
            return "\(kind)\(name.asName)\(rest[dot...])"
        }
        if rest == name.name { return "\(kind)\(name.asName)" }
        return nil
    }

    mutating func include(into id: WorldID, from source: WorldID, names: [(name: String, asName: String)], span: Span,
                          _ pkg: PackageID) throws(WITDiagnostic) {
        let included = worlds[source.index]
        var unmatched = names
        for key in included.imports.keys + included.exports.keys {
            guard case .name(let n) = key else { continue }
            unmatched.removeAll { Self.rename(n, $0) != nil }
        }
        if let first = unmatched.first {
            let candidates = (included.imports.keys + included.exports.keys).compactMap { k -> String? in
                if case .name(let n) = k { return n } else { return nil }
            }
            throw WITDiagnostic(.witInvalid,
                                "no import or export kebab-name `\(first.name)`. Note that an ID does not support renaming",
                                at: span, hint: Suggest.hint(for: first.name, among: candidates)
                                    ?? "`with` renames plain-named imports and exports only (not `import ns:pkg/iface;`)")
        }
        let isExternal = worlds[id.index].package != included.package
        var cloner = Cloner(previous: .world(source), next: .world(id), package: pkg)
        for (isImport, items) in [(true, included.imports), (false, included.exports)] {
            let desc = isImport ? "import" : "export"
            for (key, item) in items {
                switch key {
                case .name(let n):
                    let renamed = names.lazy.compactMap { Self.rename(n, $0) }.first ?? n
                    var newItem = item
                    cloner.worldItem(&newItem, in: &self)
                    switch newItem {
                    case .function(var f):
                        f.name = renamed
                        newItem = .function(f)
                    case .type(let tid, _):
                        types[tid.index].name = renamed
                    case .interface: break
                    }
                    let existing = isImport ? worlds[id.index].imports[.name(renamed)] : worlds[id.index].exports[.name(renamed)]
                    if existing != nil {
                        throw WITDiagnostic(.witDuplicateName, "\(desc) of `\(renamed)` shadows previously \(desc)ed items", at: span,
                                            hint: "rename one of them with `include … with { \(renamed) as new-name }`")
                    }
                    if isImport {
                        worlds[id.index].imports.insert(.name(renamed), newItem)
                        worlds[id.index].importOrigins[.name(renamed)] = .included(world: source, span: span)
                    } else {
                        worlds[id.index].exports.insert(.name(renamed), newItem)
                        worlds[id.index].exportOrigins[.name(renamed)] = .included(world: source, span: span)
                    }
                case .interface:
                    // As in wasm-tools, a freshly added entry is also "merged" with itself, which
                    // drops `@since` gates that come from another package.
                    let prev = (isImport ? worlds[id.index].imports[key] : worlds[id.index].exports[key]) ?? item
                    if isImport, worlds[id.index].importOrigins[key] == nil {
                        worlds[id.index].importOrigins[key] = .included(world: source, span: span)
                    } else if !isImport, worlds[id.index].exportOrigins[key] == nil {
                        worlds[id.index].exportOrigins[key] = .included(world: source, span: span)
                    }
                    guard case .interface(let fromID, let from, _, let fromSpan, _) = item,
                          case .interface(let intoID, var into, let d, let s, let e) = prev else { continue }
                    if isExternal && from.isStable {
                        into = .unknown
                    } else if from != into && !from.isUnknown {
                        if into.isUnknown {
                            into = from
                        } else {
                            throw WITDiagnostic(.witFeatureGate,
                                                "mismatch in stability from '\(Self.describe(from))' to '\(Self.describe(into))'",
                                                at: fromSpan.isKnown ? fromSpan : span,
                                                hint: "the same interface is gated differently in the included worlds")
                        }
                    }
                    _ = fromID
                    let merged = WorldItem.interface(id: intoID, stability: into, docs: d, span: s, externalID: e)
                    if isImport { worlds[id.index].imports.insert(key, merged) } else { worlds[id.index].exports.insert(key, merged) }
                }
            }
        }
    }

    static func describe(_ s: Stability) -> String {
        switch s {
        case .unknown: return "no gate"
        case .stable(let v, let d): return "@since(version = \(v))" + (d.map { " @deprecated(version = \($0))" } ?? "")
        case .unstable(let f, let d): return "@unstable(feature = \(f))" + (d.map { " @deprecated(version = \($0))" } ?? "")
        }
    }

    /// Import (and export) names must differ in more than case, also after `include`.
    func checkCaseInsensitiveNames(_ id: WorldID) throws(WITDiagnostic) {
        let w = worlds[id.index]
        for (items, desc) in [(w.imports, "import"), (w.exports, "export")] {
            var seen: [String: String] = [:]
            for key in items.keys {
                guard case .name(let n) = key else { continue }
                let lower = n.lowercased()
                if let other = seen[lower], other != n {
                    throw WITDiagnostic(.witDuplicateName,
                                        "\(desc) `\(n)` in world `\(w.name)` conflicts with \(desc) `\(other)` (kebab-case identifiers are case-insensitive)",
                                        at: w.span)
                }
                seen[lower] = n
            }
        }
    }

    /// Lists every interface a world needs: dependencies of imports become imports, and
    /// dependencies of exports are imported unless they are exported themselves (in which case
    /// they must not also be needed as imports).
    mutating func elaborate(_ id: WorldID) throws(WITDiagnostic) {
        let world = worlds[id.index]
        var newImports = OrderedMap<WorldKey, WorldItem>()
        /// For keys added during elaboration: the interface that needed them.
        var implied: [WorldKey: InterfaceID] = [:]
        var ordered = world.imports
        ordered.stableSort { _, item in importClass(item) }
        for (key, item) in ordered {
            switch item {
            case .interface(let iid, let st, let docs, let span, let ext):
                elaborateImport(&newImports, key, iid, st, docs, ext, span, &implied)
            case .function:
                newImports.insert(key, item)
            case .type(let tid, _):
                if let dep = interfaceDependency(of: tid) {
                    // Needed by the world's own `use`: attribute it to that statement.
                    if worlds[id.index].importOrigins[.interface(dep)] == nil {
                        worlds[id.index].importOrigins[.interface(dep)] = .declared(types[tid.index].span)
                    }
                    elaborateImport(&newImports, .interface(dep), dep, types[tid.index].stability, Docs(), nil, .unknown, &implied)
                }
                newImports.insert(key, item)
            }
        }
        var newExports = OrderedMap<WorldKey, WorldItem>()
        var exportInterfaces = OrderedMap<WorldKey, WorldItem>()
        for (key, item) in world.exports {
            if case .interface = item { exportInterfaces.insert(key, item) } else { newExports.insert(key, item) }
        }
        var required: Set<InterfaceID> = []
        for (key, item) in exportInterfaces {
            if !addExport(key, item, true, exportInterfaces, &newImports, &newExports, &required, &implied) {
                throw WITDiagnostic(.witInvalid, "interface `\(name(of: key))` transitively depends on an interface in incompatible ways",
                                    at: world.span,
                                    hint: "an interface it uses is both exported and needed as an import; export that interface's dependents too, or stop exporting it")
            }
        }
        newImports.stableSort { _, item in importClass(item) }
        worlds[id.index].imports = newImports
        worlds[id.index].exports = newExports
        // Items not in the original lists were implied by a dependency.
        for key in newImports.keys where worlds[id.index].importOrigins[key] == nil {
            worlds[id.index].importOrigins[key] = implied[key].map { .implied(by: $0) } ?? .declared(.unknown)
        }
        for key in newExports.keys where worlds[id.index].exportOrigins[key] == nil {
            worlds[id.index].exportOrigins[key] = implied[key].map { .implied(by: $0) } ?? .declared(.unknown)
        }
    }

    /// Print/encoding order of world imports: interfaces, `use`d types, other types, functions,
    /// resource functions.
    func importClass(_ item: WorldItem) -> Int {
        switch item {
        case .interface: return 0
        case .type(let tid, _):
            let t = types[tid.index]
            if case .type(.id(let other)) = t.kind, types[other.index].owner != t.owner { return 1 }
            return 2
        case .function(let f): return f.kind.resource == nil ? 3 : 4
        }
    }

    /// Adds `iid` and (first) its transitive dependencies as imports, depth-first, iteratively.
    func elaborateImport(_ imports: inout OrderedMap<WorldKey, WorldItem>, _ key: WorldKey, _ iid: InterfaceID,
                         _ stability: Stability, _ docs: Docs, _ externalID: String?, _ span: Span,
                         _ implied: inout [WorldKey: InterfaceID]) {
        if imports.contains(key) { return }
        struct Frame { var key: WorldKey; var id: InterfaceID; var deps: [InterfaceID]; var next: Int; var root: Bool }
        var stack = [Frame(key: key, id: iid, deps: directDependencies(of: iid), next: 0, root: true)]
        var active: Set<WorldKey> = [key]
        while let top = stack.last {
            if top.next < top.deps.count {
                let dep = top.deps[top.next]
                stack[stack.count - 1].next += 1
                let k = WorldKey.interface(dep)
                if imports.contains(k) || active.contains(k) { continue }
                active.insert(k)
                if implied[k] == nil { implied[k] = top.id }
                stack.append(Frame(key: k, id: dep, deps: directDependencies(of: dep), next: 0, root: false))
                continue
            }
            stack.removeLast()
            if !imports.contains(top.key) {
                imports.insert(top.key, .interface(id: top.id, stability: stability, docs: top.root ? docs : Docs(),
                                                   span: top.root ? span : .unknown, externalID: top.root ? externalID : nil))
            }
        }
    }

    /// wit-parser's `add_world_export`, with an explicit stack.
    func addExport(_ key: WorldKey, _ item: WorldItem, _ add: Bool, _ exportInterfaces: OrderedMap<WorldKey, WorldItem>,
                   _ imports: inout OrderedMap<WorldKey, WorldItem>, _ exports: inout OrderedMap<WorldKey, WorldItem>,
                   _ required: inout Set<InterfaceID>, _ implied: inout [WorldKey: InterfaceID]) -> Bool {
        struct Frame { var key: WorldKey; var item: WorldItem; var add: Bool; var id: InterfaceID; var deps: [InterfaceID]; var next: Int }
        func enter(_ key: WorldKey, _ item: WorldItem, _ add: Bool, _ stack: inout [Frame]) -> Bool? {
            if exports.contains(key) { return add }
            guard case .interface(let iid, _, _, _, _) = item else { return true }
            if !add && required.contains(iid) { return true }
            stack.append(Frame(key: key, item: item, add: add, id: iid, deps: directDependencies(of: iid), next: 0))
            return nil
        }
        var stack: [Frame] = []
        if let immediate = enter(key, item, add, &stack) { return immediate }
        while let top = stack.last {
            if top.next < top.deps.count {
                let dep = top.deps[top.next]
                stack[stack.count - 1].next += 1
                guard case .interface(_, let st, _, _, let ext) = top.item else { continue }
                let depItem = WorldItem.interface(id: dep, stability: st, docs: Docs(), span: .unknown, externalID: ext)
                let depKey = WorldKey.interface(dep)
                let depAdd = top.add && exportInterfaces.contains(depKey)
                if implied[depKey] == nil { implied[depKey] = top.id }
                if let immediate = enter(depKey, depItem, depAdd, &stack), !immediate { return false }
                continue
            }
            stack.removeLast()
            if top.add {
                if required.contains(top.id) { return false }
                exports.insert(top.key, top.item)
            } else {
                required.insert(top.id)
                if !imports.contains(top.key) { imports.insert(top.key, top.item) }
            }
        }
        return true
    }
}

/// Deep-copies world-owned types and anonymous interfaces when a world is included into another.
struct Cloner {
    var previous: TypeOwner
    var next: TypeOwner
    var package: PackageID
    var types: [TypeID: TypeID] = [:]
    var interfaces: [InterfaceID: InterfaceID] = [:]

    init(previous: TypeOwner, next: TypeOwner, package: PackageID) {
        self.previous = previous
        self.next = next
        self.package = package
    }

    mutating func worldItem(_ item: inout WorldItem, in r: inout Resolve) {
        switch item {
        case .type(let id, let span):
            item = .type(id: cloneType(id, &r), span: span)
        case .function(var f):
            cloneFunction(&f, &r)
            item = .function(f)
        case .interface(let id, let st, let d, let s, let e):
            guard r.interfaces[id.index].name == nil else { return }
            item = .interface(id: cloneInterface(id, &r), stability: st, docs: d, span: s, externalID: e)
        }
    }

    mutating func cloneType(_ id: TypeID, _ r: inout Resolve) -> TypeID {
        if let done = types[id] { return done }
        // Iterative post-order: children are cloned before the type that mentions them.
        var stack: [(TypeID, Bool)] = [(id, false)]
        while let (cur, expanded) = stack.popLast() {
            if types[cur] != nil { continue }
            if !expanded {
                stack.append((cur, true))
                for c in cloneChildren(cur, r) where types[c] == nil { stack.append((c, false)) }
                continue
            }
            var def = r.types[cur.index]
            if def.owner != .none { def.owner = next }
            func m(_ t: WITType) -> WITType { if case .id(let x) = t, let y = types[x] { return .id(y) } else { return t } }
            switch def.kind {
            case .type(.id(let x)): if let y = types[x] { def.kind = .type(.id(y)) }
            case .handle(.own(let x)): def.kind = .handle(.own(types[x] ?? x))
            case .handle(.borrow(let x)): def.kind = .handle(.borrow(types[x] ?? x))
            case .option(let t): def.kind = .option(m(t))
            case .list(let t): def.kind = .list(m(t))
            case .fixedList(let t, let n): def.kind = .fixedList(m(t), n)
            case .map(let k, let v): def.kind = .map(m(k), m(v))
            case .tuple(let ts): def.kind = .tuple(ts.map(m))
            case .record(var fs):
                for i in fs.indices { fs[i].type = m(fs[i].type) }
                def.kind = .record(fs)
            case .variant(var cs):
                for i in cs.indices { cs[i].type = cs[i].type.map(m) }
                def.kind = .variant(cs)
            case .result(let o, let e): def.kind = .result(ok: o.map(m), err: e.map(m))
            case .future(let t): def.kind = .future(t.map(m))
            case .stream(let t): def.kind = .stream(t.map(m))
            default: break
            }
            r.types.append(def)
            types[cur] = TypeID(index: r.types.count - 1)
        }
        return types[id] ?? id
    }

    /// Types a clone must clone first: everything mentioned, except what a `type x = y` points at
    /// outside the cloned owner.
    func cloneChildren(_ id: TypeID, _ r: Resolve) -> [TypeID] {
        let def = r.types[id.index]
        if case .type(.id(let x)) = def.kind {
            return r.types[x.index].owner == previous ? [x] : []
        }
        if case .handle(let h) = def.kind { return [h.resource] }
        return r.children(id)
    }

    mutating func cloneFunction(_ f: inout Function, _ r: inout Resolve) {
        if let res = f.kind.resource { f.kind = f.kind.withResource(cloneType(res, &r)) }
        for i in f.params.indices { if case .id(let t) = f.params[i].type { f.params[i].type = .id(cloneType(t, &r)) } }
        if case .id(let t)? = f.result { f.result = .id(cloneType(t, &r)) }
    }

    mutating func cloneInterface(_ id: InterfaceID, _ r: inout Resolve) -> InterfaceID {
        var copy = r.interfaces[id.index]
        let newID = InterfaceID(index: r.interfaces.count)
        var inner = Cloner(previous: .interface(id), next: .interface(newID), package: package)
        inner.types = types
        r.interfaces.append(copy)  // reserve the id so owners can point at it
        var newTypes = OrderedMap<String, TypeID>()
        for (n, t) in copy.types { newTypes.insert(n, inner.cloneType(t, &r)) }
        var newFuncs = OrderedMap<String, Function>()
        for (n, f) in copy.functions {
            var g = f
            inner.cloneFunction(&g, &r)
            newFuncs.insert(n, g)
        }
        copy.types = newTypes
        copy.functions = newFuncs
        copy.package = package
        copy.cloneOf = id
        r.interfaces[newID.index] = copy
        types = inner.types
        interfaces[id] = newID
        return newID
    }
}
