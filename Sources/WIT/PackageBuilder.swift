/// Resolves the names inside one package (all its files together) into an ``UnresolvedPackage``:
/// interfaces and worlds are ordered by their `use`/`include` dependencies, types by their
/// references; names from other packages become placeholders.
struct PackageBuilder {
    let sources: SourceMap
    var packageRef: AST.PackageRef?
    var packageDocs = Docs()
    var files: [[AST.Item]] = []

    var out: UnresolvedPackage
    /// Anonymous types are shared by structure within a package.
    var anonTypes: [AnonKey: TypeID] = [:]
    /// Per file: the names visible at the top level (items of the package plus top-level `use`s).
    var fileScopes: [[String: UnresolvedPackage.ItemRef]] = []
    /// Names defined by the package itself.
    var packageItems: [String: UnresolvedPackage.ItemRef] = [:]
    var currentFile = 0
    /// Per interface (parallel to `out.interfaces`): its names.
    var interfaceScopes: [OrderedMap<String, ScopeEntry>] = []
    /// The names of the interface or world being resolved.
    var scope = OrderedMap<String, ScopeEntry>()
    /// Canonical forms of the names in `scope` (names must be strongly unique).
    var scopeFolded: [String: String] = [:]
    var foreignInterfaces: Set<InterfaceID> = []

    enum ScopeEntry {
        case type(TypeID, Span)
        case item(String, Span)
        var span: Span { switch self { case .type(_, let s), .item(_, let s): return s } }
    }

    enum PathKind { case interface, world, unknown }

    init(sources: SourceMap) {
        self.sources = sources
        out = UnresolvedPackage(name: PackageName(namespace: "", name: ""), nameSpan: .unknown, docs: Docs())
    }

    // MARK: Input

    /// Adds the top-level items of one file (nested `package { }` blocks are built separately).
    mutating func add(package ref: AST.PackageRef?, items: [AST.Item]) throws(WITDiagnostic) {
        if let ref {
            let name = ref.packageName
            if let prev = packageRef, prev.packageName != name {
                throw WITDiagnostic(.witInvalid, "package identifier `\(name)` does not match previous package name of `\(prev.packageName)`",
                                    at: ref.span, hint: "all files of a directory form one package; give them the same `package` line (or none)",
                                    related: [.init(message: "previous package name", span: prev.span)])
            }
            if packageRef == nil { packageRef = ref }
            let docs = Self.docs(ref.docs, sources)
            if docs.contents != nil {
                if packageDocs.contents != nil {
                    let s = ref.docs.comments.first.map { Span(file: ref.docs.file, start: $0.lowerBound, end: $0.upperBound) } ?? ref.span
                    throw WITDiagnostic(.witInvalid, "found doc comments on multiple 'package' items", at: s,
                                        hint: "document the package in one file only")
                }
                packageDocs = docs
            }
        }
        files.append(items)
    }

    // MARK: Resolution

    mutating func build() throws(WITDiagnostic) -> UnresolvedPackage {
        guard let ref = packageRef else {
            throw WITDiagnostic(.witInvalid, "no `package` header was found in any WIT file for this package", at: .unknown,
                                hint: "start one of the files with `package namespace:name;`")
        }
        out.name = ref.packageName
        out.nameSpan = ref.span
        out.docs = packageDocs
        out.usesNestedNames = ref.isNested

        try populateForeignDeps()
        let (interfaceOrder, worldOrder) = try populateItems()
        try populateForeignTypes()

        var interfaceAST: [InterfaceID: (AST.Interface, Int)] = [:]
        var worldAST: [WorldID: (AST.World, Int)] = [:]
        for (i, items) in files.enumerated() {
            for item in items {
                switch item {
                case .interface(let iface):
                    if case .interface(let id)? = fileScopes[i][iface.name.name] { interfaceAST[id] = (iface, i) }
                case .world(let w):
                    if case .world(let id)? = fileScopes[i][w.name.name] { worldAST[id] = (w, i) }
                default: break
                }
            }
        }
        for id in interfaceOrder {
            guard let (iface, file) = interfaceAST[id] else { continue }
            currentFile = file
            try resolveInterface(id, items: iface.items, docs: iface.docs, attributes: iface.attributes)
        }
        for id in worldOrder {
            guard let (world, file) = worldAST[id] else { continue }
            currentFile = file
            try resolveWorld(id, world)
        }
        return out
    }

