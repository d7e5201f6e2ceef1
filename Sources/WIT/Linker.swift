/// Linking an ``UnresolvedPackage`` into a ``Resolve``: references to other packages are bound,
/// gated items are kept or dropped, `include`s are merged and worlds elaborated.
struct Remap {
    var types: [TypeID?] = []
    var interfaces: [InterfaceID?] = []
    var worlds: [WorldID?] = []
    /// `own<T>` handles created for references to resources, by resource.
    var ownHandles: [TypeID: TypeID] = [:]
    /// Memo for ``Resolve/containsBorrow(_:_:)`` by type index: 0 unknown, 1 no, 2 yes.
    var hasBorrow: [UInt8] = []

    static func excluded(_ what: String, _ span: Span, _ suffix: String = "") -> WITDiagnostic {
        WITDiagnostic(.witFeatureGate, "found a reference to a \(what) which is excluded due to its feature not being activated\(suffix)",
                      at: span, hint: "gate the referring item with the same `@unstable` feature, or enable the feature")
    }

    func mapType(_ id: TypeID, _ span: Span) throws(WITDiagnostic) -> TypeID {
        guard id.index < types.count else { throw WITDiagnostic(.witInvalid, "internal error: unmapped type", at: span) }
        guard let m = types[id.index] else { throw Self.excluded("type", span) }
        return m
    }

    func mapInterface(_ id: InterfaceID, _ span: Span) throws(WITDiagnostic) -> InterfaceID {
        guard id.index < interfaces.count else { throw WITDiagnostic(.witInvalid, "internal error: unmapped interface", at: span) }
        guard let m = interfaces[id.index] else { throw Self.excluded("interface", span) }
        return m
    }

    func mapWorld(_ id: WorldID, _ span: Span) throws(WITDiagnostic) -> WorldID {
        guard id.index < worlds.count else { throw WITDiagnostic(.witInvalid, "internal error: unmapped world", at: span) }
        guard let m = worlds[id.index] else { throw Self.excluded("world", span) }
        return m
    }
}

extension Resolve {
    /// Whether an item with `stability` is part of package `pkg` under the current options.
    func includes(_ stability: Stability, package pkg: PackageID, span: Span) throws(WITDiagnostic) -> Bool {
        switch stability {
        case .unknown:
            return true
        case .stable(let since, _):
            let name = packages[pkg.index].name
            guard let version = name.version else {
                throw WITDiagnostic(.witFeatureGate,
                                    "package [\(name)] contains a feature gate with a version specifier, so it must have a version",
                                    at: span, hint: "add a version to the package name, e.g. `package \(name)@\(since);`")
            }
            if since > version {
                throw WITDiagnostic(.witFeatureGate,
                                    "feature gate cannot reference unreleased version \(since) of package [\(name)] (current version \(version))",
                                    at: span, hint: "`@since` must name a version at or before the package's own version")
            }
            return true
        case .unstable(let feature, _):
            return options.allFeatures || options.features.contains(feature)
        }
    }

