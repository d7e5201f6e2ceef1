/// A bounds-checked cursor over borrowed bytes.
///
/// Every read checks the bytes left first and throws ``WasmError`` instead of trapping; offsets in
/// errors are absolute offsets into the storage (for a file: into the file). The reader holds a
/// reference to its ``ByteStorage``, so it can never point into freed memory, and it never copies:
/// ``readSlice(_:)`` and ``readNameSlice()`` hand out views.
///
/// It also notices encodings that are valid but not minimal (over-long LEB128), so a writer test can
/// tell "re-encoding differs because the input was not minimal" from a real mismatch.
public struct ByteReader {
    public let storage: ByteStorage
    @usableFromInline let base: UnsafeRawPointer
    /// Absolute offset of the next byte to read.
    public var position: Int
    /// Absolute offset one past the last readable byte.
    public let end: Int
    /// Set when any LEB128 read so far used more bytes than necessary.
    public var sawNonMinimalEncoding: Bool = false

    public init(storage: ByteStorage, range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= storage.count)
        self.storage = storage
        self.base = storage.base
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    public init(_ slice: ByteSlice) { self.init(storage: slice.storage, range: slice.range) }

    @inlinable public var isAtEnd: Bool { position >= end }
    @inlinable public var remaining: Int { end - position }

    // MARK: Bytes

    @inlinable
    public mutating func readByte() throws(WasmError) -> UInt8 {
        guard position < end else { throw .unexpectedEnd(at: position) }
        let b = base.load(fromByteOffset: position, as: UInt8.self)
        position &+= 1
        return b
    }

    @inlinable
    public func peekByte() throws(WasmError) -> UInt8 {
        guard position < end else { throw .unexpectedEnd(at: position) }
        return base.load(fromByteOffset: position, as: UInt8.self)
    }

    /// The byte at `position + ahead`, or nil past the end.
    @inlinable
    public func peekByte(ahead: Int) -> UInt8? {
        guard ahead >= 0, ahead < end - position else { return nil }
        return base.load(fromByteOffset: position + ahead, as: UInt8.self)
    }

    /// Skips `count` bytes (checked against the bytes left).
    @inlinable
    public mutating func skip(_ count: Int) throws(WasmError) {
        guard count >= 0, count <= end - position else {
            throw .unexpectedEnd(at: position)
        }
        position += count
    }

    /// A view of the next `count` bytes (no copy).
    @inlinable
    public mutating func readSlice(_ count: Int) throws(WasmError) -> ByteSlice {
        let start = position
        try skip(count)
        return ByteSlice(storage: storage, range: start..<position)
    }

    /// The next `count` bytes as a buffer (valid while `storage` lives).
    @inlinable
    public mutating func readBuffer(_ count: Int) throws(WasmError) -> UnsafeRawBufferPointer {
        let start = position
        try skip(count)
        return UnsafeRawBufferPointer(start: base + start, count: count)
    }

    /// Little-endian fixed-width reads (float bit patterns, v128 halves).
    @inlinable
    public mutating func readFixedU32() throws(WasmError) -> UInt32 {
        guard end - position >= 4 else { throw .unexpectedEnd(at: position) }
        let v = base.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position &+= 4
        return UInt32(littleEndian: v)
    }

    @inlinable
    public mutating func readFixedU64() throws(WasmError) -> UInt64 {
        guard end - position >= 8 else { throw .unexpectedEnd(at: position) }
        let v = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position &+= 8
        return UInt64(littleEndian: v)
    }

    // MARK: LEB128

    /// Unsigned LEB128, at most 32 bits.
    @inlinable
    public mutating func readU32() throws(WasmError) -> UInt32 {
        if position < end {
            let b = base.load(fromByteOffset: position, as: UInt8.self)
            if b < 0x80 { position &+= 1; return UInt32(b) }
        }
        return UInt32(truncatingIfNeeded: try readUnsignedSlow(bits: 32))
    }

