import WasmBinary

// Inline LEB128 decoding for the operator loop. Valid encodings of any length (including the padded
// five-byte forms linkers emit for relocatable indices and addresses) are decoded here without a call;
// anything irregular (truncated, too long, too large) falls back to ByteReader, which reports the exact
// error. Non-minimal encodings are noted in `reader.sawNonMinimalEncoding` like ByteReader does.

extension OperatorReader {
    /// Unsigned LEB128, at most 32 bits.
    @inlinable @inline(__always)
    mutating func fastU32() throws(WasmError) -> UInt32 {
        let p = reader.position
        let end = reader.end
        if p < end {
            let b0 = base.load(fromByteOffset: p, as: UInt8.self)
            if b0 < 0x80 {
                reader.position = p &+ 1
                return UInt32(b0)
            }
        }
        return try slowU32(from: p)
    }

    @usableFromInline
    mutating func slowU32(from p: Int) throws(WasmError) -> UInt32 {
        let end = reader.end
        var q = p
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while q < end {
            let b = base.load(fromByteOffset: q, as: UInt8.self)
            q &+= 1
            if shift == 28 {
                // Fifth byte: no continuation, only the top four bits.
                guard b < 0x10 else { break }
                result |= UInt32(b) << 28
                if b == 0 { reader.sawNonMinimalEncoding = true }
                reader.position = q
                return result
            }
            result |= UInt32(b & 0x7F) << shift
            if b < 0x80 {
                if b == 0 && q &- p > 1 { reader.sawNonMinimalEncoding = true }
                reader.position = q
                return result
            }
            shift &+= 7
        }
        return try reader.readU32()  // reports the error
    }

    /// Signed LEB128, at most 32 bits.
    @inlinable @inline(__always)
    mutating func fastS32() throws(WasmError) -> Int32 {
        let p = reader.position
        if p < reader.end {
            let b0 = base.load(fromByteOffset: p, as: UInt8.self)
            if b0 < 0x80 {
                reader.position = p &+ 1
                return Int32(Int8(bitPattern: b0 << 1) >> 1)
            }
        }
        return try slowS32(from: p)
    }

    @usableFromInline
    mutating func slowS32(from p: Int) throws(WasmError) -> Int32 {
        let end = reader.end
        var q = p
        var result: UInt32 = 0
        var shift: UInt32 = 0
        var previous: UInt8 = 0
        while q < end {
            let b = base.load(fromByteOffset: q, as: UInt8.self)
            q &+= 1
            if shift == 28 {
                // Fifth byte: no continuation; bits 3-6 must repeat the sign (bit 3).
                let high = b & 0xF8
                guard high == 0 || high == 0x78 else { break }
                result |= UInt32(b & 0x0F) << 28
                if (b == 0 && previous & 0x40 == 0) || (b == 0x7F && previous & 0x40 != 0) {
                    reader.sawNonMinimalEncoding = true
                }
                reader.position = q
                return Int32(bitPattern: result)
            }
            result |= UInt32(b & 0x7F) << shift
            shift &+= 7
            if b < 0x80 {
                if b & 0x40 != 0 { result |= ~0 << shift }
                if q &- p > 1 && ((b == 0 && previous & 0x40 == 0) || (b == 0x7F && previous & 0x40 != 0)) {
                    reader.sawNonMinimalEncoding = true
                }
                reader.position = q
                return Int32(bitPattern: result)
            }
            previous = b
        }
        return try reader.readS32()  // reports the error
    }

    /// Unsigned LEB128, at most 64 bits (memarg offsets): short forms inline.
    @inlinable @inline(__always)
    mutating func fastU64() throws(WasmError) -> UInt64 {
        let p = reader.position
        if p < reader.end {
            let b0 = base.load(fromByteOffset: p, as: UInt8.self)
            if b0 < 0x80 {
                reader.position = p &+ 1
                return UInt64(b0)
            }
        }
        return try reader.readU64()
    }
}
