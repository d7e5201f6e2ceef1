/// Interfaces, worlds, `use` and `include` inside one package.
extension PackageBuilder {
    mutating func resolveInterface(_ id: InterfaceID, items: [AST.InterfaceItem], docs: AST.Docs,
                                   attributes: [AST.Attribute]) throws(WITDiagnostic) {
        out.interfaces[id.index].docs = Self.docs(docs, sources)
        out.interfaces[id.index].stability = try stabilityOf(attributes)

        var typeItems: [TypeItem] = []
        for item in items {
            switch item {
            case .use(let u): typeItems.append(.use(u))
            case .typeDef(let t): typeItems.append(.def(t))
            case .function: break
            }
        }
        try resolveTypes(owner: .interface(id), typeItems)
        for (name, entry) in scope {
            if case .type(let t, _) = entry { out.interfaces[id.index].types.insert(name, t) }
        }

        // Functions come after all types; resource functions take the resource's position.
        var funcs: [Function] = []
        for item in items {
            switch item {
            case .function(let f):
                let fn = try resolveFunction(f, name: f.name.name, kind: f.function.isAsync ? .asyncFreestanding : .freestanding)
                try defineFunction(fn.name, span: f.name.span)
                funcs.append(fn)
            case .typeDef(let t):
                guard case .resource(let rfs) = t.body else { continue }
                for rf in rfs {
                    let fn = try resolveResourceFunc(rf, resource: t.name)
                    try defineFunction(fn.name, span: rf.function.name.span)
                    funcs.append(fn)
                }
            case .use: break
            }
        }
        for f in funcs { out.interfaces[id.index].functions.insert(f.name, f) }
        interfaceScopes[id.index] = scope
        scope = OrderedMap()
        scopeFolded = [:]
    }

    /// Function names share the interface's namespace with its types.
    mutating func defineFunction(_ name: String, span: Span) throws(WITDiagnostic) {
        if let prev = scope[name] {
            throw WITDiagnostic(.witDuplicateName, "duplicate name `\(name)`", at: span,
                                related: [.init(message: "`\(name)` first defined here", span: prev.span)])
        }
        let canonical = ComponentNames.canonical(name)
        if let k = scopeFolded[canonical] { throw ComponentNames.conflict(name, k, span) }
        scopeFolded[canonical] = name
        scope.insert(name, .item("function", span))
    }

    enum TypeItem {
        case use(AST.Use)
        case def(AST.TypeDef)
    }

    /// Defines the `use`d names, then the type definitions in dependency order. (As in wasm-tools,
    /// a definition followed by a `use` of the same name is replaced by the `use`.)
    mutating func resolveTypes(owner: TypeOwner, _ items: [TypeItem]) throws(WITDiagnostic) {
        for case .use(let u) in items { try resolveUse(owner: owner, u) }

        var deps = OrderedMap<String, [AST.Ident]>()
        var defs = OrderedMap<String, AST.TypeDef?>()
        for item in items {
            switch item {
            case .def(let d):
                if defs.insert(d.name.name, d) != nil {
                    throw WITDiagnostic(.witDuplicateName, "name `\(d.name.name)` is defined more than once", at: d.name.span)
                }
                var refs: [AST.Ident] = []
                Self.collectDependencies(d.body, &refs)
                deps.insert(d.name.name, refs)
            case .use(let u):
                for n in u.names {
                    deps.insert(n.localName.name, [])
                    defs.insert(n.localName.name, Optional<AST.TypeDef>.none)
                }
            }
        }
        for name in try TopologicalSort.sort(kind: "type", deps) {
            guard case .some(.some(let def)) = defs[name] else { continue }
            try defineType(def, owner: owner)
        }
    }

    mutating func defineType(_ def: AST.TypeDef, owner: TypeOwner) throws(WITDiagnostic) {
        let docs = Self.docs(def.docs, sources)
        let stability = try stabilityOf(def.attributes)
        let externalID = try externalIDOf(def.attributes)
        let kind = try resolveTypeDef(def.body, name: def.name, stability: stability)
        out.types.append(TypeDef(name: def.name.name, kind: kind, owner: owner, docs: docs, stability: stability,
                                 span: def.name.span, externalID: externalID))
        try define(def.name, .type(TypeID(index: out.types.count - 1), def.name.span))
    }

