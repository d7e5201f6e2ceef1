/// Type definitions, functions and type expressions.
extension Parser {
    mutating func parseTypeDef(docs: AST.Docs, attributes: [AST.Attribute]) throws(WITDiagnostic) -> AST.TypeDef {
        let kw = try next()
        let name = try parseId()
        let body: AST.TypeBody
        switch kw.kind {
        case .type:
            try expect(.equals)
            let t = try parseType()
            try expect(.semicolon)
            body = .alias(t)
        case .flags:
            body = .flags(try parseList(.leftBrace, .rightBrace) { (p: inout Parser, d: AST.Docs) throws(WITDiagnostic) in
                AST.Case(docs: d, name: try p.parseId(), type: nil)
            })
        case .enum:
            body = .enum(try parseList(.leftBrace, .rightBrace) { (p: inout Parser, d: AST.Docs) throws(WITDiagnostic) in
                AST.Case(docs: d, name: try p.parseId(), type: nil)
            })
        case .variant:
            body = .variant(try parseList(.leftBrace, .rightBrace) { (p: inout Parser, d: AST.Docs) throws(WITDiagnostic) in
                let n = try p.parseId()
                var t: AST.TypeRef?
                if try p.eat(.leftParen) {
                    t = try p.parseType()
                    try p.expect(.rightParen)
                }
                return AST.Case(docs: d, name: n, type: t)
            })
        case .record:
            body = .record(try parseList(.leftBrace, .rightBrace) { (p: inout Parser, d: AST.Docs) throws(WITDiagnostic) in
                let n = try p.parseId()
                try p.expect(.colon)
                return AST.Field(docs: d, name: n, type: try p.parseType())
            })
        case .resource:
            var funcs: [AST.ResourceFunc] = []
            if try eat(.leftBrace) {
                while !(try eat(.rightBrace)) {
                    let d = self.docs()
                    let attrs = try parseAttributes()
                    funcs.append(try parseResourceFunc(docs: d, attributes: attrs))
                }
            } else {
                try expect(.semicolon)
            }
            body = .resource(funcs)
        default:
            throw expected("a type definition", found: kw)
        }
        return AST.TypeDef(docs: docs, attributes: attributes, name: name, body: body)
    }

    mutating func parseResourceFunc(docs: AST.Docs, attributes: [AST.Attribute]) throws(WITDiagnostic) -> AST.ResourceFunc {
        let t = peek
        switch t.kind {
        case .constructor:
            index += 1
            try expect(.leftParen)
            let params = try parseParams()
            let result = try eat(.rArrow) ? try parseType() : nil
            try expect(.semicolon)
            let f = AST.Func(span: span(t), isAsync: false, params: params, result: result)
            return AST.ResourceFunc(kind: .constructor, function: AST.NamedFunc(
                docs: docs, attributes: attributes, name: AST.Ident(name: "constructor", span: span(t)), function: f))
        case .id, .explicitId:
            let name = try parseId()
            try expect(.colon)
            let isStatic = try eat(.static)
            let f = try parseFunc()
            try expect(.semicolon)
            return AST.ResourceFunc(kind: isStatic ? .static : .method,
                                   function: AST.NamedFunc(docs: docs, attributes: attributes, name: name, function: f))
        default:
            throw expected("`constructor` or identifier", found: try next())
        }
    }

    mutating func parseNamedFunc(docs: AST.Docs, attributes: [AST.Attribute]) throws(WITDiagnostic) -> AST.NamedFunc {
        let name = try parseId()
        try expect(.colon)
        let f = try parseFunc()
        try expect(.semicolon)
        return AST.NamedFunc(docs: docs, attributes: attributes, name: name, function: f)
    }

    /// `async? func(params) (-> type)?`
    mutating func parseFunc() throws(WITDiagnostic) -> AST.Func {
        let isAsync = try eat(.async)
        let kw = try expect(.func)
        try expect(.leftParen)
        let params = try parseParams()
        let result = try eat(.rArrow) ? try parseType() : nil
        return AST.Func(span: span(kw), isAsync: isAsync, params: params, result: result)
    }

    /// Parameters after `(`, through `)`.
    mutating func parseParams() throws(WITDiagnostic) -> [(name: AST.Ident, type: AST.TypeRef)] {
        try parseListTrailer(.rightParen) { (p: inout Parser, _: AST.Docs) throws(WITDiagnostic) in
            let n = try p.parseId()
            try p.expect(.colon)
            return (n, try p.parseType())
        }
    }

