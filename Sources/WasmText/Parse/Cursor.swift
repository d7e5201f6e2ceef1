#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmBinary
import WasmCore

// A cursor over the tokens with the helpers every parser shares: keywords, ids, numbers, strings, and the
// nesting bound (no input recurses deeper than `maxDepth`).

struct Cursor {
    let lexer: Lexer
    let tokens: [Token]
    var pos = 0
    var depth = 0
    static let maxDepth = 1000

    init(_ source: [UInt8]) throws(TextError) {
        try self.init(SourceText(source))
    }
    init(_ source: SourceText) throws(TextError) {
        lexer = Lexer(source)
        tokens = try lexer.tokenize()
    }

    var peek: Token { tokens[pos] }
    func peek(_ k: Int) -> Token { tokens[min(pos + k, tokens.count - 1)] }
    mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    func text(_ t: Token) -> Substring {
        Substring(String(decoding: lexer.src[t.start..<lexer.end(of: t)], as: UTF8.self))
    }

    func error(_ message: String, _ t: Token? = nil) -> TextError {
        TextError(message, at: (t ?? peek).start)
    }

    func expected(_ what: String) -> TextError {
        let t = peek
        let found: String
        switch t.kind {
        case .eof: found = "end of input"
        case .lparen: found = "`(`"
        case .rparen: found = "`)`"
        default: found = "`\(text(t))`"
        }
        return TextError("expected \(what), found \(found)", at: t.start)
    }

    /// Whether token `t`'s text is `k` (no allocation).
    @inline(__always)
    func tokenIs(_ t: Token, _ k: String) -> Bool {
        var k = k
        return k.withUTF8 { kb in
            kb.count == lexer.end(of: t) - t.start && lexer.src.withUnsafeBufferPointer { sb in
                memcmp(sb.baseAddress! + t.start, kb.baseAddress!, kb.count) == 0
            }
        }
    }
    func isKeyword(_ k: String) -> Bool { peek.kind == .keyword && tokenIs(peek, k) }

    /// Whether token `t`'s text starts with `prefix` (no allocation).
    @inline(__always)
    func tokenHasPrefix(_ t: Token, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard lexer.end(of: t) - t.start >= n else { return false }
        return lexer.src.withUnsafeBufferPointer { sb in
            guard let base = sb.baseAddress else { return false }
            return memcmp(base + t.start, prefix.utf8Start, n) == 0
        }
    }

