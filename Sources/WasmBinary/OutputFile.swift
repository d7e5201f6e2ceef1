#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Writing a command's result to the path the user gave (`-o PATH`): the one place every command
/// that writes a file goes through.
///
/// ```swift
/// try OutputFile.write(parts, to: "composed.wasm")     // [ByteSlice], written one after the other
/// try OutputFile.write(bytes, to: "-")                 // [UInt8] to standard output
/// try OutputFile.write(wasm, to: path, refuseTerminal: true)   // binary: never onto a terminal
/// ```
///
/// What happens depends on what `path` is:
/// - `-`: standard output.
/// - a regular file, or nothing yet: written to a temporary file `.wcomp-XXXXXX.tmp` in the same
///   directory and renamed over `path` (not flushed to disk with `fsync`, as wasm-tools does not: a
///   result can be made again; replacing a file, its write-out is started as it is written, see
///   ``WriteBehind``). Readers see the old contents or the new, never a mix; on failure (or SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGXFSZ) the
///   temporary file is removed and `path` is untouched. A replaced file keeps its mode and, where
///   permitted, its owner and group; a new file gets `0666 & ~umask`.
/// - a symbolic link: followed (up to 40 links) and the file it points to replaced as above (the
///   link stays a link; a dangling link creates its target).
/// - a FIFO or a device (`/dev/null`, `/dev/stdout`, a terminal): opened and written directly,
///   never replaced.
/// - a directory, a socket: an error.
///
/// `write(_:to:refuseTerminal:checking:)` runs a check (validation of what is written) while the
/// temporary file is written and flushed, and renames it only when the check passes; a direct
/// destination is written only after the check.
///
/// Errors are `WasmError`s of kind `.io` (`cannot write PATH: No space left on device`), or `.usage`
/// when `refuseTerminal` is set and the destination is a terminal.
public enum OutputFile {
    /// The path that means standard output.
    public static let standardOutput = "-"