    /// `start item (, item)* ,? end`, with each item's doc comments.
    mutating func parseList<T>(_ start: TokenKind, _ end: TokenKind,
                               _ item: (inout Parser, AST.Docs) throws(WITDiagnostic) -> T) throws(WITDiagnostic) -> [T] {
        try expect(start)
        return try parseListTrailer(end, item)
    }

    mutating func parseListTrailer<T>(_ end: TokenKind,
                                      _ item: (inout Parser, AST.Docs) throws(WITDiagnostic) -> T) throws(WITDiagnostic) -> [T] {
        var items: [T] = []
        while true {
            let d = docs()
            if try eat(end) { break }
            items.append(try item(&self, d))
            if !(try eat(.comma)) {
                try expect(end)
                break
            }
        }
        return items
    }

    mutating func parseType() throws(WITDiagnostic) -> AST.TypeRef { try parseType(depth: 0) }

    private mutating func closeSpan(_ open: Token) -> Span {
        Span(file: file, start: open.start, end: stream.tokens[max(0, index - 1)].end)
    }

    mutating func parseType(depth: Int) throws(WITDiagnostic) -> AST.TypeRef {
        let t = try next()
        if depth >= Self.maxTypeDepth {
            throw WITDiagnostic(.witLimit, "type nesting too deep", at: span(t),
                                hint: "types may nest at most \(Self.maxTypeDepth) levels; name an inner type with `type x = …`")
        }
        let s = span(t)
        switch t.kind {
        case .u8: return .primitive(.u8, s)
        case .u16: return .primitive(.u16, s)
        case .u32: return .primitive(.u32, s)
        case .u64: return .primitive(.u64, s)
        case .s8: return .primitive(.s8, s)
        case .s16: return .primitive(.s16, s)
        case .s32: return .primitive(.s32, s)
        case .s64: return .primitive(.s64, s)
        case .f32: return .primitive(.f32, s)
        case .f64: return .primitive(.f64, s)
        case .char: return .primitive(.char, s)
        case .bool: return .primitive(.bool, s)
        case .string: return .primitive(.string, s)
        case .errorContext: return .primitive(.errorContext, s)
        case .tuple:
            let types = try parseList(.lessThan, .greaterThan) { (p: inout Parser, _: AST.Docs) throws(WITDiagnostic) in
                try p.parseType(depth: depth + 1)
            }
            return .tuple(types, closeSpan(t))
        case .list:
            try expect(.lessThan)
            let element = try parseType(depth: depth + 1)
            if try eat(.comma) {
                let n = try next()
                guard n.kind == .integer else { throw expected("fixed-length", found: n) }
                let digits = text(n)
                guard let size = UInt32(digits) else {
                    throw WITDiagnostic(.witSyntax, "invalid list size: number too large to fit in target type", at: span(n),
                                        hint: "a fixed-length list holds at most \(UInt32.max) elements")
                }
                try expect(.greaterThan)
                return .fixedList(element, size, closeSpan(t))
            }
            try expect(.greaterThan)
            return .list(element, closeSpan(t))
        case .map:
            try expect(.lessThan)
            let key = try parseType(depth: depth + 1)
            try expect(.comma)
            let value = try parseType(depth: depth + 1)
            try expect(.greaterThan)
            return .map(key, value, closeSpan(t))
        case .option:
            try expect(.lessThan)
            let inner = try parseType(depth: depth + 1)
            try expect(.greaterThan)
            return .option(inner, closeSpan(t))
        case .result:
            var ok: AST.TypeRef?
            var err: AST.TypeRef?
            if try eat(.lessThan) {
                if try eat(.underscore) {
                    try expect(.comma)
                    err = try parseType(depth: depth + 1)
                } else {
                    ok = try parseType(depth: depth + 1)
                    if try eat(.comma) { err = try parseType(depth: depth + 1) }
                }
                try expect(.greaterThan)
            }
            return .result(ok, err, closeSpan(t))
        case .future, .stream:
            var inner: AST.TypeRef?
            if try eat(.lessThan) {
                inner = try parseType(depth: depth + 1)
                try expect(.greaterThan)
            }
            return t.kind == .future ? .future(inner, closeSpan(t)) : .stream(inner, closeSpan(t))
        case .own, .borrow:
            try expect(.lessThan)
            let r = try parseId()
            try expect(.greaterThan)
            return t.kind == .own ? .own(r, closeSpan(t)) : .borrow(r, closeSpan(t))
        case .id, .explicitId:
            index -= 1
            return .name(try parseId())
        default:
            throw expected("a type", found: t)
        }
    }
}
