import WasmBinary
import WasmComponent
import WIT
import Compose

/// Turns a parsed document into a ``CompositionGraph``: resolves packages, binds names, matches
/// arguments and exports as wac does. Every problem is a diagnostic at its place in the document.
struct Evaluator {
    let file: Int32
    let bytes: [UInt8]
    let resolver: PackageResolver
    var packageName = ""

    enum Value {
        case instance(Int)
        case export(instance: Int, name: String, kind: ComponentExternalKind)
        case imported(Int)
        /// A type declared in the document (interface, world, record, …): `kind` says which.
        case type(kind: String, importKind: ComponentExternalKind?)
    }

    var components: [ComposeComponent] = []
    var componentPaths: [String] = []
    var componentOfPackage: [String: Int] = [:]
    var instances: [CompositionGraph.Instance] = []
    var instanceSpans: [Span] = []
    /// Per instance: where each argument was given (by import name).
    var argumentSpans: [[String: Span]] = []
    var instancePackages: [String] = []
    var imports: [CompositionGraph.Import] = []
    var importSpans: [Span] = []
    var exports: [CompositionGraph.Export] = []
    var exportSpans: [Span] = []
    var importIDSpans: [Span] = []
    /// The document's top-level type declarations (wac exports them from the composition).
    var typeDeclarations: [String: Span] = [:]
    var declarationChecks = DeclarationChecks()
    /// The document's interfaces, for imports of them.
    var interfaces: [String: [WAC.InterfaceItem]] = [:]
    /// For imports of a known interface: the names it exports.
    var declaredItems: [Int: [String]] = [:]

    static func exportNames(_ items: [WAC.InterfaceItem]) -> [String] {
        items.map { item in
            switch item {
            case .use(let u): return u.items.map { ($0.alias ?? $0.name).name }
            case .type(let d): return [d.name.name]
            case .export(let n, _): return [n.name]
            }
        }.flatMap { $0 }
    }
    /// Names imported implicitly (`...`): the package that imports each, and kind.
    var implicitImports: [String: (String, ComponentExternalKind)] = [:]
    var scope: [String: (value: Value, span: Span)] = [:]

    init(file: Int32, bytes: [UInt8], resolver: PackageResolver) {
        self.file = file
        self.bytes = bytes
        self.resolver = resolver
    }

    func error(_ message: String, at span: Span, hint: String? = nil, related: [(String, Span)] = [],
               code: WasmError.Code = .witInvalid) -> WITDiagnostic {
        WITDiagnostic(code, message, at: span, hint: hint, related: related.map { .init(message: $0.0, span: $0.1) })
    }

    mutating func evaluate(_ doc: WAC.Document) throws(WITDiagnostic) -> CompositionGraph {
        packageName = doc.package.text
        for st in doc.statements {
            switch st {
            case .import(let i): try declareImport(i)
            case .type(let t): try declareType(t)
            case .let(let l):
                let v = try eval(l.expr, letName: l.id.name)
                try define(l.id, v)
            case .export(let e): try export(e)
            }
        }
        return CompositionGraph(components: components, instances: instances, imports: imports, exports: exports)
    }

    mutating func define(_ id: WAC.Ident, _ v: Value) throws(WITDiagnostic) {
        if let previous = scope[id.name] {
            throw error("`\(id.name)` is already defined", at: id.span, related: [("`\(id.name)` was defined here", previous.span)],
                        code: .witDuplicateName)
        }
        scope[id.name] = (v, id.span)
    }

    func lookup(_ id: WAC.Ident) throws(WITDiagnostic) -> Value {
        guard let v = scope[id.name] else {
            throw error("undefined name `\(id.name)`", at: id.span, hint: Suggest.hint(for: id.name, among: Array(scope.keys)),
                        code: .witUnknownName)
        }
        return v.value
    }

    // MARK: Imports and types

