#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The temporary file ``OutputFile`` writes before renaming it into place, and its removal when the
/// process is interrupted.
///
/// One temporary file exists at a time. Its path is kept in memory allocated once, so that the
/// handler of SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGXFSZ can `unlink` it (both are
/// async-signal-safe); the handler then puts back the action the signal had before (the default in
/// wcomp, a host program's own handler when the library runs inside one) and raises the signal
/// again, so the process ends as it would have without this handler (a shell reports 128 + the
/// signal number). Signals the process was started with ignored (`nohup`) stay ignored. SIGKILL
/// cannot be caught: a temporary file can survive it.
///
/// The name is chosen and recorded *before* the file is created (`O_CREAT | O_EXCL`), so a signal
/// at any moment finds either no file or the recorded one.
enum TemporaryFile {
    static let capacity = Int(PATH_MAX) + 1
    /// The recorded path, NUL-terminated.
    nonisolated(unsafe) static let path: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    /// 1 while `path` names a temporary file that may exist.
    static let active = Atomic<Int>(0)
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGXFSZ]
    /// The action each signal had before, by signal number (read by the handler).
    nonisolated(unsafe) static let previous: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        p.initialize(repeating: sigaction(), count: 65)
        return p
    }()
    static let installed: Bool = {
        for sig in signals {
            var old = sigaction()
            guard sig < 65, sigaction(sig, nil, &old) == 0 else { continue }
            if unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                continue
            }
            previous[Int(sig)] = old
            var sa = sigaction()
            sa.__sigaction_handler.sa_handler = removeAndRaise
            sigemptyset(&sa.sa_mask)
            for other in signals { sigaddset(&sa.sa_mask, other) }
            sa.sa_flags = SA_RESTART
            _ = sigaction(sig, &sa, nil)
        }
        return true
    }()

    /// Creates a new file `DIR/.wcomp-XXXXXX.tmp` (open for writing, created with `mode` less the
    /// umask) and records it for removal on a signal.
    static func create(in dir: String, mode: mode_t, for output: String) throws(WasmError) -> (fd: Int32, path: String) {
        _ = path
        _ = previous
        _ = installed
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        for _ in 0..<100 {
            var name = "\(dir)/.wcomp-"
            var random = UInt64.random(in: 0...UInt64.max)
            for _ in 0..<6 {
                name.unicodeScalars.append(Unicode.Scalar(alphabet[Int(random % UInt64(alphabet.count))]))
                random /= UInt64(alphabet.count)
            }
            name += ".tmp"
            record(name)
            let fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if fd >= 0 { return (fd, name) }
            let e = errno
            forget()
            if e == EEXIST { continue }
            errno = e
            throw WasmError(.io, "cannot write \(output): cannot create a temporary file in \(dir): "
                            + String(cString: strerror(e)), offset: nil, kind: .io)
        }
        throw WasmError(.io, "cannot write \(output): cannot create a temporary file in \(dir): every name tried exists",
                        offset: nil, kind: .io)
    }

    /// Stops removing the recorded file on signals (after it was renamed or removed).
    static func forget() {
        active.store(0, ordering: .releasing)
    }

    static func record(_ name: String) {
        let bytes = Array(name.utf8)
        active.store(0, ordering: .releasing)
        // A path too long to record cannot be removed by the handler, but is still removed on errors.
        guard bytes.count < capacity else { return }
        for (i, b) in bytes.enumerated() { path[i] = CChar(bitPattern: b) }
        path[bytes.count] = 0
        active.store(1, ordering: .releasing)
    }
}

/// The signal handler: only async-signal-safe calls (`unlink`, `sigaction`, `raise`). The signal is
/// blocked while this runs, so the one raised here is delivered, to the previous action, on return.
private func removeAndRaise(_ sig: Int32) {
    if TemporaryFile.active.load(ordering: .acquiring) == 1 {
        _ = unlink(TemporaryFile.path)
        TemporaryFile.active.store(0, ordering: .releasing)
    }
    guard sig >= 0 && sig < 65 else { return }
    _ = sigaction(sig, TemporaryFile.previous + Int(sig), nil)
    _ = raise(sig)
}
