/// A parser's walk over a ``TokenStream``: the token operations the WIT parser and the WAC parser
/// share. A conforming parser supplies the stream, its position and how it words an unexpected token
/// (``expected(_:found:)``); `next`, `eat` and `expect` stop at end of input and turn a lexical error
/// token into the lexer's diagnostic.
package protocol TokenCursor {
    var bytes: [UInt8] { get }
    var file: Int32 { get }
    var stream: TokenStream { get }
    var index: Int { get set }
    func expected(_ what: String, found t: Token) -> WITDiagnostic
}

extension TokenCursor {
    /// The next token (end of input once the stream is used up).
    package var peek: Token { stream.tokens[min(index, stream.tokens.count - 1)] }

    package func span(_ t: Token) -> Span { Span(file: file, start: t.start, end: t.end) }
    package func text(_ t: Token) -> String { String(decoding: bytes[t.start..<t.end], as: UTF8.self) }

    /// The lexical error behind an `.error` token.
    package func lexError(_ t: Token) -> WITDiagnostic {
        stream.error ?? WITDiagnostic(.witSyntax, "invalid token", at: span(t))
    }

    package mutating func next() throws(WITDiagnostic) -> Token {
        let t = peek
        if t.kind == .error { throw lexError(t) }
        if t.kind != .eof { index += 1 }
        return t
    }

    package mutating func eat(_ kind: TokenKind) throws(WITDiagnostic) -> Bool {
        let t = peek
        if t.kind == .error { throw lexError(t) }
        if t.kind == kind {
            index += 1
            return true
        }
        return false
    }

    @discardableResult
    package mutating func expect(_ kind: TokenKind) throws(WITDiagnostic) -> Token {
        let t = peek
        guard t.kind == kind else { throw expected(kind.describe, found: t) }
        return try next()
    }
}