    /// Adds a package whose dependencies are already present.
    mutating func append(_ u: UnresolvedPackage) throws(WITDiagnostic) -> PackageID {
        if u.usesNestedNames && !options.nestedNames {
            throw WITDiagnostic(.witSyntax, "nested namespaces and packages (🪺) are not supported", at: u.nameSpan,
                                hint: "package names have the form `namespace:name`; enable nested names to use `a:b:c/d`")
        }
        let pkg = PackageID(index: packages.count)
        packages.append(Package(name: u.name, docs: u.docs, interfaces: OrderedMap(), worlds: OrderedMap(), span: u.nameSpan))
        packageNames[u.name] = pkg
        var remap = Remap()
        try bindForeign(u, pkg, &remap)

        let foreignTypes = remap.types.count
        let foreignInterfaces = remap.interfaces.count
        let foreignWorlds = remap.worlds.count

        for ty in u.types.dropFirst(foreignTypes) {
            guard try includes(ty.stability, package: pkg, span: ty.span) else {
                remap.types.append(nil)
                continue
            }
            var t = ty
            try updateTypeDef(&t, &remap)
            types.append(t)
            var id = TypeID(index: types.count - 1)
            if t.name == nil, t.owner == .none, case .handle(.own(let r)) = t.kind {
                if let existing = remap.ownHandles[r] { id = existing } else { remap.ownHandles[r] = id }
            }
            remap.types.append(id)
        }

        for iface in u.interfaces.dropFirst(foreignInterfaces) {
            guard try includes(iface.stability, package: pkg, span: iface.span) else {
                remap.interfaces.append(nil)
                continue
            }
            var i = iface
            i.package = pkg
            try updateInterface(&i, &remap)
            interfaces.append(i)
            remap.interfaces.append(InterfaceID(index: interfaces.count - 1))
        }
        for id in remap.types.dropFirst(foreignTypes).compactMap({ $0 }) {
            if case .interface(let iid) = types[id.index].owner {
                do throws(WITDiagnostic) {
                    types[id.index].owner = .interface(try remap.mapInterface(iid, types[id.index].span))
                } catch {
                    var e = error
                    e.message += "; this type is not gated by a feature but its interface is"
                    throw e
                }
            }
        }

        for world in u.worlds.dropFirst(foreignWorlds) {
            guard try includes(world.stability, package: pkg, span: world.span) else {
                remap.worlds.append(nil)
                continue
            }
            var w = world
            try updateWorld(&w, pkg, &remap)
            worlds.append(w)
            remap.worlds.append(WorldID(index: worlds.count - 1))
        }
        for id in remap.types.dropFirst(foreignTypes).compactMap({ $0 }) {
            if case .world(let wid) = types[id.index].owner {
                do throws(WITDiagnostic) {
                    types[id.index].owner = .world(try remap.mapWorld(wid, types[id.index].span))
                } catch {
                    var e = error
                    e.message += "; this type is not gated by a feature but its world is"
                    throw e
                }
            }
        }

        for wid in remap.worlds.dropFirst(foreignWorlds).compactMap({ $0 }) {
            try processIncludes(wid, pkg, &remap)
            try elaborate(wid)
        }

        for iid in remap.interfaces.dropFirst(foreignInterfaces).compactMap({ $0 }) {
            interfaces[iid.index].package = pkg
            if let name = interfaces[iid.index].name { packages[pkg.index].interfaces.insert(name, iid) }
        }
        for wid in remap.worlds.dropFirst(foreignWorlds).compactMap({ $0 }) {
            worlds[wid.index].package = pkg
            packages[pkg.index].worlds.insert(worlds[wid.index].name, wid)
        }
        return pkg
    }

    /// Binds placeholder interfaces, worlds and types to the packages already present.
    mutating func bindForeign(_ u: UnresolvedPackage, _ pkg: PackageID, _ remap: inout Remap) throws(WITDiagnostic) {
        var interfaceOwner: [InterfaceID: (PackageName, String, Span, [Stability])] = [:]
        var worldOwner: [WorldID: (PackageName, String, Span, [Stability])] = [:]
        for (i, (pname, items)) in u.foreignDeps.enumerated() {
            let span = i < u.foreignDepSpans.count ? u.foreignDepSpans[i] : .unknown
            for (name, f) in items {
                switch f.item {
                case .interface(let id): interfaceOwner[id] = (pname, name, span, f.stabilities)
                case .world(let id): worldOwner[id] = (pname, name, span, f.stabilities)
                }
            }
        }
        for (i, iface) in u.interfaces.enumerated() {
            guard let (pname, name, span, stabilities) = interfaceOwner[InterfaceID(index: i)] else { break }
            let dep = try lookupPackage(pname, span)
            var enabled = false
            for s in stabilities where try includes(s, package: pkg, span: iface.span) { enabled = true; break }
            guard enabled else { remap.interfaces.append(nil); continue }
            guard let id = packages[dep.index].interfaces[name] else {
                throw WITDiagnostic(.witUnknownName, "interface '\(name)' not found in package '\(packages[dep.index].name)'",
                                    at: iface.span, hint: Suggest.hint(for: name, among: packages[dep.index].interfaces.keys))
            }
            remap.interfaces.append(id)
        }
        for (i, world) in u.worlds.enumerated() {
            guard let (pname, name, span, stabilities) = worldOwner[WorldID(index: i)] else { break }
            let dep = try lookupPackage(pname, span)
            var enabled = false
            for s in stabilities where try includes(s, package: pkg, span: world.span) { enabled = true; break }
            guard enabled else { remap.worlds.append(nil); continue }
            guard let id = packages[dep.index].worlds[name] else {
                throw WITDiagnostic(.witUnknownName, "world '\(name)' not found in package '\(packages[dep.index].name)'",
                                    at: world.span, hint: Suggest.hint(for: name, among: packages[dep.index].worlds.keys))
            }
            remap.worlds.append(id)
        }
        for ty in u.types {
            guard case .unknown = ty.kind else { break }
            guard try includes(ty.stability, package: pkg, span: ty.span) else {
                remap.types.append(nil)
                continue
            }
            guard case .interface(let localIface) = ty.owner, let name = ty.name else {
                throw WITDiagnostic(.witInvalid, "internal error: foreign type without interface", at: ty.span)
            }
            let iface = try remap.mapInterface(localIface, .unknown)
            guard let id = interfaces[iface.index].types[name] else {
                throw WITDiagnostic(.witUnknownName, "type `\(name)` not defined in interface", at: ty.span,
                                    hint: Suggest.hint(for: name, among: interfaces[iface.index].types.keys))
            }
            remap.types.append(id)
        }
        for (local, span) in u.requiredResourceTypes {
            // A type configured away is reported where it is used.
            guard local.index < remap.types.count, let id = remap.types[local.index] else { continue }
            guard case .resource = types[dealias(id).index].kind else {
                throw WITDiagnostic(.witInvalid, "type used in a handle must be a resource", at: span,
                                    hint: "`own<T>` and `borrow<T>` take a resource type")
            }
        }
    }

