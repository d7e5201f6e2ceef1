import WasmBinary

// The lexer of the text format (core spec, text/lexical): parentheses, keywords and reserved words (`idchar`
// runs), `$id`s, strings (kept as bytes), comments (`;;` line, `(; ;)` nested) and annotations `(@...)`, which
// are skipped as balanced S-expressions.

public struct TextError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// Byte offset into the source.
    public var offset: Int
    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }
    public var description: String { message }

    /// `file:line:col: error: message`, then the source line and a caret under the place, laid out as the WIT
    /// front end lays out its diagnostics (a gutter with the line number; very long lines are not echoed).
    public func render(source: [UInt8], file: String) -> String {
        var line = 1
        var lineStart = 0
        var i = 0
        let end = min(max(0, offset), source.count)
        while i < end {
            if source[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        var lineEnd = lineStart
        while lineEnd < source.count, source[lineEnd] != 0x0A, source[lineEnd] != 0x0D { lineEnd += 1 }
        var col = 1
        var marker = ""
        for b in source[lineStart..<end] where b & 0xC0 != 0x80 {
            col += 1
            marker += b == 0x09 ? "\t" : " "
        }
        var out = "\(file):\(line):\(col): error: \(message)\n"
        guard lineEnd - lineStart <= 500 else { return out }
        // Control characters other than tab are shown as `?` so the terminal sees none.
        let text = String(decoding: source[lineStart..<lineEnd].map { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F ? 0x3F : $0 },
                          as: UTF8.self)
        let number = String(line)
        let pad = String(repeating: " ", count: max(number.count, 4))
        let gutter = String(repeating: " ", count: max(0, pad.count - number.count)) + number
        out += "\(pad) |\n\(gutter) | \(text)\n\(pad) | \(marker)^\n"
        return out
    }
}

public enum TokenKind: UInt8, Hashable, Sendable {
    case lparen, rparen, keyword, id, string, eof
    /// `(@name` of an annotation the parser reads (the rest are skipped); its `)` is an `rparen`.
    case annotation
}

public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    // 32-bit offsets keep a token at 12 bytes (the lexer refuses sources of 4 GiB or more).
    private var s: UInt32
    private var e: UInt32
    /// Byte range in the source (for strings: including the quotes).
    public var start: Int { Int(s) }
    public var end: Int { Int(e) }
    public init(kind: TokenKind, start: Int, end: Int) {
        self.kind = kind
        s = UInt32(truncatingIfNeeded: start)
        e = UInt32(truncatingIfNeeded: end)
    }
}

public struct Lexer: Sendable {
    public let src: [UInt8]
    public init(_ src: [UInt8]) { self.src = src }

    /// The annotations that become tokens.
    static let kept: [[UInt8]] = [Array("custom".utf8), Array("name".utf8), Array("metadata.code.branch_hint".utf8),
                                  Array("producers".utf8), Array("dylink.0".utf8)]