    /// Unsigned LEB128, at most 64 bits.
    @inlinable
    public mutating func readU64() throws(WasmError) -> UInt64 {
        if position < end {
            let b = base.load(fromByteOffset: position, as: UInt8.self)
            if b < 0x80 { position &+= 1; return UInt64(b) }
        }
        return try readUnsignedSlow(bits: 64)
    }

    /// Signed LEB128, at most 32 bits.
    @inlinable
    public mutating func readS32() throws(WasmError) -> Int32 {
        if position < end {
            let b = base.load(fromByteOffset: position, as: UInt8.self)
            if b < 0x80 { position &+= 1; return Int32(Int8(bitPattern: b << 1) >> 1) }
        }
        return Int32(truncatingIfNeeded: try readSignedSlow(bits: 32))
    }

    /// Signed LEB128, at most 33 bits (block types, heap types).
    @inlinable
    public mutating func readS33() throws(WasmError) -> Int64 {
        if position < end {
            let b = base.load(fromByteOffset: position, as: UInt8.self)
            if b < 0x80 { position &+= 1; return Int64(Int8(bitPattern: b << 1) >> 1) }
        }
        return try readSignedSlow(bits: 33)
    }

    /// Signed LEB128, at most 64 bits.
    @inlinable
    public mutating func readS64() throws(WasmError) -> Int64 {
        if position < end {
            let b = base.load(fromByteOffset: position, as: UInt8.self)
            if b < 0x80 { position &+= 1; return Int64(Int8(bitPattern: b << 1) >> 1) }
        }
        return try readSignedSlow(bits: 64)
    }

    @usableFromInline
    mutating func readUnsignedSlow(bits: Int) throws(WasmError) -> UInt64 {
        let start = position
        let maxBytes = (bits + 6) / 7
        var result: UInt64 = 0
        var shift = 0
        var count = 0
        while true {
            guard position < end else { throw .unexpectedEnd(at: position) }
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            position += 1
            count += 1
            if count == maxBytes {
                // Last permitted byte: no continuation, and no bits beyond `bits`.
                let usedBits = bits - shift
                if byte & 0x80 != 0 {
                    throw WasmError(.integerRepresentationTooLong, "integer representation too long", offset: start)
                }
                if usedBits < 7 && (byte >> UInt8(usedBits)) != 0 {
                    throw WasmError(.integerTooLarge, "integer too large", offset: start)
                }
            }
            result |= UInt64(byte & 0x7f) << UInt64(shift)
            if byte & 0x80 == 0 {
                if count > 1 && byte == 0 { sawNonMinimalEncoding = true }
                return result
            }
            shift += 7
        }
    }

    @usableFromInline
    mutating func readSignedSlow(bits: Int) throws(WasmError) -> Int64 {
        let start = position
        let maxBytes = (bits + 6) / 7
        var result: Int64 = 0
        var shift = 0
        var count = 0
        var previous: UInt8 = 0
        while true {
            guard position < end else { throw .unexpectedEnd(at: position) }
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            position += 1
            count += 1
            if count == maxBytes {
                if byte & 0x80 != 0 {
                    throw WasmError(.integerRepresentationTooLong, "integer representation too long", offset: start)
                }
                // The unused high bits of the last byte must all equal the sign bit.
                let usedBits = bits - shift  // 1...7 significant bits in this byte
                if usedBits < 7 {
                    let signAndRest = Int8(bitPattern: byte << 1) >> Int8(usedBits)  // sign-extended top bits
                    if signAndRest != 0 && signAndRest != -1 {
                        throw WasmError(.integerTooLarge, "integer too large", offset: start)
                    }
                }
            }
            result |= Int64(byte & 0x7f) << Int64(shift)
            shift += 7
            if byte & 0x80 == 0 {
                // Over-long: the last byte only repeats the sign already carried by the previous one.
                if count > 1 && ((byte == 0x00 && previous & 0x40 == 0) || (byte == 0x7f && previous & 0x40 != 0)) {
                    sawNonMinimalEncoding = true
                }
                if shift < 64 && byte & 0x40 != 0 {
                    result |= -1 << Int64(shift)
                }
                return result
            }
            previous = byte
        }
    }