    func lookupPackage(_ name: PackageName, _ span: Span) throws(WITDiagnostic) -> PackageID {
        if let id = packageNames[name] { return id }
        let known = packageNames.keys.sorted()
        var message = "package '\(name)' not found"
        if !known.isEmpty { message += ". known packages:" + known.map { "\n    \($0)" }.joined() }
        var hint: String?
        if let same = known.first(where: { $0.namespace == name.namespace && $0.name == name.name }) {
            hint = "the package is available as `\(same)`; check the version"
        } else {
            hint = "put the package in the `deps/` directory next to your WIT files"
        }
        throw WITDiagnostic(.witUnknownName, message, at: span, hint: hint)
    }

    mutating func updateTypeDef(_ t: inout TypeDef, _ remap: inout Remap) throws(WITDiagnostic) {
        let span = t.span
        switch t.kind {
        case .handle(.own(let r)): t.kind = .handle(.own(try remap.mapType(r, span)))
        case .handle(.borrow(let r)): t.kind = .handle(.borrow(try remap.mapType(r, span)))
        case .resource, .flags, .enum, .unknown: break
        case .record(var fields):
            for i in fields.indices { fields[i].type = try updateType(fields[i].type, fields[i].span, &remap) }
            t.kind = .record(fields)
        case .tuple(var ts):
            for i in ts.indices { ts[i] = try updateType(ts[i], span, &remap) }
            t.kind = .tuple(ts)
        case .variant(var cases):
            for i in cases.indices { if let ct = cases[i].type { cases[i].type = try updateType(ct, span, &remap) } }
            t.kind = .variant(cases)
        case .option(let e): t.kind = .option(try updateType(e, span, &remap))
        case .list(let e): t.kind = .list(try updateType(e, span, &remap))
        case .fixedList(let e, let n): t.kind = .fixedList(try updateType(e, span, &remap), n)
        case .future(let e): t.kind = .future(try e.map { (x) throws(WITDiagnostic) in try updateType(x, span, &remap) })
        case .stream(let e): t.kind = .stream(try e.map { (x) throws(WITDiagnostic) in try updateType(x, span, &remap) })
        case .map(let k, let v): t.kind = .map(try updateType(k, span, &remap), try updateType(v, span, &remap))
        case .result(let o, let e):
            t.kind = .result(ok: try o.map { (x) throws(WITDiagnostic) in try updateType(x, span, &remap) },
                             err: try e.map { (x) throws(WITDiagnostic) in try updateType(x, span, &remap) })
        case .type(.id(let id)):
            // `type a = r` keeps pointing at the resource itself (usable as resource and handle).
            t.kind = .type(.id(try remap.mapType(id, span)))
        case .type: break
        }
    }

    /// Maps a type reference; a reference to a resource becomes an `own<…>` handle.
    mutating func updateType(_ t: WITType, _ span: Span, _ remap: inout Remap) throws(WITDiagnostic) -> WITType {
        guard case .id(let local) = t else { return t }
        let id = try remap.mapType(local, span)
        guard case .resource = types[dealias(id).index].kind else { return .id(id) }
        if let h = remap.ownHandles[id] { return .id(h) }
        types.append(TypeDef(name: nil, kind: .handle(.own(id)), owner: .none, docs: Docs(), stability: .unknown,
                             span: .unknown, externalID: nil))
        let h = TypeID(index: types.count - 1)
        remap.ownHandles[id] = h
        return .id(h)
    }

