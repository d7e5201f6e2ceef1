import WasmComponent
import Compose
import WasmBinary
import WIT

/// The semantic checks of a document's declarations that wac makes (and WIT's resolver makes of
/// WIT): what a name refers to in `use`, `borrow`, world imports/exports/includes, include `with`
/// names, include conflicts, and borrows in function results. Names resolve as wac resolves them:
/// an interface's or world's own types, then the document's top-level declarations.
struct DeclarationChecks {
    /// The document's top-level declarations so far.
    var top: [String: WAC.TypeStatement] = [:]

    enum Item {
        case statement(WAC.TypeStatement)
        case decl(WAC.TypeDecl)
    }

    static func fail(_ message: String, at span: Span, code: WasmError.Code = .witInvalid) -> WITDiagnostic {
        WITDiagnostic(code, message, at: span)
    }

    /// How wac describes what a name is (`u32`, `function type`, `interface`, …).
    func describe(_ item: Item, depth: Int = 0) -> String {
        switch item {
        case .statement(.interface): return "interface"
        case .statement(.world): return "world"
        case .statement(.type(let d)), .decl(let d):
            switch d {
            case .record: return "record"
            case .variant: return "variant"
            case .enum: return "enum"
            case .flags: return "flags"
            case .resource: return "resource"
            case .alias(_, .func): return "function type"
            case .alias(_, .type(let t)):
                switch t {
                case .primitive(let p, _): return p
                case .tuple: return "tuple"
                case .list: return "list"
                case .option: return "option"
                case .result: return "result"
                case .borrow: return "borrow"
                case .named(let n):
                    guard depth < 32, let next = top[n.name] else { return "type" }
                    return describe(.statement(next), depth: depth + 1)
                }
            }
        }
    }

    /// The declaration a type name refers to in `local` (then the top level), aliases followed.
    func resolve(_ name: String, _ local: [String: WAC.TypeDecl], depth: Int = 0) -> Item? {
        let found: Item? = local[name].map { .decl($0) } ?? top[name].map { .statement($0) }
        guard depth < 32, let found else { return found }
        switch found {
        case .decl(.alias(_, .type(.named(let n)))), .statement(.type(.alias(_, .type(.named(let n))))):
            return resolve(n.name, n.name == name ? [:] : local, depth: depth + 1) ?? found
        default: return found
        }
    }

    func isResource(_ item: Item) -> Bool {
        switch item {
        case .decl(.resource), .statement(.type(.resource)): return true
        default: return false
        }
    }

    /// `borrow<x>` refers to a resource; a function's results contain no borrow.
    func check(_ t: WAC.TypeRef?, _ local: [String: WAC.TypeDecl], inResult: Span?, depth: Int = 0) throws(WITDiagnostic) {
        guard let t, depth < 64 else { return }
        switch t {
        case .primitive: break
        case .tuple(let ts, _): for x in ts { try check(x, local, inResult: inResult, depth: depth + 1) }
        case .list(let x, _), .option(let x, _): try check(x, local, inResult: inResult, depth: depth + 1)
        case .result(let ok, let err, _):
            try check(ok, local, inResult: inResult, depth: depth + 1)
            try check(err, local, inResult: inResult, depth: depth + 1)
        case .borrow(let x, let s):
            if let r = inResult { throw Self.fail("function result cannot recursively contain a borrow type", at: r) }
            if case .named(let n) = x, let item = resolve(n.name, local), !isResource(item) {
                throw Self.fail("`\(n.name)` (\(describe(item))) is not a resource type", at: n.span)
            }
            _ = s
        case .named(let n):
            // Only a result looks through names (for borrows behind aliases).
            guard inResult != nil, let item = resolve(n.name, local) else { return }
            switch item {
            case .decl(.alias(_, .type(let u))), .statement(.type(.alias(_, .type(let u)))):
                try check(u, local, inResult: inResult, depth: depth + 1)
            default: break
            }
        }
    }

    func check(_ f: WAC.FuncType, _ local: [String: WAC.TypeDecl]) throws(WITDiagnostic) {
        for p in f.params { try check(p.type, local, inResult: nil) }
        switch f.results {
        case .none: break
        case .scalar(let t): try check(t, local, inResult: t.span)
        case .named(let rs): for r in rs { try check(r.type, local, inResult: r.type.span) }
        }
    }

    func check(_ d: WAC.TypeDecl, _ local: [String: WAC.TypeDecl]) throws(WITDiagnostic) {
        switch d {
        case .record(_, let fs): for f in fs { try check(f.type, local, inResult: nil) }
        case .variant(_, let cs): for c in cs { try check(c.type, local, inResult: nil) }
        case .alias(_, .type(let t)): try check(t, local, inResult: nil)
        case .alias(_, .func(let f)): try check(f, local)
        case .resource(_, let items):
            for item in items {
                switch item {
                case .constructor(let ps, _): for p in ps { try check(p.type, local, inResult: nil) }
                case .method(_, _, let f): try check(f, local)
                }
            }
        case .enum, .flags: break
        }
    }