    /// Visits every path naming another interface or world, in the order wasm-tools does (world
    /// imports before exports).
    func forEachPath(_ items: [AST.Item],
                     _ visit: (AST.Ident?, [AST.Attribute], AST.UsePath, [AST.UseName]?, PathKind) throws(WITDiagnostic) -> Void)
        throws(WITDiagnostic)
    {
        for item in items {
            switch item {
            case .world(let w):
                var imports: [AST.Extern] = []
                var exports: [AST.Extern] = []
                for wi in w.items {
                    switch wi {
                    case .use(let u): try visit(nil, u.attributes, u.from, u.names, .interface)
                    case .include(let inc): try visit(w.name, inc.attributes, inc.from, nil, .world)
                    case .typeDef: break
                    case .import(let e): imports.append(e)
                    case .export(let e): exports.append(e)
                    }
                }
                for e in imports + exports {
                    switch e.kind {
                    case .interface(_, let items):
                        for case .use(let u) in items { try visit(nil, u.attributes, u.from, u.names, .interface) }
                    case .path(let p), .namedPath(_, let p):
                        try visit(nil, e.attributes, p, nil, .interface)
                    case .function: break
                    }
                }
            case .interface(let i):
                for case .use(let u) in i.items { try visit(i.name, u.attributes, u.from, u.names, .interface) }
            case .use(let u):
                try visit(nil, u.attributes, u.path, nil, .unknown)
            case .package:
                break
            }
        }
    }

    mutating func allocInterface(_ span: Span) -> InterfaceID {
        interfaceScopes.append(OrderedMap())
        out.interfaces.append(Interface(name: nil, types: OrderedMap(), functions: OrderedMap(), docs: Docs(),
                                        stability: .unknown, package: nil, span: span, cloneOf: nil))
        return InterfaceID(index: out.interfaces.count - 1)
    }

    mutating func allocWorld(_ span: Span) -> WorldID {
        out.worlds.append(World(name: "", imports: OrderedMap(), exports: OrderedMap(), package: nil, docs: Docs(),
                                stability: .unknown, span: span))
        return WorldID(index: out.worlds.count - 1)
    }

    /// Placeholders for every interface/world named in another package.
    mutating func populateForeignDeps() throws(WITDiagnostic) {
        var deps = out.foreignDeps
        var spans: [Span] = []
        var foreign: Set<InterfaceID> = []
        for items in files {
            try forEachPath(items) { (_, attrs, path, _, kind) throws(WITDiagnostic) in
                guard case .package(let ref, let name) = path else { return }
                let stability = try stabilityOf(attrs)
                let pkg = ref.packageName
                // Changed in place: a copy of a package's entries taken out and stored back would
                // copy all of them for every `use` (quadratic in the items used from one package).
                let p: Int
                if let existing = deps.position(of: pkg) {
                    p = existing
                } else {
                    spans.append(ref.span)
                    p = deps.count
                    deps.insert(pkg, OrderedMap())
                }
                if let e = deps.values[p].position(of: name.name) {
                    deps.modifyValue(at: p) { $0.modifyValue(at: e) { $0.stabilities.append(stability) } }
                } else {
                    let item: UnresolvedPackage.ItemRef
                    if kind == .world {
                        item = .world(allocWorld(name.span))
                    } else {
                        let id = allocInterface(name.span)
                        foreign.insert(id)
                        item = .interface(id)
                    }
                    deps.modifyValue(at: p) {
                        $0.insert(name.name, UnresolvedPackage.ForeignItem(item: item, stabilities: [stability]))
                    }
                }
            }
        }
        out.foreignDeps = deps
        out.foreignDepSpans = spans
        foreignInterfaces = foreign
    }