    mutating func resolveUse(owner: TypeOwner, _ u: AST.Use) throws(WITDiagnostic) {
        let (item, name, span) = try lookupPath(u.from)
        let from = try interfaceOf(item, name, span)
        let stability = try stabilityOf(u.attributes)
        let externalID = try externalIDOf(u.attributes)
        for n in u.names {
            let target: TypeID
            switch interfaceScopes[from.index][n.name.name] {
            case .type(let t, _)?:
                target = t
            case .item(let what, _)?:
                throw WITDiagnostic(.witInvalid, "cannot import \(what) `\(n.name.name)`", at: n.name.span,
                                    hint: "`use` brings in types only")
            case nil:
                let candidates = interfaceScopes[from.index].keys
                throw WITDiagnostic(.witUnknownName, "name `\(n.name.name)` does not exist", at: n.name.span,
                                    hint: Suggest.hint(for: n.name.name, among: candidates)
                                        ?? "interface `\(name)` defines no type of that name")
            }
            out.types.append(TypeDef(name: n.localName.name, kind: .type(.id(target)), owner: owner, docs: Docs(),
                                     stability: stability, span: n.localName.span, externalID: externalID))
            try define(n.localName, .type(TypeID(index: out.types.count - 1), n.localName.span))
        }
    }

    mutating func resolveWorld(_ id: WorldID, _ world: AST.World) throws(WITDiagnostic) {
        out.worlds[id.index].docs = Self.docs(world.docs, sources)
        out.worlds[id.index].stability = try stabilityOf(world.attributes)

        var typeItems: [TypeItem] = []
        for item in world.items {
            switch item {
            case .use(let u): typeItems.append(.use(u))
            case .typeDef(let t): typeItems.append(.def(t))
            default: break
            }
        }
        try resolveTypes(owner: .world(id), typeItems)

        for case .include(let inc) in world.items {
            let stability = try stabilityOf(inc.attributes)
            let (item, name, span) = try lookupPath(inc.from)
            let from = try worldOf(item, name, span)
            out.worlds[id.index].includes.append(WorldInclude(
                stability: stability, world: from, names: inc.names.map { ($0.name.name, $0.asName.name) }, span: span))
        }

        var importNames: [String: String] = [:]
        var exportNames: [String: String] = [:]
        for (name, entry) in scope {
            guard case .type(let t, let s) = entry else { continue }
            out.worlds[id.index].imports.insert(.name(name), .type(id: t, span: s))
            importNames[ComponentNames.canonical(name)] = name
        }
        let worldScope = scope
        scope = OrderedMap()
        scopeFolded = [:]

        var importedInterfaces: Set<InterfaceID> = []
        var exportedInterfaces: Set<InterfaceID> = []
        for item in world.items {
            let isImport: Bool
            let ext: AST.Extern
            switch item {
            case .import(let e): isImport = true; ext = e
            case .export(let e): isImport = false; ext = e
            case .typeDef(let t):
                guard case .resource(let rfs) = t.body else { continue }
                scope = worldScope
                for rf in rfs {
                    let fn = try resolveResourceFunc(rf, resource: t.name)
                    let span = rf.function.name.span
                    if let prev = out.worlds[id.index].imports[.name(fn.name)] {
                        throw WITDiagnostic(.witDuplicateName, "duplicate name `\(fn.name)`", at: span,
                                            related: [.init(message: "`\(fn.name)` first defined here", span: prev.span)])
                    }
                    let canonical = ComponentNames.canonical(fn.name)
                    if let other = importNames[canonical] { throw ComponentNames.conflict(fn.name, other, span) }
                    importNames[canonical] = fn.name
                    out.worlds[id.index].imports.insert(.name(fn.name), .function(fn))
                }
                scope = OrderedMap()
                continue
            default: continue
            }
            let desc = isImport ? "import" : "export"
            scope = worldScope
            let worldItem = try resolveWorldItem(ext)
            scope = OrderedMap()
            scopeFolded = [:]
            let key: WorldKey
            switch ext.kind {
            case .interface(let n, _), .namedPath(let n, _): key = .name(n.name)
            case .function:
                guard case .function(let f) = worldItem else { continue }
                key = .name(f.name)
            case .path(let p):
                let (it, n, s) = try lookupPath(p)
                key = .interface(try interfaceOf(it, n, s))
            }
            if case .interface(let iid) = key {
                let inserted = isImport ? importedInterfaces.insert(iid).inserted : exportedInterfaces.insert(iid).inserted
                if !inserted {
                    throw WITDiagnostic(.witDuplicateName, "interface cannot be \(desc)ed more than once", at: ext.kind.span)
                }
            }
            let existing = isImport ? out.worlds[id.index].imports[key] : out.worlds[id.index].exports[key]
            if let prev = existing {
                let what: String
                switch prev {
                case .interface: what = "interface"
                case .function: what = "func"
                case .type: what = "type"
                }
                guard case .name(let n) = key else { continue }
                throw WITDiagnostic(.witDuplicateName, "\(desc) `\(n)` conflicts with prior \(what) of same name", at: ext.kind.span,
                                    related: [.init(message: "previous \(what) `\(n)`", span: prev.span)])
            }
            if case .name(let n) = key {
                let canonical = ComponentNames.canonical(n)
                if let other = isImport ? importNames[canonical] : exportNames[canonical] {
                    throw ComponentNames.conflict(n, other, ext.kind.span)
                }
                if isImport { importNames[canonical] = n } else { exportNames[canonical] = n }
            }
            if isImport {
                out.worlds[id.index].imports.insert(key, worldItem)
            } else {
                out.worlds[id.index].exports.insert(key, worldItem)
            }
        }
        scope = OrderedMap()
        scopeFolded = [:]
    }

