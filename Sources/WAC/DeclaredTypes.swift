import WasmComponent

/// The types of a document's imports, encoded where wcomp can (functions and inline or declared
/// interfaces of functions, value types and resources declared in them): the result imports that
/// type, so the validator checks every argument it is given against it. Returns nil for what is
/// not encoded (a `use`, a package path, a reference to a top-level type); such an import takes
/// the type of the argument it satisfies.
enum DeclaredTypes {
    /// Helper types (referred to by position) and, last, the import's own type.
    static func encode(_ t: WAC.ImportType, interfaces: [String: [WAC.InterfaceItem]]) -> [ComponentType]? {
        switch t {
        case .func(let f):
            var top = Scope()
            guard let ft = top.function(f) else { return nil }
            return top.types + [.func(ft)]
        case .interface(let items, _): return instance(items).map { [$0] }
        case .ident(let id): return interfaces[id.name].flatMap { instance($0) }.map { [$0] }
        case .package: return nil
        }
    }

    /// A top-level type declaration on its own (helper types, then the type), for `export t as …`:
    /// aliases, functions, records, variants, enums and flags that name no other declaration.
    static func topLevel(_ d: WAC.TypeDecl) -> [ComponentType]? {
        var s = Scope()
        switch d {
        case .alias(_, .func(let f)):
            guard let ft = s.function(f) else { return nil }
            return s.types + [.func(ft)]
        case .alias(_, .type(let t)):
            switch s.val(t) {
            case .primitive(let p)?: return [.defined(.primitive(p))]
            case .index?: return s.types.isEmpty ? nil : s.types
            case nil: return nil
            }
        case .record, .variant, .enum, .flags:
            guard s.declare(d), !s.types.isEmpty else { return nil }
            return s.types
        case .resource: return nil
        }
    }

    static func instance(_ items: [WAC.InterfaceItem]) -> ComponentType? {
        var body = Scope(instanceBody: true)
        for item in items {
            switch item {
            case .use: return nil
            case .type(let d): guard body.declare(d) else { return nil }
            case .export(let name, .func(let f)):
                guard let ft = body.function(f) else { return nil }
                let i = body.add(.func(ft))
                body.decls.append(.export(name: ExternName(name.name), type: .func(i)))
            case .export(let name, .named(let alias)):
                guard let f = body.funcAliases[alias.name] else { return nil }
                let i = body.add(.func(f))
                body.decls.append(.export(name: ExternName(name.name), type: .func(i)))
            }
        }
        return .instance(body.decls)
    }

    /// A type index space being filled: an instance type's body, or helper types of a function.
    struct Scope {
        var instanceBody = false
        var decls: [TypeDeclaration] = []
        var types: [ComponentType] = []
        var count: UInt32 = 0
        var names: [String: UInt32] = [:]
        var resources: Set<String> = []
        var funcAliases: [String: ComponentFuncType] = [:]

        mutating func add(_ t: ComponentType) -> UInt32 {
            if instanceBody { decls.append(.type(t)) } else { types.append(t) }
            count += 1
            return count - 1
        }

        /// Exports type `t` under `name` (a new index in an instance body).
        mutating func export(_ name: String, _ bound: TypeBound) {
            decls.append(.export(name: ExternName(name), type: .type(bound)))
            names[name] = count
            count += 1
        }

        mutating func val(_ r: WAC.TypeRef) -> ComponentValType? {
            switch r {
            case .primitive(let p, _):
                return PrimitiveValType.allCases.first { $0.description == p }.map { .primitive($0) }
            case .named(let id):
                guard let i = names[id.name] else { return nil }
                return resources.contains(id.name) ? .index(add(.defined(.own(i)))) : .index(i)
            case .list(let x, _):
                guard let v = val(x) else { return nil }
                return .index(add(.defined(.list(v))))
            case .option(let x, _):
                guard let v = val(x) else { return nil }
                return .index(add(.defined(.option(v))))
            case .tuple(let xs, _):
                var vs: [ComponentValType] = []
                for x in xs { guard let v = val(x) else { return nil }; vs.append(v) }
                return .index(add(.defined(.tuple(vs))))
            case .result(let ok, let err, _):
                var o: ComponentValType?
                var e: ComponentValType?
                if let ok { guard let v = val(ok) else { return nil }; o = v }
                if let err { guard let v = val(err) else { return nil }; e = v }
                return .index(add(.defined(.result(ok: o, error: e))))
            case .borrow(let x, _):
                guard case .named(let id) = x, resources.contains(id.name), let i = names[id.name] else { return nil }
                return .index(add(.defined(.borrow(i))))
            }
        }

        mutating func function(_ f: WAC.FuncType, selfParam: ComponentValType? = nil) -> ComponentFuncType? {
            var params: [LabeledType] = []
            if let s = selfParam { params.append(LabeledType("self", s)) }
            for p in f.params { guard let v = val(p.type) else { return nil }; params.append(LabeledType(p.name.name, v)) }
            var result: ComponentValType?
            switch f.results {
            case .none: break
            case .scalar(let t): guard let v = val(t) else { return nil }; result = v
            case .named: return nil
            }
            return ComponentFuncType(params: params, result: result)
        }

        mutating func declare(_ d: WAC.TypeDecl) -> Bool {
            let def: DefinedType
            switch d {
            case .record(_, let fields):
                var fs: [LabeledType] = []
                for f in fields { guard let v = val(f.type) else { return false }; fs.append(LabeledType(f.name.name, v)) }
                def = .record(fs)
            case .variant(_, let cases):
                var cs: [VariantCase] = []
                for c in cases {
                    var v: ComponentValType?
                    if let t = c.type { guard let x = val(t) else { return false }; v = x }
                    cs.append(VariantCase(c.name.name, v))
                }
                def = .variant(cs)
            case .enum(_, let cases): def = .enum(cases.map(\.name))
            case .flags(_, let flags): def = .flags(flags.map(\.name))
            case .alias(let n, .func(let f)):
                guard let ft = function(f) else { return false }
                funcAliases[n.name] = ft
                return true
            case .alias(let n, .type(let t)):
                guard let v = val(t) else { return false }
                switch v {
                case .index(let i): export(n.name, .eq(i))
                case .primitive(let p): export(n.name, .eq(add(.defined(.primitive(p)))))
                }
                if case .named(let target) = t, resources.contains(target.name) { return false }
                return true
            case .resource(let n, let items):
                guard instanceBody else { return false }
                export(n.name, .subResource)
                resources.insert(n.name)
                guard let r = names[n.name] else { return false }
                for item in items {
                    switch item {
                    case .constructor(let params, _):
                        let f = WAC.FuncType(params: params, results: .scalar(.named(n)), span: n.span)
                        guard let ft = function(f) else { return false }
                        let i = add(.func(ft))
                        decls.append(.export(name: ExternName("[constructor]\(n.name)"), type: .func(i)))
                    case .method(let m, let isStatic, let f):
                        let selfType: ComponentValType? = isStatic ? nil : .index(add(.defined(.borrow(r))))
                        guard let ft = function(f, selfParam: selfType) else { return false }
                        let i = add(.func(ft))
                        decls.append(.export(name: ExternName("[\(isStatic ? "static" : "method")]\(n.name).\(m.name)"), type: .func(i)))
                    }
                }
                return true
            }
            export(d.name.name, .eq(add(.defined(def))))
            return true
        }
    }
}
