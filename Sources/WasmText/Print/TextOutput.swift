#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import WasmBinary

/// Where printed text goes: a fixed buffer handed to `sink` whenever it fills (and at the end), so that
/// memory stays bounded however large the output. A failing sink stops the output; ``flush()`` (called
/// at the end) throws its error. A pieced output (``init(pieces:handOver:)``) hands each full buffer
/// over instead and goes on in a new one from a ``TextPieces`` pool: the parallel code printer's workers
/// print chunks of function bodies into them.
public final class TextOutput {
    public typealias Sink = (UnsafeRawBufferPointer) throws(WasmError) -> Void
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var count = 0
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    let sink: Sink
    /// Set by ``init(pieces:handOver:)``: a full buffer goes to `handOver` and a new one is taken from here.
    let pieces: TextPieces?
    let handOver: (UnsafeMutablePointer<UInt8>, Int) -> Void
    /// Set by ``handOverLast()``: the buffer is no longer this output's.
    var handedLast = false
    var failure: WasmError?

    /// `chunkSize`: bytes handed to the sink at a time (at least 64).
    public init(chunkSize: Int = 1 << 20, sink: @escaping Sink) {
        capacity = max(chunkSize, 64)
        base = .allocate(capacity: capacity)
        self.sink = sink
        pieces = nil
        handOver = { _, _ in }
    }

    /// An output that writes into buffers from `pool` and gives each full one (and its byte count) to
    /// `handOver`, whose it then is; ``handOverLast()`` gives the last one.
    init(pieces pool: TextPieces, handOver: @escaping (UnsafeMutablePointer<UInt8>, Int) -> Void) {
        capacity = pool.size
        base = pool.take()
        sink = { _ in }
        pieces = pool
        self.handOver = handOver
    }

    /// Gives the buffer being filled to `handOver` (a pieced output takes no more writes after this).
    func handOverLast() {
        guard pieces != nil, !handedLast else { return }
        handedLast = true
        handOver(base, count)
    }

    /// Writes `p`, handing a large buffer straight to the sink (after what is buffered) instead of copying it.
    func write(through p: UnsafeRawBufferPointer) {
        if pieces != nil || (p.count < capacity >> 4 && p.count <= capacity &- count) { return write(p) }
        if count > 0 { drain() }
        if failure == nil {
            do throws(WasmError) { try sink(p) } catch { failure = error }
        }
    }

    deinit {
        if let pieces {
            if !handedLast { pieces.give([base]) }
        } else {
            base.deallocate()
        }
    }

    /// Bytes waiting in the buffer.
    public var buffered: Int { count }

    @inlinable @inline(__always) public func write(byte b: UInt8) {
        if count == capacity { drain() }
        base[count] = b
        count &+= 1
    }

    /// Writes `p`. Short writes (most are a few bytes: keywords, spaces, indentation) are copied in
    /// place with at most two overlapping loads and stores of a word (or a vector): no loop, no call.
    @inlinable @inline(__always) public func write(_ p: UnsafeRawBufferPointer) {
        let n = p.count
        if n <= 32, capacity &- count >= 32, let from = p.baseAddress {
            let to = UnsafeMutableRawPointer(base + count)
            if n >= 16 {
                let a = from.loadUnaligned(as: SIMD16<UInt8>.self)
                let b = from.loadUnaligned(fromByteOffset: n &- 16, as: SIMD16<UInt8>.self)
                to.storeBytes(of: a, as: SIMD16<UInt8>.self)
                to.storeBytes(of: b, toByteOffset: n &- 16, as: SIMD16<UInt8>.self)
            } else if n >= 8 {
                let a = from.loadUnaligned(as: UInt64.self)
                let b = from.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                to.storeBytes(of: a, as: UInt64.self)
                to.storeBytes(of: b, toByteOffset: n &- 8, as: UInt64.self)
            } else if n >= 4 {
                let a = from.loadUnaligned(as: UInt32.self)
                let b = from.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
                to.storeBytes(of: a, as: UInt32.self)
                to.storeBytes(of: b, toByteOffset: n &- 4, as: UInt32.self)
            } else if n > 0 {
                // 1 to 3 bytes: the first, the middle and the last (some the same).
                to.storeBytes(of: from.load(as: UInt8.self), as: UInt8.self)
                to.storeBytes(of: from.load(fromByteOffset: n >> 1, as: UInt8.self), toByteOffset: n >> 1, as: UInt8.self)
                to.storeBytes(of: from.load(fromByteOffset: n &- 1, as: UInt8.self), toByteOffset: n &- 1, as: UInt8.self)
            }
            count &+= n
            return
        }
        writeLong(p)
    }

