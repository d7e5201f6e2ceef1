import WasmBinary

extension WasmError.Code {
    /// A WIT file could not be read or is not valid text (bad UTF-8, forbidden code points).
    public static let witInvalidText = Self("wit-invalid-text")
    /// A WIT token or construct is malformed (unexpected token, bad identifier, bad version).
    public static let witSyntax = Self("wit-syntax")
    /// A name (type, interface, world, package, import) does not resolve.
    public static let witUnknownName = Self("wit-unknown-name")
    /// A name is defined more than once, or two imports/exports collide.
    public static let witDuplicateName = Self("wit-duplicate-name")
    /// Types, interfaces, worlds or packages depend on themselves.
    public static let witCycle = Self("wit-cycle")
    /// A semantic rule is broken (handles, borrow placement, constructors, include names, …).
    public static let witInvalid = Self("wit-invalid")
    /// A feature gate (`@since`, `@unstable`, `@deprecated`) is malformed or violated.
    public static let witFeatureGate = Self("wit-feature-gate")
    /// An implementation limit (nesting depth, sizes) was exceeded.
    public static let witLimit = Self("wit-limit")
}

/// One problem found in WIT text, tied to a span of the source.
public struct WITDiagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: WasmError.Code
    /// What is wrong (wording follows wasm-tools where it has some).
    public var message: String
    /// Where; ``Span/unknown`` when the problem has no single place (e.g. no `package` header).
    public var span: Span
    /// An optional suggestion (`did you mean `payload`?`).
    public var hint: String?
    /// Other places worth showing (e.g. the first definition of a duplicate).
    public var related: [Related]
    /// For a problem in a binary (a component or module whose WIT is decoded): the byte offset and
    /// the structure path of the decoding error, and its kind.
    public var offset: Int?
    public var path: [PathFrame] = []
    public var kind: WasmError.Kind?

    public struct Related: Hashable, Sendable {
        public var message: String
        public var span: Span

        public init(message: String, span: Span) {
            self.message = message
            self.span = span
        }
    }

    public init(_ code: WasmError.Code, _ message: String, at span: Span, hint: String? = nil,
                related: [Related] = []) {
        self.code = code
        self.message = message
        self.span = span
        self.hint = hint
        self.related = related
    }

    /// A decoding error of a binary, kept whole (offset, structure path, code and kind).
    public init(binary e: WasmError) {
        self.init(e.code, e.message, at: .unknown)
        offset = e.offset
        path = e.path
        kind = e.kind
    }

    /// Whether reading a file failed (exit status 2, as for any I/O error).
    public var isIO: Bool { code == .io || kind == .io }

    public var description: String { message }

    /// The diagnostic as a ``WasmError`` (byte offset into the file, the file's path), for callers
    /// that report every failure the same way.
    public func wasmError(in sources: SourceMap) -> WasmError {
        let kind: WasmError.Kind = self.kind ?? (isIO ? .io : code == .witSyntax || code == .witInvalidText ? .malformed : .invalid)
        var e = WasmError(code, message, offset: span.isKnown ? span.start : offset, kind: kind, path: path)
        e.file = sources.file(span)?.path
        return e
    }
}

/// A failed parse or resolution: the diagnostics plus the sources they point into.
public struct WITFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [WITDiagnostic]
    public var sources: SourceMap

    public init(_ diagnostics: [WITDiagnostic], sources: SourceMap) {
        self.diagnostics = diagnostics
        self.sources = sources
    }

    /// Location of each diagnostic's span (nil when unknown).
    public func location(_ d: WITDiagnostic) -> SourceLocation? { sources.location(d.span) }

    /// All diagnostics rendered with source lines and carets, separated by blank lines.
    public var rendered: String { rendered(unlocatedIn: nil) }

    /// Like ``rendered``; a diagnostic with no source location (one about a binary) starts with
    /// `file: ` when `file` is given.
    public func rendered(unlocatedIn file: String?) -> String {
        diagnostics.map { DiagnosticRenderer.render($0, sources: sources, unlocatedIn: file) }.joined(separator: "\n")
    }

    public var description: String { rendered }

    /// Whether a file could not be read (the CLI's exit status 2 rather than 1).
    public var isIO: Bool { diagnostics.contains { $0.isIO } }

    /// The first diagnostic as a ``WasmError``.
    public var wasmError: WasmError {
        guard let first = diagnostics.first else {
            return WasmError(.witInvalid, "WIT resolution failed", offset: nil, kind: .invalid)
        }
        return first.wasmError(in: sources)
    }
}

