#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Immutable bytes with a stable address for their whole lifetime: a memory-mapped file, or a
/// private copy of an array. Every reader and every ``ByteSlice`` into the input holds a reference,
/// so borrowed views never outlive the memory they point into.
///
/// Files are mapped, not read: inspecting an 18 MB component touches only the pages it looks at.
public final class ByteStorage: @unchecked Sendable {
    /// The bytes. Valid (and unchanging) for the lifetime of `self`.
    public let buffer: UnsafeRawBufferPointer
    /// Start address (never null, also for empty storage).
    public let base: UnsafeRawPointer
    private let release: Release

    private enum Release {
        case none
        case free
        case unmap(Int)
    }

    /// A private copy of `bytes`.
    public init<C: Collection>(copying bytes: C) where C.Element == UInt8 {
        let count = bytes.count
        let p = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 16)
        // Contiguous sources (arrays, slices of them) are copied with memcpy; the generic path copies
        // element by element.
        let copied = bytes.withContiguousStorageIfAvailable { b -> Bool in
            if let source = b.baseAddress, b.count == count { p.copyMemory(from: source, byteCount: count) }
            return b.count == count
        }
        if copied != true {
            _ = UnsafeMutableRawBufferPointer(start: p, count: count).initializeMemory(as: UInt8.self, from: bytes)
        }
        base = UnsafeRawPointer(p)
        buffer = UnsafeRawBufferPointer(start: base, count: count)
        release = .free
    }

    private init(mapped base: UnsafeRawPointer, count: Int) {
        self.base = base
        buffer = UnsafeRawBufferPointer(start: base, count: count)
        release = .unmap(count)
    }

    deinit {
        switch release {
        case .none: break
        case .free: UnsafeMutableRawPointer(mutating: base).deallocate()
        case .unmap(let n): _ = munmap(UnsafeMutableRawPointer(mutating: base), n)
        }
    }

    public var count: Int { buffer.count }

    /// The whole storage as a slice.
    public var all: ByteSlice { ByteSlice(storage: self, range: 0..<buffer.count) }

    /// Maps `path` read-only (falls back to reading when mapping is not possible, e.g. a pipe).
    /// `-` reads standard input.
    public static func load(path: String) throws(WasmError) -> ByteStorage {
        if path == "-" { return try readAll(fd: 0, name: "<stdin>") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw ioError(path, "cannot open") }
        defer { _ = close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw ioError(path, "cannot stat") }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw WasmError(.io, "\(path) is a directory", offset: nil, kind: .io)
        }
        if (st.st_mode & S_IFMT) == S_IFREG {
            let size = Int(st.st_size)
            if size == 0 { return ByteStorage(copying: [UInt8]()) }
            if let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED {
                return ByteStorage(mapped: UnsafeRawPointer(p), count: size)
            }
        }
        return try readAll(fd: fd, name: path)
    }

    private static func readAll(fd: Int32, name: String) throws(WasmError) -> ByteStorage {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError(name, "cannot read")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return ByteStorage(copying: bytes)
    }

    private static func ioError(_ path: String, _ what: String) -> WasmError {
        let reason = String(cString: strerror(errno))
        return WasmError(.io, "\(what) \(path): \(reason)", offset: nil, kind: .io)
    }
}

/// A borrowed, reference-counted view of part of a ``ByteStorage``: no copy is made.
/// Equality and hashing compare contents.
public struct ByteSlice: Hashable, Sendable, CustomStringConvertible {
    public let storage: ByteStorage
    /// Absolute offsets into `storage` (for a mapped file: offsets into the file).
    public let range: Range<Int>

    public init(storage: ByteStorage, range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= storage.count, "slice out of storage bounds")
        self.storage = storage
        self.range = range
    }

    /// A slice owning a private copy of `bytes` (for data built in memory).
    public init<C: Collection>(copying bytes: C) where C.Element == UInt8 {
        let s = ByteStorage(copying: bytes)
        self.init(storage: s, range: 0..<s.count)
    }

    public var count: Int { range.count }
    public var isEmpty: Bool { range.isEmpty }
    /// Absolute offset of the first byte.
    public var offset: Int { range.lowerBound }

    /// The bytes as a buffer; valid while `self` (or its storage) is alive.
    public var buffer: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage.base + range.lowerBound, count: range.count)
    }

    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(storage) { () throws(E) -> R in try body(buffer) }
    }

    /// A sub-slice by offsets relative to the start of `self`.
    public func slice(_ relative: Range<Int>) -> ByteSlice {
        ByteSlice(storage: storage, range: (range.lowerBound + relative.lowerBound)..<(range.lowerBound + relative.upperBound))
    }

    /// A copy as an array.
    public var array: [UInt8] { withUnsafeBytes { Array($0) } }

    /// A reader over exactly these bytes (offsets stay absolute).
    public var reader: ByteReader { ByteReader(storage: storage, range: range) }

    public static func == (a: ByteSlice, b: ByteSlice) -> Bool {
        if a.count != b.count { return false }
        if a.storage === b.storage && a.range == b.range { return true }
        return withExtendedLifetime((a.storage, b.storage)) {
            memcmp(a.storage.base + a.range.lowerBound, b.storage.base + b.range.lowerBound, a.count) == 0
        }
    }

    public func hash(into h: inout Hasher) {
        withUnsafeBytes { h.combine(bytes: $0) }
    }

    public var description: String { "ByteSlice(\(count) bytes at 0x\(String(range.lowerBound, radix: 16)))" }
}
