/// Appends the binary encodings the readers understand. Always writes minimal LEB128.
public struct ByteWriter: Sendable {
    public var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { bytes.count }

    @inlinable public mutating func byte(_ b: UInt8) { bytes.append(b) }
    @inlinable public mutating func bytes<C: Sequence>(_ bs: C) where C.Element == UInt8 { bytes.append(contentsOf: bs) }
    @inlinable public mutating func bytes(_ s: ByteSlice) { s.withUnsafeBytes { bytes.append(contentsOf: $0) } }

    @inlinable
    public mutating func u32(_ v: UInt32) { u64(UInt64(v)) }

    @inlinable
    public mutating func u64(_ v: UInt64) {
        var v = v
        repeat {
            var b = UInt8(v & 0x7f)
            v >>= 7
            if v != 0 { b |= 0x80 }
            bytes.append(b)
        } while v != 0
    }

    /// A non-negative count or index (must fit in u32: callers build from in-range values).
    @inlinable
    public mutating func u32(_ v: Int) { u64(UInt64(UInt32(truncatingIfNeeded: v))) }

    @inlinable public mutating func s32(_ v: Int32) { s64(Int64(v)) }
    @inlinable public mutating func s33(_ v: Int64) { s64(v) }

    @inlinable
    public mutating func s64(_ v: Int64) {
        var v = v
        while true {
            let b = UInt8(truncatingIfNeeded: v) & 0x7f
            v >>= 7
            let done = (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0)
            bytes.append(done ? b : b | 0x80)
            if done { return }
        }
    }

    @inlinable
    public mutating func fixedU32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func fixedU64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A length-prefixed UTF-8 name.
    @inlinable
    public mutating func name(_ s: String) {
        var s = s
        s.withUTF8 { u in
            u32(u.count)
            bytes.append(contentsOf: u)
        }
    }

    /// A length-prefixed name given as raw bytes.
    @inlinable
    public mutating func name(_ s: ByteSlice) {
        u32(s.count)
        bytes(s)
    }

    /// Writes `body` into a scratch writer, then its size (u32) and the bytes.
    @inlinable
    public mutating func sized(_ body: (inout ByteWriter) -> Void) {
        var inner = ByteWriter()
        body(&inner)
        u32(inner.bytes.count)
        bytes.append(contentsOf: inner.bytes)
    }

    /// A vector: its count, then each element.
    @inlinable
    public mutating func vector<C: Collection>(_ items: C, _ each: (inout ByteWriter, C.Element) -> Void) {
        u32(items.count)
        for item in items { each(&self, item) }
    }
}
