/// Text that is safe to show on a terminal: untrusted strings (file names, flag values, names read
/// from binaries, WIT source lines in diagnostics) can hold control characters that a terminal
/// obeys (`ESC ] 0 ; title BEL` sets the window title, `CR` overwrites a line, C1 `CSI` starts an
/// escape sequence, bidirectional overrides reorder what is shown).
///
/// Every text stream wcomp writes to standard output and standard error passes through
/// ``escaping(_:)`` (see `FileOutput` in WcompCLI), so no command has to remember to call it. JSON
/// needs nothing more: ``JSON`` escapes the same characters itself, as `\uXXXX`.
public enum TerminalText {
    /// `s` with every control character except newline and tab — C0 (U+0000–U+001F), DEL (U+007F),
    /// C1 (U+0080–U+009F) — and every bidirectional override or isolate (U+202A–U+202E,
    /// U+2066–U+2069) written as `\u{1b}`. Returns `s` itself when there is nothing to escape (the
    /// common case: one pass over the UTF-8 bytes, no allocation).
    public static func escaping(_ s: String) -> String {
        var s = s
        let clean = s.withUTF8 { bytes -> Bool in
            for i in bytes.indices {
                let b = bytes[i]
                if b < 0x20 { if b != 0x0A && b != 0x09 { return false } }
                else if b == 0x7F || b == 0xC2 || b == 0xE2 { return false }  // C1 lead byte, U+2xxx lead byte
            }
            return true
        }
        if clean { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            if needsEscape(u) {
                out += "\\u{" + String(u.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Whether `u` is shown as an escape.
    public static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x0A, 0x09: return false
        case 0..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
