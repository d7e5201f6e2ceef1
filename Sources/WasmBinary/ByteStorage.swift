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
        case cFree
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

    /// Whether the bytes are a read-only private mapping of a file (so pages of it can be given back
    /// to the kernel and read again from the file: ``OutputFile`` does so after writing them).
    public var isFileMapped: Bool { if case .unmap = release { true } else { false } }

    /// Hints that `range` will not be read soon: the whole pages inside it leave the resident set (a
    /// file mapping reads them again if they are touched). No effect on bytes that are not mapped.
    public func dropPages(_ range: Range<Int>) {
        guard case .unmap = release, range.lowerBound >= 0, range.upperBound <= buffer.count else { return }
        Self.dropPages(UnsafeRawBufferPointer(rebasing: buffer[range]))
    }

    /// Gives back the whole pages inside `bytes`, which must lie in a read-only private file mapping
    /// (nothing of it was ever written, so a later read gets the same bytes from the file).
    public static func dropPages(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let page = UInt(max(sysconf(Int32(_SC_PAGESIZE)), 4096))
        let start = (UInt(bitPattern: base) + page - 1) / page * page
        let (sum, overflow) = UInt(bitPattern: base).addingReportingOverflow(UInt(bytes.count))
        if overflow { return }
        let end = sum / page * page
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, Int(end - start), MADV_DONTNEED)
    }

    deinit {
        switch release {
        case .none: break
        case .free: UnsafeMutableRawPointer(mutating: base).deallocate()
        case .cFree: Glibc.free(UnsafeMutableRawPointer(mutating: base))
        case .unmap(let n): _ = munmap(UnsafeMutableRawPointer(mutating: base), n)
        }
    }

    public var count: Int { buffer.count }

    /// The whole storage as a slice.
    public var all: ByteSlice { ByteSlice(storage: self, range: 0..<buffer.count) }

    /// The most `load` reads from a pipe, a device or standard input by default (4 GiB: no module
    /// or component section can be larger).
    public static let streamLimit = 4 << 30

    /// What the caller will do with the bytes, so that reading a stream can stop as soon as the
    /// answer cannot change (`/dev/zero` and `/dev/urandom` are not WebAssembly after 4 bytes).
    public enum Expectation: Sendable {
        /// Any bytes: read everything (up to the limit).
        case any
        /// A WebAssembly binary: stop when the first four bytes are not `\0asm`.
        case wasm
        /// A WebAssembly binary or text: stop when the first four bytes are not `\0asm` and a NUL
        /// byte has been read (it is not text either).
        case wasmOrText
    }

    /// Maps `path` read-only. What is not a regular file (a pipe, a FIFO, a device, a file under
    /// `/proc` whose size reads as 0) is read instead, up to `limit` bytes: more is an I/O error
    /// (code `input-too-large`; with `limitFiles`, regular files larger than `limit` too). `-` reads
    /// standard input.
    /// A FIFO is opened without waiting for a writer (with none, it reads as empty).
    ///
    /// Errors are I/O errors (`cannot read PATH: Input/output error`), never decoding errors.
    public static func load(path: String, limit: Int = streamLimit, limitFiles: Bool = false,
                            expect: Expectation = .any) throws(WasmError) -> ByteStorage {
        let name = path == "-" ? "<stdin>" : path
        if path == "-" { return try readAll(fd: 0, name: name, limit: limit, expect: expect) }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        if fd < 0 { throw ioError(path, "cannot open") }
        defer { _ = close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw ioError(path, "cannot stat") }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            throw WasmError(.io, "\(path) is a directory", offset: nil, kind: .io)
        case S_IFREG:
            let size = Int(st.st_size)
            if limitFiles && size > limit { throw tooLarge(path, limit) }
            if size > 0, let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED {
                return ByteStorage(mapped: UnsafeRawPointer(p), count: size)
            }
        default:
            break
        }
        // Reads block from here on (the FIFO is open; a terminal or pipe waits for input).
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return try readAll(fd: fd, name: path, limit: limit, expect: expect)
    }

    /// Reads `fd` to its end into memory that grows as needed (no copy at the end).
    private static func readAll(fd: Int32, name: String, limit: Int, expect: Expectation) throws(WasmError) -> ByteStorage {
        var capacity = 1 << 16
        guard var p = malloc(capacity) else { throw WasmError(.io, "cannot read \(name): out of memory", offset: nil, kind: .io) }
        var count = 0
        var sawNUL = false
        while true {
            if count == capacity {
                let grown = capacity < 1 << 30 ? capacity * 2 : capacity + (1 << 30)
                guard let q = realloc(p, grown) else {
                    free(p)
                    throw WasmError(.io, "cannot read \(name): out of memory", offset: nil, kind: .io)
                }
                p = q
                capacity = grown
            }
            let n = read(fd, p + count, min(capacity - count, limit + 1 - count))
            if n < 0 {
                if errno == EINTR { continue }
                let e = ioError(name, "cannot read")
                free(p)
                throw e
            }
            if n == 0 { break }
            if expect == .wasmOrText && !sawNUL { sawNUL = memchr(p + count, 0, n) != nil }
            count += n
            if count >= 4 && expect != .any {
                let b = p.assumingMemoryBound(to: UInt8.self)
                let magic = b[0] == 0 && b[1] == 0x61 && b[2] == 0x73 && b[3] == 0x6D
                if !magic && (expect == .wasm || sawNUL) { break }  // the rest cannot change the verdict
            }
            if count > limit {
                free(p)
                throw tooLarge(name, limit)
            }
        }
        let storage = ByteStorage(allocated: p, count: count)
        return storage
    }

    private init(allocated p: UnsafeMutableRawPointer, count: Int) {
        base = UnsafeRawPointer(p)
        buffer = UnsafeRawBufferPointer(start: base, count: count)
        release = .cFree
    }

    /// `12 MiB`, `4 GiB`.
    static func sizeText(_ n: Int) -> String {
        if n >= 1 << 30 && n % (1 << 30) == 0 { return "\(n >> 30) GiB" }
        if n >= 1 << 20 && n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
        return "\(n) bytes"
    }

    private static func tooLarge(_ name: String, _ limit: Int) -> WasmError {
        WasmError(.inputTooLarge, "cannot read \(name): it is larger than the \(sizeText(limit)) limit", offset: nil, kind: .io)
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
