/// Options for resolving WIT.
public struct ResolveOptions: Hashable, Sendable {
    /// `@unstable(feature = x)` items are kept only when `x` is listed here (as
    /// `wasm-tools component wit --features x`).
    public var features: Set<String>
    /// Keep every `@unstable` item (`--all-features`).
    public var allFeatures: Bool
    /// Accept 🪺 nested namespaces and packages (`package a:b:c/d;`), which WIT.md describes as
    /// a future extension and wasm-tools rejects.
    public var nestedNames: Bool

    public init(features: Set<String> = [], allFeatures: Bool = false, nestedNames: Bool = false) {
        self.features = features
        self.allFeatures = allFeatures
        self.nestedNames = nestedNames
    }
}

/// A fully resolved set of WIT packages: every name is bound, packages are in dependency order,
/// worlds are elaborated (transitive imports listed), and gated items are filtered by the
/// options. Items are addressed by stable ids.
public struct Resolve: Sendable {
    public internal(set) var packages: [Package] = []
    public internal(set) var interfaces: [Interface] = []
    public internal(set) var worlds: [World] = []
    public internal(set) var types: [TypeDef] = []
    public internal(set) var packageNames: [PackageName: PackageID] = [:]
    public internal(set) var options: ResolveOptions
    /// The files every ``Span`` points into.
    public internal(set) var sources: SourceMap

    public init(options: ResolveOptions = ResolveOptions(), sources: SourceMap = SourceMap()) {
        self.options = options
        self.sources = sources
    }

    public subscript(id: PackageID) -> Package { packages[id.index] }
    public subscript(id: InterfaceID) -> Interface { interfaces[id.index] }
    public subscript(id: WorldID) -> World { worlds[id.index] }
    public subscript(id: TypeID) -> TypeDef { types[id.index] }

    /// File, line and column of a span (nil for items without a source).
    public func location(_ span: Span) -> SourceLocation? { sources.location(span) }

    /// The package named `name`.
    public func package(named name: PackageName) -> PackageID? { packageNames[name] }

    /// `ns:pkg/iface@version` for a named interface of a package.
    public func qualifiedName(of id: InterfaceID) -> String? {
        let iface = interfaces[id.index]
        guard let name = iface.name, let p = iface.package else { return nil }
        return packages[p.index].name.interfaceID(name)
    }

    /// The name a world item has in a component: the plain name, or the interface's qualified name.
    public func name(of key: WorldKey) -> String {
        switch key {
        case .name(let n): return n
        case .interface(let id): return qualifiedName(of: id) ?? "<anonymous interface>"
        }
    }

    /// Stability of a world item.
    public func stability(of item: WorldItem) -> Stability {
        switch item {
        case .interface(_, let s, _, _, _): return s
        case .function(let f): return f.stability
        case .type(let id, _): return types[id.index].stability
        }
    }

    /// The interface that `id` is `use`d from, when `id` is a `use` of a type owned elsewhere.
    public func interfaceDependency(of id: TypeID) -> InterfaceID? {
        let t = types[id.index]
        guard case .type(.id(let other)) = t.kind else { return nil }
        let o = types[other.index]
        guard o.owner != t.owner, case .interface(let iid) = o.owner else { return nil }
        return iid
    }

    /// Interfaces an interface `use`s types from (possibly repeated, in type order).
    public func directDependencies(of id: InterfaceID) -> [InterfaceID] {
        interfaces[id.index].types.values.compactMap { interfaceDependency(of: $0) }
    }

    /// Follows `type a = b` aliases to the defining type.
    public func dealias(_ id: TypeID) -> TypeID {
        var cur = id
        var steps = 0
        while case .type(.id(let next)) = types[cur.index].kind, steps <= types.count {
            cur = next
            steps += 1
        }
        return cur
    }

    /// Packages in dependency order (dependencies first).
    public var topologicalPackages: [PackageID] {
        var state = [UInt8](repeating: 0, count: packages.count)  // 0 new, 1 visiting, 2 done
        var order: [PackageID] = []
        for root in packages.indices where state[root] == 0 {
            var stack: [(id: PackageID, deps: [PackageID], next: Int)] = [(PackageID(index: root), packageDependencies(PackageID(index: root)), 0)]
            state[root] = 1
            while let top = stack.last {
                if top.next < top.deps.count {
                    let d = top.deps[top.next]
                    stack[stack.count - 1].next += 1
                    if state[d.index] == 0 {
                        state[d.index] = 1
                        stack.append((d, packageDependencies(d), 0))
                    }
                } else {
                    stack.removeLast()
                    state[top.id.index] = 2
                    order.append(top.id)
                }
            }
        }
        return order
    }

    /// Packages that `id`'s interfaces and worlds refer to.
    public func packageDependencies(_ id: PackageID) -> [PackageID] {
        var out: [PackageID] = []
        var seen: Set<PackageID> = [id]
        func add(_ iface: InterfaceID) {
            if let p = interfaces[iface.index].package, seen.insert(p).inserted { out.append(p) }
        }
        let pkg = packages[id.index]
        for iid in pkg.interfaces.values { for d in directDependencies(of: iid) { add(d) } }
        for wid in pkg.worlds.values {
            let w = worlds[wid.index]
            for item in w.imports.values + w.exports.values {
                switch item {
                case .interface(let iid, _, _, _, _): add(iid)
                case .type(let tid, _): if let d = interfaceDependency(of: tid) { add(d) }
                case .function: break
                }
            }
        }
        return out
    }
}