    mutating func declareImport(_ i: WAC.Import) throws(WITDiagnostic) {
        let kind: ComponentExternalKind
        var name = i.id.name
        switch i.type {
        case .func: kind = .func
        case .interface: kind = .instance
        case .package(let p):
            kind = .instance
            name = p.text
        case .ident(let t):
            guard case .type(let what, let k?) = try lookup(t) else {
                throw error("`\(t.name)` is not an interface, world or function type", at: t.span)
            }
            _ = what
            kind = k
        }
        var nameSpan = i.id.span
        if case .package(let p) = i.type { nameSpan = p.span }
        if let a = i.asName {
            name = a.text
            nameSpan = a.span
        }
        if let problem = ExternNameCheck.problem(name) {
            throw error("import name `\(name)` is not valid: \(problem)", at: nameSpan)
        }
        if case .package(let p) = i.type { try checkPackage(p) }
        if let (pkg, _) = implicitImports[name] {
            throw error("import `\(name)` conflicts with an item that was implicitly imported by an instantiation of `\(pkg)`",
                        at: i.id.span, code: .composeImportConflict)
        }
        if let g = imports.firstIndex(where: { $0.name == name }) {
            throw error("duplicate import `\(name)`", at: nameSpan,
                        related: [("previous import here", importSpans[g])], code: .witDuplicateName)
        }
        var declared = DeclaredTypes.encode(i.type, interfaces: interfaces)
        switch i.type {
        case .package(let p): declared = declared ?? witInterfaceType(p)
        case .ident(let t):
            if declared == nil, case .type(let d)? = declarationChecks.top[t.name] { declared = DeclaredTypes.topLevel(d) }
        default: break
        }
        imports.append(.init(name: name, kind: kind, declared: declared))
        switch i.type {
        case .interface(let items, _): declaredItems[imports.count - 1] = Self.exportNames(items)
        case .ident(let t): if let items = interfaces[t.name] { declaredItems[imports.count - 1] = Self.exportNames(items) }
        default: break
        }
        importSpans.append(nameSpan)
        importIDSpans.append(i.id.span)
        try define(i.id, .imported(imports.count - 1))
    }

    /// An import of a package path: the package must exist and be readable (its type is not used:
    /// the import takes the type of the argument it satisfies).
    mutating func checkPackage(_ p: WAC.PackagePath) throws(WITDiagnostic) {
        let (found, tried) = resolver.find(p.package, version: p.version?.description)
        let at = Span(file: file, start: p.span.start, end: p.span.start + p.package.utf8.count)
        guard let found else {
            throw error("unknown package `\(p.package)`", at: at,
                        hint: "looked for " + tried.map { "`\($0)`" }.joined(separator: ", "), code: .witUnknownName)
        }
        if case .file(let path) = found {
            do {
                _ = try ComposeComponent(try ComposeInput.load(path: path))
            } catch {
                throw self.error("package `\(p.package)` (`\(path)`) cannot be used: \(error.message)", at: at, code: error.code)
            }
        }
    }

    mutating func declareType(_ t: WAC.TypeStatement) throws(WITDiagnostic) {
        let n = t.name
        if let k = exports.firstIndex(where: { $0.name == n.name }) {
            throw error("type declaration `\(n.name)` conflicts with a previous export of the same name", at: n.span,
                        hint: "a document's type declarations are exports of the composition",
                        related: [("previous export here", exportSpans[k])], code: .witDuplicateName)
        }
        typeDeclarations[n.name] = n.span
        // What names refer to (as wac checks them, before duplicates).
        try checkPackageUses(t)
        try declarationChecks.declare(t)
        switch t {
        case .interface(let name, let items):
            try TypeChecks.interface(items, in: name.name)
            interfaces[name.name] = items
            try define(name, .type(kind: "interface", importKind: .instance))
        case .world(let name, let items):
            try TypeChecks.world(items, in: name.name)
            try define(name, .type(kind: "world", importKind: .component))
        case .type(let d):
            try TypeChecks.decl(d)
            for r in TypeChecks.references(d) {
                guard let (v, _) = scope[r.name] else {
                    throw error("undefined name `\(r.name)`", at: r.span, hint: Suggest.hint(for: r.name, among: Array(scope.keys)),
                                code: .witUnknownName)
                }
                switch v {
                case .type(let kind, _) where kind == "type": break
                case .type(let kind, _):
                    throw error("`\(r.name)` (\(kind)) cannot be used as a value type", at: r.span)
                default:
                    throw error("`\(r.name)` is not a type", at: r.span)
                }
            }
            var k: ComponentExternalKind?
            if case .alias(_, .func) = d { k = .func }
            try define(d.name, .type(kind: "type", importKind: k))
        }
    }

    // MARK: Expressions

