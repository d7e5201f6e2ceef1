/// FNV-1a over bytes: the one fast byte-string hash, for keys the input does not choose freely (the mnemonic
/// table, built from the instruction table) or whose collisions cost a bounded comparison (the module keys
/// compose shares body checks by). Tables keyed by names from the input use the seeded `Hasher` instead.
public struct ByteHash: Sendable {
    public var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inlinable public init() {}

    @inlinable
    public mutating func add<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        for b in bytes { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 }
    }

    /// The hash of `bytes` with its high bits folded into the low ones (for a table index by mask).
    @inlinable
    public static func folded(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h = ByteHash()
        h.add(bytes)
        return Int(truncatingIfNeeded: h.value ^ (h.value >> 29))
    }
}
