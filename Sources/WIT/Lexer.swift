import WasmComponent
import WasmBinary

/// Kinds of WIT tokens.
package enum TokenKind: UInt8, Sendable {
    case equals, comma, colon, period, semicolon, leftParen, rightParen, leftBrace, rightBrace
    case lessThan, greaterThan, rArrow, star, at, slash, plus, minus, stringLiteral
    /// `[` and `]`: only lexed for WAC documents (``Lexer/brackets``).
    case leftBracket, rightBracket
    // keywords
    case use, type, `func`, u8, u16, u32, u64, s8, s16, s32, s64, f32, f64, char, record, resource
    case own, borrow, flags, variant, `enum`, bool, string, option, result, future, stream
    case errorContext, list, map, underscore, `as`, from, `static`, interface, tuple, `import`
    case export, world, package, constructor, async, include, with
    case id, explicitId, integer
    /// End of input.
    case eof
    /// A lexical error; the parser reports the stored diagnostic when it reaches this token.
    case error

    /// How the token is named in "expected …, found …" messages (wasm-tools wording).
    package var describe: String {
        switch self {
        case .equals: return "'='"
        case .comma: return "','"
        case .colon: return "':'"
        case .period: return "'.'"
        case .semicolon: return "';'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .lessThan: return "'<'"
        case .greaterThan: return "'>'"
        case .rArrow: return "`->`"
        case .star: return "`*`"
        case .at: return "`@`"
        case .slash: return "`/`"
        case .plus: return "`+`"
        case .minus: return "`-`"
        case .stringLiteral: return "a string literal"
        case .id: return "an identifier"
        case .explicitId: return "an '%' identifier"
        case .integer: return "an integer"
        case .eof: return "eof"
        case .error: return "an invalid token"
        case .underscore: return "keyword `_`"
        default: return "keyword `\(keywordText ?? "")`"
        }
    }

    package var keywordText: String? {
        switch self {
        case .use: return "use"
        case .type: return "type"
        case .func: return "func"
        case .u8: return "u8"
        case .u16: return "u16"
        case .u32: return "u32"
        case .u64: return "u64"
        case .s8: return "s8"
        case .s16: return "s16"
        case .s32: return "s32"
        case .s64: return "s64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .char: return "char"
        case .record: return "record"
        case .resource: return "resource"
        case .own: return "own"
        case .borrow: return "borrow"
        case .flags: return "flags"
        case .variant: return "variant"
        case .enum: return "enum"
        case .bool: return "bool"
        case .string: return "string"
        case .option: return "option"
        case .result: return "result"
        case .future: return "future"
        case .stream: return "stream"
        case .errorContext: return "error-context"
        case .list: return "list"
        case .map: return "map"
        case .underscore: return "_"
        case .as: return "as"
        case .from: return "from"
        case .static: return "static"
        case .interface: return "interface"
        case .tuple: return "tuple"
        case .import: return "import"
        case .export: return "export"
        case .world: return "world"
        case .package: return "package"
        case .constructor: return "constructor"
        case .async: return "async"
        case .include: return "include"
        case .with: return "with"
        default: return nil
        }
    }

    static let keywords: [String: TokenKind] = {
        var m: [String: TokenKind] = [:]
        for raw in TokenKind.use.rawValue...TokenKind.with.rawValue {
            if let k = TokenKind(rawValue: raw), let t = k.keywordText { m[t] = k }
        }
        return m
    }()
}

/// A token: its kind, byte range, and the comments that precede it (indices into
/// ``TokenStream/comments``).
package struct Token {
    package var kind: TokenKind
    package var start: Int
    package var end: Int
    var commentStart: Int32
    var commentEnd: Int32
}

/// The tokens of one file, lexed eagerly. Comments are kept aside for doc extraction.
package struct TokenStream {
    package var tokens: [Token] = []
    package var comments: [Range<Int>] = []
    /// The lexical error at the `.error` token, if any.
    package var error: WITDiagnostic?
}

