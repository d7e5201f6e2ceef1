/// One WIT source file: its display path and its bytes (validated UTF-8 once loaded through
/// ``SourceMap/add(path:bytes:)``).
public final class SourceFile: Sendable {
    /// The path as given by the user (used in diagnostics).
    public let path: String
    /// The file's bytes.
    public let bytes: [UInt8]
    /// Byte offset of the first byte of every line (line 1 starts at 0).
    let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { buf in
            for i in 0..<buf.count where buf[i] == 0x0A { starts.append(i + 1) }
        }
        lineStarts = starts
    }

    /// 1-based line of the byte at `offset` (offsets past the end map to the last line).
    func lineIndex(of offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Byte range of line `index` (0-based), without its `\n` or `\r\n`.
    func lineRange(_ index: Int) -> Range<Int> {
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return start..<max(start, end)
    }

    /// Number of characters (Unicode scalars) in `bytes[range]`; invalid bytes count as one each.
    func characterCount(_ range: Range<Int>) -> Int {
        var n = 0
        for i in range where bytes[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// The text of `range` (lossy for invalid UTF-8).
    func text(_ range: Range<Int>) -> String {
        let lo = max(0, min(range.lowerBound, bytes.count))
        let hi = max(lo, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// A byte range in one file of a ``SourceMap``. ``Span/unknown`` marks items without a source
/// (for example types reconstructed from a binary).
public struct Span: Hashable, Sendable, CustomStringConvertible {
    /// Index of the file in its ``SourceMap`` (-1 when unknown).
    public var file: Int32
    /// Byte offsets into that file.
    public var start: Int
    public var end: Int

    public init(file: Int32, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = end
    }

    public static let unknown = Span(file: -1, start: 0, end: 0)
    public var isKnown: Bool { file >= 0 }

    /// The smallest span covering `self` and `other` (same file assumed).
    package func through(_ other: Span) -> Span {
        guard isKnown, other.isKnown, other.file == file else { return self }
        return Span(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { isKnown ? "\(file):\(start)..<\(end)" : "<unknown>" }
}

/// A human position: file path, 1-based line and column (columns count characters), and the
/// byte span it came from.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var span: Span

    public var description: String { "\(file):\(line):\(column)" }
}

/// All the WIT files read for one resolution. Spans index into it.
public struct SourceMap: Sendable {
    public private(set) var files: [SourceFile] = []

    public init() {}

    /// Adds a file and returns its index.
    @discardableResult
    public mutating func add(path: String, bytes: [UInt8]) -> Int32 {
        files.append(SourceFile(path: path, bytes: bytes))
        return Int32(files.count - 1)
    }

    public func file(_ span: Span) -> SourceFile? {
        guard span.isKnown, Int(span.file) < files.count else { return nil }
        return files[Int(span.file)]
    }

    /// The location of the start of `span`, or nil for unknown spans.
    public func location(_ span: Span) -> SourceLocation? {
        guard let f = file(span) else { return nil }
        let offset = max(0, min(span.start, f.bytes.count))
        let line = f.lineIndex(of: offset)
        let column = f.characterCount(f.lineStarts[line]..<offset) + 1
        return SourceLocation(file: f.path, line: line + 1, column: column, span: span)
    }

    /// The source text covered by `span`.
    public func text(_ span: Span) -> String {
        guard let f = file(span) else { return "" }
        return f.text(span.start..<span.end)
    }
}
