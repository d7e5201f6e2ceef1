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
    /// Writes `s` as it is: for text whose untrusted parts the caller has already escaped with
    /// ``TerminalText/escaping(_:)`` and which carries terminal styling (colour) on purpose.
    func writeVerbatim(_ s: String)
    /// Whether the stream is a terminal (colour is shown only there, unless asked for).
    var isTerminal: Bool { get }
}

extension OutputStream {
    public func writeVerbatim(_ s: String) { write(s) }
    public var isTerminal: Bool { false }
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

    public func writeVerbatim(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public var isTerminal: Bool { isatty(fd) == 1 }

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
    func writeVerbatim(_ s: String) { text += s }
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