enum LexerTables {
    /// Bidirectional overrides (CVE-2021-42574) and code points Unicode deprecates or discourages.
    static func isForbiddenOrDiscouraged(_ v: UInt32) -> Bool {
        switch v {
        case 0x202A...0x202E, 0x2066...0x2069: return true
        case 0x149, 0x673, 0xF77, 0xF79, 0x17A3, 0x17A4, 0x17B4, 0x17B5: return true
        default: return false
        }
    }
}

/// Turns the bytes of one file into tokens.
package struct Lexer {
    let bytes: [UInt8]
    let file: Int32
    /// Whether `[` and `]` are tokens (WAC's `expr["name"]`); in WIT they are unexpected characters.
    var brackets = false

    init(bytes: [UInt8], file: Int32) {
        self.bytes = bytes
        self.file = file
    }

    package init(bytes: [UInt8], file: Int32, brackets: Bool) {
        self.bytes = bytes
        self.file = file
        self.brackets = brackets
    }

    func span(_ a: Int, _ b: Int) -> Span { Span(file: file, start: a, end: b) }

    /// Checks the whole text first: valid UTF-8, and no control codes other than `\t \n \r`,
    /// no bidirectional overrides, no discouraged code points.
    package func checkText() -> WITDiagnostic? {
        if let bad = bytes.withUnsafeBytes({ UTF8Validation.firstInvalidOffset($0) }) {
            let b = bytes[bad]
            return WITDiagnostic(.witInvalidText, "invalid UTF-8: byte 0x\(String(b, radix: 16)) does not start a valid sequence",
                                 at: span(bad, bad + 1), hint: "WIT files must be UTF-8 encoded")
        }
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 {
                if (b0 < 0x20 && b0 != 0x09 && b0 != 0x0A && b0 != 0x0D) || b0 == 0x7F {
                    return WITDiagnostic(.witInvalidText, "control code \(Self.escape(UInt32(b0))) is not allowed in WIT text",
                                         at: span(i, i + 1))
                }
                i += 1
                continue
            }
            let (v, len) = decodeScalar(at: i)
            if v >= 0x80 && v < 0xA0 {
                return WITDiagnostic(.witInvalidText, "control code \(Self.escape(v)) is not allowed in WIT text", at: span(i, i + len))
            }
            if LexerTables.isForbiddenOrDiscouraged(v) {
                let bidi = (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                let msg = bidi
                    ? "input contains bidirectional override codepoint \(Self.escape(v))"
                    : "codepoint \(Self.escape(v)) is discouraged by Unicode"
                return WITDiagnostic(.witInvalidText, msg, at: span(i, i + len))
            }
            i += len
        }
        return nil
    }

    static func escape(_ v: UInt32) -> String { "'\\u{\(String(v, radix: 16))}'" }

    /// Decodes the (already validated) scalar at `i`; returns value and byte length.
    func decodeScalar(at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        func c(_ k: Int) -> UInt32 { i + k < bytes.count ? UInt32(bytes[i + k] & 0x3F) : 0 }
        if b0 < 0xE0 { return (((b0 & 0x1F) << 6) | c(1), 2) }
        if b0 < 0xF0 { return (((b0 & 0x0F) << 12) | (c(1) << 6) | c(2), 3) }
        return (((b0 & 0x07) << 18) | (c(1) << 12) | (c(2) << 6) | c(3), 4)
    }

    func isKeylikeStart(at i: Int) -> (Bool, Int) {
        let b = bytes[i]
        if b < 0x80 {
            return ((b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x2D, 1)
        }
        let (v, len) = decodeScalar(at: i)
        guard let s = Unicode.Scalar(v) else { return (false, len) }
        return (s.properties.isXIDStart, len)
    }

    func isKeylikeContinue(at i: Int) -> (Bool, Int) {
        let b = bytes[i]
        if b < 0x80 {
            return ((b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D, 1)
        }
        let (v, len) = decodeScalar(at: i)
        guard let s = Unicode.Scalar(v) else { return (false, len) }
        return (s.properties.isXIDContinue, len)
    }

    /// Lexes everything (stopping at the first lexical error, which becomes an `.error` token).
    package func lex() -> TokenStream {
        var out = TokenStream()
        let n = bytes.count
        var i = 0
        if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        var commentStart = Int32(0)

        func push(_ kind: TokenKind, _ a: Int, _ b: Int) {
            let c = Int32(out.comments.count)
            out.tokens.append(Token(kind: kind, start: a, end: b, commentStart: commentStart, commentEnd: c))
            commentStart = c
        }
        func fail(_ d: WITDiagnostic, at a: Int) {
            out.error = d
            push(.error, a, a)
        }

        while i < n {
            let start = i
            let b = bytes[i]
            switch b {
            case 0x20, 0x09, 0x0A:
                i += 1
                continue
            case 0x0D:
                if i + 1 < n && bytes[i + 1] == 0x0A { i += 2; continue }
                fail(WITDiagnostic(.witSyntax, "unexpected character '\\r'", at: span(i, i + 1),
                                   hint: "a carriage return is only allowed as part of a \\r\\n line ending"), at: i)
                return out
            case UInt8(ascii: "/"):
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "/") {
                    i += 2
                    while i < n && bytes[i] != 0x0A { i += 1 }
                    out.comments.append(start..<i)
                    continue
                }
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: "*") {
                    i += 2
                    var depth = 1
                    while depth > 0 {
                        if i >= n {
                            fail(WITDiagnostic(.witSyntax, "unterminated block comment", at: span(start, start + 2),
                                               hint: "block comments nest: every `/*` needs its own `*/`"), at: start)
                            return out
                        }
                        if bytes[i] == UInt8(ascii: "/") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "*") {
                            depth += 1
                            i += 2
                        } else if bytes[i] == UInt8(ascii: "*") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "/") {
                            depth -= 1
                            i += 2
                        } else {
                            i += 1
                        }
                    }
                    out.comments.append(start..<i)
                    continue
                }
                i += 1
                push(.slash, start, i)
            case UInt8(ascii: "="): i += 1; push(.equals, start, i)
            case UInt8(ascii: ","): i += 1; push(.comma, start, i)
            case UInt8(ascii: ":"): i += 1; push(.colon, start, i)
            case UInt8(ascii: "."): i += 1; push(.period, start, i)
            case UInt8(ascii: ";"): i += 1; push(.semicolon, start, i)
            case UInt8(ascii: "("): i += 1; push(.leftParen, start, i)
            case UInt8(ascii: ")"): i += 1; push(.rightParen, start, i)
            case UInt8(ascii: "{"): i += 1; push(.leftBrace, start, i)
            case UInt8(ascii: "}"): i += 1; push(.rightBrace, start, i)
            case UInt8(ascii: "[") where brackets: i += 1; push(.leftBracket, start, i)
            case UInt8(ascii: "]") where brackets: i += 1; push(.rightBracket, start, i)
            case UInt8(ascii: "<"): i += 1; push(.lessThan, start, i)
            case UInt8(ascii: ">"): i += 1; push(.greaterThan, start, i)
            case UInt8(ascii: "*"): i += 1; push(.star, start, i)
            case UInt8(ascii: "@"): i += 1; push(.at, start, i)
            case UInt8(ascii: "+"): i += 1; push(.plus, start, i)
            case UInt8(ascii: "-"):
                if i + 1 < n && bytes[i + 1] == UInt8(ascii: ">") {
                    i += 2
                    push(.rArrow, start, i)
                } else {
                    i += 1
                    push(.minus, start, i)
                }
            case UInt8(ascii: "%"):
                i += 1
                if i < n, isKeylikeStart(at: i).0 {
                    i += isKeylikeStart(at: i).1
                    while i < n {
                        let (ok, len) = isKeylikeContinue(at: i)
                        if !ok { break }
                        i += len
                    }
                }
                push(.explicitId, start, i)
            case UInt8(ascii: "\""):
                switch StringLiteral.scan(bytes, from: start, file: file) {
                case .success(let end):
                    i = end
                    push(.stringLiteral, start, i)
                case .failure(let d):
                    fail(d, at: start)
                    return out
                }
            case 0x30...0x39:
                while i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
                push(.integer, start, i)
            default:
                let (startOK, len) = isKeylikeStart(at: i)
                guard startOK else {
                    let (v, l) = decodeScalar(at: i)
                    let shown = Unicode.Scalar(v).map { Self.debugChar($0) } ?? "?"
                    fail(WITDiagnostic(.witSyntax, "unexpected character \(shown)", at: span(i, i + l)), at: i)
                    return out
                }
                i += len
                while i < n {
                    let (ok, l) = isKeylikeContinue(at: i)
                    if !ok { break }
                    i += l
                }
                push(keyword(start, i) ?? .id, start, i)
            }
        }
        push(.eof, n, n)
        return out
    }

    /// The keyword spelled by `bytes[a..<b]`, if any (no allocation: candidates are looked up by
    /// first byte and compared byte by byte).
    func keyword(_ a: Int, _ b: Int) -> TokenKind? {
        let len = b - a
        guard len >= 1 && len <= 13 else { return nil }
        let first = Int(bytes[a])
        guard first < 128 else { return nil }
        for (spelling, kind) in Self.keywordsByFirstByte[first] where spelling.count == len {
            var k = 1
            while k < len && spelling[k] == bytes[a + k] { k += 1 }
            if k == len { return kind }
        }
        return nil
    }

    static let keywordsByFirstByte: [[([UInt8], TokenKind)]] = {
        var table = [[([UInt8], TokenKind)]](repeating: [], count: 128)
        for (text, kind) in TokenKind.keywords {
            let b = Array(text.utf8)
            table[Int(b[0])].append((b, kind))
        }
        return table
    }()

    /// A character shown the way Rust's `{:?}` shows it (`'$'`, `'\u{7f}'`).
    static func debugChar(_ s: Unicode.Scalar) -> String {
        switch s {
        case "'": return "'\\''"
        case "\\": return "'\\\\'"
        case "\n": return "'\\n'"
        case "\r": return "'\\r'"
        case "\t": return "'\\t'"
        default:
            if s.value < 0x20 || s.value == 0x7F { return escape(s.value) }
            return "'\(Character(s))'"
        }
    }
}