    /// The types a `use` brings in (checked: the path is an interface of the document with those types).
    func use(_ u: WAC.Use) throws(WITDiagnostic) -> [String: WAC.TypeDecl] {
        guard case .ident(let p) = u.path else { return [:] }
        guard let target = top[p.name] else {
            throw Self.fail("undefined name `\(p.name)`", at: p.span, code: .witUnknownName)
        }
        guard case .interface(_, let items) = target else {
            throw Self.fail("`\(p.name)` (\(describe(.statement(target)))) is not an interface", at: p.span)
        }
        var types: [String: WAC.TypeDecl] = [:]
        for case .type(let d) in items { types[d.name.name] = d }
        var used: [String: WAC.TypeDecl] = [:]
        for item in u.items {
            if let d = types[item.name.name] {
                used[(item.alias ?? item.name).name] = d
            } else if !items.contains(where: { if case .use(let v) = $0 { v.items.contains { ($0.alias ?? $0.name).name == item.name.name } } else { false } }) {
                throw Self.fail("a type named `\(item.name.name)` is not defined in interface `\(p.name)`", at: item.name.span,
                                code: .witUnknownName)
            }
        }
        return used
    }

    func interface(_ items: [WAC.InterfaceItem]) throws(WITDiagnostic) {
        var local: [String: WAC.TypeDecl] = [:]
        for item in items {
            switch item {
            case .use(let u): local.merge(try use(u)) { $1 }
            case .type(let d):
                try check(d, local)
                local[d.name.name] = d
            case .export(_, .func(let f)): try check(f, local)
            case .export(_, .named(let n)):
                if let item = resolve(n.name, local), case .decl(let d) = item, case .alias(_, .func) = d {} else if
                    let item = resolve(n.name, local), case .statement(.type(.alias(_, .func))) = item {} else if
                    let item = resolve(n.name, local) {
                    throw Self.fail("`\(n.name)` (\(describe(item))) is not a function type", at: n.span)
                }
            }
        }
    }

    /// The import and export names of a world of the document (for includes).
    func names(ofWorld items: [WAC.WorldItem], depth: Int = 0) -> (imports: [String], exports: [String]) {
        var imports: [String] = []
        var exports: [String] = []
        for item in items {
            switch item {
            case .import(let p, _): if let n = Self.name(p) { imports.append(n) }
            case .export(let p, _): if let n = Self.name(p) { exports.append(n) }
            case .include(.ident(let w), let with, _):
                guard depth < 32, case .world(_, let inner) = top[w.name] else { break }
                let rename = Dictionary(with.map { ($0.from.name, $0.to.name) }, uniquingKeysWith: { a, _ in a })
                let (i, e) = names(ofWorld: inner, depth: depth + 1)
                imports += i.map { rename[$0] ?? $0 }
                exports += e.map { rename[$0] ?? $0 }
            default: break
            }
        }
        return (imports, exports)
    }

    static func name(_ p: WAC.WorldItemPath) -> String? {
        switch p {
        case .named(let n, _), .ident(let n): return n.name
        case .package(let p): return p.text
        }
    }