    /// Checks item names, orders interfaces and worlds by dependency, allocates them, and builds
    /// each file's scope.
    mutating func populateItems() throws(WITDiagnostic) -> ([InterfaceID], [WorldID]) {
        var packageSpans = OrderedMap<String, Span>()
        var isInterface: [String: Bool] = [:]
        var order = OrderedMap<String, [AST.Ident]>()
        for items in files {
            for item in items {
                let name: AST.Ident
                let iface: Bool
                switch item {
                case .interface(let i): name = i.name; iface = true
                case .world(let w): name = w.name; iface = false
                default: continue
                }
                if let prev = packageSpans[name.name] {
                    throw WITDiagnostic(.witDuplicateName, "duplicate item named `\(name.name)`", at: name.span,
                                        related: [.init(message: "`\(name.name)` first defined here", span: prev)])
                }
                packageSpans.insert(name.name, name.span)
                isInterface[name.name] = iface
                order.insert(name.name, [])
            }
        }

        enum Source { case foreign, local(AST.Ident) }
        for items in files {
            var fileNames: [String: (Span, Source)] = [:]
            for item in items {
                let name: AST.Ident
                let src: Source
                switch item {
                case .use(let u):
                    name = u.localName
                    if case .id(let id) = u.path { src = .local(id) } else { src = .foreign }
                case .interface(let i): name = i.name; src = .local(i.name)
                case .world(let w): name = w.name; src = .local(w.name)
                case .package: continue
                }
                if let prev = fileNames[name.name] {
                    throw WITDiagnostic(.witDuplicateName, "duplicate name `\(name.name)` in this file", at: name.span,
                                        related: [.init(message: "`\(name.name)` first defined here", span: prev.0)])
                }
                fileNames[name.name] = (name.span, src)
            }
            try forEachPath(items) { (owner, _, path, _, _) throws(WITDiagnostic) in
                guard let owner, case .id(let used) = path else { return }
                switch fileNames[used.name]?.1 {
                case .foreign?: return
                case .local(let id)?:
                    order.insert(owner.name, (order[owner.name] ?? []) + [id])
                case nil:
                    guard packageSpans.contains(used.name) else {
                        throw WITDiagnostic(.witUnknownName, "interface or world `\(used.name)` does not exist", at: used.span,
                                            hint: Suggest.hint(for: used.name, among: Array(fileNames.keys) + packageSpans.keys))
                    }
                    order.insert(owner.name, (order[owner.name] ?? []) + [used])
                }
            }
        }
        let sorted = try TopologicalSort.sort(kind: "interface or world", order)

        var ids: [String: UnresolvedPackage.ItemRef] = [:]
        var interfaceOrder: [InterfaceID] = []
        var worldOrder: [WorldID] = []
        for name in sorted {
            guard let span = packageSpans[name] else { continue }
            if isInterface[name] == true {
                let id = allocInterface(span)
                out.interfaces[id.index].name = name
                ids[name] = .interface(id)
                interfaceOrder.append(id)
            } else {
                let id = allocWorld(span)
                out.worlds[id.index].name = name
                ids[name] = .world(id)
                worldOrder.append(id)
            }
        }
        for items in files {
            var scopeItems: [String: UnresolvedPackage.ItemRef] = [:]
            for item in items {
                switch item {
                case .use(let u):
                    if !u.attributes.isEmpty {
                        throw WITDiagnostic(.witSyntax, "attributes not allowed on top-level use", at: u.span,
                                            hint: "put the gate on the items that use the interface instead")
                    }
                    let ref: UnresolvedPackage.ItemRef
                    switch u.path {
                    case .id(let id):
                        guard let r = ids[id.name] else {
                            throw WITDiagnostic(.witUnknownName, "interface or world `\(id.name)` does not exist", at: id.span,
                                                hint: Suggest.hint(for: id.name, among: Array(ids.keys)))
                        }
                        ref = r
                    case .package(let p, let name):
                        guard let r = out.foreignDeps[p.packageName]?[name.name]?.item else { continue }
                        ref = r
                    }
                    scopeItems[u.localName.name] = ref
                case .interface(let i):
                    if let r = ids[i.name.name] { scopeItems[i.name.name] = r; packageItems[i.name.name] = r }
                case .world(let w):
                    if let r = ids[w.name.name] { scopeItems[w.name.name] = r; packageItems[w.name.name] = r }
                case .package: break
                }
            }
            fileScopes.append(scopeItems)
        }
        return (interfaceOrder, worldOrder)
    }

