import WasmBinary

/// Where printed text goes: a fixed buffer handed to `sink` whenever it fills (and at the end), so that
/// memory stays bounded however large the output. A failing sink stops the output; ``flush()`` (called
/// at the end) throws its error. A growing output (``init(growing:)``) keeps everything instead: the
/// parallel code printer fills one per chunk of function bodies on a worker thread.
public final class TextOutput {
    public typealias Sink = (UnsafeRawBufferPointer) throws(WasmError) -> Void
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var count = 0
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    let sink: Sink
    /// Set by ``init(growing:)``: a full buffer doubles rather than going to the sink.
    let grows: Bool
    var failure: WasmError?

    /// `chunkSize`: bytes handed to the sink at a time (at least 64).
    public init(chunkSize: Int = 1 << 20, sink: @escaping Sink) {
        capacity = max(chunkSize, 64)
        base = .allocate(capacity: capacity)
        self.sink = sink
        grows = false
    }

    /// An output that keeps all it is given in one buffer (``contents``), starting at `capacity` bytes.
    init(growing capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        sink = { _ in }
        grows = true
    }

    /// What a growing output holds (valid until the next write or ``reset()``).
    var contents: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Empties a growing output (its buffer is kept).
    func reset() { count = 0 }

    /// Writes `p`, handing a large buffer straight to the sink (after what is buffered) instead of copying it.
    func write(through p: UnsafeRawBufferPointer) {
        if grows || p.count <= capacity &- count { return write(p) }
        if count > 0 { drain() }
        if failure == nil {
            do throws(WasmError) { try sink(p) } catch { failure = error }
        }
    }

    deinit { base.deallocate() }

    /// Bytes waiting in the buffer.
    public var buffered: Int { count }

    @inlinable @inline(__always) public func write(byte b: UInt8) {
        if count == capacity { drain() }
        base[count] = b
        count &+= 1
    }

    @inlinable public func write(_ p: UnsafeRawBufferPointer) {
        let n = p.count
        if n <= capacity &- count, let from = p.baseAddress {
            // Most writes are a few bytes: copied in place, without a memmove call.
            let to = base + count
            if n <= 16 {
                var i = 0
                while i < n { to[i] = from.load(fromByteOffset: i, as: UInt8.self); i &+= 1 }
            } else {
                UnsafeMutableRawPointer(to).copyMemory(from: from, byteCount: n)
            }
            count &+= n
            return
        }
        var src = p.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
        var left = p.count
        while left > 0, let s = src {
            if count == capacity { drain() }
            let n = min(left, capacity - count)
            (base + count).update(from: s, count: n)
            count &+= n
            left -= n
            src = s + n
        }
    }

    @inlinable public func write(_ s: StaticString) {
        write(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inlinable public func write(_ s: String) {
        var s = s
        s.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    @inlinable public func write(bytes b: [UInt8]) {
        b.withUnsafeBytes { write($0) }
    }

    /// Decimal digits of `v`.
    @inlinable public func write<T: BinaryInteger>(int v: T) {
        if v < 0 { write(byte: UInt8(ascii: "-")) }
        var n = UInt64(truncatingIfNeeded: v.magnitude)
        if n < 10 { write(byte: UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n)); return }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &tmp) { buf in
            var i = 24
            while n > 0 {
                i -= 1
                buf[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n % 10)
                n /= 10
            }
            write(UnsafeRawBufferPointer(rebasing: buf[i...]))
        }
    }

    /// Hands the buffer to the sink (once a sink has failed, output is dropped).
    @usableFromInline func drain() {
        if grows {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
            return
        }
        if failure == nil {
            do throws(WasmError) { try sink(UnsafeRawBufferPointer(start: base, count: count)) } catch { failure = error }
        }
        count = 0
    }

    /// Hands what is buffered to the sink; throws the sink's first error.
    public func flush() throws(WasmError) {
        if count > 0 && !grows { drain() }
        if let failure { throw failure }
    }

    /// Throws the sink's error, if it failed (the buffer stays; use at checkpoints).
    public func maybeFlush() throws(WasmError) {
        if let failure { throw failure }
    }
}