    mutating func eval(_ e: WAC.Expr, letName: String?) throws(WITDiagnostic) -> Value {
        var v: Value
        switch e.primary {
        case .ident(let id):
            v = try lookup(id)
            if case .type(let kind, _) = v {
                throw error("`\(id.name)` is a \(kind) declaration, not a value", at: id.span)
            }
        case .nested(let inner): v = try eval(inner, letName: nil)
        case .new(let n): v = try instantiate(n, name: e.postfix.isEmpty ? letName : nil)
        }
        for p in e.postfix {
            if case .imported(let g) = v, let items = declaredItems[g], case .access(let id) = p,
               !items.contains(id.name) {
                throw error("`\(imports[g].name)` has no export named `\(id.name)`", at: withDot(p.span),
                            hint: Self.listHint("its exports", items))
            }
            guard case .instance(let i) = v else {
                let what: String
                switch v {
                case .export(_, let n, let k): what = k == .instance
                    ? "`\(n)` is an instance export; wcomp does not access into nested instances yet" : "`\(n)` is a \(k), not an instance"
                case .imported(let g): what = "`\(imports[g].name)` is an import; wcomp does not access into imports yet"
                default: what = "only instances have exports"
                }
                throw error("cannot access `\(p.text)`: \(what)", at: span(e.span.start, p.span.start))
            }
            let exportsOf = components[instances[i].component].exports
            let name: String
            switch p {
            case .named(let n): name = n.text
            case .access(let id): name = Self.suffixMatch(id.name, in: exportsOf.map(\.name.name)) ?? id.name
            }
            guard let ex = exportsOf.first(where: { $0.name.name == name }) else {
                let names = exportsOf.map(\.name.name)
                throw error("\(instances[i].label) has no export named `\(name)`", at: withDot(p.span),
                            hint: Suggest.hint(for: name, among: names) ?? Self.listHint("its exports", names))
            }
            v = .export(instance: i, name: ex.name.name, kind: ex.kind)
        }
        return v
    }

    func span(_ a: Int, _ b: Int) -> Span { Span(file: file, start: a, end: max(a, b)) }

    /// `.name`'s span with its `.`.
    func withDot(_ s: Span) -> Span {
        s.start > 0 && s.start - 1 < bytes.count && bytes[s.start - 1] == UInt8(ascii: ".") ? span(s.start - 1, s.end) : s
    }

    /// The one name among `names` whose path ends with `/short` (versions aside), or `short` itself.
    static func suffixMatch(_ short: String, in names: [String]) -> String? {
        if names.contains(short) { return short }
        let m = names.filter { n in
            let base = n.split(separator: "@", maxSplits: 1).first.map(String.init) ?? n
            return base.hasSuffix("/\(short)")
        }
        return m.count == 1 ? m[0] : nil
    }

    static func listHint(_ what: String, _ names: [String]) -> String {
        names.isEmpty ? "\(what): none" : "\(what): " + names.prefix(8).map { "`\($0)`" }.joined(separator: ", ")
            + (names.count > 8 ? ", …" : "")
    }

    func kind(of v: Value) -> ComponentExternalKind {
        switch v {
        case .instance: return .instance
        case .export(_, _, let k): return k
        case .imported(let g): return imports[g].kind
        case .type: return .type
        }
    }

    func source(_ v: Value) -> CompositionGraph.Source? {
        switch v {
        case .instance(let i): return .instance(i)
        case .export(let i, let n, _): return .export(instance: i, name: n)
        case .imported(let g): return .imported(g)
        case .type: return nil
        }
    }

    mutating func component(_ p: WAC.PackageName) throws(WITDiagnostic) -> Int {
        if let c = componentOfPackage[p.text] { return c }
        let (found, tried) = resolver.find(p.name, version: p.version?.description)
        guard let found else {
            throw error("unknown package `\(p.text)`", at: p.span,
                        hint: "looked for " + tried.map { "`\($0)`" }.joined(separator: ", ")
                            + "; give its path with --dep \(p.text)=PATH or put it under --deps DIR",
                        code: .witUnknownName)
        }
        guard case .file(let path) = found else {
            throw error("package `\(p.text)` is a WIT package (`\(tried.last ?? "")`), not a component: it cannot be instantiated",
                        at: p.span)
        }
        let c: ComposeComponent
        do {
            c = try ComposeComponent(try ComposeInput.load(path: path))
        } catch {
            var d = self.error("package `\(p.text)` (`\(path)`) cannot be used: \(error.message)", at: p.span,
                               code: error.code)
            if error.kind == .io { d.kind = .io }
            throw d
        }
        components.append(c)
        componentPaths.append(path)
        componentOfPackage[p.text] = components.count - 1
        return components.count - 1
    }