    /// Creates `unknown` types for names `use`d from other packages' interfaces.
    mutating func populateForeignTypes() throws(WITDiagnostic) {
        for (i, items) in files.enumerated() {
            currentFile = i
            try forEachPath(items) { (_, attrs, path, names, _) throws(WITDiagnostic) in
                guard let names else { return }
                let stability = try stabilityOf(attrs)
                let externalID = try externalIDOf(attrs)
                let (item, name, span) = try lookupPath(path)
                let iface = try interfaceOf(item, name, span)
                guard foreignInterfaces.contains(iface) else { return }
                for n in names where !interfaceScopes[iface.index].contains(n.name.name) {
                    out.types.append(TypeDef(name: n.name.name, kind: .unknown, owner: .interface(iface), docs: Docs(),
                                             stability: stability, span: n.name.span, externalID: externalID))
                    let id = TypeID(index: out.types.count - 1)
                    interfaceScopes[iface.index].insert(n.name.name, .type(id, n.name.span))
                    out.interfaces[iface.index].types.insert(n.name.name, id)
                }
            }
        }
    }

    /// What a use-path names: an interface or world of this package (through the file's scope) or
    /// a placeholder for another package's item.
    func lookupPath(_ path: AST.UsePath) throws(WITDiagnostic) -> (UnresolvedPackage.ItemRef, String, Span) {
        switch path {
        case .id(let id):
            if let r = fileScopes[currentFile][id.name] ?? packageItems[id.name] { return (r, id.name, id.span) }
            throw WITDiagnostic(.witUnknownName, "interface or world `\(id.name)` does not exist", at: id.span,
                                hint: Suggest.hint(for: id.name, among: Array(fileScopes[currentFile].keys) + Array(packageItems.keys)))
        case .package(let p, let name):
            guard let r = out.foreignDeps[p.packageName]?[name.name]?.item else {
                throw WITDiagnostic(.witUnknownName, "interface or world `\(name.name)` does not exist", at: name.span)
            }
            return (r, name.name, name.span)
        }
    }

    func interfaceOf(_ item: UnresolvedPackage.ItemRef, _ name: String, _ span: Span) throws(WITDiagnostic) -> InterfaceID {
        switch item {
        case .interface(let id): return id
        case .world:
            throw WITDiagnostic(.witInvalid, "name `\(name)` is defined as a world, not an interface", at: span,
                                hint: "only interfaces can be imported, exported or `use`d; include a world with `include \(name);`")
        }
    }

    func worldOf(_ item: UnresolvedPackage.ItemRef, _ name: String, _ span: Span) throws(WITDiagnostic) -> WorldID {
        switch item {
        case .world(let id): return id
        case .interface:
            throw WITDiagnostic(.witInvalid, "name `\(name)` is defined as an interface, not a world", at: span,
                                hint: "`include` takes a world; import the interface with `import \(name);`")
        }
    }

    /// Adds `name` to the current scope, rejecting duplicates (also those differing only in case).
    mutating func define(_ name: AST.Ident, _ entry: ScopeEntry) throws(WITDiagnostic) {
        if let prev = scope[name.name] {
            throw WITDiagnostic(.witDuplicateName, "name `\(name.name)` is defined more than once", at: name.span,
                                related: [.init(message: "`\(name.name)` first defined here", span: prev.span)])
        }
        let canonical = ComponentNames.canonical(name.name)
        if let k = scopeFolded[canonical] {
            throw ComponentNames.conflict(name.name, k, name.span)
        }
        scopeFolded[canonical] = name.name
        scope.insert(name.name, entry)
    }
}

