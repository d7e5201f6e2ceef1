import WIT
import WasmComponent

/// Type declarations: interfaces, worlds, records, variants, enums, flags, resources, aliases, `use`.
extension Parser {
    mutating func parseTypeStatement() throws(WITDiagnostic) -> WAC.TypeStatement {
        switch peek.kind {
        case .interface:
            let start = try next().start
            let name = try parseId()
            let body = try parseInterfaceBody()
            declarationSpans.append(span(start, lastEnd))
            return .interface(name, body)
        case .world:
            let start = try next().start
            let name = try parseId()
            let body = try parseWorldBody()
            declarationSpans.append(span(start, lastEnd))
            return .world(name, body)
        default:
            return .type(try parseTypeDecl(resources: false))
        }
    }

    /// `{ interface-item* }`
    mutating func parseInterfaceBody() throws(WITDiagnostic) -> [WAC.InterfaceItem] {
        try nest()
        defer { depth -= 1 }
        try expect(.leftBrace)
        var items: [WAC.InterfaceItem] = []
        while !(try eat(.rightBrace)) {
            switch peek.kind {
            case .use: items.append(.use(try parseUse()))
            case .resource, .variant, .record, .flags, .enum, .type: items.append(.type(try parseTypeDecl(resources: true)))
            default:
                guard isIdent(peek) else {
                    throw expected("keyword `use`, a type declaration, an identifier or '}'", found: peek)
                }
                let name = try parseId()
                try expect(.colon)
                let f: WAC.FuncTypeRef = peek.kind == .func ? .func(try parseFuncType()) : .named(try parseId())
                try expect(.semicolon)
                items.append(.export(name, f))
            }
        }
        return items
    }

    mutating func parseWorldBody() throws(WITDiagnostic) -> [WAC.WorldItem] {
        try expect(.leftBrace)
        var items: [WAC.WorldItem] = []
        while !(try eat(.rightBrace)) {
            let start = peek.start
            switch peek.kind {
            case .use: items.append(.use(try parseUse()))
            case .resource, .variant, .record, .flags, .enum, .type: items.append(.type(try parseTypeDecl(resources: true)))
            case .import, .export:
                let isImport = try next().kind == .import
                let path = try parseWorldItemPath()
                try expect(.semicolon)
                items.append(isImport ? .import(path, span(start, lastEnd)) : .export(path, span(start, lastEnd)))
            case .include:
                index += 1
                let ref: WAC.UsePath = atPackagePath ? .package(try parsePackagePath()) : .ident(try parseId())
                var with: [WAC.IncludeName] = []
                if try eat(.with) {
                    try expect(.leftBrace)
                    while peek.kind != .rightBrace {
                        let from = try parseId()
                        try expect(.as)
                        with.append(WAC.IncludeName(from: from, to: try parseId()))
                        if peek.kind != .rightBrace { try expect(.comma) }
                    }
                    try expect(.rightBrace)
                }
                try expect(.semicolon)
                items.append(.include(ref, with: with, span(start, lastEnd)))
            default:
                throw expected("keyword `use`, `import`, `export`, `include`, a type declaration or '}'", found: peek)
            }
        }
        return items
    }

    /// `name: extern-type`, a package path, or the name of an interface.
    mutating func parseWorldItemPath() throws(WITDiagnostic) -> WAC.WorldItemPath {
        if isIdent(peek), peek(1).kind == .colon {
            // `a:b/c` is a package path; `a: func…`, `a: interface {…}` and `a: i` name an item.
            let after = peek(2)
            if after.kind == .func || after.kind == .interface || !(isIdent(after) && [.colon, .slash].contains(peek(3).kind)) {
                let name = try parseId()
                try expect(.colon)
                switch peek.kind {
                case .func: return .named(name, .func(try parseFuncType()))
                case .interface:
                    let s = try next().start
                    return .named(name, .interface(try parseInterfaceBody(), span(s, lastEnd)))
                default: return .named(name, .ident(try parseId()))
                }
            }
            return .package(try parsePackagePath())
        }
        return .ident(try parseId())
    }

    /// `use path.{a, b as c};`
    mutating func parseUse() throws(WITDiagnostic) -> WAC.Use {
        let start = try expect(.use).start
        let path: WAC.UsePath = atPackagePath ? .package(try parsePackagePath()) : .ident(try parseId())
        try expect(.period)
        try expect(.leftBrace)
        var items: [WAC.UseItem] = []
        repeat {
            if peek.kind == .rightBrace, !items.isEmpty { break }
            let name = try parseId()
            var alias: WAC.Ident?
            if try eat(.as) { alias = try parseId() }
            items.append(WAC.UseItem(name: name, alias: alias))
        } while try eat(.comma)
        try expect(.rightBrace)
        try expect(.semicolon)
        return WAC.Use(path: path, items: items, span: span(start, lastEnd))
    }

