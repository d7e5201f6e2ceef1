import WasmBinary
import WasmCore
import WasmComponent

extension WasmText {
    /// Prints `bytes` (a core module or a component) in the text format, as `wasm-tools print` 1.262 does,
    /// into `out` (flushed as it fills, and at the end). A malformed input throws after the text that
    /// precedes the error has been written to `out` (and flushed).
    public static func print(_ bytes: ByteSlice, options: PrintOptions = .init(), to out: TextOutput) throws(WasmError) {
        let p = Printer(out: out, options: options)
        do {
            switch BinaryKind.detect(bytes) {
            case .component:
                try p.component(bytes)
            default:
                try p.module(bytes)
            }
            out.write(byte: 10)
        } catch {
            try out.flush()
            throw error
        }
        try out.flush()
    }

    /// The whole text (tests and small inputs).
    public static func printed(_ bytes: ByteSlice, options: PrintOptions = .init()) throws(WasmError) -> String {
        var all: [UInt8] = []
        let out = TextOutput { b in all.append(contentsOf: b) }
        try print(bytes, options: options, to: out)
        return String(decoding: all, as: UTF8.self)
    }
}
