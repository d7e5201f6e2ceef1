import WasmBinary
import WasmComponent

/// Types and functions of decoded components, and the final package order.
extension WITDecoder {
    /// The WIT type a node already stands for, following alias chains (a `use`).
    func findAlias(_ node: Int) -> TypeID? {
        var cur = node
        var steps = 0
        while steps <= g.nodes.count {
            if let t = typeMap[cur] { return t }
            guard cur < g.nodes.count, case .alias(let next) = g.nodes[cur] else { return nil }
            cur = next
            steps += 1
        }
        return nil
    }

    /// A named type exported by an instance (or imported by a world).
    mutating func registerTypeExport(_ name: String, _ node: Int, owner: TypeOwner, externalID: String?) throws -> TypeID {
        var referenced = node
        if case .alias(let target) = g.nodes[node] { referenced = target }
        let kind: TypeDefKind
        if let prev = findAlias(referenced) {
            kind = .type(.id(prev))
        } else if case .resource = g.nodes[g.peel(referenced)] {
            kind = .resource
        } else {
            kind = try convertDefined(g.peel(referenced))
        }
        r.types.append(TypeDef(name: name, kind: kind, owner: owner, docs: Docs(), stability: .unknown, span: .unknown,
                               externalID: externalID))
        let id = TypeID(index: r.types.count - 1)
        if case .resource = kind { resources[owner, default: [:]][name] = id }
        if typeMap[node] != nil {
            throw fail("cannot represent this component in WIT: the type `\(name)` appears more than once (for example, when an imported instance is re-exported under a new name)")
        }
        typeMap[node] = id
        return id
    }

    mutating func convertFunction(_ name: String, _ node: Int, owner: TypeOwner, externalID: String?) throws -> Function {
        guard case .function(let isAsync, let ps, let res) = g.nodes[g.peel(node)] else {
            throw fail("`\(name)` is not a function")
        }
        var params: [Param] = []
        for (n, v) in ps { params.append(Param(name: n, type: try convertValtype(v), span: .unknown)) }
        let result = try res.map { (v) throws -> WITType in try convertValtype(v) }
        func resource(_ rname: Substring) throws -> TypeID {
            guard let t = resources[owner]?[String(rname)] else { throw fail("unknown resource `\(rname)` in `\(name)`") }
            return t
        }
        let kind: FunctionKind
        if name.hasPrefix("[constructor]") {
            kind = .constructor(try resource(name.dropFirst("[constructor]".count)))
        } else if name.hasPrefix("[method]") || name.hasPrefix("[static]") {
            let rest = name.dropFirst(8)
            guard let dot = rest.firstIndex(of: ".") else { throw fail("malformed function name `\(name)`") }
            let rid = try resource(rest[..<dot])
            if name.hasPrefix("[method]") {
                kind = isAsync ? .asyncMethod(rid) : .method(rid)
            } else {
                kind = isAsync ? .asyncStatic(rid) : .static(rid)
            }
        } else {
            kind = isAsync ? .asyncFreestanding : .freestanding
        }
        return Function(name: name, kind: kind, params: params, result: result, docs: Docs(), stability: .unknown,
                        span: .unknown, externalID: externalID)
    }

    static func primitive(_ p: PrimitiveValType) -> WITType {
        switch p {
        case .bool: return .bool
        case .s8: return .s8
        case .u8: return .u8
        case .s16: return .s16
        case .u16: return .u16
        case .s32: return .s32
        case .u32: return .u32
        case .s64: return .s64
        case .u64: return .u64
        case .f32: return .f32
        case .f64: return .f64
        case .char: return .char
        case .string: return .string
        case .errorContext: return .errorContext
        }
    }

    mutating func convertValtype(_ v: ComponentTypeView.Val) throws -> WITType {
        guard case .node(let n) = v else {
            if case .primitive(let p) = v { return Self.primitive(p) }
            return .bool
        }
        if let t = typeMap[n] { return .id(t) }
        if let t = findAlias(n) { return .id(t) }
        guard depth < Self.maxDepth else { throw fail("type nesting too deep") }
        depth += 1
        defer { depth -= 1 }
        let kind = try convertDefined(g.peel(n))
        switch kind {
        case .record, .variant, .enum, .flags, .resource:
            throw fail("unexpected unnamed type of kind '\(Self.kindName(kind))'")
        default: break
        }
        r.types.append(TypeDef(name: nil, kind: kind, owner: .none, docs: Docs(), stability: .unknown, span: .unknown,
                               externalID: nil))
        let id = TypeID(index: r.types.count - 1)
        typeMap[n] = id
        return .id(id)
    }

    static func kindName(_ k: TypeDefKind) -> String {
        switch k {
        case .record: return "record"
        case .variant: return "variant"
        case .enum: return "enum"
        case .flags: return "flags"
        case .resource: return "resource"
        default: return "type"
        }
    }

    mutating func handleTarget(_ n: Int) throws -> TypeID {
        if let t = findAlias(n) { return t }
        throw fail("handle refers to a resource that is not exported by name")
    }

