import WasmBinary
import WasmComponent

/// Component → WIT: reconstructs the world a component implements (package `root:component`,
/// world `root`, with the packages of the interfaces it imports or exports), or the packages of a
/// WIT package encoded as a component, as `wasm-tools component wit` does.
struct WITDecoder {
    var g: ComponentTypeView
    var r = Resolve()
    /// Packages of interfaces named by their qualified names, in order of first appearance.
    var foreign = OrderedMap<String, Draft>()
    var interfacePackage: [InterfaceID: Int] = [:]
    /// Interfaces defined by the package being decoded, by qualified name.
    var named: [String: InterfaceID] = [:]
    /// Resources by owner and name (for `[method]r.f` and friends).
    var resources: [TypeOwner: [String: TypeID]] = [:]
    /// Graph node → WIT type.
    var typeMap: [Int: TypeID] = [:]
    /// Current nesting of anonymous types being converted (bounded, like WIT's own nesting).
    var depth = 0
    static let maxDepth = 100

    struct Draft {
        var name: PackageName
        var interfaces = OrderedMap<String, InterfaceID>()
        var worlds = OrderedMap<String, WorldID>()
    }

    struct Failure: Error { var message: String }

    /// The `package-docs` section, if the component has one.
    var metadata: [UInt8]?

    /// Validates `component` (with every feature: what the component uses is WIT's business, not
    /// a feature gate's) and reads its types from the validator's result.
    init(_ component: Component) throws(WasmError) {
        g = ComponentTypeView(try Self.validated(component))
        metadata = Self.packageDocs(of: component)
    }

    /// Goes on with another component, adding to the same packages (interfaces already known by
    /// qualified name are shared, as when wit-component merges the worlds of several sections).
    mutating func load(_ component: Component) throws(WasmError) {
        g = ComponentTypeView(try Self.validated(component))
        typeMap = [:]
        metadata = Self.packageDocs(of: component)
    }

    static func validated(_ component: Component) throws(WasmError) -> ValidatedComponent {
        try ComponentValidator(features: .all).validated(component)
    }

    static func packageDocs(of component: Component) -> [UInt8]? {
        component.customSections(named: PackageMetadata.sectionName).first?.data.array
    }

    /// Applies docs and gates from the `package-docs` section.
    mutating func applyMetadata(_ pkg: PackageID) throws {
        guard let m = metadata else { return }
        do {
            try PackageMetadata.inject(m, into: &r, pkg)
        } catch let e as PackageMetadata.Failure {
            throw fail(e.message)
        }
    }

    // MARK: Names

    func fail(_ m: String) -> Failure { Failure(message: m) }

    // MARK: Components

    mutating func decodeComponent() throws -> (ResolvedWIT, WorldID) {
        let world = WorldID(index: r.worlds.count)
        r.worlds.append(World(name: "root", imports: OrderedMap(), exports: OrderedMap(), package: nil, docs: Docs(),
                              stability: .unknown, span: .unknown))
        var root = Draft(name: PackageName(namespace: "root", name: "component"))
        root.worlds.insert("root", world)
        for (isImport, e) in g.externs {
            let name = e.name.name
            switch e.entity {
            case .instance(let xs):
                let (key, item) = try worldInstance(e.name, xs, &root)
                if isImport { r.worlds[world.index].imports.insert(key, item) } else { r.worlds[world.index].exports.insert(key, item) }
            case .function(let n):
                let f = try convertFunction(name, n, owner: .world(world), externalID: e.name.externalId)
                if isImport { r.worlds[world.index].imports.insert(.name(name), .function(f)) } else {
                    r.worlds[world.index].exports.insert(.name(name), .function(f))
                }
            case .type(let n) where isImport:
                let t = try registerTypeExport(name, n, owner: .world(world), externalID: e.name.externalId)
                r.worlds[world.index].imports.insert(.name(name), .type(id: t, span: .unknown))
            default:
                if !isImport { throw fail("component export `\(name)` was not a function or instance") }
            }
        }
        let pkg = finish(root)
        try applyMetadata(pkg)
        return (ResolvedWIT(resolve: r, main: pkg), world)
    }