    mutating func parseTypeDecl(resources: Bool) throws(WITDiagnostic) -> WAC.TypeDecl {
        let kw = try next()
        switch kw.kind {
        case .variant:
            let name = try parseId()
            let cases: [WAC.Case] = try parseBraced("variant must contain at least one case") { (p: inout Parser) throws(WITDiagnostic) in
                let n = try p.parseId()
                var t: WAC.TypeRef?
                if try p.eat(.leftParen) {
                    t = try p.parseType()
                    try p.expect(.rightParen)
                }
                return WAC.Case(name: n, type: t)
            }
            return .variant(name, cases)
        case .record:
            let name = try parseId()
            return .record(name, try parseBraced("record must contain at least one field") { (p: inout Parser) throws(WITDiagnostic) in
                try p.parseNamedType()
            })
        case .flags, .enum:
            let name = try parseId()
            let what = kw.kind == .flags ? "flags must contain at least one flag" : "enum must contain at least one case"
            let ids = try parseBraced(what) { (p: inout Parser) throws(WITDiagnostic) in try p.parseId() }
            return kw.kind == .flags ? .flags(name, ids) : .enum(name, ids)
        case .type:
            let name = try parseId()
            try expect(.equals)
            let target: WAC.AliasTarget = peek.kind == .func ? .func(try parseFuncType()) : .type(try parseType())
            try expect(.semicolon)
            return .alias(name, target)
        case .resource where resources:
            let name = try parseId()
            if try eat(.semicolon) { return .resource(name, []) }
            try expect(.leftBrace)
            var items: [WAC.ResourceItem] = []
            while !(try eat(.rightBrace)) {
                if peek.kind == .constructor {
                    let s = try next().start
                    let params = try parseParams()
                    try expect(.semicolon)
                    items.append(.constructor(params: params, span: span(s, lastEnd)))
                } else {
                    let n = try parseId()
                    try expect(.colon)
                    let isStatic = try eat(.static)
                    let f = try parseFuncType()
                    try expect(.semicolon)
                    items.append(.method(name: n, isStatic: isStatic, type: f))
                }
            }
            return .resource(name, items)
        default:
            throw expected("a type declaration", found: kw)
        }
    }

    /// `{ item (, item)* ,? }` with at least one item (`empty` is the message when there is none).
    mutating func parseBraced<T>(_ empty: String, _ item: (inout Parser) throws(WITDiagnostic) -> T) throws(WITDiagnostic) -> [T] {
        try expect(.leftBrace)
        var out: [T] = []
        while peek.kind != .rightBrace {
            out.append(try item(&self))
            if peek.kind != .rightBrace { try expect(.comma) }
        }
        if out.isEmpty { throw WITDiagnostic(.witSyntax, empty, at: eofAware(peek)) }
        index += 1
        return out
    }

    mutating func parseNamedType() throws(WITDiagnostic) -> WAC.NamedType {
        let n = try parseId()
        try expect(.colon)
        return WAC.NamedType(name: n, type: try parseType())
    }

    mutating func parseParams() throws(WITDiagnostic) -> [WAC.NamedType] {
        try expect(.leftParen)
        var out: [WAC.NamedType] = []
        while peek.kind != .rightParen {
            out.append(try parseNamedType())
            if peek.kind != .rightParen { try expect(.comma) }
        }
        index += 1
        return out
    }

    mutating func parseFuncType() throws(WITDiagnostic) -> WAC.FuncType {
        let start = try expect(.func).start
        let params = try parseParams()
        var results = WAC.Results.none
        if try eat(.rArrow) {
            results = peek.kind == .leftParen ? .named(try parseParams()) : .scalar(try parseType())
        }
        return WAC.FuncType(params: params, results: results, span: span(start, lastEnd))
    }

    static let primitives: [TokenKind: String] = [
        .u8: "u8", .s8: "s8", .u16: "u16", .s16: "s16", .u32: "u32", .s32: "s32", .u64: "u64", .s64: "s64",
        .f32: "f32", .f64: "f64", .char: "char", .bool: "bool", .string: "string",
    ]

    mutating func parseType() throws(WITDiagnostic) -> WAC.TypeRef {
        try nest()
        defer { depth -= 1 }
        let t = peek
        if let p = Self.primitives[t.kind] {
            index += 1
            return .primitive(p, span(t))
        }
        switch t.kind {
        case .tuple:
            index += 1
            try expect(.lessThan)
            var items = [try parseType()]
            while try eat(.comma) {
                if peek.kind == .greaterThan { break }
                items.append(try parseType())
            }
            try expect(.greaterThan)
            return .tuple(items, span(t.start, lastEnd))
        case .list, .option, .borrow:
            index += 1
            try expect(.lessThan)
            let inner = try parseType()
            try expect(.greaterThan)
            let s = span(t.start, lastEnd)
            return t.kind == .list ? .list(inner, s) : t.kind == .option ? .option(inner, s) : .borrow(inner, s)
        case .result:
            index += 1
            guard try eat(.lessThan) else { return .result(ok: nil, error: nil, span(t)) }
            var ok: WAC.TypeRef?
            if !(try eat(.underscore)) { ok = try parseType() }
            var err: WAC.TypeRef?
            if ok == nil {
                // `result<_>` (wac's parser takes it: a result of neither) or `result<_, E>`.
                if try eat(.comma) { err = try parseType() }
            } else if try eat(.comma) {
                err = try parseType()
            }
            try expect(.greaterThan)
            return .result(ok: ok, error: err, span(t.start, lastEnd))
        default:
            guard isIdent(t) else {
                throw expected("keyword `func`, a type (`u8`, `s8`, `u16`, …, `string`, `tuple`, `list`, `option`, "
                               + "`result`, `borrow`) or an identifier", found: t)
            }
            return .named(try parseId())
        }
    }
}