    mutating func resolveWorldItem(_ ext: AST.Extern) throws(WITDiagnostic) -> WorldItem {
        switch ext.kind {
        case .interface(let name, let items):
            let saved = (scope, scopeFolded)
            scope = OrderedMap()
            scopeFolded = [:]
            let iid = allocInterface(name.span)
            try resolveInterface(iid, items: items, docs: ext.docs, attributes: ext.attributes)
            (scope, scopeFolded) = saved
            return .interface(id: iid, stability: out.interfaces[iid.index].stability, docs: Docs(), span: name.span,
                              externalID: try externalIDOf(ext.attributes))
        case .path(let p):
            let stability = try stabilityOf(ext.attributes)
            let externalID = try externalIDOf(ext.attributes)
            let (it, n, s) = try lookupPath(p)
            let iid = try interfaceOf(it, n, s)
            return .interface(id: iid, stability: stability, docs: Self.docs(ext.docs, sources), span: s, externalID: externalID)
        case .namedPath(let label, let p):
            let stability = try stabilityOf(ext.attributes)
            let externalID = try externalIDOf(ext.attributes)
            let (it, n, s) = try lookupPath(p)
            let iid = try interfaceOf(it, n, s)
            return .interface(id: iid, stability: stability, docs: Self.docs(ext.docs, sources), span: label.span,
                              externalID: externalID)
        case .function(let name, let f):
            let nf = AST.NamedFunc(docs: ext.docs, attributes: ext.attributes, name: name, function: f)
            return .function(try resolveFunction(nf, name: name.name, kind: f.isAsync ? .asyncFreestanding : .freestanding))
        }
    }

    mutating func resolveResourceFunc(_ rf: AST.ResourceFunc, resource: AST.Ident) throws(WITDiagnostic) -> Function {
        guard case .type(let rid, _)? = scope[resource.name] else {
            throw WITDiagnostic(.witUnknownName, "resource `\(resource.name)` is not defined", at: resource.span)
        }
        let f = rf.function
        let name: String
        let kind: FunctionKind
        switch rf.kind {
        case .method:
            name = "[method]\(resource.name).\(f.name.name)"
            kind = f.function.isAsync ? .asyncMethod(rid) : .method(rid)
        case .static:
            name = "[static]\(resource.name).\(f.name.name)"
            kind = f.function.isAsync ? .asyncStatic(rid) : .static(rid)
        case .constructor:
            name = "[constructor]\(resource.name)"
            kind = .constructor(rid)
        }
        return try resolveFunction(f, name: name, kind: kind)
    }
}