    /// A WIT package encoded as a component: every export is a component type holding one
    /// interface (an exported instance) or one world (an exported component).
    mutating func decodePackage() throws -> ResolvedWIT {
        let pkg = finish(try decodePackageDraft())
        try applyMetadata(pkg)
        return ResolvedWIT(resolve: r, main: pkg)
    }

    /// The package `g` encodes, its interfaces and worlds added to `r`, not yet inserted as a package.
    mutating func decodePackageDraft() throws -> Draft {
        var draft: Draft?
        for (_, e) in g.externs {
            guard case .type(let n) = e.entity, case .component(let imports, let exports) = g.nodes[g.peel(n)],
                  exports.count == 1, let inner = exports.first else {
                throw fail("expected a single export, but found another shape")
            }
            guard let (pkgName, itemName) = PackageName.split(inner.name.name, versionSuffix: inner.name.versionSuffix) else {
                throw fail("expected world name to be fully qualified")
            }
            // `d` must be the draft's only owner while items are added (else each addition copies it).
            var d = draft ?? Draft(name: pkgName)
            draft = nil
            guard d.name == pkgName else { throw fail("item defined with mismatched package name") }
            switch inner.entity {
            case .component(let cn):
                guard case .component(let wi, let we) = g.nodes[g.peel(cn)] else { throw fail("expected a component type") }
                try registerWorld(itemName, wi, we, &d)
            case .instance(let xs):
                for imp in imports {
                    guard case .instance(let ixs) = imp.entity else { continue }
                    _ = try registerImport(imp.name.name, ixs, versionSuffix: imp.name.versionSuffix)
                }
                _ = try registerInterface(inner.name.name, xs, &d)
            default:
                throw fail("expected an instance or component export")
            }
            draft = d
        }
        guard let d = draft else { throw fail("no exported component type found") }
        return d
    }

    /// Whether the component looks like an encoded WIT package.
    var isPackage: Bool {
        guard !g.externs.isEmpty else { return false }
        for (isImport, e) in g.externs {
            guard !isImport, case .type(let n) = e.entity, case .component = g.nodes[g.peel(n)] else { return false }
            if e.name.name.contains(":") { return false }
        }
        return true
    }

    // MARK: Interfaces and worlds

    mutating func worldInstance(_ name: ExternName, _ exports: [ComponentTypeView.Export],
                                _ pkg: inout Draft) throws -> (WorldKey, WorldItem) {
        let key: WorldKey
        let id: InterfaceID
        if let implements = name.implements {
            id = try registerImport(implements, exports, versionSuffix: nil)
            key = .name(name.name)
        } else if PackageName.split(name.name) != nil {
            id = try registerImport(name.name, exports, versionSuffix: name.versionSuffix)
            key = .interface(id)
        } else {
            (key, id) = try registerInterface(name.name, exports, &pkg)
        }
        return (key, .interface(id: id, stability: .unknown, docs: Docs(), span: .unknown, externalID: name.externalId))
    }

    /// An interface named `name` from another package (created on first use), or one of this
    /// package's interfaces seen again; its exports are added or matched.
    mutating func registerImport(_ name: String, _ exports: [ComponentTypeView.Export], versionSuffix: String?) throws -> InterfaceID {
        let local = named[name]
        let iface = try local ?? dependencyInterface(name, versionSuffix: versionSuffix)
        let owner = TypeOwner.interface(iface)
        for e in exports {
            let n = e.name.name
            switch e.entity {
            case .type(let node):
                if let existing = r.interfaces[iface.index].types[n] {
                    typeMap[node] = existing
                } else {
                    if local != nil { throw fail("instance type export `\(n)` not defined in interface") }
                    let t = try registerTypeExport(n, node, owner: owner, externalID: e.name.externalId)
                    r.interfaces[iface.index].types.insert(n, t)
                }
            case .function(let node):
                if r.interfaces[iface.index].functions.contains(n) { continue }
                if local != nil { throw fail("instance function export `\(n)` not defined in interface") }
                let f = try convertFunction(n, node, owner: owner, externalID: e.name.externalId)
                r.interfaces[iface.index].functions.insert(n, f)
            default:
                throw fail("instance type export `\(n)` is not a type")
            }
        }
        return iface
    }

