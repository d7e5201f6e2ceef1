import WasmComponent

/// Recursive-descent parser for one WIT file. Grammar and messages follow WIT.md and
/// wasm-tools' `wit-parser`; recursion is bounded (`maxTypeDepth`), and after an error the parser
/// skips to the end of the enclosing top-level item so independent errors can be reported together.
struct Parser: TokenCursor {
    let bytes: [UInt8]
    let file: Int32
    var stream: TokenStream
    var index = 0
    /// Diagnostics from items that were skipped after an error.
    var diagnostics: [WITDiagnostic] = []
    /// Accept 🪺 nested namespaces and packages in names (`a:b:c/d`).
    var nestedNames = false

    static let maxTypeDepth = 100
    static let maxErrorsPerFile = 20

    init(bytes: [UInt8], file: Int32, stream: TokenStream) {
        self.bytes = bytes
        self.file = file
        self.stream = stream
    }

    // MARK: Tokens

    func peek(_ ahead: Int) -> Token {
        var i = index
        var k = 0
        while k < ahead && stream.tokens[i].kind != .eof && stream.tokens[i].kind != .error {
            i += 1
            k += 1
        }
        return stream.tokens[i]
    }

    func expected(_ what: String, found t: Token) -> WITDiagnostic {
        if t.kind == .error { return lexError(t) }
        var hint: String?
        if let kw = t.kind.keywordText, what.contains("identifier") {
            hint = "`\(kw)` is a keyword; write `%\(kw)` to use it as a name"
        }
        return WITDiagnostic(.witSyntax, "expected \(what), found \(t.kind.describe)", at: span(t), hint: hint)
    }

    /// The comments right before the next token.
    func docs() -> AST.Docs {
        let t = peek
        guard t.commentEnd > t.commentStart else { return AST.Docs(comments: [], file: file) }
        return AST.Docs(comments: Array(stream.comments[Int(t.commentStart)..<Int(t.commentEnd)]), file: file)
    }

    // MARK: Identifiers and versions

    mutating func parseId() throws(WITDiagnostic) -> AST.Ident {
        let t = try next()
        switch t.kind {
        case .id:
            let name = text(t)
            try validate(name, span(t))
            return AST.Ident(name: name, span: span(t))
        case .explicitId:
            let name = String(decoding: bytes[(t.start + 1)..<t.end], as: UTF8.self)
            try validate(name, span(t))
            return AST.Ident(name: name, span: span(t))
        default:
            throw expected("an identifier or string", found: t)
        }
    }

    func validate(_ name: String, _ s: Span) throws(WITDiagnostic) {
        guard let problem = Identifier.problem(name) else { return }
        let hint = Identifier.kebabSuggestion(name).map { "identifiers are kebab-case; did you mean `\($0)`?" }
            ?? "identifiers are kebab-case: words of ASCII letters and digits separated by single `-`, each word all lowercase or all uppercase, starting with a letter"
        throw WITDiagnostic(.witSyntax, problem, at: s, hint: hint)
    }

    mutating func parseOptionalVersion() throws(WITDiagnostic) -> (span: Span, version: Version)? {
        guard try eat(.at) else { return nil }
        return try parseVersion()
    }

    /// `1.2.3`, then `-pre` and `+build` parts made of identifiers, integers, `-` and `.`.
    mutating func parseVersion() throws(WITDiagnostic) -> (span: Span, version: Version) {
        let first = try expect(.integer)
        try expect(.period)
        try expect(.integer)
        try expect(.period)
        var end = try expect(.integer).end
        // As in wasm-tools, a `-`/`+` with nothing usable after it is skipped, not part of the version.
        for prefix in [TokenKind.minus, .plus] {
            guard try eat(prefix) else { continue }
            while true {
                let t = peek
                if t.kind == .id || t.kind == .integer || t.kind == .minus {
                    end = t.end
                    index += 1
                } else if t.kind == .period, case let t2 = peek(1), t2.kind == .id || t2.kind == .integer || t2.kind == .minus {
                    end = t2.end
                    index += 2
                } else {
                    break
                }
            }
        }
        let s = Span(file: file, start: first.start, end: end)
        let textValue = String(decoding: bytes[first.start..<end], as: UTF8.self)
        switch Version.parse(textValue) {
        case .success(let v): return (s, v)
        case .failure(let e): throw WITDiagnostic(.witSyntax, e.message, at: s)
        }
    }