/// Dependency ordering that keeps source order among independent items (as wasm-tools does, so
/// printing is stable), reporting unknown names and cycles.
enum TopologicalSort {
    static func sort(kind: String, _ deps: OrderedMap<String, [AST.Ident]>) throws(WITDiagnostic) -> [String] {
        let n = deps.count
        var remaining = [Int](repeating: 0, count: n)
        var reverse = [[Int]](repeating: [], count: n)
        for (i, edges) in deps.values.enumerated() {
            remaining[i] = edges.count
            for e in edges {
                guard let j = deps.position(of: e.name) else {
                    var hint = Suggest.hint(for: e.name, among: deps.keys + (kind == "type" ? Suggest.builtinTypes : []))
                    if e.name == "float32" || e.name == "float64" {
                        hint = "the `\(e.name)` type has been renamed to `\(e.name == "float32" ? "f32" : "f64")`"
                    }
                    throw WITDiagnostic(.witUnknownName, "\(kind) `\(e.name)` does not exist", at: e.span, hint: hint)
                }
                reverse[j].append(i)
            }
        }
        // A min-heap on the original index keeps the earliest ready item first.
        var heap = MinHeap()
        for i in 0..<n where remaining[i] == 0 { heap.push(i) }
        var order: [String] = []
        order.reserveCapacity(n)
        while let i = heap.pop() {
            order.append(deps.keys[i])
            for j in reverse[i] {
                remaining[j] -= 1
                if remaining[j] == 0 { heap.push(j) }
            }
            reverse[i] = []
        }
        if order.count == n { return order }
        for (i, edges) in deps.values.enumerated() where remaining[i] > 0 {
            for e in edges {
                guard let j = deps.position(of: e.name), remaining[j] > 0 else { continue }
                throw WITDiagnostic(.witCycle, "\(kind) `\(e.name)` depends on itself", at: e.span,
                                    hint: "\(kind == "type" ? "types" : "interfaces and worlds") must not refer to each other in a cycle")
            }
        }
        throw WITDiagnostic(.witCycle, "\(kind)s depend on each other in a cycle", at: .unknown)
    }
}

struct MinHeap {
    var items: [Int] = []
    mutating func push(_ v: Int) {
        items.append(v)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p] <= items[i] { break }
            items.swapAt(p, i)
            i = p
        }
    }
    mutating func pop() -> Int? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < items.count && items[l] < items[m] { m = l }
                if r < items.count && items[r] < items[m] { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}

/// The component model's name-uniqueness rule ("strongly-unique" names): names are compared after
/// lowercasing, turning `[method]l.l`/`[static]l.l` into `l`, and dropping annotations other than
/// `[constructor]`.
enum ComponentNames {
    static func canonical(_ name: String) -> String {
        var plain = true
        for c in name.utf8 where (c >= 0x41 && c <= 0x5A) || c == 0x5B { plain = false; break }
        if plain { return name }
        let lower = name.lowercased()
        guard lower.hasPrefix("["), let close = lower.firstIndex(of: "]") else { return lower }
        let annotation = lower[...close]
        let rest = lower[lower.index(after: close)...]
        if annotation == "[constructor]" { return lower }
        if annotation == "[method]" || annotation == "[static]", let dot = rest.firstIndex(of: ".") {
            let l = rest[..<dot]
            if rest[rest.index(after: dot)...] == l { return String(l) }
        }
        return String(rest)
    }

    static func conflict(_ name: String, _ previous: String, _ span: Span) -> WITDiagnostic {
        WITDiagnostic(.witDuplicateName, "name `\(name)` conflicts with previous name `\(previous)`", at: span,
                      hint: "names must differ in more than letter case, and a resource's methods and static functions share one namespace (WIT.md: strongly-unique names)")
    }
}
