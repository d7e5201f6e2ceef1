
// Number literals of the text format: integers (decimal, `0x` hex, sign, `_` separators) and floats
// (decimal, hex `0x1p-3`, `inf`, `nan`, `nan:0x...`).

enum TextNumber {
    static func clean(_ s: Substring) -> (negative: Bool, body: String)? {
        var t = s
        var neg = false
        if t.first == "-" { neg = true; t = t.dropFirst() } else if t.first == "+" { t = t.dropFirst() }
        if t.isEmpty { return nil }
        if !t.utf8.contains(UInt8(ascii: "_")) { return (neg, String(t)) }
        do {
            // `_` only between two digits (hex digits in a hex literal)
            let hex = t.hasPrefix("0x") || t.hasPrefix("nan:0x")
            let chars = Array(t.utf8)
            for (k, ch) in chars.enumerated() where ch == UInt8(ascii: "_") {
                guard k > 0, k + 1 < chars.count else { return nil }
                func digit(_ d: UInt8) -> Bool {
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d)
                        || hex && ((UInt8(ascii: "a")...UInt8(ascii: "f")).contains(d) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(d))
                }
                guard digit(chars[k - 1]), digit(chars[k + 1]) else { return nil }
            }
        }
        return (neg, String(t.filter { $0 != "_" }))
    }

    /// The magnitude of an unsigned integer literal.
    static func magnitude(_ body: String) -> UInt64? {
        if body.hasPrefix("0x") {
            let h = body.dropFirst(2)
            guard !h.isEmpty, h.allSatisfy(\.isHexDigit) else { return nil }
            return UInt64(h, radix: 16)
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt64(body)
    }

    static func u64(_ s: Substring) -> UInt64? {
        let u = s.utf8
        if !u.isEmpty, u.count <= 19, u.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            var m: UInt64 = 0
            for d in u { m = m * 10 + UInt64(d - UInt8(ascii: "0")) }
            return m
        }
        guard s.first != "-", s.first != "+", let (_, b) = clean(s) else { return nil }
        return magnitude(b)
    }

    static func u32(_ s: Substring) -> UInt32? { u64(s).flatMap { UInt32(exactly: $0) } }

    /// An integer of `bits` width, signed or unsigned range.
    static func int(_ s: Substring, bits: Int) -> UInt64? {
        // Fast path: a plain decimal, optionally negative (what printers write).
        var u = s.utf8[...]
        var negative = false
        if u.first == UInt8(ascii: "-") { negative = true; u = u.dropFirst() }
        if !u.isEmpty, u.count <= 18, u.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            var m: UInt64 = 0
            for d in u { m = m * 10 + UInt64(d - UInt8(ascii: "0")) }
            return int(magnitude: m, negative: negative, bits: bits)
        }
        guard let (neg, b) = clean(s), let m = magnitude(b) else { return nil }
        return int(magnitude: m, negative: neg, bits: bits)
    }

    /// The `bits`-wide bit pattern of `±m` when it fits the signed or the unsigned range; nil otherwise.
    @inline(__always)
    static func int(magnitude m: UInt64, negative: Bool, bits: Int) -> UInt64? {
        let mask: UInt64 = bits >= 64 ? .max : (1 << UInt64(bits)) - 1
        if negative {
            guard m <= (UInt64(1) << UInt64(bits - 1)) else { return nil }
            return (0 &- m) & mask
        }
        return m <= mask ? m : nil
    }

    static func f64(_ s: Substring) -> UInt64? {
        guard let (neg, b) = clean(s) else { return nil }
        let sign: UInt64 = neg ? 1 << 63 : 0
        if b == "inf" { return sign | 0x7FF0_0000_0000_0000 }
        if b == "nan" { return sign | 0x7FF8_0000_0000_0000 }
        if b.hasPrefix("nan:0x") {
            guard let p = UInt64(b.dropFirst(6), radix: 16), p != 0, p < (1 << 52) else { return nil }
            return sign | 0x7FF0_0000_0000_0000 | p
        }
        guard valid(b) else { return nil }
        guard let d = Double(b), d.isFinite else { return nil }
        return (neg ? -d : d).bitPattern
    }

    static func f32(_ s: Substring) -> UInt32? {
        guard let (neg, b) = clean(s) else { return nil }
        let sign: UInt32 = neg ? 1 << 31 : 0
        if b == "inf" { return sign | 0x7F80_0000 }
        if b == "nan" { return sign | 0x7FC0_0000 }
        if b.hasPrefix("nan:0x") {
            guard let p = UInt32(b.dropFirst(6), radix: 16), p != 0, p < (1 << 23) else { return nil }
            return sign | 0x7F80_0000 | p
        }
        guard valid(b) else { return nil }
        guard let f = Float(b), f.isFinite else { return nil }
        return (neg ? -f : f).bitPattern
    }

    static func valid(_ b: String) -> Bool {
        let hex = b.hasPrefix("0x")
        let body = hex ? b.dropFirst(2) : Substring(b)
        guard let first = body.first, hex ? first.isHexDigit : first.isNumber else { return false }
        return body.allSatisfy { c in
            c.isASCII && (c.isHexDigit || c == "." || c == "+" || c == "-" || (hex ? c == "p" || c == "P" : c == "e" || c == "E"))
        }
    }
}