    /// `ns:name@version` (🪺 `a:b:c/d` accepted here, rejected by the resolver unless enabled).
    mutating func parsePackageName(docs: AST.Docs) throws(WITDiagnostic) -> AST.PackageRef {
        var namespace = [try parseId()]
        try expect(.colon)
        var name = [try parseId()]
        while nestedNames, try eat(.colon) {
            namespace.append(contentsOf: name)
            name = [try parseId()]
        }
        while nestedNames, peek.kind == .slash {
            index += 1
            name.append(try parseId())
        }
        let version = try parseOptionalVersion()
        let end = version?.span.end ?? name[name.count - 1].span.end
        return AST.PackageRef(docs: docs, span: Span(file: file, start: namespace[0].span.start, end: end),
                              namespace: namespace, name: name, version: version)
    }

    /// `id` or `ns:pkg/iface@version` (🪺 `ns:a:pkg/nested/iface`).
    mutating func parseUsePath() throws(WITDiagnostic) -> AST.UsePath {
        let first = try parseId()
        guard try eat(.colon) else { return .id(first) }
        var namespace = [first]
        var pkg = [try parseId()]
        while nestedNames, try eat(.colon) {
            namespace.append(contentsOf: pkg)
            pkg = [try parseId()]
        }
        try expect(.slash)
        var iface = try parseId()
        while nestedNames, try eat(.slash) {
            pkg.append(iface)
            iface = try parseId()
        }
        let pkgSpan = Span(file: file, start: first.span.start, end: pkg[pkg.count - 1].span.end)
        let version = try parseOptionalVersion()
        let ref = AST.PackageRef(span: pkgSpan, namespace: namespace, name: pkg, version: version)
        return .package(ref, iface)
    }

    // MARK: Attributes

    mutating func parseAttributes() throws(WITDiagnostic) -> [AST.Attribute] {
        var out: [AST.Attribute] = []
        while try eat(.at) {
            let id = try parseId()
            switch id.name {
            case "since", "deprecated":
                try expect(.leftParen)
                try expectWord("version")
                try expect(.equals)
                let (_, v) = try parseVersion()
                try expect(.rightParen)
                out.append(id.name == "since" ? .since(span: id.span, version: v) : .deprecated(span: id.span, version: v))
            case "unstable":
                try expect(.leftParen)
                try expectWord("feature")
                try expect(.equals)
                let feature = try parseId()
                try expect(.rightParen)
                out.append(.unstable(span: id.span, feature: feature))
            case "external-id":
                try expect(.leftParen)
                let lit = try expect(.stringLiteral)
                let value: String
                switch StringLiteral.decode(bytes, from: lit.start, file: file) {
                case .success(let (v, _)): value = v
                case .failure(let d): throw d
                }
                try expect(.rightParen)
                out.append(.externalID(span: id.span, value: value))
            default:
                throw WITDiagnostic(.witSyntax, "unknown attribute `\(id.name)`", at: id.span,
                                    hint: Suggest.hint(for: id.name, among: ["since", "unstable", "deprecated", "external-id"])
                                        ?? "known attributes are `@since`, `@unstable`, `@deprecated` and `@external-id`")
            }
        }
        return out
    }

    mutating func expectWord(_ word: String) throws(WITDiagnostic) {
        let id = try parseId()
        if id.name != word {
            throw WITDiagnostic(.witSyntax, "expected `\(word)`, found `\(id.name)`", at: id.span)
        }
    }

    // MARK: Files and top-level items

    /// Parses the whole file. Errors in one top-level item do not stop the others from being
    /// parsed; all are returned in ``diagnostics``.
    mutating func parseFile() -> AST.File {
        var result = AST.File(package: nil, file: file)
        do {
            let start = index
            let d = docs()
            if try eat(.package) {
                let name = try parsePackageName(docs: d)
                if try eat(.semicolon) {
                    result.package = name
                } else {
                    index = start
                }
            }
        } catch {
            diagnostics.append(error)
            if peek.kind == .error { return result }
            skipItem(from: 0)
        }
        result.items = parseItems(nested: false)
        return result
    }