    mutating func instantiate(_ n: WAC.New, name: String?) throws(WITDiagnostic) -> Value {
        let c = try component(n.package)
        let comp = components[c]
        let importNames = comp.imports.map(\.name.name)
        var args: [String: CompositionGraph.Source] = [:]
        var argSpans: [String: Span] = [:]
        let pkg = n.package.text
        func add(_ argName: String, _ v: Value, _ span: Span) throws(WITDiagnostic) {
            guard let k = comp.imports.firstIndex(where: { $0.name.name == argName }) else {
                throw error("package `\(pkg)` has no import named `\(argName)`", at: span,
                            hint: Suggest.hint(for: argName, among: importNames) ?? Self.listHint("its imports", importNames),
                            code: .witUnknownName)
            }
            if let previous = argSpans[argName] {
                throw error("duplicate instantiation argument `\(argName)`", at: span,
                            related: [("first given here", previous)], code: .witDuplicateName)
            }
            let want = comp.imports[k].type.kind
            let have = kind(of: v)
            guard want == have, let s = source(v) else {
                throw error("mismatched instantiation argument `\(argName)`: `\(pkg)` imports \(Self.article(want)), "
                            + "but the argument is \(Self.article(have))", at: span, code: .composeTypeMismatch)
            }
            args[argName] = s
            argSpans[argName] = span
        }
        for arg in n.args {
            switch arg {
            case .named(let nm, let e):
                let quoted = nm.span.start < bytes.count && bytes[nm.span.start] == UInt8(ascii: "\"")
                let argName = quoted ? nm.text : (Self.suffixMatch(nm.text, in: importNames) ?? nm.text)
                try add(argName, try eval(e, letName: nil), nm.span)
            case .ident(let id):
                let v = try lookup(id)
                var argName = Self.suffixMatch(id.name, in: importNames) ?? id.name
                switch v {
                case .export(_, let en, _) where importNames.contains(en): argName = en
                case .imported(let g) where importNames.contains(imports[g].name): argName = imports[g].name
                default: break
                }
                try add(argName, v, id.span)
            case .spread:
                continue
            }
        }
        for case .spread(let id, let span) in n.args {
            if case .imported(let g) = try lookup(id), let items = declaredItems[g], imports[g].declared != nil {
                var matched = 0
                for imp in comp.imports where args[imp.name.name] == nil && items.contains(imp.name.name) {
                    args[imp.name.name] = .importExport(import: g, name: imp.name.name)
                    argSpans[imp.name.name] = span
                    matched += 1
                }
                if matched == 0 {
                    throw error("the import `\(id.name)` has no export matching an import of `\(pkg)` that is not yet given",
                                at: id.span, hint: Self.listHint("imports of `\(pkg)`", importNames), code: .composeNoMatch)
                }
                continue
            }
            guard case .instance(let i) = try lookup(id) else {
                throw error("`\(id.name)` is not an instance: only the exports of an instance can be spread", at: id.span)
            }
            var matched = 0
            let offered = components[instances[i].component].exports
            for imp in comp.imports where args[imp.name.name] == nil {
                let name = imp.name.name
                let kind = imp.type.kind
                // The export of the same name, else the highest semver-compatible version.
                var chosen = offered.first { $0.name.name == name && $0.kind == kind }?.name.name
                if chosen == nil, InterfaceName(name).version != nil {
                    let wanted = InterfaceName(name)
                    chosen = offered.filter { $0.kind == kind && wanted.isCompatible(with: InterfaceName($0.name.name)) }
                        .max { Self.version($0.name.name) < Self.version($1.name.name) }?.name.name
                }
                guard let en = chosen else { continue }
                args[name] = .export(instance: i, name: en)
                argSpans[name] = span
                matched += 1
            }
            if matched == 0 {
                throw error("the instance `\(id.name)` has no export matching an import of `\(pkg)` that is not yet given",
                            at: id.span, hint: Self.listHint("imports of `\(pkg)`", importNames), code: .composeNoMatch)
            }
        }
        if n.fill != nil {
            for imp in comp.imports where args[imp.name.name] == nil {
                if case .type(.eq) = imp.type { continue }
                let name = imp.name.name
                if let g = imports.firstIndex(where: { $0.name == name }) {
                    throw error("import `\(name)` conflicts with an item that was implicitly imported by an instantiation of `\(pkg)`",
                                at: importIDSpans[g], code: .composeImportConflict)
                }
                if let (other, k) = implicitImports[name], k != imp.type.kind {
                    throw error("the implicit import `\(name)` of `\(pkg)` is \(Self.article(imp.type.kind)), but `\(other)` imports it as "
                                + "\(Self.article(k)): the result cannot import both", at: n.package.span, code: .composeImportConflict)
                }
                if implicitImports[name] == nil { implicitImports[name] = (pkg, imp.type.kind) }
            }
        }
        if n.fill == nil {
            for imp in comp.imports where args[imp.name.name] == nil {
                if case .type(.eq) = imp.type { continue }  // bound to a type of another import
                throw error("missing instantiation argument `\(imp.name.name)` for package `\(pkg)`", at: n.package.span,
                            hint: "give it (`\(Self.shortName(imp.name.name)): …`), spread an instance that exports it, "
                                + "or end the arguments with `...` to import it", code: .composeNoMatch)
            }
        }
        let instName = name ?? "instance\(instances.count)"
        let label = name.map { "instance `\($0)` of \(pkg)" } ?? "an instance of \(pkg)"
        instances.append(.init(component: c, name: instName, label: label, arguments: args, fill: n.fill != nil))
        instanceSpans.append(n.package.span)
        argumentSpans.append(argSpans)
        instancePackages.append(pkg)
        return .instance(instances.count - 1)
    }