    /// `idchar` by byte (a table: this is the lexer's innermost test).
    static let idChars: [Bool] = (0..<256).map { b in
        let c = UInt8(b)
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return "!#$%&'*+-./:<=>?@\\^_`|~".utf8.contains(c)
        }
    }

    @inline(__always)
    static func isIdChar(_ c: UInt8) -> Bool { idChars[Int(c)] }

    /// All tokens, ending with `.eof`. A large text is lexed in two halves at once (ParallelLexing.swift).
    public func tokenize() throws(TextError) -> [Token] {
        guard src.count < Int(UInt32.max) else { throw TextError("the text is too large (4 GiB or more)", at: 0) }
        if src.count >= Lexer.parallelBytes, let tokens = try tokenizeInHalves() { return tokens }
        var out: [Token] = []
        out.reserveCapacity(src.count / 5)
        let end = try tokens(from: 0, stopAt: nil, into: &out)
        precondition(end == nil)
        return out
    }

    /// The tokens from byte `from` (between tokens, outside any annotation) into `out`. With `stopAt`, stops
    /// there when it is reached between tokens outside a skipped annotation, and returns it; otherwise lexes to
    /// the end (appending `.eof`) and returns nil.
    func tokens(from: Int, stopAt: Int?, into out: inout [Token]) throws(TextError) -> Int? {
        var i = from
        let n = src.count
        let stop = stopAt ?? -1
        var annotationDepth = 0
        while i < n {
            if i == stop, annotationDepth == 0 { return stop }
            let c = src[i]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D:
                i += 1
            case UInt8(ascii: ";"):
                guard i + 1 < n, src[i + 1] == UInt8(ascii: ";") else {
                    if annotationDepth > 0 { i += 1; continue }  // any token inside a skipped annotation
                    throw TextError("unexpected character ';'", at: i)
                }
                while i < n, src[i] != 0x0A, src[i] != 0x0D { i += 1 }
            case UInt8(ascii: "("):
                if i + 1 < n, src[i + 1] == UInt8(ascii: ";") {
                    var depth = 1
                    let start = i
                    i += 2
                    while depth > 0 {
                        guard i + 1 < n else { throw TextError("unterminated block comment", at: start) }
                        if src[i] == UInt8(ascii: "("), src[i + 1] == UInt8(ascii: ";") { depth += 1; i += 2 }
                        else if src[i] == UInt8(ascii: ";"), src[i + 1] == UInt8(ascii: ")") { depth -= 1; i += 2 }
                        else { i += 1 }
                    }
                } else if annotationDepth == 0, i + 1 < n, src[i + 1] == UInt8(ascii: "@") {
                    let start = i
                    i += 2
                    if i < n, src[i] == UInt8(ascii: "\"") {
                        // `(@"name"`: a non-empty string of valid UTF-8
                        let end = try stringEnd(from: i)
                        let b = try stringBytes(Token(kind: .string, start: i, end: end))
                        guard !b.isEmpty, String(validating: b, as: UTF8.self) != nil else {
                            throw TextError("malformed annotation id", at: start)
                        }
                        i = end
                        annotationDepth = 1
                        continue
                    }
                    while i < n, Lexer.isIdChar(src[i]) { i += 1 }
                    guard i > start + 2 else { throw TextError("empty annotation id", at: start) }
                    if Lexer.kept.contains(where: { $0.elementsEqual(src[start + 2..<i]) }) {
                        // Read by the parser: `(@custom`, `(@name`, `(@metadata.code.branch_hint` as one token.
                        out.append(Token(kind: .annotation, start: start, end: i))
                    } else {
                        annotationDepth = 1
                    }
                } else {
                    if annotationDepth > 0 { annotationDepth += 1 } else { out.append(Token(kind: .lparen, start: i, end: i + 1)) }
                    i += 1
                }
            case UInt8(ascii: ")"):
                if annotationDepth > 0 { annotationDepth -= 1 } else { out.append(Token(kind: .rparen, start: i, end: i + 1)) }
                i += 1
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                while true {
                    guard i < n else { throw TextError("unterminated string", at: start) }
                    let d = src[i]
                    if d == UInt8(ascii: "\"") { i += 1; break }
                    if d == UInt8(ascii: "\\") { i += 2; continue }
                    if d < 0x20 && d != 0x09 || d == 0x7F { throw TextError("control character in string", at: i) }
                    i += 1
                }
                if i > n { throw TextError("unterminated string", at: start) }
                if annotationDepth == 0 { try separated(i) }
                if annotationDepth == 0 { out.append(Token(kind: .string, start: start, end: i)) }
            default:
                guard Lexer.isIdChar(c) else {
                    // Reserved characters (`,` `[` `]` `{` `}`) and any UTF-8 are tokens inside a skipped annotation.
                    if annotationDepth > 0, c > 0x20, c < 0x7F { i += 1; continue }
                    throw TextError("unexpected character", at: i)
                }
                let start = i
                while i < n, Lexer.isIdChar(src[i]) { i += 1 }
                if i < n, src[i] == UInt8(ascii: "\""), c == UInt8(ascii: "$"), i == start + 1 {
                    // `$"..."` identifiers: a non-empty string of valid UTF-8
                    let end = try stringEnd(from: i)
                    if annotationDepth == 0 {
                        let b = try stringBytes(Token(kind: .string, start: i, end: end))
                        guard !b.isEmpty, String(validating: b, as: UTF8.self) != nil, !src[i..<end].contains(0x09) else {
                            // (a literal tab is no identifier character; an escaped one is)
                            throw TextError("malformed identifier", at: start)
                        }
                    }
                    i = end
                } else if c == UInt8(ascii: "$"), i == start + 1, annotationDepth == 0 {
                    throw TextError("empty identifier", at: start)
                }
                if annotationDepth == 0 { try separated(i) }
                if annotationDepth == 0 {
                    out.append(Token(kind: c == UInt8(ascii: "$") ? .id : .keyword, start: start, end: i))
                }
            }
        }
        if annotationDepth > 0 { throw TextError("unterminated annotation", at: n) }
        out.append(Token(kind: .eof, start: n, end: n))
        return nil
    }

    /// A token must be followed by white space, a parenthesis, a comment or the end (`$l"a"`, `"a""b"` and
    /// `(data"a")` are malformed).
    func separated(_ i: Int) throws(TextError) {
        guard i < src.count else { return }
        let d = src[i]
        if d == UInt8(ascii: "\"") || Lexer.isIdChar(d) { throw TextError("missing white space between tokens", at: i) }
    }

    /// The end (past the closing quote) of the string starting at `i` (a `"`).
    func stringEnd(from start: Int) throws(TextError) -> Int {
        var i = start + 1
        while true {
            guard i < src.count else { throw TextError("unterminated string", at: start) }
            let d = src[i]
            if d == UInt8(ascii: "\"") { return i + 1 }
            if d == UInt8(ascii: "\\") { i += 2; continue }
            if d < 0x20 && d != 0x09 || d == 0x7F { throw TextError("control character in string", at: i) }
            i += 1
        }
    }

    /// The bytes a string token denotes.
    public func stringBytes(_ t: Token) throws(TextError) -> [UInt8] {
        var out: [UInt8] = []
        var i = t.start + 1
        let end = t.end - 1
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while i < end {
            let c = src[i]
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            guard i + 1 < end else { throw TextError("invalid escape", at: i) }
            let e = src[i + 1]
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): out.append(e); i += 2
            case UInt8(ascii: "u"):
                guard i + 2 < end, src[i + 2] == UInt8(ascii: "{") else { throw TextError("invalid unicode escape", at: i) }
                var j = i + 3
                var v: UInt32 = 0
                while j < end, src[j] != UInt8(ascii: "}") {
                    if src[j] == UInt8(ascii: "_") { j += 1; continue }
                    guard let h = hex(src[j]), v < 0x110000 else { throw TextError("invalid unicode escape", at: i) }
                    v = v * 16 + UInt32(h)
                    j += 1
                }
                guard j < end, let scalar = Unicode.Scalar(v) else { throw TextError("invalid unicode escape", at: i) }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                i = j + 1
            default:
                guard i + 2 < end, let h1 = hex(e), let h2 = hex(src[i + 2]) else { throw TextError("invalid string escape", at: i) }
                out.append(h1 << 4 | h2)
                i += 3
            }
        }
        return out
    }
}