    mutating func convertDefined(_ n: Int) throws -> TypeDefKind {
        func cv(_ v: ComponentTypeView.Val) throws -> WITType { try convertValtype(v) }
        switch g.nodes[n] {
        case .primitive(let p): return .type(Self.primitive(p))
        case .list(let e): return .list(try cv(e))
        case .fixedList(let e, let k): return .fixedList(try cv(e), k)
        case .map(let k, let v): return .map(try cv(k), try cv(v))
        case .tuple(let ts): return .tuple(try ts.map { (t) throws -> WITType in try cv(t) })
        case .option(let e): return .option(try cv(e))
        case .result(let o, let e):
            return .result(ok: try o.map { (t) throws -> WITType in try cv(t) }, err: try e.map { (t) throws -> WITType in try cv(t) })
        case .record(let fs):
            return .record(try fs.map { (f) throws -> Field in
                Field(name: f.0, type: try cv(f.1), docs: Docs(), span: .unknown)
            })
        case .variant(let cs):
            return .variant(try cs.map { (c) throws -> VariantCase in
                VariantCase(name: c.0, type: try c.1.map { (t) throws -> WITType in try cv(t) }, docs: Docs(), span: .unknown)
            })
        case .flags(let fs): return .flags(fs.map { NamedCase(name: $0, docs: Docs(), span: .unknown) })
        case .enum(let cs): return .enum(cs.map { NamedCase(name: $0, docs: Docs(), span: .unknown) })
        case .own(let x): return .handle(.own(try handleTarget(x)))
        case .borrow(let x): return .handle(.borrow(try handleTarget(x)))
        case .future(let e): return .future(try e.map { (t) throws -> WITType in try cv(t) })
        case .stream(let e): return .stream(try e.map { (t) throws -> WITType in try cv(t) })
        case .resource: return .resource
        case .alias(let x): return try convertDefined(g.peel(x))
        case .function, .instance, .component:
            throw fail("expected a value type")
        }
    }

    // MARK: Packages

    /// Adds the packages: dependencies in dependency order, then `main`.
    mutating func finish(_ main: Draft) -> PackageID {
        var order: [Int] = []
        var done = Set<Int>()
        for i in 0..<foreign.count { visit(i, &order, &done, depth: 0) }
        for i in order { _ = insert(foreign.values[i]) }
        return insert(main)
    }

    func visit(_ i: Int, _ order: inout [Int], _ done: inout Set<Int>, depth: Int) {
        if done.contains(i) || depth > 1000 { return }
        let d = foreign.values[i]
        var ifaces = Array(d.interfaces.values)
        for w in d.worlds.values {
            for item in r.worlds[w.index].imports.values + r.worlds[w.index].exports.values {
                if case .interface(let id, _, _, _, _) = item { ifaces.append(id) }
            }
        }
        for iface in ifaces {
            for dep in r.directDependencies(of: iface) {
                if let j = interfacePackage[dep], j != i { visit(j, &order, &done, depth: depth + 1) }
            }
        }
        if done.insert(i).inserted { order.append(i) }
    }

    mutating func insert(_ d: Draft) -> PackageID {
        let pkg = r.packageNames[d.name] ?? {
            let id = PackageID(index: r.packages.count)
            r.packages.append(Package(name: d.name, docs: Docs(), interfaces: OrderedMap(), worlds: OrderedMap(), span: .unknown))
            r.packageNames[d.name] = id
            return id
        }()
        for (name, id) in d.interfaces {
            r.packages[pkg.index].interfaces.insert(name, id)
            r.interfaces[id.index].package = pkg
        }
        for (name, id) in d.worlds {
            r.packages[pkg.index].worlds.insert(name, id)
            r.worlds[id.index].package = pkg
            for (key, item) in Array(r.worlds[id.index].imports) + Array(r.worlds[id.index].exports) {
                if case .name = key, case .interface(let iid, _, _, _, _) = item, r.interfaces[iid.index].name == nil {
                    r.interfaces[iid.index].package = pkg
                }
            }
        }
        return pkg
    }
}

extension WIT {
    /// Reconstructs the WIT of a component: for an ordinary component, package `root:component`
    /// with world `root` (its imports and exports) plus the packages of the interfaces it uses;
    /// for a WIT package encoded as a component, that package (without docs and gates, which
    /// wasm-tools keeps in a custom section wcomp does not read yet).
    public static func decode(component: Component) -> Result<ResolvedWIT, WITFailure> {
        do {
            var d = try WITDecoder(component)
            if d.isPackage { return .success(try d.decodePackage()) }
            return .success(try d.decodeComponent().0)
        } catch let e as WITDecoder.Failure {
            return .failure(WITFailure([WITDiagnostic(.witInvalid, e.message, at: .unknown)], sources: SourceMap()))
        } catch let e as WasmError {
            return .failure(WITFailure([WITDiagnostic(binary: e)], sources: SourceMap()))
        } catch {
            return .failure(WITFailure([WITDiagnostic(.witInvalid, "\(error)", at: .unknown)], sources: SourceMap()))
        }
    }

    /// Decodes the component at `path` and reconstructs its WIT.
    public static func decode(componentAt path: String) -> Result<ResolvedWIT, WITFailure> {
        do {
            return decode(component: try Component.decode(path: path, mode: .shallow))
        } catch {
            return .failure(WITFailure([WITDiagnostic(binary: error)], sources: SourceMap()))
        }
    }

    /// Decodes the component in `bytes` and reconstructs its WIT.
    public static func decode(componentBytes bytes: ByteSlice) -> Result<ResolvedWIT, WITFailure> {
        do {
            return decode(component: try Component.decode(bytes, mode: .shallow))
        } catch {
            return .failure(WITFailure([WITDiagnostic(binary: error)], sources: SourceMap()))
        }
    }
}