    static func version(_ name: String) -> Version { InterfaceName(name).version ?? Version(0, 0, 0) }

    static func shortName(_ n: String) -> String {
        let base = n.split(separator: "@", maxSplits: 1).first.map(String.init) ?? n
        return base.split(separator: "/").last.map(String.init) ?? base
    }

    static func article(_ k: ComponentExternalKind) -> String {
        k == .instance ? "an instance" : k == .type ? "a type" : "a \(k)"
    }

    // MARK: Exports

    mutating func export(_ e: WAC.Export) throws(WITDiagnostic) {
        // `export t as "name"` of a declared type: the result exports the type.
        if case .as(let n) = e.options, case .ident(let id) = e.expr.primary, e.expr.postfix.isEmpty,
           case .type(let d)? = declarationChecks.top[id.name], case (.type(_, _), _)? = scope[id.name] {
            guard let declared = DeclaredTypes.topLevel(d) else {
                throw error("wcomp cannot export the declared type `\(id.name)` yet: it names other declarations or is a resource",
                            at: id.span, code: .composeUnsupported)
            }
            try add(n.text, .type(declared), at: n.span)
            return
        }
        let v = try eval(e.expr, letName: nil)
        switch e.options {
        case .spread(let s):
            guard case .instance(let i) = v else {
                throw error("only an instance's exports can be spread", at: e.expr.span)
            }
            let all = components[instances[i].component].exports
            if all.isEmpty { throw error("\(instances[i].label) has no exports to spread", at: s) }
            for x in all { try add(x.name.name, .export(instance: i, name: x.name.name), at: e.expr.span) }
        case .as(let n):
            guard let src = source(v) else { throw error("a type cannot be exported", at: e.expr.span) }
            try add(n.text, src, at: n.span)
        case .none:
            let name: String
            switch v {
            case .export(_, let n, _): name = n
            case .imported(let g): name = imports[g].name
            default:
                throw error("this export needs a name", at: e.expr.span,
                            hint: "add `as NAME` (an instance has no name of its own), or `...` to export each of its exports")
            }
            guard let src = source(v) else { return }
            try add(name, src, at: e.expr.span)
        }
    }

    mutating func add(_ name: String, _ src: CompositionGraph.Source, at span: Span) throws(WITDiagnostic) {
        if let k = exports.firstIndex(where: { $0.name == name }) {
            throw error("export `\(name)` conflicts with an earlier export of the same name", at: span,
                        hint: "rename one with `as`", related: [("previous export here", exportSpans[k])], code: .witDuplicateName)
        }
        if let problem = ExternNameCheck.problem(name) {
            throw error("`\(name)` is not a valid export name: \(problem)", at: span)
        }
        if let t = typeDeclarations[name] {
            throw error("export `\(name)` conflicts with the type declaration of the same name", at: span,
                        hint: "a document's type declarations are exports of the composition; rename the export with `as`",
                        related: [("declared here", t)], code: .witDuplicateName)
        }
        exports.append(.init(name: name, source: src))
        exportSpans.append(span)
    }
}

extension WAC.Postfix {
    var text: String {
        switch self {
        case .access(let i): return ".\(i.name)"
        case .named(let n): return "[\"\(n.text)\"]"
        }
    }
}
