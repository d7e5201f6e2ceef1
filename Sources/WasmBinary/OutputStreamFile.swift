#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension OutputFile {
    /// Streams output to `path` chunk by chunk, with ``write(buffers:to:refuseTerminal:)``'s rules: `-` is
    /// standard output, a FIFO or device is written directly, a regular file (or a new one) is written to a
    /// temporary file that `body` fills through the writer it is given and that replaces `path` only when
    /// `body` returns; if it throws, the temporary file is removed and `path` is untouched. Unlike
    /// ``write(buffers:to:refuseTerminal:)``, the file is not flushed to disk (`fsync`) before the rename:
    /// streamed output is text that can be made again (`print`), and the flush cost more than the printing.
    public static func streaming(to path: String, _ body: (_ write: @escaping (UnsafeRawBufferPointer) throws(WasmError) -> Void) throws(WasmError) -> Void) throws(WasmError) {
        func direct(_ fd: Int32, _ name: String) throws(WasmError) {
            try body { (b: UnsafeRawBufferPointer) throws(WasmError) in
                if !writeAll(fd, [b]) { throw ioError("cannot write", name) }
            }
        }
        if path == standardOutput { return try direct(1, "standard output") }
        if path.isEmpty { throw WasmError(.usage, "the output path is empty", offset: nil, kind: .usage) }
        let (target, existing) = try resolve(path)
        if let st = existing {
            switch st.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw WasmError(.io, "cannot write \(path): it is a directory", offset: nil, kind: .io)
            case S_IFSOCK: throw WasmError(.io, "cannot write \(path): it is a socket", offset: nil, kind: .io)
            default:
                let fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC)
                if fd < 0 { throw ioError("cannot write", path) }
                defer { _ = close(fd) }
                return try direct(fd, path)
            }
        }
        let dir = directory(of: target)
        let (fd, tmp) = try TemporaryFile.create(in: dir, mode: existing == nil ? 0o666 : 0o600, for: path)
        var renamed = false
        var closed = false
        defer {
            if !closed { _ = close(fd) }
            if !renamed { _ = unlink(tmp) }
            TemporaryFile.forget()
        }
        try body { (b: UnsafeRawBufferPointer) throws(WasmError) in
            if !writeAll(fd, [b]) { throw ioError("cannot write", path) }
        }
        if let st = existing { keepOwnerAndMode(fd, st) }
        // Not flushed to disk (no fsync of the file or of the directory, as `wasm-tools print -o` does
        // none): text that can be printed again is not worth ~0.1 s per 100 MB. The rename keeps the
        // replacement atomic for readers; after a system crash the file may be the old one, the new one,
        // or (on some file systems) empty.
        closed = true
        if close(fd) != 0 { throw ioError("cannot write", path) }
        if rename(tmp, target) != 0 { throw ioError("cannot write", path) }
        renamed = true
    }
}
