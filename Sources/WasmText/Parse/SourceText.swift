import WasmBinary

// The text being parsed, borrowed from where it was read (a mapped file is not copied): bytes with checked
// indexing, kept alive by the storage that owns them.

public struct SourceText: @unchecked Sendable {
    /// Owns the bytes `bytes` points at.
    let owner: ByteStorage
    let bytes: UnsafeBufferPointer<UInt8>

    /// The bytes of `slice` (borrowed: `slice`'s storage is kept alive).
    public init(_ slice: ByteSlice) {
        owner = slice.storage
        let raw = slice.buffer
        bytes = raw.withMemoryRebound(to: UInt8.self) { $0 }
    }
    /// A private copy of `array`.
    public init(_ array: [UInt8]) { self.init(ByteSlice(copying: array)) }

    public var count: Int { bytes.count }

    @inline(__always)
    public subscript(i: Int) -> UInt8 {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: bytes.count), "source index out of range")
        return bytes[i]
    }
    @inline(__always)
    public subscript(r: Range<Int>) -> Slice<UnsafeBufferPointer<UInt8>> {
        precondition(r.lowerBound >= 0 && r.upperBound <= bytes.count, "source range out of range")
        return bytes[r]
    }
    public subscript(r: PartialRangeFrom<Int>) -> Slice<UnsafeBufferPointer<UInt8>> { self[r.lowerBound..<bytes.count] }

    /// The bytes, for loops that check their own bounds.
    @inline(__always)
    public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(owner) { () throws(E) -> R in try body(bytes) }
    }
    /// A copy (for error messages and tests).
    public var array: [UInt8] { Array(bytes) }
}