    mutating func updateInterface(_ i: inout Interface, _ remap: inout Remap) throws(WITDiagnostic) {
        var typesOut = OrderedMap<String, TypeID>()
        for (name, local) in i.types {
            guard local.index < remap.types.count, remap.types[local.index] != nil else { continue }
            typesOut.insert(name, try remap.mapType(local, i.span))
        }
        i.types = typesOut
        guard let pkg = i.package else { return }
        var funcs = OrderedMap<String, Function>()
        for (name, f) in i.functions {
            guard try includes(f.stability, package: pkg, span: f.span) else { continue }
            var fn = f
            try updateFunction(&fn, &remap)
            funcs.insert(name, fn)
        }
        i.functions = funcs
    }

    mutating func updateFunction(_ f: inout Function, _ remap: inout Remap) throws(WITDiagnostic) {
        let span = f.span
        if let r = f.kind.resource { f.kind = f.kind.withResource(try remap.mapType(r, span)) }
        for i in f.params.indices { f.params[i].type = try updateType(f.params[i].type, span, &remap) }
        if let r = f.result {
            let mapped = try updateType(r, span, &remap)
            f.result = mapped
            if containsBorrow(mapped, &remap) {
                throw WITDiagnostic(.witInvalid, "function `\(f.name)` returns a type which contains a `borrow<T>` which is not supported",
                                    at: span, hint: "borrow<T> is only allowed in function parameters; return an owned handle instead")
            }
        }
    }

    /// Whether a type contains a `borrow<…>` (memoized; iterative so deep type chains cannot
    /// exhaust the stack).
    func containsBorrow(_ t: WITType, _ remap: inout Remap) -> Bool {
        guard case .id(let root) = t else { return false }
        if remap.hasBorrow.count < types.count {
            remap.hasBorrow.append(contentsOf: repeatElement(0, count: types.count - remap.hasBorrow.count))
        }
        if remap.hasBorrow[root.index] != 0 { return remap.hasBorrow[root.index] == 2 }
        // Post-order walk; 3 marks "on the stack" (types form a DAG, this only guards bad input).
        var stack: [(TypeID, [TypeID], Int)] = [(root, children(root), 0)]
        remap.hasBorrow[root.index] = 3
        var found = false
        while let top = stack.last {
            if case .handle(.borrow) = types[top.0.index].kind { found = true }
            if found { break }
            if top.2 < top.1.count {
                let child = top.1[top.2]
                stack[stack.count - 1].2 += 1
                switch remap.hasBorrow[child.index] {
                case 0:
                    remap.hasBorrow[child.index] = 3
                    stack.append((child, children(child), 0))
                case 2:
                    found = true
                default:
                    break
                }
                continue
            }
            stack.removeLast()
            remap.hasBorrow[top.0.index] = 1
        }
        // Everything still on the stack contains the borrow that was found.
        for (id, _, _) in stack { remap.hasBorrow[id.index] = found ? 2 : 1 }
        return found
    }

    /// Type ids directly mentioned by a definition (handles and resources stop the walk).
    func children(_ id: TypeID) -> [TypeID] {
        var out: [TypeID] = []
        func add(_ t: WITType?) { if case .id(let x)? = t { out.append(x) } }
        switch types[id.index].kind {
        case .type(let t), .list(let t), .fixedList(let t, _), .option(let t): add(t)
        case .future(let t), .stream(let t): add(t)
        case .record(let fs): for f in fs { add(f.type) }
        case .variant(let cs): for c in cs { add(c.type) }
        case .tuple(let ts): for t in ts { add(t) }
        case .map(let k, let v): add(k); add(v)
        case .result(let o, let e): add(o); add(e)
        case .handle, .resource, .flags, .enum, .unknown: break
        }
        return out
    }

    mutating func updateWorld(_ w: inout World, _ pkg: PackageID, _ remap: inout Remap) throws(WITDiagnostic) {
        let entries = w.imports.map { ($0, $1, true) } + w.exports.map { ($0, $1, false) }
        w.imports = OrderedMap()
        w.exports = OrderedMap()
        for (key, item, isImport) in entries {
            let span = item.span
            var it = item
            if case .type(let local, let s) = it { it = .type(id: try remap.mapType(local, span), span: s) }
            guard try includes(stability(of: it), package: pkg, span: span) else { continue }
            var k = key
            if case .interface(let local) = key { k = .interface(try remap.mapInterface(local, span)) }
            switch it {
            case .interface(let local, let st, let d, let s, let e):
                it = .interface(id: try remap.mapInterface(local, span), stability: st, docs: d, span: s, externalID: e)
            case .function(var f):
                try updateFunction(&f, &remap)
                it = .function(f)
            case .type: break
            }
            if isImport {
                w.imports.insert(k, it)
                w.importOrigins[k] = .declared(span)
            } else {
                w.exports.insert(k, it)
                w.exportOrigins[k] = .declared(span)
            }
        }
    }
}