/// `"…"` literals (used by `@external-id`): Core-WebAssembly `name` syntax.
package enum StringLiteral {
    /// Finds the end of the literal starting at `start` (the opening quote), checking escapes.
    static func scan(_ bytes: [UInt8], from start: Int, file: Int32) -> Result<Int, WITDiagnostic> {
        switch decode(bytes, from: start, file: file) {
        case .success(let (_, end)): return .success(end)
        case .failure(let d): return .failure(d)
        }
    }

    /// Decodes the literal starting at `start`; returns the value and the offset after the quote.
    package static func decode(_ bytes: [UInt8], from start: Int, file: Int32) -> Result<(String, Int), WITDiagnostic> {
        var buf: [UInt8] = []
        var i = start + 1
        let n = bytes.count
        func err(_ msg: String, _ a: Int, _ b: Int) -> Result<(String, Int), WITDiagnostic> {
            .failure(WITDiagnostic(.witSyntax, msg, at: Span(file: file, start: a, end: max(a, b))))
        }
        func hex(_ c: UInt8) -> UInt32? {
            switch c {
            case 0x30...0x39: return UInt32(c - 0x30)
            case 0x61...0x66: return UInt32(c - 0x61 + 10)
            case 0x41...0x46: return UInt32(c - 0x41 + 10)
            default: return nil
            }
        }
        while true {
            guard i < n else { return err("unexpected end of file in string literal", start, start + 1) }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < n else { return err("unexpected end of file in string literal", start, start + 1) }
                let e = bytes[i + 1]
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): buf.append(e); i += 2
                case UInt8(ascii: "t"): buf.append(0x09); i += 2
                case UInt8(ascii: "n"): buf.append(0x0A); i += 2
                case UInt8(ascii: "r"): buf.append(0x0D); i += 2
                case UInt8(ascii: "u"):
                    var k = i + 2
                    guard k < n, bytes[k] == UInt8(ascii: "{") else { return err("expected character '{'", k, k + 1) }
                    k += 1
                    var v: UInt32 = 0
                    var digits = 0
                    while k < n, bytes[k] != UInt8(ascii: "}") {
                        if bytes[k] == UInt8(ascii: "_") && digits > 0 { k += 1; continue }
                        guard let h = hex(bytes[k]) else { return err("invalid hex digit in unicode escape", k, k + 1) }
                        if v > 0x10FFFF { return err("number is too big to fit in a u32", k, k + 1) }
                        v = v * 16 + h
                        digits += 1
                        k += 1
                    }
                    guard digits > 0, k < n else { return err("invalid unicode escape", i, k) }
                    guard let s = Unicode.Scalar(v) else { return err("invalid unicode value 0x\(String(v, radix: 16))", i, k + 1) }
                    buf.append(contentsOf: Array(String(Character(s)).utf8))
                    i = k + 1
                default:
                    if let h1 = hex(e), i + 2 < n, let h2 = hex(bytes[i + 2]) {
                        buf.append(UInt8(h1 * 16 + h2))
                        i += 3
                    } else {
                        let (v, l) = Lexer(bytes: bytes, file: file).decodeScalar(at: i + 1)
                        let shown = Unicode.Scalar(v).map { Lexer.debugChar($0) } ?? "?"
                        return err("invalid string escape \(shown)", i + 1, i + 1 + l)
                    }
                }
                continue
            }
            if c < 0x20 || c == 0x7F { return err("invalid string character \(Lexer.escape(UInt32(c)))", i, i + 1) }
            buf.append(c)
            i += 1
        }
        guard UTF8Validation.isValid(buf) else { return err("string literal is not valid UTF-8", start, i) }
        return .success((String(decoding: buf, as: UTF8.self), i))
    }
}

