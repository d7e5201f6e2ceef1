// Harness for the text printer (`wcomp print`).
import WasmBinary
import WasmText

/// WasmText.print on fuzzed binaries, plain and with every flag, through a small buffer. Properties: no
/// trap; the text is printable ASCII and newlines (names, strings and data are escaped); printing twice
/// gives the same text.
func fuzzPrint(_ bytes: ByteSlice) {
    for options in [PrintOptions(), PrintOptions(offsets: true, skeleton: true, nameUnnamed: true)] {
        var text: [UInt8] = []
        let out = TextOutput(chunkSize: 4096) { b in text.append(contentsOf: b) }
        let ok = (try? WasmText.print(bytes, options: options, to: out)) != nil
        for b in text where b != 10 && (b < 0x20 || b > 0x7e) { violated("print wrote byte \(b)") }
        if ok, let again = try? WasmText.printed(bytes, options: options), Array(again.utf8) != text {
            violated("printing twice differs")
        }
    }
}