/// Renders `file:line:col: error: message`, the source line, a caret line and hints.
public enum DiagnosticRenderer {
    public static func render(_ d: WITDiagnostic, sources: SourceMap, unlocatedIn binary: String? = nil) -> String {
        var out = ""
        guard let loc = sources.location(d.span), let file = sources.file(d.span) else {
            out += (binary.map { "\($0): " } ?? "") + "error: \(d.message)\n"
            if let hint = d.hint { out += "  = hint: \(hint)\n" }
            return out
        }
        out += "\(loc.file):\(loc.line):\(loc.column): error: \(d.message)\n"
        out += snippet(file: file, span: d.span, line: loc.line)
        if let hint = d.hint { out += "     = hint: \(hint)\n" }
        for r in d.related {
            if let rl = sources.location(r.span), let rf = sources.file(r.span) {
                out += "\(rl.file):\(rl.line):\(rl.column): note: \(r.message)\n"
                out += snippet(file: rf, span: r.span, line: rl.line)
            } else {
                out += "note: \(r.message)\n"
            }
        }
        return out
    }

    /// The source line of `span` and a `^~~~` marker under it.
    static func snippet(file: SourceFile, span: Span, line: Int) -> String {
        let lineRange = file.lineRange(line - 1)
        // Very long lines (minified input) are not echoed.
        if lineRange.count > 500 { return "" }
        let start = max(lineRange.lowerBound, min(span.start, lineRange.upperBound))
        let end = max(start, min(span.end, lineRange.upperBound))
        let text = displayable(file, lineRange)
        let number = String(line)
        let pad = String(repeating: " ", count: max(number.count, 4))
        var marker = ""
        // Keep tabs so the caret lines up under tab-indented text.
        var i = lineRange.lowerBound
        while i < start {
            let b = file.bytes[i]
            if b & 0xC0 != 0x80 { marker += b == 0x09 ? "\t" : " " }
            i += 1
        }
        let width = max(1, file.characterCount(start..<end))
        marker += "^" + String(repeating: "~", count: width - 1)
        let gutter = String(repeating: " ", count: max(0, pad.count - number.count)) + number
        return "\(pad) |\n\(gutter) | \(text)\n\(pad) | \(marker)\n"
    }

    /// The line with control characters replaced so a terminal shows it safely.
    static func displayable(_ file: SourceFile, _ range: Range<Int>) -> String {
        var s = ""
        for scalar in file.text(range).unicodeScalars {
            let v = scalar.value
            if v == 0x09 { s.unicodeScalars.append(scalar) } else if v < 0x20 || (v >= 0x7F && v < 0xA0)
                || LexerTables.isForbiddenOrDiscouraged(v)
            {
                s += "\u{FFFD}"
            } else {
                s.unicodeScalars.append(scalar)
            }
        }
        return s
    }
}

/// Edit distance used for "did you mean" hints.
package enum Suggest {
    /// The candidate closest to `name` (at most a third of its length away), if any.
    static func closest<S: Sequence>(to name: String, in candidates: S) -> String? where S.Element == String {
        let a = Array(name.utf8)
        guard !a.isEmpty, a.count <= 64 else { return nil }
        var best: (String, Int)?
        let limit = max(1, a.count / 3)
        for c in candidates where c != name {
            let b = Array(c.utf8)
            if b.count > 64 || abs(b.count - a.count) > limit { continue }
            let d = distance(a, b)
            guard d <= limit else { continue }
            if let (bc, bd) = best, bd < d || (bd == d && bc <= c) { continue }
            best = (c, d)
        }
        return best?.0
    }

    /// Built-in type names, suggested for misspelled type references.
    static let builtinTypes = ["bool", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char",
                               "string", "error-context", "list", "option", "result", "tuple", "future", "stream", "map",
                               "borrow", "own"]

    package static func hint(for name: String, among candidates: [String]) -> String? {
        closest(to: name, in: candidates).map { "did you mean `\($0)`?" }
    }

    private static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...max(1, b.count) where j <= b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