/// WIT identifiers: the validator's kebab-case rule (`ExternName.isKebabCase`), with wit-parser's
/// messages and a suggested spelling when a name breaks it.
package enum Identifier {
    /// Nil when `name` is a valid WIT identifier; otherwise the problem.
    package static func problem(_ name: String) -> String? {
        if ExternName.isKebabCase(name) { return nil }
        return slowProblem(name)
    }

    static func slowProblem(_ name: String) -> String? {
        if name.isEmpty { return "identifiers must have characters between '-'s" }
        var first = true
        for part in name.split(separator: "-", omittingEmptySubsequences: false) {
            guard let c0 = part.unicodeScalars.first else { return "identifiers must have characters between '-'s" }
            if first && !(("a"..."z").contains(c0) || ("A"..."Z").contains(c0)) {
                return "invalid character in identifier \(Lexer.debugChar(c0))"
            }
            first = false
            var upper: Bool?
            for s in part.unicodeScalars {
                if ("0"..."9").contains(s) { continue }
                let isUpper = ("A"..."Z").contains(s)
                let isLower = ("a"..."z").contains(s)
                guard isUpper || isLower else { return "invalid character in identifier \(Lexer.debugChar(s))" }
                if let u = upper, u != isUpper { return "invalid character in identifier \(Lexer.debugChar(s))" }
                upper = isUpper
            }
        }
        return nil
    }

    /// A kebab-case spelling of `name` (`myHTTPName` → `my-http-name`), for hints.
    package static func kebabSuggestion(_ name: String) -> String? {
        var words: [String] = []
        var cur = ""
        var prevLower = false
        for ch in name {
            if ch == "_" || ch == "-" || ch == " " {
                if !cur.isEmpty { words.append(cur) }
                cur = ""
                prevLower = false
                continue
            }
            guard ch.isASCII, ch.isLetter || ch.isNumber else { return nil }
            if ch.isUppercase && prevLower && !cur.isEmpty {
                words.append(cur)
                cur = ""
            }
            cur.append(ch.lowercased())
            prevLower = ch.isLowercase || ch.isNumber
        }
        if !cur.isEmpty { words.append(cur) }
        let s = words.joined(separator: "-")
        guard !s.isEmpty, s != name, problem(s) == nil else { return nil }
        return s
    }
}
