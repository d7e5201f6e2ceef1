import WasmComponent
import WIT

/// The checks wcomp makes of a document's type declarations: names unique where WIT requires it.
/// (The declarations describe types; a composition's types come from its components.)
enum TypeChecks {
    static func duplicate(_ what: String, _ ids: [WAC.Ident], in scope: String) throws(WITDiagnostic) {
        var seen: [String: Span] = [:]
        for id in ids {
            if let first = seen[id.name] {
                throw WITDiagnostic(.witDuplicateName, "duplicate \(what) `\(id.name)` in \(scope)", at: id.span,
                                    related: [.init(message: "first defined here", span: first)])
            }
            seen[id.name] = id.span
        }
    }

    static func decl(_ d: WAC.TypeDecl) throws(WITDiagnostic) {
        switch d {
        case .record(let n, let fields): try duplicate("field", fields.map(\.name), in: "record `\(n.name)`")
        case .variant(let n, let cases): try duplicate("case", cases.map(\.name), in: "variant `\(n.name)`")
        case .enum(let n, let cases): try duplicate("case", cases, in: "enum `\(n.name)`")
        case .flags(let n, let flags): try duplicate("flag", flags, in: "flags `\(n.name)`")
        case .alias(_, .func(let f)): try function(f)
        case .alias: break
        case .resource(let n, let items):
            var names: [WAC.Ident] = []
            var constructor: Span?
            for item in items {
                switch item {
                case .constructor(let params, let s):
                    if let first = constructor {
                        throw WITDiagnostic(.witDuplicateName, "duplicate constructor in resource `\(n.name)`", at: s,
                                            related: [.init(message: "first defined here", span: first)])
                    }
                    constructor = s
                    try duplicate("parameter", params.map(\.name), in: "the constructor of `\(n.name)`")
                case .method(let m, _, let f):
                    names.append(m)
                    try function(f)
                }
            }
            try duplicate("method", names, in: "resource `\(n.name)`")
        }
    }

    /// The named types a top-level declaration refers to.
    static func references(_ d: WAC.TypeDecl) -> [WAC.Ident] {
        var out: [WAC.Ident] = []
        func visit(_ t: WAC.TypeRef?) {
            guard let t else { return }
            switch t {
            case .primitive: break
            case .tuple(let ts, _): ts.forEach { visit($0) }
            case .list(let x, _), .option(let x, _), .borrow(let x, _): visit(x)
            case .result(let ok, let err, _): visit(ok); visit(err)
            case .named(let i): out.append(i)
            }
        }
        func visit(_ f: WAC.FuncType) {
            f.params.forEach { visit($0.type) }
            switch f.results {
            case .none: break
            case .scalar(let t): visit(t)
            case .named(let rs): rs.forEach { visit($0.type) }
            }
        }
        switch d {
        case .record(_, let fs): fs.forEach { visit($0.type) }
        case .variant(_, let cs): cs.forEach { visit($0.type) }
        case .alias(_, .type(let t)): visit(t)
        case .alias(_, .func(let f)): visit(f)
        case .enum, .flags, .resource: break
        }
        return out
    }

    static func function(_ f: WAC.FuncType) throws(WITDiagnostic) {
        try duplicate("parameter", f.params.map(\.name), in: "the function")
        if case .named(let rs) = f.results { try duplicate("result", rs.map(\.name), in: "the function") }
    }

    static func interface(_ items: [WAC.InterfaceItem], in name: String) throws(WITDiagnostic) {
        var names: [WAC.Ident] = []
        for item in items {
            switch item {
            case .use(let u): names.append(contentsOf: u.items.map { $0.alias ?? $0.name })
            case .type(let d):
                try decl(d)
                names.append(d.name)
            case .export(let n, let f):
                if case .func(let t) = f { try function(t) }
                names.append(n)
            }
        }
        try duplicate("item", names, in: "interface `\(name)`")
    }

    static func world(_ items: [WAC.WorldItem], in name: String) throws(WITDiagnostic) {
        var types: [WAC.Ident] = []
        var imports: [WAC.Ident] = []
        var exports: [WAC.Ident] = []
        for item in items {
            switch item {
            case .use(let u): types.append(contentsOf: u.items.map { $0.alias ?? $0.name })
            case .type(let d):
                try decl(d)
                types.append(d.name)
            case .import(let p, _), .export(let p, _):
                var isImport = false
                if case .import = item { isImport = true }
                if case .named(let n, let t) = p {
                    if case .func(let f) = t { try function(f) }
                    if case .interface(let its, _) = t { try interface(its, in: "`\(n.name)`") }
                    if isImport { imports.append(n) } else { exports.append(n) }
                }
            case .include: break
            }
        }
        try duplicate("type", types, in: "world `\(name)`")
        try duplicate("import", imports, in: "world `\(name)`")
        try duplicate("export", exports, in: "world `\(name)`")
    }
}

/// Export names a composition may use: a kebab-case name, or an interface name `ns:pkg/name[@version]`.
enum ExternNameCheck {
    static func problem(_ name: String) -> String? {
        var base = Substring(name)
        if let at = name.firstIndex(of: "@") {
            base = name[..<at]
            if case .failure = Version.parse(String(name[name.index(after: at)...])) { return "the version is not valid semver" }
        }
        guard base.contains(":") else {
            return ExternName.isKebabCase(base) ? nil : "names are kebab-case (or `ns:package/interface`)"
        }
        let parts = base.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return "an interface name is `ns:package/interface`" }
        let pkg = parts[0].split(separator: ":", omittingEmptySubsequences: false)
        guard pkg.count >= 2, pkg.allSatisfy({ ExternName.isKebabCase($0) }),
              parts.dropFirst().allSatisfy({ ExternName.isKebabCase($0) }) else {
            return "an interface name is `ns:package/interface`, each part kebab-case"
        }
        return nil
    }
}
