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
        source.withUnsafeBufferPointer { render(bytes: $0, file: file) }
    }
    public func render(source: SourceText, file: String) -> String {
        source.withUnsafeBufferPointer { render(bytes: $0, file: file) }
    }
    func render(bytes source: UnsafeBufferPointer<UInt8>, file: String) -> String {
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
    // 8 bytes: the start offset (the lexer refuses sources of 4 GiB or more), and the kind (3 bits) with the
    // length (29 bits). A token of `Token.longLength` bytes or more (512 MiB) has the length `Token.long`, and
    // `Lexer.end(of:)` finds its end in the text again.
    private var s: UInt32
    private var kl: UInt32
    static let long: UInt32 = (1 << 29) - 1
    /// The length from which a token's end is found again (tests lower it to check that path).
    nonisolated(unsafe) static var longLength = Int(long)

    public var kind: TokenKind { TokenKind(rawValue: UInt8(truncatingIfNeeded: kl & 7)) ?? .eof }
    /// `kind.rawValue`, for loops over many tokens.
    @inline(__always)
    var rawKind: UInt8 { UInt8(truncatingIfNeeded: kl & 7) }
    /// Byte offset in the source of the token's first byte.
    public var start: Int { Int(s) }
    /// The length, nil for a long token (`Lexer.end(of:)` gives its end).
    @inline(__always)
    var shortLength: Int? { kl >> 3 == Token.long ? nil : Int(kl >> 3) }

    public init(kind: TokenKind, start: Int, end: Int) {
        self.init(kind: kind, start: start, end: end, long: Token.longLength)
    }
    /// With `Token.longLength` read once by the caller (the lexer's loop).
    @inline(__always)
    init(kind: TokenKind, start: Int, end: Int, long: Int) {
        s = UInt32(truncatingIfNeeded: start)
        let n = end - start
        let length = n >= long ? Token.long : UInt32(truncatingIfNeeded: n)
        kl = UInt32(kind.rawValue) | length << 3
    }
}