    /// Items until the end of input (or, inside `package … { }`, until the closing brace, which is
    /// left for the caller).
    mutating func parseItems(nested: Bool, depth: Int = 0) -> [AST.Item] {
        var items: [AST.Item] = []
        while diagnostics.count < Self.maxErrorsPerFile {
            let k = peek.kind
            if k == .eof || (nested && k == .rightBrace) { break }
            if k == .error {
                diagnostics.append(lexError(peek))
                break
            }
            let start = index
            do {
                items.append(try parseItem(nested: nested, depth: depth))
            } catch {
                diagnostics.append(error)
                if peek.kind == .error { break }
                skipItem(from: start)
            }
        }
        return items
    }

    /// After an error, moves past the item that began at token `start`: up to its `;` or its
    /// balanced closing `}`, never past a `}` that closes an enclosing block.
    mutating func skipItem(from start: Int) {
        var i = start
        var depth = 0
        var sawBrace = false
        while true {
            let k = stream.tokens[i].kind
            if k == .eof || k == .error { break }
            if k == .leftBrace {
                depth += 1
                sawBrace = true
            } else if k == .rightBrace {
                if depth == 0 { break }
                depth -= 1
                if depth == 0 && sawBrace { i += 1; break }
            } else if k == .semicolon && depth == 0 && !sawBrace {
                i += 1
                break
            }
            i += 1
        }
        // Always make progress (a stray `}` at the top level is consumed).
        index = i > start ? i : min(start + 1, stream.tokens.count - 1)
    }

    static let maxPackageDepth = 100

    mutating func parseItem(nested: Bool, depth: Int) throws(WITDiagnostic) -> AST.Item {
        let d = docs()
        let attributes = try parseAttributes()
        switch peek.kind {
        case .interface:
            return .interface(try parseInterface(docs: d, attributes: attributes))
        case .world:
            return .world(try parseWorld(docs: d, attributes: attributes))
        case .use:
            let u = try next()
            let path = try parseUsePath()
            let asName = try eat(.as) ? try parseId() : nil
            try expect(.semicolon)
            return .use(AST.ToplevelUse(span: span(u), attributes: attributes, path: path, asName: asName))
        case .package:
            let kw = try next()
            if !attributes.isEmpty {
                throw WITDiagnostic(.witSyntax, "cannot place attributes on nested packages", at: span(kw),
                                    hint: "gate the interfaces and worlds inside the package instead")
            }
            if depth >= Self.maxPackageDepth {
                throw WITDiagnostic(.witLimit, "package nesting too deep", at: span(kw))
            }
            let name = try parsePackageName(docs: d)
            let brace = try next()
            if brace.kind != .leftBrace {
                var e = expected(TokenKind.leftBrace.describe, found: brace)
                if !nestedNames && (brace.kind == .colon || brace.kind == .slash) {
                    e.hint = "nested namespaces and packages (🪺 `a:b:c/d`) are not supported; package names are `namespace:name`"
                }
                throw e
            }
            let errorsBefore = diagnostics.count
            let items = parseItems(nested: true, depth: depth + 1)
            // An error inside already explains a missing `}`; do not report it twice.
            if diagnostics.count > errorsBefore && peek.kind != .rightBrace {
                return .package(AST.NestedPackage(name: name, items: items))
            }
            try expect(.rightBrace)
            return .package(AST.NestedPackage(name: name, items: items))
        default:
            throw expected("`world`, `interface` or `use`", found: try next())
        }
    }

    mutating func parseInterface(docs: AST.Docs, attributes: [AST.Attribute]) throws(WITDiagnostic) -> AST.Interface {
        try expect(.interface)
        let name = try parseId()
        let items = try parseInterfaceItems()
        return AST.Interface(docs: docs, attributes: attributes, name: name, items: items)
    }

