import WIT
import WasmComponent

/// Parses a WAC document (the grammar of wac's `LANGUAGE.md`) with WIT's lexer; the first syntax
/// error is thrown as a ``WITDiagnostic`` pointing at the offending token.
struct Parser: TokenCursor {
    let bytes: [UInt8]
    let file: Int32
    let stream: TokenStream
    var index = 0
    var depth = 0
    var declarationSpans: [Span] = []
    static let maxDepth = 100

    /// WIT keywords that are plain identifiers in WAC.
    static let plainInWAC: Set<TokenKind> = [.own, .future, .stream, .errorContext, .map, .from, .async]
    /// WAC keywords that WIT lexes as identifiers.
    static let wacKeywords: Set<String> = ["let", "new", "targets"]

    init(bytes: [UInt8], file: Int32) {
        self.bytes = bytes
        self.file = file
        stream = Lexer(bytes: bytes, file: file, brackets: true).lex()
    }

    // MARK: Tokens

    func peek(_ k: Int) -> Token { stream.tokens[min(index + k, stream.tokens.count - 1)] }
    func span(_ a: Int, _ b: Int) -> Span { Span(file: file, start: a, end: max(a, b)) }
    var lastEnd: Int { index > 0 ? stream.tokens[index - 1].end : 0 }

    /// Whether `t` is the WAC keyword `kw` (`let`, `new`, `targets`).
    func isKeyword(_ t: Token, _ kw: String) -> Bool { t.kind == .id && t.end - t.start == kw.utf8.count && text(t) == kw }

