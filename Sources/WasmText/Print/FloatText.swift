// Floats as wasm-tools prints them: hexadecimal (`0x1.8p+1`), `inf`, `nan`, `nan:0x...`, followed by the
// decimal value in a comment (`(;=3;)`, Rust's shortest round-trip form without an exponent).

enum FloatText {
    /// `bits` of a binary32 (`expBits` 8) or binary64 (11) value, widened to 64 bits.
    static func hex(_ bits0: UInt64, width: Int, expBits: Int, decimal: String) -> String {
        var bits = bits0
        let mantissaWidth = width - 1 - expBits
        let bias = (1 << (expBits - 1)) - 1
        let maxExp = 1 << (expBits - 1)
        let minExp = -maxExp + 1
        let mantissaMask: UInt64 = (1 << UInt64(mantissaWidth)) - 1
        var out = ""
        let signBit = UInt64(1) << UInt64(width - 1)
        if bits & signBit != 0 {
            bits ^= signBit
            out += "-"
        }
        let expField = Int((bits >> UInt64(mantissaWidth)) & ((1 << UInt64(expBits)) - 1))
        let fractionBits = bits & mantissaMask
        if expField == (1 << expBits) - 1 {
            if fractionBits == 0 { return out + "inf (;=" + decimal + ";)" }
            if fractionBits == UInt64(1) << UInt64(mantissaWidth - 1) { return out + "nan (;=NaN;)" }
            return out + "nan:0x" + String(fractionBits, radix: 16) + " (;=NaN;)"
        }
        var exponent = expField - bias
        var fraction = fractionBits
        out += "0x"
        if bits == 0 {
            out += "0p+0"
        } else {
            out += "1"
            if fraction > 0 {
                // Left-align the fraction in the integer width.
                fraction <<= UInt64(width - mantissaWidth)
                if exponent == minExp {
                    let leading = leadingZeros(fraction, width: width)
                    if leading < width - 1 {
                        fraction = shl(fraction, leading + 1, width: width)
                    } else {
                        fraction = 0
                    }
                    exponent -= leading
                }
                out += "."
                while fraction > 0 {
                    out += String(fraction >> UInt64(width - 4), radix: 16)
                    fraction = shl(fraction, 4, width: width)
                }
            }
            out += "p" + (exponent >= 0 ? "+" : "") + String(exponent)
        }
        return out + " (;=" + decimal + ";)"
    }

    static func leadingZeros(_ v: UInt64, width: Int) -> Int {
        v.leadingZeroBitCount - (64 - width)
    }

    static func shl(_ v: UInt64, _ n: Int, width: Int) -> UInt64 {
        if n >= width { return 0 }
        let r = v << UInt64(n)
        return width == 64 ? r : r & ((1 << UInt64(width)) - 1)
    }

    static func f32(_ bits: UInt32) -> String {
        let f = Float(bitPattern: bits)
        return hex(UInt64(bits), width: 32, expBits: 8, decimal: decimal(f.isInfinite ? (f < 0 ? "-inf" : "inf") : f.description))
    }

    static func f64(_ bits: UInt64) -> String {
        let f = Double(bitPattern: bits)
        return hex(bits, width: 64, expBits: 11, decimal: decimal(f.isInfinite ? (f < 0 ? "-inf" : "inf") : f.description))
    }

    /// Swift's shortest round-trip text (`1e-07`, `1.5`, `100.0`) in Rust's Display form (`0.0000001`,
    /// `1.5`, `100`).
    static func decimal(_ s: String) -> String {
        if s == "inf" || s == "-inf" || s == "nan" || s == "-nan" { return s }
        var text = Substring(s)
        var sign = ""
        if text.hasPrefix("-") { sign = "-"; text = text.dropFirst() }
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var intPart = Substring(text)
        var fracPart = Substring("")
        if let dot = text.firstIndex(of: ".") {
            intPart = text[..<dot]
            fracPart = text[text.index(after: dot)...]
        }
        var digits = String(intPart) + String(fracPart)
        var point = intPart.count + exp
        // Strip leading zeros (keeping the point position right).
        while digits.count > 1 && digits.first == "0" { digits.removeFirst(); point -= 1 }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        if digits == "0" { return sign + "0" }
        var result: String
        if point <= 0 {
            result = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            result = digits + String(repeating: "0", count: point - digits.count)
        } else {
            let i = digits.index(digits.startIndex, offsetBy: point)
            result = String(digits[..<i]) + "." + String(digits[i...])
        }
        return sign + result
    }
}
