import WasmBinary
import WasmCore

// 🪙 Value definitions: the encoded bytes `val(t)` (Binary.md "Value Definitions") must decode as a
// value of the declared type, using exactly the bytes given.

extension ValidationRun {
    func checkValueBytes(_ bytes: ByteSlice, _ t: VT) throws(WasmError) {
        var r = bytes.reader
        try readValue(&r, t, depth: 0)
        if !r.isAtEnd {
            throw WasmError(.sectionSizeMismatch, "value has \(r.remaining) unexpected bytes at the end", offset: r.position)
        }
    }

    private func readValue(_ r: inout ByteReader, _ t: VT, depth: Int) throws(WasmError) {
        if depth > 100 { throw WasmError(.nestingTooDeep, "value nested too deeply", offset: r.position) }
        switch t {
        case .primitive(let p): try readPrimitive(&r, p)
        case .type(let ref): try readDefined(&r, arena.defined[ref.index].type, depth: depth)
        }
    }

    private func readPrimitive(_ r: inout ByteReader, _ p: PrimitiveValType) throws(WasmError) {
        let at = r.position
        switch p {
        case .bool:
            if try r.readByte() > 1 { throw WasmError(.invalidLeadingByte, "invalid boolean value", offset: at) }
        case .u8, .s8:
            _ = try r.readByte()
        case .s16:
            let v = try r.readS32()
            if v < Int32(Int16.min) || v > Int32(Int16.max) { throw WasmError(.integerTooLarge, "integer too large", offset: at) }
        case .u16:
            if try r.readU32() > UInt32(UInt16.max) { throw WasmError(.integerTooLarge, "integer too large", offset: at) }
        case .s32: _ = try r.readS32()
        case .u32: _ = try r.readU32()
        case .s64: _ = try r.readS64()
        case .u64: _ = try r.readU64()
        case .f32:
            let bits = try r.readFixedU32()
            if Float(bitPattern: bits).isNaN && bits != 0x7FC0_0000 {
                throw WasmError(.invalidLeadingByte, "non-canonical NaN in an f32 value", offset: at)
            }
        case .f64:
            let bits = try r.readFixedU64()
            if Double(bitPattern: bits).isNaN && bits != 0x7FF8_0000_0000_0000 {
                throw WasmError(.invalidLeadingByte, "non-canonical NaN in an f64 value", offset: at)
            }
        case .char:
            let b = try r.peekByte()
            let n = b < 0x80 ? 1 : (b >> 5 == 0b110 ? 2 : (b >> 4 == 0b1110 ? 3 : (b >> 3 == 0b11110 ? 4 : 0)))
            guard n > 0 else { throw WasmError(.malformedUTF8, "malformed UTF-8 encoding", offset: at) }
            let buf = try r.readBuffer(n)
            if UTF8Validation.firstInvalidOffset(buf) != nil {
                throw WasmError(.malformedUTF8, "malformed UTF-8 encoding", offset: at)
            }
        case .string:
            _ = try r.readNameSlice()
        case .errorContext:
            throw WasmError(.invalidLeadingByte, "values of type error-context cannot be encoded", offset: at)
        }
    }

    private func readDefined(_ r: inout ByteReader, _ d: DefType, depth: Int) throws(WasmError) {
        let at = r.position
        switch d {
        case .primitive(let p): try readPrimitive(&r, p)
        case .record(let fs): for f in fs { try readValue(&r, f.type, depth: depth + 1) }
        case .tuple(let ts): for t in ts { try readValue(&r, t, depth: depth + 1) }
        case .variant(let cs):
            let i = try r.readU32()
            guard Int(i) < cs.count else {
                throw WasmError(.invalidLeadingByte, "variant case \(i) out of range (\(cs.count) cases)", offset: at)
            }
            if let t = cs[Int(i)].type { try readValue(&r, t, depth: depth + 1) }
        case .enum(let ls):
            let i = try r.readU32()
            if Int(i) >= ls.count {
                throw WasmError(.invalidLeadingByte, "enum case \(i) out of range (\(ls.count) cases)", offset: at)
            }
        case .flags(let ls):
            try r.skip((ls.count + 7) / 8)
        case .option(let t):
            switch try r.readByte() {
            case 0: break
            case 1: try readValue(&r, t, depth: depth + 1)
            case let b: throw ByteReader.invalidByte(b, at: at, for: "option value")
            }
        case .result(let ok, let err):
            switch try r.readByte() {
            case 0: if let ok { try readValue(&r, ok, depth: depth + 1) }
            case 1: if let err { try readValue(&r, err, depth: depth + 1) }
            case let b: throw ByteReader.invalidByte(b, at: at, for: "result value")
            }
        case .list(let t):
            let n = try r.readCount(minimumItemSize: 1, "list element")
            for _ in 0..<n { try readValue(&r, t, depth: depth + 1) }
        case .map(let k, let v):
            let n = try r.readCount(minimumItemSize: 2, "map entry")
            for _ in 0..<n {
                try readValue(&r, k, depth: depth + 1)
                try readValue(&r, v, depth: depth + 1)
            }
        case .fixedList(let t, let n):
            var i: UInt32 = 0
            while i < n {
                try readValue(&r, t, depth: depth + 1)
                i += 1
            }
        case .own, .borrow, .future, .stream:
            throw WasmError(.invalidLeadingByte, "values of type \(d.desc) cannot be encoded", offset: at)
        }
    }
}
