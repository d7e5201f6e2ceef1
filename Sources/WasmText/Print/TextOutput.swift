import WasmBinary

/// Where printed text goes: a byte buffer handed to `sink` whenever it passes `chunkSize` (and at the end),
/// so that memory stays bounded however large the output.
public final class TextOutput {
    public typealias Sink = (UnsafeRawBufferPointer) throws(WasmError) -> Void
    @usableFromInline var bytes: [UInt8] = []
    let sink: Sink
    @usableFromInline let chunkSize: Int

    public init(chunkSize: Int = 1 << 20, sink: @escaping Sink) {
        self.sink = sink
        self.chunkSize = chunkSize
        bytes.reserveCapacity(chunkSize + 4096)
    }

    @inlinable public func write(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inlinable public func write(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    @inlinable public func write(byte b: UInt8) { bytes.append(b) }

    @inlinable public func write(bytes b: [UInt8]) { bytes.append(contentsOf: b) }

    /// Decimal digits of `v`.
    @inlinable public func write<T: BinaryInteger>(int v: T) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        let m = v.magnitude
        if m < 10 { bytes.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m)); return }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var n = UInt64(m)
        var count = 0
        withUnsafeMutableBytes(of: &tmp) { buf in
            while n > 0 {
                buf[23 - count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n % 10)
                n /= 10
                count += 1
            }
            bytes.append(contentsOf: buf[(24 - count)...])
        }
    }

    public func write<T: BinaryInteger>(hex v: T) {
        write(String(v, radix: 16))
    }

    /// Hands the buffered bytes to the sink when the buffer is full.
    @inlinable public func maybeFlush() throws(WasmError) {
        if bytes.count >= chunkSize { try flush() }
    }

    public func flush() throws(WasmError) {
        if bytes.isEmpty { return }
        let failure: WasmError? = bytes.withUnsafeBytes { b -> WasmError? in
            do throws(WasmError) { try sink(b) } catch { return error }
            return nil
        }
        bytes.removeAll(keepingCapacity: true)
        if let failure { throw failure }
    }
}