    /// The value of token `t` from byte `skip` on when it is a plain decimal of at most 19 digits (what printers
    /// write), without allocating; nil otherwise (the caller then reads it with `TextNumber`).
    @inline(__always)
    func plainDecimal(_ t: Token, skip: Int = 0) -> UInt64? {
        let start = t.start + skip
        let end = lexer.end(of: t)
        let n = end - start
        guard t.kind == .keyword, n > 0, n <= 19 else { return nil }
        return lexer.src.withUnsafeBufferPointer { sb -> UInt64? in
            var m: UInt64 = 0
            for i in start..<end {
                let d = sb[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                m = m &* 10 &+ UInt64(d)
            }
            return m
        }
    }

    /// The value of token `t` as an integer of `bits` when it is a plain decimal, optionally negative (what
    /// printers write), without allocating; nil otherwise (the caller then reads it with `TextNumber.int`, which
    /// refuses what is out of range as this does).
    @inline(__always)
    func plainInt(_ t: Token, bits: Int) -> UInt64? {
        guard t.kind == .keyword else { return nil }
        let negative = withBytes(t) { $0.first == UInt8(ascii: "-") }
        guard let m = plainDecimal(t, skip: negative ? 1 : 0) else { return nil }
        return TextNumber.int(magnitude: m, negative: negative, bits: bits)
    }

    /// The bytes of token `t`, for a lookup that must not allocate.
    @inline(__always)
    func withBytes<R>(_ t: Token, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        lexer.src.withUnsafeBufferPointer { sb in
            body(UnsafeBufferPointer(rebasing: sb[t.start..<lexer.end(of: t)]))
        }
    }
    /// `(` followed by keyword `k`.
    func atList(_ k: String) -> Bool {
        peek.kind == .lparen && peek(1).kind == .keyword && tokenIs(peek(1), k)
    }
    func listKeyword() -> Substring? {
        peek.kind == .lparen && peek(1).kind == .keyword ? text(peek(1)) : nil
    }

    mutating func lparen() throws(TextError) {
        guard peek.kind == .lparen else { throw expected("`(`") }
        depth += 1
        guard depth < Cursor.maxDepth else { throw error("nesting too deep") }
        _ = advance()
    }
    mutating func rparen() throws(TextError) {
        guard peek.kind == .rparen else { throw expected("`)`") }
        depth -= 1
        _ = advance()
    }
    mutating func keyword(_ k: String) throws(TextError) {
        guard isKeyword(k) else { throw expected("`\(k)`") }
        _ = advance()
    }
    mutating func eatKeyword(_ k: String) -> Bool {
        if isKeyword(k) { _ = advance(); return true }
        return false
    }
    /// Opens `(k`.
    mutating func openList(_ k: String) throws(TextError) {
        try lparen()
        try keyword(k)
    }
    /// At `(@name` (`name` without the `@`).
    func atAnnotation(_ name: String) -> Bool {
        peek.kind == .annotation && text(peek).dropFirst(2) == name
    }
    /// At an annotation that stands for a custom section (`@custom`, `@producers`, `@dylink.0`).
    var atSectionAnnotation: Bool { atAnnotation("custom") || atAnnotation("producers") || atAnnotation("dylink.0") }
    /// Opens `(@name`.
    mutating func openAnnotation() throws(TextError) {
        guard peek.kind == .annotation else { throw expected("an annotation") }
        depth += 1
        guard depth < Cursor.maxDepth else { throw error("nesting too deep") }
        _ = advance()
    }
    /// `(@name "text")`, if there.
    mutating func nameAnnotation() throws(TextError) -> String? {
        guard atAnnotation("name") else { return nil }
        try openAnnotation()
        let n = try name()
        try rparen()
        return n
    }
    /// `$id (@name "text")?`: the id (for references) and the name the name section records (the annotation's,
    /// else the id's).
    mutating func idAndName() throws(TextError) -> (id: String?, name: String?) {
        let id = optionalID()
        let n = try nameAnnotation()
        return (id, n ?? id)
    }
    mutating func optionalID() -> String? {
        guard peek.kind == .id else { return nil }
        return idName(advance())
    }
    func idName(_ t: Token) -> String {
        let s = text(t).dropFirst()
        if s.first == "\"", let b = try? lexer.stringBytes(from: t.start + 1, to: lexer.end(of: t)) {
            return String(decoding: b, as: UTF8.self)
        }
        return String(s)
    }
    mutating func string() throws(TextError) -> [UInt8] {
        guard peek.kind == .string else { throw expected("a string") }
        return try lexer.stringBytes(advance())
    }
    mutating func name() throws(TextError) -> String {
        let t = peek
        let b = try string()
        guard let s = String(validating: b, as: UTF8.self) else { throw error("malformed UTF-8 encoding", t) }
        return s
    }
    mutating func u32() throws(TextError) -> UInt32 {
        if let d = plainDecimal(peek), let v = UInt32(exactly: d) {
            _ = advance()
            return v
        }
        guard peek.kind == .keyword, let v = TextNumber.u32(text(peek)) else { throw expected("a u32") }
        _ = advance()
        return v
    }
    mutating func u64() throws(TextError) -> UInt64 {
        guard peek.kind == .keyword, let v = TextNumber.u64(text(peek)) else { throw expected("a u64") }
        _ = advance()
        return v
    }
    var atU32: Bool {
        if let d = plainDecimal(peek) { return d <= UInt64(UInt32.max) }
        // An unsigned literal starts with a digit (no sign): other keywords are told apart without a String.
        guard peek.kind == .keyword, withBytes(peek, { $0.first.map { $0 &- UInt8(ascii: "0") < 10 } ?? false }) else {
            return false
        }
        return TextNumber.u32(text(peek)) != nil
    }

    /// Skips one balanced item (token or list).
    mutating func skipItem() throws(TextError) {
        if peek.kind != .lparen && peek.kind != .annotation { _ = advance(); return }
        guard let (end, _) = itemEnd(from: pos) else {
            pos = tokens.count - 1
            throw expected("`)`")
        }
        pos = end
    }

    /// The position after the balanced list opening at `from` (with `inside`, after the `)` closing a list
    /// that `from` is inside of), and how deep it nests (1 for a list without lists); nil when the text ends
    /// first. One tight loop over the tokens' kinds.
    func itemEnd(from: Int, inside: Bool = false) -> (end: Int, deepest: Int)? {
        let lparen = TokenKind.lparen.rawValue, rparen = TokenKind.rparen.rawValue
        let annotation = TokenKind.annotation.rawValue, eof = TokenKind.eof.rawValue
        return tokens.withUnsafeBufferPointer { tb -> (Int, Int)? in
            var d = inside ? 1 : 0
            var deepest = d
            var i = from
            while i < tb.count {
                let k = tb[i].rawKind
                if k == lparen || k == annotation {
                    d += 1
                    if d > deepest { deepest = d }
                } else if k == rparen {
                    d -= 1
                    if d <= 0 { return (i + 1, deepest) }
                } else if k == eof { return nil }
                i += 1
            }
            return nil
        }
    }
}