    @usableFromInline func writeLong(_ p: UnsafeRawBufferPointer) {
        let n = p.count
        if n <= capacity &- count, let from = p.baseAddress {
            UnsafeMutableRawPointer(base + count).copyMemory(from: from, byteCount: n)
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

    /// `p` as the inside of a string literal: printable ASCII other than `"` and `\\` as it is, every other
    /// byte as `\\hh` (lowercase hex), written straight into the buffer a run at a time.
    public func writeEscaped(_ p: UnsafeRawBufferPointer) {
        guard var from = p.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var left = p.count
        TextOutput.escapes.withUnsafeBufferPointer { table in
            while left > 0 {
                // Each byte stores 4 (its text and its length) and keeps 1 to 3 of them.
                if capacity &- count < 4 { drain() }
                let n = min(left, (capacity &- count &- 1) / 3)
                var to = UnsafeMutableRawPointer(base + count)
                let start = to
                for i in 0..<n {
                    let e = table[Int(from[i])]
                    to.storeBytes(of: e.littleEndian, as: UInt32.self)
                    to += Int(truncatingIfNeeded: e >> 24)
                }
                count &+= to - start
                from += n
                left &-= n
            }
        }
    }

    /// For each byte: the text of its escape in the low bytes (little-endian), its length in the top byte.
    @usableFromInline static let escapes: [UInt32] = (0..<256).map { (b: Int) -> UInt32 in
        let hex = Array("0123456789abcdef".utf8)
        if b >= 0x20 && b < 0x7f && b != 0x22 && b != 0x5c { return 1 << 24 | UInt32(b) }
        return 3 << 24 | UInt32(hex[b & 15]) << 16 | UInt32(hex[b >> 4]) << 8 | 0x5c
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
        if let pieces {
            handOver(base, count)
            base = pieces.take()
            count = 0
            return
        }
        if failure == nil {
            do throws(WasmError) { try sink(UnsafeRawBufferPointer(start: base, count: count)) } catch { failure = error }
        }
        count = 0
    }

    /// Hands what is buffered to the sink; throws the sink's first error.
    public func flush() throws(WasmError) {
        if count > 0 && pieces == nil { drain() }
        if let failure { throw failure }
    }

    /// Throws the sink's error, if it failed (the buffer stays; use at checkpoints).
    public func maybeFlush() throws(WasmError) {
        if let failure { throw failure }
    }
}

/// Buffers of `size` bytes for pieced outputs (``TextOutput/init(pieces:)``), shared by threads: a piece
/// given back is reused, so memory is the most pieces in use at once, and all of it is freed with the pool.
/// Pieces are mapped pages of their own (not from `malloc`, whose per-thread arenas would keep what a
/// worker thread once used).
final class TextPieces: @unchecked Sendable {
    let size: Int
    /// Pieces not in use (addresses).
    private let spare = Mutex<[UInt]>([])
    /// Every piece made (addresses, and whether it is mapped rather than allocated), freed by `deinit`.
    private let made = Mutex<[(UInt, Bool)]>([])

    init(size: Int) { self.size = max(size, 64) }

    func take() -> UnsafeMutablePointer<UInt8> {
        if let a = spare.withLock({ $0.popLast() }), let p = UnsafeMutablePointer<UInt8>(bitPattern: a) { return p }
        if let m = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), m != MAP_FAILED {
            let p = m.bindMemory(to: UInt8.self, capacity: size)
            made.withLock { $0.append((UInt(bitPattern: p), true)) }
            return p
        }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        made.withLock { $0.append((UInt(bitPattern: p), false)) }
        return p
    }

    func give(_ ps: [UnsafeMutablePointer<UInt8>]) {
        spare.withLock { s in for p in ps { s.append(UInt(bitPattern: p)) } }
    }

    /// Gives back pieces by address (and byte count, ignored).
    func give(_ ps: [(UInt, Int)]) {
        spare.withLock { s in for (a, _) in ps { s.append(a) } }
    }

    /// Pieces made so far.
    var madeCount: Int { made.withLock { $0.count } }

    deinit {
        for (a, mapped) in made.withLock({ $0 }) {
            guard let p = UnsafeMutableRawPointer(bitPattern: a) else { continue }
            if mapped { _ = munmap(p, size) } else { p.deallocate() }
        }
    }
}