    func isIdent(_ t: Token) -> Bool {
        switch t.kind {
        case .id: return !Self.wacKeywords.contains(text(t))
        case .explicitId: return true
        default: return Self.plainInWAC.contains(t.kind)
        }
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "end of input"
        case .id: return Self.wacKeywords.contains(text(t)) ? "keyword `\(text(t))`" : "an identifier"
        default: return Self.plainInWAC.contains(t.kind) ? "an identifier" : t.kind.describe
        }
    }

    func expected(_ what: String, found t: Token) -> WITDiagnostic {
        if t.kind == .error { return lexError(t) }
        var hint: String?
        if what.contains("identifier"), t.kind.keywordText != nil || (t.kind == .id && Self.wacKeywords.contains(text(t))) {
            let kw = text(t)
            hint = "`\(kw)` is a keyword; write `%\(kw)` to use it as a name"
        }
        return WITDiagnostic(.witSyntax, "expected \(what), found \(describe(t))", at: eofAware(t), hint: hint)
    }

    /// Where an error about `t` points: at end of input, the last character of the last token
    /// (where wac points too), so the caret is on a line that shows something.
    func eofAware(_ t: Token) -> Span {
        guard t.kind == .eof, stream.tokens.count >= 2 else { return span(t) }
        let last = stream.tokens[stream.tokens.count - 2]
        return span(max(last.start, last.end - 1), last.end)
    }

    mutating func expectKeyword(_ kw: String) throws(WITDiagnostic) -> Token {
        let t = peek
        guard isKeyword(t, kw) else { throw expected("keyword `\(kw)`", found: t) }
        return try next()
    }

    /// Whether `...` (three adjacent periods) starts at the next token.
    var atEllipsis: Bool {
        let a = peek, b = peek(1), c = peek(2)
        return a.kind == .period && b.kind == .period && c.kind == .period && a.end == b.start && b.end == c.start
    }

    mutating func eatEllipsis() -> Span? {
        guard atEllipsis else { return nil }
        let s = span(peek.start, peek(2).end)
        index += 3
        return s
    }

    mutating func nest() throws(WITDiagnostic) {
        depth += 1
        if depth > Self.maxDepth {
            throw WITDiagnostic(.witLimit, "the document nests too deeply (over \(Self.maxDepth) levels)", at: span(peek))
        }
    }

    // MARK: Names

    mutating func parseId() throws(WITDiagnostic) -> WAC.Ident {
        let t = peek
        guard isIdent(t) else { throw expected("an identifier", found: t) }
        index += 1
        let name = t.kind == .explicitId ? String(decoding: bytes[(t.start + 1)..<t.end], as: UTF8.self) : text(t)
        if let problem = Identifier.problem(name) {
            let hint = Identifier.kebabSuggestion(name).map { "identifiers are kebab-case; did you mean `\($0)`?" }
                ?? "identifiers are kebab-case: words of letters and digits separated by single `-`"
            throw WITDiagnostic(.witSyntax, problem, at: span(t), hint: hint)
        }
        return WAC.Ident(name: name, span: span(t))
    }

    mutating func parseString() throws(WITDiagnostic) -> WAC.Name {
        let t = try expect(.stringLiteral)
        switch StringLiteral.decode(bytes, from: t.start, file: file) {
        case .success(let (s, _)): return WAC.Name(text: s, span: span(t))
        case .failure(let d): throw d
        }
    }

    /// An identifier or a string literal.
    mutating func parseName() throws(WITDiagnostic) -> WAC.Name {
        if peek.kind == .stringLiteral { return try parseString() }
        guard isIdent(peek) else { throw expected("an identifier or string", found: peek) }
        let id = try parseId()
        return WAC.Name(text: id.name, span: id.span)
    }

    /// `@1.2.3[-pre][+build]`: the adjacent tokens after `@`, as one version.
    mutating func parseOptionalVersion() throws(WITDiagnostic) -> Version? {
        guard try eat(.at) else { return nil }
        let first = peek
        guard first.kind == .integer else { throw expected("a semantic version", found: first) }
        var end = first.end
        index += 1
        while true {
            let t = peek
            guard t.start == end, [.integer, .period, .minus, .plus, .id].contains(t.kind) else { break }
            // A `.` belongs to the version only when a part follows it (`@1.0.0.{a}` is a `use`).
            if t.kind == .period {
                let n = peek(1)
                guard n.start == t.end, n.kind == .integer || n.kind == .id else { break }
            }
            end = t.end
            index += 1
        }
        let s = span(first.start, end)
        let v = String(decoding: bytes[first.start..<end], as: UTF8.self)
        switch Version.parse(v) {
        case .success(let version): return version
        case .failure: throw WITDiagnostic(.witSyntax, "`\(v)` is not a valid semantic version", at: s,
                                           hint: "versions are MAJOR.MINOR.PATCH, optionally with -prerelease and +build")
        }
    }

    /// A name part of a package name or path: any identifier-like token, keywords included
    /// (`test:comp/world`), as wac lexes a path as one token.
    mutating func parsePathPart() throws(WITDiagnostic) -> WAC.Ident {
        let t = peek
        if !isIdent(t), t.kind.keywordText != nil || t.kind == .id {
            index += 1
            return WAC.Ident(name: text(t), span: span(t))
        }
        return try parseId()
    }

    /// `ns:name[@version]`.
    mutating func parsePackageName() throws(WITDiagnostic) -> WAC.PackageName {
        let start = peek.start
        var parts = [try parsePathPart().name]
        try expect(.colon)
        parts.append(try parsePathPart().name)
        while peek.kind == .colon {
            index += 1
            parts.append(try parsePathPart().name)
        }
        let version = try parseOptionalVersion()
        return WAC.PackageName(name: parts.joined(separator: ":"), version: version, span: span(start, lastEnd))
    }

    /// `ns:name/item[/item…][@version]`.
    mutating func parsePackagePath() throws(WITDiagnostic) -> WAC.PackagePath {
        let start = peek.start
        var parts = [try parsePathPart().name]
        try expect(.colon)
        parts.append(try parsePathPart().name)
        while peek.kind == .colon {
            index += 1
            parts.append(try parsePathPart().name)
        }
        try expect(.slash)
        var items = [try parsePathPart()]
        while try eat(.slash) { items.append(try parsePathPart()) }
        let version = try parseOptionalVersion()
        return WAC.PackagePath(package: parts.joined(separator: ":"), items: items, version: version,
                               span: span(start, lastEnd))
    }

    /// Whether a package path (`id :`) starts here.
    var atPackagePath: Bool { isIdent(peek) && peek(1).kind == .colon }

    // MARK: Document

    mutating func parseDocument() throws(WITDiagnostic) -> WAC.Document {
        let pkg = peek
        guard pkg.kind == .package else { throw expected("keyword `package`", found: pkg) }
        index += 1
        let name = try parsePackageName()
        var targets: WAC.PackagePath?
        if isKeyword(peek, "targets") {
            index += 1
            targets = try parsePackagePath()
        }
        try expect(.semicolon)
        var statements: [WAC.Statement] = []
        while peek.kind != .eof {
            statements.append(try parseStatement())
        }
        var doc = WAC.Document(package: name, targets: targets, statements: statements, file: file)
        doc.declarationSpans = declarationSpans
        return doc
    }

    mutating func parseStatement() throws(WITDiagnostic) -> WAC.Statement {
        let t = peek
        switch t.kind {
        case .import: return .import(try parseImport())
        case .export: return .export(try parseExport())
        case .interface, .world, .variant, .record, .flags, .enum, .type:
            return .type(try parseTypeStatement())
        default:
            if isKeyword(t, "let") { return .let(try parseLet()) }
            throw expected("keyword `import`, `let`, `export`, `interface`, `world`, `variant`, `record`, `flags`, "
                           + "`enum` or `type`", found: t)
        }
    }

    mutating func parseImport() throws(WITDiagnostic) -> WAC.Import {
        let start = try expect(.import).start
        let id = try parseId()
        var asName: WAC.Name?
        if try eat(.as) { asName = try parseName() }
        try expect(.colon)
        let type: WAC.ImportType
        switch peek.kind {
        case .func: type = .func(try parseFuncType())
        case .interface:
            let s = try next().start
            type = .interface(try parseInterfaceBody(), span(s, lastEnd))
        default:
            if atPackagePath { type = .package(try parsePackagePath()) } else if isIdent(peek) {
                type = .ident(try parseId())
            } else {
                throw expected("keyword `func`, keyword `interface`, a package path or an identifier", found: peek)
            }
        }
        try expect(.semicolon)
        return WAC.Import(id: id, asName: asName, type: type, span: span(start, lastEnd))
    }

    mutating func parseLet() throws(WITDiagnostic) -> WAC.Let {
        let start = try expectKeyword("let").start
        let id = try parseId()
        try expect(.equals)
        let e = try parseExpr()
        try expect(.semicolon)
        return WAC.Let(id: id, expr: e, span: span(start, lastEnd))
    }

    mutating func parseExport() throws(WITDiagnostic) -> WAC.Export {
        let start = try expect(.export).start
        let e = try parseExpr()
        var options = WAC.ExportOptions.none
        if let s = eatEllipsis() {
            options = .spread(s)
        } else if try eat(.as) {
            options = .as(try parseName())
        }
        try expect(.semicolon)
        return WAC.Export(expr: e, options: options, span: span(start, lastEnd))
    }

    // MARK: Expressions

    mutating func parseExpr() throws(WITDiagnostic) -> WAC.Expr {
        try nest()
        defer { depth -= 1 }
        let start = peek.start
        let primary: WAC.Primary
        if isKeyword(peek, "new") {
            primary = .new(try parseNew())
        } else if peek.kind == .leftParen {
            index += 1
            primary = .nested(try parseExpr())
            try expect(.rightParen)
        } else if isIdent(peek) {
            primary = .ident(try parseId())
        } else {
            throw expected("keyword `new`, '(' or an identifier", found: peek)
        }
        var postfix: [WAC.Postfix] = []
        while true {
            if peek.kind == .period, !atEllipsis {
                index += 1
                postfix.append(.access(try parseId()))
            } else if peek.kind == .leftBracket {
                index += 1
                postfix.append(.named(try parseString()))
                try expect(.rightBracket)
            } else {
                break
            }
        }
        return WAC.Expr(primary: primary, postfix: postfix, span: span(start, lastEnd))
    }

    mutating func parseNew() throws(WITDiagnostic) -> WAC.New {
        let start = try expectKeyword("new").start
        let pkg = try parsePackageName()
        try expect(.leftBrace)
        var args: [WAC.Arg] = []
        var fill: Span?
        while peek.kind != .rightBrace {
            if let s = eatEllipsis() {
                if isIdent(peek) {
                    let id = try parseId()
                    args.append(.spread(id, s.through(id.span)))
                } else {
                    if peek.kind == .comma, peek(1).kind != .rightBrace {
                        throw WITDiagnostic(.witSyntax, "implicit import argument `...` must be the last argument", at: s,
                                            hint: "move `...` to the end of the arguments")
                    }
                    fill = s
                    _ = try eat(.comma)
                    break
                }
            } else if peek.kind == .stringLiteral {
                let name = try parseString()
                try expect(.colon)
                args.append(.named(name, try parseExpr()))
            } else if isIdent(peek) {
                let id = try parseId()
                if try eat(.colon) {
                    args.append(.named(WAC.Name(text: id.name, span: id.span), try parseExpr()))
                } else {
                    args.append(.ident(id))
                }
            } else {
                throw expected("an identifier, a string, `...` or '}'", found: peek)
            }
            if peek.kind != .rightBrace { try expect(.comma) }
        }
        try expect(.rightBrace)
        return WAC.New(package: pkg, args: args, fill: fill, span: span(start, lastEnd))
    }
}

/// Parsing a document.
extension WAC {
    /// Parses `bytes` (file `file` of a source map); the first syntax error is thrown.
    public static func parse(bytes: [UInt8], file: Int32) throws(WITDiagnostic) -> Document {
        var p = Parser(bytes: bytes, file: file)
        if let d = Lexer(bytes: bytes, file: file, brackets: true).checkText() { throw d }
        return try p.parseDocument()
    }
}
