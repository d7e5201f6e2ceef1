#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmBinary

/// Where a command writes: standard output and standard error, or buffers in tests.
public protocol OutputStream: AnyObject {
    func write(_ s: String)
}

/// Buffered writes to a file descriptor (standard output or standard error); `flush()` before exiting.
public final class FileOutput: OutputStream {
    private let fd: Int32
    private var buffer: [UInt8] = []
    public init(fd: Int32) { self.fd = fd }
    deinit { flush() }

    public func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                break  // nowhere to report a broken pipe; stop writing
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Collects what is written (tests).
final class StringOutput: OutputStream {
    private(set) var text = ""
    init() {}
    func write(_ s: String) { text += s }
}

/// The streams and environment a command runs with.
public struct Console {
    public let out: OutputStream
    public let err: OutputStream
    public init(out: OutputStream, err: OutputStream) {
        self.out = out
        self.err = err
    }
}

/// Writes files atomically: a temporary file in the same directory, then `rename`. On any failure
/// the temporary file is removed and the destination is untouched.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws(WasmError) {
        let result = bytes.withUnsafeBytes { b -> WasmError? in
            do throws(WasmError) { try write(buffers: [b], to: path) } catch { return error }
            return nil
        }
        if let result { throw result }
    }

    /// Writes `parts` one after the other (e.g. borrowed slices of mapped inputs, without joining them).
    static func write(parts: [ByteSlice], to path: String) throws(WasmError) {
        try withExtendedLifetime(parts) { () throws(WasmError) in try write(buffers: parts.map(\.buffer), to: path) }
    }

    static func write(buffers: [UnsafeRawBufferPointer], to path: String) throws(WasmError) {
        let dir: String
        if let slash = path.lastIndex(of: "/") {
            dir = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            dir = "."
        }
        var template = Array("\(dir)/.wcomp-XXXXXX.tmp".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buf -> Int32 in
            guard let base = buf.baseAddress else { return -1 }
            return mkstemps(base, 4)
        }
        if fd < 0 { throw io("cannot create a temporary file in \(dir)") }
        let tmp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer {
            if !ok { _ = unlink(tmp) }
        }
        for buffer in buffers {
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    let e = io("cannot write \(path)")
                    _ = close(fd)
                    throw e
                }
                offset += n
            }
        }
        if fsync(fd) != 0 {
            let e = io("cannot write \(path)")
            _ = close(fd)
            throw e
        }
        _ = fchmod(fd, 0o644)
        if close(fd) != 0 { throw io("cannot write \(path)") }
        if rename(tmp, path) != 0 { throw io("cannot write \(path)") }
        ok = true
    }

    private static func io(_ what: String) -> WasmError {
        WasmError(.io, "\(what): \(String(cString: strerror(errno)))", offset: nil, kind: .io)
    }
}