    public static func write(_ bytes: [UInt8], to path: String, refuseTerminal: Bool = false) throws(WasmError) {
        let failure = bytes.withUnsafeBytes { b -> WasmError? in
            do throws(WasmError) { try write(buffers: [b], to: path, refuseTerminal: refuseTerminal) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Writes `parts` one after the other (e.g. borrowed slices of mapped inputs, without joining them).
    public static func write(_ parts: [ByteSlice], to path: String, refuseTerminal: Bool = false) throws(WasmError) {
        try withExtendedLifetime(parts) { () throws(WasmError) in
            try write(buffers: parts.map(\.buffer), to: path, refuseTerminal: refuseTerminal)
        }
    }

    /// Writes `parts` while `check` runs; the output appears only if `check` returns (its error is
    /// thrown otherwise, and `path` is untouched).
    public static func write(_ parts: [ByteSlice], to path: String, refuseTerminal: Bool = false,
                             checking check: @escaping () throws(WasmError) -> Void) throws(WasmError) {
        try withExtendedLifetime(parts) { () throws(WasmError) in
            try write(buffers: parts.map(\.buffer), to: path, refuseTerminal: refuseTerminal, checking: check,
                      mapped: parts.map(\.storage.isFileMapped))
        }
    }

    public static func write(buffers: [UnsafeRawBufferPointer], to path: String,
                             refuseTerminal: Bool = false) throws(WasmError) {
        try write(buffers: buffers, to: path, refuseTerminal: refuseTerminal, checking: nil)
    }

    /// `mapped[i]`: buffer `i` lies in a read-only file mapping, whose pages the writer thread gives
    /// back once written (the result of composing two 18 MB inputs then needs about 20 MB less memory;
    /// a later read, by the check, faults them in again from the file).
    static func write(buffers: [UnsafeRawBufferPointer], to path: String, refuseTerminal: Bool,
                      checking check: (() throws(WasmError) -> Void)?, mapped: [Bool] = []) throws(WasmError) {
        if path == standardOutput {
            try check?()
            try writeDirectly(fd: 1, buffers, name: "standard output", refuseTerminal: refuseTerminal)
            return
        }
        if path.isEmpty { throw WasmError(.usage, "the output path is empty", offset: nil, kind: .usage) }
        let (target, existing) = try resolve(path)
        guard let st = existing else {
            try replace(target, buffers, shownAs: path, existing: nil, checking: check, mapped: mapped)
            return
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            try replace(target, buffers, shownAs: path, existing: st, checking: check, mapped: mapped)
        case S_IFDIR:
            throw WasmError(.io, "cannot write \(path): it is a directory", offset: nil, kind: .io)
        case S_IFSOCK:
            throw WasmError(.io, "cannot write \(path): it is a socket", offset: nil, kind: .io)
        default:
            // A FIFO or a device: write into it (opening a FIFO waits for a reader, as a shell does).
            try check?()
            let fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            if fd < 0 { throw ioError("cannot write", path) }
            defer { _ = close(fd) }
            try writeDirectly(fd: fd, buffers, name: path, refuseTerminal: refuseTerminal)
        }
    }

    // MARK: Destinations

    /// Follows symbolic links from `path`: the final path and its status (nil when nothing is there).
    static func resolve(_ path: String) throws(WasmError) -> (String, stat?) {
        var p = path
        for _ in 0..<40 {
            var st = stat()
            if lstat(p, &st) != 0 {
                if errno == ENOENT { return (p, nil) }
                throw ioError("cannot write", path)
            }
            guard st.st_mode & S_IFMT == S_IFLNK else { return (p, st) }
            guard let link = readLink(p) else { throw ioError("cannot write", path) }
            p = link.hasPrefix("/") ? link : directory(of: p) + "/" + link
        }
        errno = ELOOP
        throw ioError("cannot write", path)
    }

    static func readLink(_ p: String) -> String? {
        var size = 256
        while size <= 1 << 16 {
            var buffer = [CChar](repeating: 0, count: size)
            let n = readlink(p, &buffer, size)
            if n < 0 { return nil }
            if n < size {
                return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            size *= 2
        }
        errno = ENAMETOOLONG
        return nil
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Writes everything to an open descriptor (standard output, a FIFO, a device).
    static func writeDirectly(fd: Int32, _ buffers: [UnsafeRawBufferPointer], name: String,
                              refuseTerminal: Bool) throws(WasmError) {
        if refuseTerminal && isatty(fd) == 1 {
            throw WasmError(.usage, "refusing to write binary output to a terminal (\(name)): redirect it, or "
                            + "give -o a file", offset: nil, kind: .usage)
        }
        if !writeAll(fd, buffers) { throw ioError("cannot write", name) }
    }

    /// Writes `buffers` to `target` through a temporary file renamed over it.
    static func replace(_ target: String, _ buffers: [UnsafeRawBufferPointer], shownAs path: String,
                        existing: stat?, checking check: (() throws(WasmError) -> Void)? = nil,
                        mapped: [Bool] = []) throws(WasmError) {
        let dir = directory(of: target)
        let (fd, tmp) = try TemporaryFile.create(in: dir, mode: existing == nil ? 0o666 : 0o600, for: path)
        var renamed = false
        defer {
            if !renamed { _ = unlink(tmp) }
            TemporaryFile.forget()
        }
        var failure: WasmError?
        if let st = existing { keepOwnerAndMode(fd, st) }
        // Replacing a file: its data is sent to the disk while it is written (see ``WriteBehind``).
        let behind = existing == nil ? nil : WriteBehind(fd)
        defer { behind?.stop() }
        if let check {
            // The file is written on another thread while the check runs here.
            let job = WriteJob(fd: fd, buffers: buffers, mapped: mapped, behind: behind)
            let done = DispatchGroup()
            DispatchQueue.global().async(group: done) { job.run() }
            var checkFailure: WasmError?
            do { try check() } catch { checkFailure = error }
            done.wait()
            if job.errorNumber != 0 {
                errno = job.errorNumber
                failure = ioError("cannot write", path)
            }
            if let checkFailure {
                _ = close(fd)
                throw checkFailure
            }
        } else {
            var written = 0
            for buffer in buffers where failure == nil {
                var offset = 0
                while offset < buffer.count {
                    let piece = UnsafeRawBufferPointer(rebasing: buffer[offset..<min(buffer.count, offset + WriteBehind.step)])
                    if !writeAll(fd, [piece]) { failure = ioError("cannot write", path); break }
                    offset += piece.count
                    written += piece.count
                    behind?.wrote(upTo: written)
                }
            }
        }
        behind?.stop()
        if close(fd) != 0 && failure == nil { failure = ioError("cannot write", path) }
        if let failure { throw failure }
        if rename(tmp, target) != 0 { throw ioError("cannot write", path) }
        renamed = true
    }

    /// Gives the temporary file the replaced file's owner, group and mode (set-user/group-ID bits
    /// only when the owner could be kept, as `chown` clears them).
    static func keepOwnerAndMode(_ fd: Int32, _ st: stat) {
        var mode = st.st_mode & 0o7777
        if fchown(fd, st.st_uid, st.st_gid) != 0 {
            mode &= ~(S_ISUID | S_ISGID)
            _ = fchown(fd, UInt32.max, st.st_gid)  // -1: keep the owner, try the group alone
        }
        _ = fchmod(fd, mode)
    }

    static func writeAll(_ fd: Int32, _ buffers: [UnsafeRawBufferPointer]) -> Bool {
        for buffer in buffers {
            guard let base = buffer.baseAddress else { continue }
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, base + offset, min(buffer.count - offset, 1 << 30))
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
        }
        return true
    }

    static func ioError(_ what: String, _ path: String) -> WasmError {
        WasmError(.io, "\(what) \(path): \(String(cString: strerror(errno)))", offset: nil, kind: .io)
    }
}

/// Writing a temporary file on another thread (the buffers outlive the job: the caller waits for it
/// before returning).
private final class WriteJob: @unchecked Sendable {
    let fd: Int32
    let buffers: [UnsafeRawBufferPointer]
    /// `errno` of the failed write; 0 when it succeeded.
    private(set) var errorNumber: Int32 = 0
    /// Told of the bytes written so far (replacing a file).
    let behind: WriteBehind?

    /// Per buffer: whether it lies in a read-only file mapping (see ``OutputFile/write(buffers:to:refuseTerminal:checking:mapped:)``).
    let mapped: [Bool]

    init(fd: Int32, buffers: [UnsafeRawBufferPointer], mapped: [Bool], behind: WriteBehind?) {
        self.fd = fd
        self.buffers = buffers
        self.mapped = mapped
        self.behind = behind
    }

    func run() {
        var written = 0
        for (i, buffer) in buffers.enumerated() {
            // A mapped buffer goes out a megabyte at a time, each given back once written, so that no
            // more than that of it stays resident on account of the write.
            let isMapped = i < mapped.count && mapped[i]
            var offset = 0
            while offset < buffer.count {
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[offset..<min(buffer.count, offset + Self.chunk)])
                if !OutputFile.writeAll(fd, [chunk]) {
                    errorNumber = errno == 0 ? EIO : errno
                    return
                }
                if isMapped { Self.release(chunk) }
                offset += chunk.count
                written += chunk.count
                behind?.wrote(upTo: written)
            }
        }
    }

    static let chunk = 1 << 20

    /// Gives back the whole pages inside `buffer` (a read-only private file mapping).
    static func release(_ buffer: UnsafeRawBufferPointer) { ByteStorage.dropPages(buffer) }
}