    // MARK: Counts, names, nested readers

    /// Reads a vector length and checks it against the bytes left: `count * minimumItemSize` must fit.
    /// This is what makes allocation from input-derived counts safe.
    @inlinable
    public mutating func readCount(minimumItemSize: Int = 1, _ what: @autoclosure () -> String = "items")
        throws(WasmError) -> Int
    {
        let at = position
        let n = Int(try readU32())
        let (need, overflow) = n.multipliedReportingOverflow(by: Swift.max(minimumItemSize, 0))
        if overflow || need > end - position {
            throw WasmError(
                .lengthOutOfBounds, "\(what()) count \(n) exceeds the \(end - position) bytes left", offset: at)
        }
        return n
    }

    /// A UTF-8 name (length-prefixed), validated.
    @inlinable
    public mutating func readName() throws(WasmError) -> String {
        let slice = try readNameSlice()
        return String(decoding: UnsafeRawBufferPointer(start: base + slice.range.lowerBound, count: slice.count),
                      as: UTF8.self)
    }

    /// A UTF-8 name as a view (validated, not copied).
    @inlinable
    public mutating func readNameSlice() throws(WasmError) -> ByteSlice {
        let at = position
        let n = Int(try readU32())
        guard n <= end - position else {
            throw WasmError(.unexpectedEnd, "name length \(n) exceeds the \(end - position) bytes left", offset: at)
        }
        let start = position
        let buf = UnsafeRawBufferPointer(start: base + start, count: n)
        if let bad = UTF8Validation.firstInvalidOffset(buf) {
            throw WasmError(.malformedUTF8, "malformed UTF-8 encoding", offset: start + bad)
        }
        position = start + n
        return ByteSlice(storage: storage, range: start..<position)
    }

    /// Reads a `u32` size and runs `body` on a reader limited to exactly that many bytes.
    /// `body` must consume them all (else `mismatch` is thrown with code `sectionSizeMismatch`).
    /// Non-minimal-encoding notes made inside are kept.
    @inlinable
    public mutating func withSized<T>(
        _ what: @autoclosure () -> String,
        _ body: (inout ByteReader) throws(WasmError) -> T
    ) throws(WasmError) -> T {
        let at = position
        let n = Int(try readU32())
        guard n <= end - position else {
            throw WasmError(.unexpectedEnd, "\(what()) size \(n) exceeds the \(end - position) bytes left", offset: at)
        }
        return try withLimit(n, what(), body)
    }

    /// Runs `body` on a reader limited to the next `count` bytes, which it must consume exactly.
    @inlinable
    public mutating func withLimit<T>(
        _ count: Int, _ what: @autoclosure () -> String,
        _ body: (inout ByteReader) throws(WasmError) -> T
    ) throws(WasmError) -> T {
        guard count >= 0, count <= end - position else { throw .unexpectedEnd(at: position) }
        var sub = ByteReader(storage: storage, range: position..<(position + count))
        let result = try body(&sub)
        if !sub.isAtEnd {
            throw WasmError(.sectionSizeMismatch, "\(what()): \(sub.remaining) unexpected bytes at the end", offset: sub.position)
        }
        if sub.sawNonMinimalEncoding { sawNonMinimalEncoding = true }
        position = sub.end
        return result
    }

    /// Fails unless every byte has been read.
    @inlinable
    public func expectEnd(_ what: @autoclosure () -> String) throws(WasmError) {
        if position < end {
            throw WasmError(.sectionSizeMismatch, "\(what()): \(end - position) unexpected bytes at the end", offset: position)
        }
    }

    /// Throws a `invalidLeadingByte` error for `byte` read at `offset`.
    public static func invalidByte(_ byte: UInt8, at offset: Int, for what: String) -> WasmError {
        WasmError(.invalidLeadingByte, "invalid leading byte (0x\(String(byte, radix: 16))) for \(what)", offset: offset)
    }
}
