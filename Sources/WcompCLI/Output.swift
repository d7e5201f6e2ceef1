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
/// Text is made safe for a terminal on the way (``TerminalText/escaping(_:)``): every message, report
/// and listing wcomp prints goes through here, whatever it quotes. Binary output does not (it is
/// written by ``OutputFile``).
public final class FileOutput: OutputStream {
    private let fd: Int32
    private var buffer: [UInt8] = []
    public init(fd: Int32) { self.fd = fd }
    deinit { flush() }

    public func write(_ s: String) {
        buffer.append(contentsOf: TerminalText.escaping(s).utf8)
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

/// Collects what is written (tests), escaped as ``FileOutput`` escapes it.
final class StringOutput: OutputStream {
    private(set) var text = ""
    init() {}
    func write(_ s: String) { text += TerminalText.escaping(s) }
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
