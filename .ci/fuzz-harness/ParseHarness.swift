// Harness for the text parser (`wcomp parse`, and every command reading `.wat` through the input seam).
import WasmBinary
import WasmComponent
import WasmCore
import WasmText

/// WasmText.parse and WasmText.wastModules on fuzzed text. Properties: no trap; an error renders (with
/// the line and caret) for any offset; what parses is a module or a component that decodes, and parsing
/// twice gives the same bytes.
func fuzzParse(_ bytes: ByteSlice) {
    let source = bytes.array
    do {
        let wasm = try WasmText.parse(source)
        let isComponent = wasm.count > 4 && wasm[4] == 0x0D
        do {
            if isComponent { _ = try Component.decode(bytes: wasm) } else { _ = try Module.decode(ByteSlice(copying: wasm)) }
        } catch { violated("parsed text does not decode: \(error)") }
        if (try? WasmText.parse(source)) != wasm { violated("parsing twice differs") }
    } catch {
        _ = error.render(source: source, file: "fuzz.wat")
    }
    if let modules = try? WasmText.wastModules(source) {
        for m in modules { if let e = m.error { _ = e.render(source: source, file: "fuzz.wast") } }
    }
    _ = try? WasmText.binary(of: bytes.storage, label: "fuzz.wat")
}