    mutating func dependencyInterface(_ name: String, versionSuffix: String?) throws -> InterfaceID {
        guard let (pkgName, ifaceName) = PackageName.split(name, versionSuffix: versionSuffix) else {
            throw fail("package name is not a valid id: \(name)")
        }
        let key = pkgName.description
        let position: Int
        if let p = foreign.position(of: key) {
            position = p
        } else {
            position = foreign.count
            foreign.insert(key, Draft(name: pkgName))
        }
        let id: InterfaceID
        if let existing = foreign.values[position].interfaces[ifaceName] {
            id = existing
        } else {
            id = InterfaceID(index: r.interfaces.count)
            r.interfaces.append(Interface(name: ifaceName, types: OrderedMap(), functions: OrderedMap(), docs: Docs(),
                                          stability: .unknown, package: nil, span: .unknown, cloneOf: nil))
            // In place: a copy of the draft taken out and stored back would copy its interfaces.
            foreign.modifyValue(at: position) { $0.interfaces.insert(ifaceName, id) }
        }
        interfacePackage[id] = position
        return id
    }

    /// A new interface of this package (named when `name` is a qualified name, else anonymous).
    mutating func registerInterface(_ name: String, _ exports: [ComponentTypeView.Export],
                                    _ pkg: inout Draft) throws -> (WorldKey, InterfaceID) {
        if named[name] != nil {
            let id = try registerImport(name, exports, versionSuffix: nil)
            return (.interface(id), id)
        }
        let ifaceName = PackageName.split(name)?.1
        let id = InterfaceID(index: r.interfaces.count)
        r.interfaces.append(Interface(name: ifaceName, types: OrderedMap(), functions: OrderedMap(), docs: Docs(),
                                      stability: .unknown, package: nil, span: .unknown, cloneOf: nil))
        let owner = TypeOwner.interface(id)
        for e in exports {
            let n = e.name.name
            switch e.entity {
            case .type(let node):
                let t = try registerTypeExport(n, node, owner: owner, externalID: e.name.externalId)
                r.interfaces[id.index].types.insert(n, t)
            case .function(let node):
                let f = try convertFunction(n, node, owner: owner, externalID: e.name.externalId)
                r.interfaces[id.index].functions.insert(n, f)
            default:
                throw fail("instance type export `\(n)` is not a type or function")
            }
        }
        guard let ifaceName else { return (.name(name), id) }
        pkg.interfaces.insert(ifaceName, id)
        named[name] = id
        return (.interface(id), id)
    }

    mutating func registerWorld(_ name: String, _ imports: [ComponentTypeView.Export], _ exports: [ComponentTypeView.Export],
                                _ pkg: inout Draft) throws {
        let id = WorldID(index: r.worlds.count)
        r.worlds.append(World(name: name, imports: OrderedMap(), exports: OrderedMap(), package: nil, docs: Docs(),
                              stability: .unknown, span: .unknown))
        let owner = TypeOwner.world(id)
        for e in imports {
            let n = e.name.name
            switch e.entity {
            case .instance(let xs):
                let (key, item) = try worldInstance(e.name, xs, &pkg)
                r.worlds[id.index].imports.insert(key, item)
            case .type(let node):
                let t = try registerTypeExport(n, node, owner: owner, externalID: e.name.externalId)
                r.worlds[id.index].imports.insert(.name(n), .type(id: t, span: .unknown))
            case .function(let node):
                let f = try convertFunction(n, node, owner: owner, externalID: e.name.externalId)
                r.worlds[id.index].imports.insert(.name(n), .function(f))
            default:
                throw fail("component import `\(n)` is not an instance, func, or type")
            }
        }
        for e in exports {
            let n = e.name.name
            switch e.entity {
            case .instance(let xs):
                let (key, item) = try worldInstance(e.name, xs, &pkg)
                r.worlds[id.index].exports.insert(key, item)
            case .function(let node):
                let f = try convertFunction(n, node, owner: owner, externalID: e.name.externalId)
                r.worlds[id.index].exports.insert(.name(n), .function(f))
            default:
                throw fail("component export `\(n)` is not an instance or function")
            }
        }
        pkg.worlds.insert(name, id)
    }
}
