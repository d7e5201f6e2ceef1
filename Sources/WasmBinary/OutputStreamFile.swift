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
    /// `body` returns; if it throws, the temporary file is removed and `path` is untouched. As there, the
    /// file is not flushed to disk (`fsync`) before the rename: output can be made again, and the flush cost
    /// more than the printing.
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
        // Replacing a file: its text is sent to the disk while it is written (see ``WriteBehind``).
        let behind = existing == nil ? nil : WriteBehind(fd)
        defer { behind?.stop() }
        var written = 0
        try body { (b: UnsafeRawBufferPointer) throws(WasmError) in
            if !writeAll(fd, [b]) { throw ioError("cannot write", path) }
            written += b.count
            behind?.wrote(upTo: written)
        }
        behind?.stop()
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

/// Starts the write-out of a file being written, on a thread of its own, every few MiB. On ext4, renaming
/// a new file over an existing one first sends all of the new file's data to the disk (`auto_da_alloc`);
/// for 100 MB of text that took ~0.1 s inside `rename`, most of it waiting on the device. Started while
/// the text is still being printed, the write-out overlaps the printing. Nothing waits for it to finish
/// (this is not `fsync`), and where `sync_file_range` is missing nothing is done.
final class WriteBehind: @unchecked Sendable {
    typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    /// `sync_file_range`, looked up at run time (the C library's headers hide it from Swift).
    static let syncFileRange: SyncFileRange? = {
        #if os(Linux)
        guard let handle = dlopen(nil, RTLD_NOW), let f = dlsym(handle, "sync_file_range") else { return nil }
        return unsafeBitCast(f, to: SyncFileRange.self)
        #else
        return nil
        #endif
    }()
    /// Bytes between two write-outs.
    static let step = 8 << 20

    let fd: Int32
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var handle: pthread_t?
    /// Guarded by `mutex`: the bytes written so far (as last told) and whether to end.
    private var target = 0
    private var ending = false
    /// The writing thread's: the `target` last told.
    private var told = 0

    init?(_ fd: Int32) {
        guard Self.syncFileRange != nil else { return nil }
        self.fd = fd
        mutex.initialize(to: pthread_mutex_t())
        condition.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        let context = Unmanaged.passRetained(self).toOpaque()
        var h = pthread_t()
        if pthread_create(&h, nil, { context in
            guard let context else { return nil }
            Unmanaged<WriteBehind>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context) == 0 {
            handle = h
        } else {
            Unmanaged<WriteBehind>.fromOpaque(context).release()
            return nil
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// The file now holds `n` bytes (called by the writing thread after each write).
    func wrote(upTo n: Int) {
        guard n - told >= Self.step else { return }
        told = n
        pthread_mutex_lock(mutex)
        target = n
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Ends the thread (after the write-out it is starting, if any) and waits for it.
    func stop() {
        guard let h = handle else { return }
        handle = nil
        pthread_mutex_lock(mutex)
        ending = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        _ = pthread_join(h, nil)
    }

    private func run() {
        guard let sync = Self.syncFileRange else { return }
        var done = 0
        while true {
            pthread_mutex_lock(mutex)
            while target == done && !ending { pthread_cond_wait(condition, mutex) }
            let upTo = target
            let end = ending
            pthread_mutex_unlock(mutex)
            if end { return }
            // SYNC_FILE_RANGE_WRITE (2): start the write-out of the range's dirty pages, do not wait for it.
            _ = sync(fd, Int64(done), Int64(upTo - done), 2)
            done = upTo
        }
    }
}