    mutating func parseInterfaceItems() throws(WITDiagnostic) -> [AST.InterfaceItem] {
        try expect(.leftBrace)
        var items: [AST.InterfaceItem] = []
        while true {
            let d = docs()
            if try eat(.rightBrace) { break }
            let attributes = try parseAttributes()
            switch peek.kind {
            case .type, .flags, .enum, .variant, .resource, .record:
                items.append(.typeDef(try parseTypeDef(docs: d, attributes: attributes)))
            case .id, .explicitId:
                items.append(.function(try parseNamedFunc(docs: d, attributes: attributes)))
            case .use:
                items.append(.use(try parseUse(attributes: attributes)))
            default:
                throw expected("`type`, `resource` or `func`", found: try next())
            }
        }
        return items
    }

    mutating func parseUse(attributes: [AST.Attribute]) throws(WITDiagnostic) -> AST.Use {
        let u = try expect(.use)
        let from = try parseUsePath()
        try expect(.period)
        try expect(.leftBrace)
        var names: [AST.UseName] = []
        while !(try eat(.rightBrace)) {
            let name = try parseId()
            let asName = try eat(.as) ? try parseId() : nil
            names.append(AST.UseName(name: name, asName: asName))
            if !(try eat(.comma)) {
                try expect(.rightBrace)
                break
            }
        }
        try expect(.semicolon)
        return AST.Use(span: span(u), attributes: attributes, from: from, names: names)
    }

    mutating func parseWorld(docs: AST.Docs, attributes: [AST.Attribute]) throws(WITDiagnostic) -> AST.World {
        try expect(.world)
        let name = try parseId()
        try expect(.leftBrace)
        var items: [AST.WorldItem] = []
        while true {
            let d = self.docs()
            if try eat(.rightBrace) { break }
            let attrs = try parseAttributes()
            switch peek.kind {
            case .import:
                let kw = try next()
                items.append(.import(AST.Extern(docs: d, attributes: attrs, keyword: span(kw), kind: try parseExternKind())))
            case .export:
                let kw = try next()
                items.append(.export(AST.Extern(docs: d, attributes: attrs, keyword: span(kw), kind: try parseExternKind())))
            case .use:
                items.append(.use(try parseUse(attributes: attrs)))
            case .type, .flags, .resource, .record, .variant, .enum:
                items.append(.typeDef(try parseTypeDef(docs: d, attributes: attrs)))
            case .include:
                items.append(.include(try parseInclude(attributes: attrs)))
            default:
                throw expected("`import`, `export`, `include`, `use`, or type definition", found: try next())
            }
        }
        return AST.World(docs: docs, attributes: attributes, name: name, items: items)
    }

    /// What follows `import`/`export`: `name: func…;`, `name: interface {…}`, `name: path;` or `path;`.
    mutating func parseExternKind() throws(WITDiagnostic) -> AST.ExternKind {
        let save = index
        if peek.kind == .id || peek.kind == .explicitId, peek(1).kind == .colon {
            let id = try parseId()
            try expect(.colon)
            switch peek.kind {
            case .func, .async:
                let f = try parseFunc()
                try expect(.semicolon)
                return .function(id, f)
            case .interface:
                index += 1
                return .interface(id, try parseInterfaceItems())
            default:
                // `label: path` unless this is really `ns:pkg/iface`.
                let isQualified = (peek.kind == .id || peek.kind == .explicitId) && peek(1).kind == .slash
                if !isQualified {
                    let path = try parseUsePath()
                    try expect(.semicolon)
                    return .namedPath(id, path)
                }
                index = save
            }
        }
        let path = try parseUsePath()
        try expect(.semicolon)
        return .path(path)
    }

    mutating func parseInclude(attributes: [AST.Attribute]) throws(WITDiagnostic) -> AST.Include {
        let kw = try expect(.include)
        let from = try parseUsePath()
        var names: [(name: AST.Ident, asName: AST.Ident)] = []
        if try eat(.with) {
            try expect(.leftBrace)
            while true {
                _ = docs()
                if try eat(.rightBrace) { break }
                let name = try parseId()
                try expect(.as)
                let asName = try parseId()
                names.append((name, asName))
                if !(try eat(.comma)) {
                    try expect(.rightBrace)
                    break
                }
            }
        } else {
            try expect(.semicolon)
        }
        return AST.Include(span: span(kw), attributes: attributes, from: from, names: names)
    }
}