public struct Lexer: Sendable {
    public let src: SourceText
    public init(_ src: SourceText) { self.src = src }
    public init(_ src: [UInt8]) { self.src = SourceText(src) }

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
        try src.withUnsafeBufferPointer { (s) throws(TextError) -> Int? in
            try Lexer.idChars.withUnsafeBufferPointer { (ids) throws(TextError) -> Int? in
                try lex(s, ids, from: from, stopAt: stopAt, into: &out)
            }
        }
    }

    /// The lexer's loop, on the text's bytes `s` and the `idchar` table `ids`: every read of `s` is at an
    /// index checked against `n` first.
    private func lex(_ s: UnsafeBufferPointer<UInt8>, _ ids: UnsafeBufferPointer<Bool>, from: Int, stopAt: Int?,
                     into out: inout [Token]) throws(TextError) -> Int? {
        var i = from
        let n = s.count
        precondition(from >= 0 && n == src.count)
        let long = Token.longLength
        /// A token must be followed by white space, a parenthesis, a comment or the end (`$l"a"`, `"a""b"` and
        /// `(data"a")` are malformed).
        @inline(__always)
        func separated(_ i: Int) throws(TextError) {
            guard i < n else { return }
            let d = s[i]
            if d == UInt8(ascii: "\"") || ids[Int(d)] { throw TextError("missing white space between tokens", at: i) }
        }
        let stop = stopAt ?? -1
        var annotationDepth = 0
        while i < n {
            if i == stop, annotationDepth == 0 { return stop }
            let c = s[i]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D:
                i += 1
                // Indentation (half of a printed text): eight spaces at a time, never past `stop`.
                if let base = s.baseAddress {
                    let raw = UnsafeRawPointer(base)
                    while i + 8 <= n, UInt(bitPattern: stop &- i) >= 8,
                          raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) == 0x2020_2020_2020_2020 {
                        i += 8
                    }
                }
                while i < n, s[i] == 0x20, i != stop { i += 1 }
            case UInt8(ascii: ";"):
                guard i + 1 < n, s[i + 1] == UInt8(ascii: ";") else {
                    if annotationDepth > 0 { i += 1; continue }  // any token inside a skipped annotation
                    throw TextError("unexpected character ';'", at: i)
                }
                while i < n, s[i] != 0x0A, s[i] != 0x0D { i += 1 }
            case UInt8(ascii: "("):
                if i + 1 < n, s[i + 1] == UInt8(ascii: ";") {
                    var depth = 1
                    let start = i
                    i += 2
                    while depth > 0 {
                        guard i + 1 < n else { throw TextError("unterminated block comment", at: start) }
                        if s[i] == UInt8(ascii: "("), s[i + 1] == UInt8(ascii: ";") { depth += 1; i += 2 }
                        else if s[i] == UInt8(ascii: ";"), s[i + 1] == UInt8(ascii: ")") { depth -= 1; i += 2 }
                        else { i += 1 }
                    }
                } else if annotationDepth == 0, i + 1 < n, s[i + 1] == UInt8(ascii: "@") {
                    let start = i
                    i += 2
                    if i < n, s[i] == UInt8(ascii: "\"") {
                        // `(@"name"`: a non-empty string of valid UTF-8
                        let end = try stringEnd(from: i)
                        let b = try stringBytes(from: i, to: end)
                        guard !b.isEmpty, String(validating: b, as: UTF8.self) != nil else {
                            throw TextError("malformed annotation id", at: start)
                        }
                        i = end
                        annotationDepth = 1
                        continue
                    }
                    while i < n, ids[Int(s[i])] { i += 1 }
                    guard i > start + 2 else { throw TextError("empty annotation id", at: start) }
                    if Lexer.kept.contains(where: { $0.elementsEqual(s[start + 2..<i]) }) {
                        // Read by the parser: `(@custom`, `(@name`, `(@metadata.code.branch_hint` as one token.
                        out.append(Token(kind: .annotation, start: start, end: i, long: long))
                    } else {
                        annotationDepth = 1
                    }
                } else {
                    if annotationDepth > 0 { annotationDepth += 1 } else { out.append(Token(kind: .lparen, start: i, end: i + 1, long: long)) }
                    i += 1
                }
            case UInt8(ascii: ")"):
                if annotationDepth > 0 { annotationDepth -= 1 } else { out.append(Token(kind: .rparen, start: i, end: i + 1, long: long)) }
                i += 1
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                while true {
                    guard i < n else { throw TextError("unterminated string", at: start) }
                    let d = s[i]
                    if d == UInt8(ascii: "\"") { i += 1; break }
                    if d == UInt8(ascii: "\\") { i += 2; continue }
                    if d < 0x20 && d != 0x09 || d == 0x7F { throw TextError("control character in string", at: i) }
                    i += 1
                }
                if i > n { throw TextError("unterminated string", at: start) }
                if annotationDepth == 0 { try separated(i) }
                if annotationDepth == 0 { out.append(Token(kind: .string, start: start, end: i, long: long)) }
            default:
                guard ids[Int(c)] else {
                    // Reserved characters (`,` `[` `]` `{` `}`) and any UTF-8 are tokens inside a skipped annotation.
                    if annotationDepth > 0, c > 0x20, c < 0x7F { i += 1; continue }
                    throw TextError("unexpected character", at: i)
                }
                let start = i
                while i < n, ids[Int(s[i])] { i += 1 }
                if i < n, s[i] == UInt8(ascii: "\""), c == UInt8(ascii: "$"), i == start + 1 {
                    // `$"..."` identifiers: a non-empty string of valid UTF-8
                    let end = try stringEnd(from: i)
                    if annotationDepth == 0 {
                        let b = try stringBytes(from: i, to: end)
                        guard !b.isEmpty, String(validating: b, as: UTF8.self) != nil, !s[i..<end].contains(0x09) else {
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
                    out.append(Token(kind: c == UInt8(ascii: "$") ? .id : .keyword, start: start, end: i, long: long))
                }
            }
        }
        if annotationDepth > 0 { throw TextError("unterminated annotation", at: n) }
        out.append(Token(kind: .eof, start: n, end: n, long: long))
        return nil
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
        try stringBytes(from: t.start, to: end(of: t))
    }

    /// Byte range `start..<end` of token `t` in the source (for strings: including the quotes).
    @inline(__always)
    public func end(of t: Token) -> Int {
        if let n = t.shortLength { return t.start + n }
        return longEnd(t)
    }

    /// The end of a long token, found again: a string ends at its closing quote, a keyword or `$id` with its
    /// identifier characters (`$"..."` at its closing quote). The lexer has checked the token already.
    func longEnd(_ t: Token) -> Int {
        var i = t.start
        let n = src.count
        switch t.kind {
        case .string:
            return (try? stringEnd(from: i)) ?? n
        case .keyword, .id, .annotation:
            if t.kind == .annotation { i += 2 }
            while i < n, Lexer.isIdChar(src[i]) { i += 1 }
            if t.kind == .id, i == t.start + 1, i < n, src[i] == UInt8(ascii: "\"") {
                return (try? stringEnd(from: i)) ?? n
            }
            return i
        case .lparen, .rparen: return min(i + 1, n)
        case .eof: return n
        }
    }

    /// The bytes the string at `start..<end` (with its quotes) denotes.
    func stringBytes(from start: Int, to stop: Int) throws(TextError) -> [UInt8] {
        guard start + 1 < stop, stop <= src.count else { return [] }
        // The bytes never outnumber the text; written through a pointer, the plain runs copied whole.
        var failure: TextError?
        let out = src.withUnsafeBufferPointer { s in
            [UInt8](unsafeUninitializedCapacity: stop - start - 1) { o, written in
                var i = start + 1
                let end = stop - 1
                var k = 0
                while i < end {
                    let c = s[i]
                    if c != UInt8(ascii: "\\") { o[k] = c; k += 1; i += 1; continue }
                    guard i + 1 < end else { failure = TextError("invalid escape", at: i); break }
                    let e = s[i + 1]
                    let h1 = Lexer.hexValue[Int(e)]
                    if h1 < 16 {
                        guard i + 2 < end, case let h2 = Lexer.hexValue[Int(s[i + 2])], h2 < 16 else {
                            failure = TextError("invalid string escape", at: i); break
                        }
                        o[k] = h1 << 4 | h2
                        k += 1
                        i += 3
                        continue
                    }
                    switch e {
                    case UInt8(ascii: "n"): o[k] = 0x0A; k += 1; i += 2
                    case UInt8(ascii: "t"): o[k] = 0x09; k += 1; i += 2
                    case UInt8(ascii: "r"): o[k] = 0x0D; k += 1; i += 2
                    case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): o[k] = e; k += 1; i += 2
                    case UInt8(ascii: "u"):
                        guard i + 2 < end, s[i + 2] == UInt8(ascii: "{") else {
                            failure = TextError("invalid unicode escape", at: i); break
                        }
                        var j = i + 3
                        var v: UInt32 = 0
                        var bad = false
                        while j < end, s[j] != UInt8(ascii: "}") {
                            if s[j] == UInt8(ascii: "_") { j += 1; continue }
                            let h = Lexer.hexValue[Int(s[j])]
                            guard h < 16, v < 0x110000 else { bad = true; break }
                            v = v * 16 + UInt32(h)
                            j += 1
                        }
                        guard !bad, j < end, let scalar = Unicode.Scalar(v) else {
                            failure = TextError("invalid unicode escape", at: i); break
                        }
                        // `\u{...}` takes at least 5 bytes of text and gives at most 4.
                        for b in String(Character(scalar)).utf8 { o[k] = b; k += 1 }
                        i = j + 1
                    default:
                        failure = TextError("invalid string escape", at: i)
                    }
                    if failure != nil { break }
                }
                written = k
            }
        }
        if let failure { throw failure }
        return out
    }

    /// The value of a hex digit by byte; 0xFF for any other byte.
    static let hexValue: [UInt8] = (0..<256).map { b in
        switch UInt8(b) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(b) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(b) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt8(b) - UInt8(ascii: "A") + 10
        default: 0xFF
        }
    }
}
