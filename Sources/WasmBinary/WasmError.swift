/// The one error type of the binary layer and everything built on it.
///
/// Every error says *what* (a stable, public ``Code`` plus a human message), *where in the bytes*
/// (an absolute byte offset into the input file) and *where in the structure* (``path``, outermost
/// first, e.g. `["component", "core module 3", "code section", "func 12"]`).
///
/// Decoders throw it with typed throws (`throws(WasmError)`), so no existential boxing happens on
/// the hot path; structure frames are added only while an error propagates (see ``withFrame(_:_:)``).
public struct WasmError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stable identifier for a class of error, inspectable by programs and tests
    /// (and printed in `--json` output). Libraries add their own codes in extensions.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    /// Broad classes: what kind of failure this is. The CLI maps them to exit codes
    /// (malformed/invalid → 1, io/usage → 2).
    public enum Kind: String, Sendable {
        /// The bytes do not decode (the spec's "malformed").
        case malformed
        /// The bytes decode but break a validation rule (the spec's "invalid").
        case invalid
        /// Reading or writing a file failed.
        case io
        /// The request itself is wrong (bad flag, bad argument).
        case usage
    }

    public var code: Code
    public var kind: Kind
    public var message: String
    /// Absolute byte offset into the input, when the error is tied to a position.
    public var offset: Int?
    /// Where in the structure, outermost first.
    public var path: [PathFrame]
    /// The input file, when known (filled in by the caller that opened it).
    public var file: String?

    public init(
        _ code: Code, _ message: String, offset: Int?, kind: Kind = .malformed, path: [PathFrame] = [],
        file: String? = nil
    ) {
        self.code = code
        self.kind = kind
        self.message = message
        self.offset = offset
        self.path = path
        self.file = file
    }

    /// `file: error at 0x1a3f: message [code]` followed by `  in: a › b › c` when a path is known.
    public var description: String {
        var s = ""
        if let file { s += "\(file): " }
        s += "error"
        if let offset { s += " at 0x\(String(offset, radix: 16))" }
        s += ": \(message) [\(code.rawValue)]"
        if !path.isEmpty { s += "\n  in: " + path.rendered }
        return s
    }

    /// The structure path rendered as `a › b › c`.
    public var pathDescription: String { path.rendered }
}

extension WasmError.Code {
    // Reading bytes
    public static let unexpectedEnd = Self("unexpected-end")
    public static let integerTooLarge = Self("integer-too-large")
    public static let integerRepresentationTooLong = Self("integer-representation-too-long")
    public static let malformedUTF8 = Self("malformed-utf8")
    public static let lengthOutOfBounds = Self("length-out-of-bounds")
    public static let nestingTooDeep = Self("nesting-too-deep")
    // Preamble and sections
    public static let badMagic = Self("bad-magic")
    public static let unknownVersion = Self("unknown-version")
    public static let unknownSection = Self("unknown-section")
    public static let sectionOutOfOrder = Self("section-out-of-order")
    public static let sectionSizeMismatch = Self("section-size-mismatch")
    public static let duplicateSection = Self("duplicate-section")
    /// A byte where a specific set of leading bytes (opcodes, kinds, flags) was expected.
    public static let invalidLeadingByte = Self("invalid-leading-byte")
    /// A structural inconsistency found while decoding (e.g. function/code counts differ).
    public static let inconsistent = Self("inconsistent")
    /// An implementation limit was exceeded.
    public static let limitExceeded = Self("limit-exceeded")
    // I/O and usage
    public static let io = Self("io")
    /// An input is larger than the most a command reads (an I/O error: exit status 2).
    public static let inputTooLarge = Self("input-too-large")
    public static let usage = Self("usage")
}

extension WasmError {
    @inlinable
    public static func unexpectedEnd(at offset: Int, _ what: String = "unexpected end") -> WasmError {
        WasmError(.unexpectedEnd, what, offset: offset)
    }
}

/// Runs `body`; if it throws, the error gets `frame` prepended to its structure path.
///
/// Frames cost nothing on success: the autoclosure is only evaluated on the error path.
@inlinable
public func withFrame<T>(
    _ frame: @autoclosure () -> PathFrame, _ body: () throws(WasmError) -> T
) throws(WasmError) -> T {
    do {
        return try body()
    } catch {
        var e = error
        e.path.insert(frame(), at: 0)
        throw e
    }
}