    func world(_ items: [WAC.WorldItem], in world: String) throws(WITDiagnostic) {
        var local: [String: WAC.TypeDecl] = [:]
        var own: [String: Bool] = [:]  // name → is an import
        for item in items {
            switch item {
            case .import(let p, _), .export(let p, _):
                if let n = Self.name(p) {
                    var isImport = false
                    if case .import = item { isImport = true }
                    own[n] = isImport
                }
            default: break
            }
        }
        for item in items {
            switch item {
            case .use(let u):
                for i in u.items where own[(i.alias ?? i.name).name] != nil {
                    let n = i.alias ?? i.name
                    throw Self.fail("use of type `\(n.name)` conflicts with an \(own[n.name] == true ? "import" : "export") of the same name",
                                    at: n.span, code: .witDuplicateName)
                }
                local.merge(try use(u)) { $1 }
            case .type(let d):
                try check(d, local)
                local[d.name.name] = d
            case .import(let p, _), .export(let p, _):
                switch p {
                case .named(_, .func(let f)): try check(f, local)
                case .named(_, .interface(let its, _)): try interface(its)
                case .named(_, .ident(let t)):
                    if let item = resolve(t.name, local) {
                        switch item {
                        case .statement(.interface), .statement(.type(.alias(_, .func))), .decl(.alias(_, .func)): break
                        default: throw Self.fail("`\(t.name)` (\(describe(item))) is not a function type or interface", at: t.span)
                        }
                    }
                case .ident(let t):
                    if let item = resolve(t.name, local) {
                        if case .statement(.interface) = item {} else {
                            throw Self.fail("`\(t.name)` (\(describe(item))) is not an interface", at: t.span)
                        }
                    }
                case .package: break
                }
            case .include: break
            }
        }
        // Includes after the world's own items (as wac merges them).
        for case .include(let path, let with, _) in items {
            guard case .ident(let w) = path else { continue }
            var seen: Set<String> = []
            for n in with where !seen.insert(n.from.name).inserted {
                throw Self.fail("duplicate `\(n.from.name)` in world include `with` clause", at: n.from.span, code: .witDuplicateName)
            }
            guard let target = top[w.name] else { continue }
            guard case .world(_, let inner) = target else {
                throw Self.fail("`\(w.name)` (\(describe(.statement(target)))) is not a world", at: w.span)
            }
            let (imports, exports) = names(ofWorld: inner)
            for n in with where !imports.contains(n.from.name) && !exports.contains(n.from.name) {
                throw Self.fail("world `\(w.name)` does not have an import or export named `\(n.from.name)`", at: n.from.span,
                                code: .witUnknownName)
            }
            let rename = Dictionary(with.map { ($0.from.name, $0.to) }, uniquingKeysWith: { a, _ in a })
            for (names, kind, isImport) in [(imports, "import", true), (exports, "export", false)] {
                for n in names where own[rename[n]?.name ?? n] == isImport {
                    let to = rename[n]?.name ?? n
                    throw Self.fail("\(kind) `\(to)` from world `\(w.name)` conflicts with \(kind) of the same name in world `\(world)`",
                                    at: rename[n]?.span ?? w.span, code: .witDuplicateName)
                }
            }
        }
    }

    /// Checks a top-level declaration (before it is added).
    mutating func declare(_ t: WAC.TypeStatement) throws(WITDiagnostic) {
        switch t {
        case .interface(_, let items): try interface(items)
        case .world(let n, let items): try world(items, in: n.name)
        case .type(let d): try check(d, [:])
        }
        top[t.name.name] = t
    }
}

extension Evaluator {
    /// Every `use ns:pkg/item.{…}` of a declaration names an export of a package that exists.
    mutating func checkPackageUses(_ t: WAC.TypeStatement) throws(WITDiagnostic) {
        var uses: [WAC.Use] = []
        func collect(_ items: [WAC.InterfaceItem]) {
            for case .use(let u) in items { uses.append(u) }
        }
        switch t {
        case .interface(_, let items): collect(items)
        case .world(_, let items):
            for item in items {
                switch item {
                case .use(let u): uses.append(u)
                case .import(.named(_, .interface(let its, _)), _), .export(.named(_, .interface(let its, _)), _): collect(its)
                default: break
                }
            }
        case .type: break
        }
        for u in uses {
            guard case .package(let p) = u.path, let item = p.items.first else { continue }
            try checkPackage(p)
            // A component package: the item must be one of its exports (a WIT package directory is
            // not looked into here).
            guard case (.file(let path)?, _) = resolver.find(p.package, version: p.version?.description),
                  let component = try? ComposeComponent(try ComposeInput.load(path: path)) else { continue }
            let names = component.exports.map(\.name.name)
            let full = "\(p.package)/\(item.name)"
            if !names.contains(where: { $0 == item.name || $0 == full || $0.hasPrefix(full + "@") }) {
                throw DeclarationChecks.fail("package `\(p.package)` has no export named `\(item.name)`", at: item.span,
                                             code: .witUnknownName)
            }
        }
    }
}

extension Evaluator {
    /// The instance type of interface `ns:pkg/name` of a WIT package (a `.wit` file or directory
    /// under the deps), when it is self-contained (uses no other interface): the type a package
    /// path import declares.
    func witInterfaceType(_ p: WAC.PackagePath) -> [ComponentType]? {
        guard p.items.count == 1, case (.wit(let path)?, _) = resolver.find(p.package, version: p.version?.description),
              case .success(let w) = WIT.load(path: path),
              let position = w.resolve.packages[w.main.index].interfaces.position(of: p.items[0].name) else { return nil }
        let types = w.resolve.encodePackage(w.main, metadata: false).sections.compactMap { s -> ComponentType? in
            if case .types(let ts) = s, ts.count == 1 { return ts[0] }
            return nil
        }
        guard position < types.count, case .component(let decls) = types[position], decls.count == 2,
              case .type(let instance) = decls[0], case .instance = instance else { return nil }
        return [instance]
    }
}
