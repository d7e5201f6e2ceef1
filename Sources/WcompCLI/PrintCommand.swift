import WasmBinary
import WasmText

/// `wcomp print FILE [-o OUT] [-p] [--skeleton] [--name-unnamed] [--fold]`: the text format, as
/// `wasm-tools print` writes it, streamed to standard output or OUT.
enum PrintCommand {
    static func run(_ args: ParsedArguments, console: Console) throws(WasmError) -> Int32 {
        let path = args.positionals[0]
        let label = path == "-" ? "<stdin>" : path
        let options = PrintOptions(
            offsets: args.has("--offsets") || args.has("--print-offsets"),
            skeleton: args.has("--skeleton"),
            nameUnnamed: args.has("--name-unnamed"),
            fold: args.has("--fold") || args.has("--fold-instructions"))
        let storage: ByteStorage
        do {
            storage = try ByteStorage.load(path: path, expect: .wasm)
        } catch {
            throw error.in(label)
        }
        let output = args.value("--output")
        if let output, output != OutputFile.standardOutput {
            // A failure leaves OUT untouched (the temporary file is removed).
            do {
                try OutputFile.streaming(to: output) { (write) throws(WasmError) in
                    try WasmText.print(storage.all, options: options, to: TextOutput(sink: write))
                }
            } catch {
                throw error.kind == .io || error.kind == .usage ? error : error.in(label)
            }
            return CLI.success
        }
        // Standard output: through the console in tests, straight to the descriptor otherwise.
        do {
            if let file = console.out as? FileOutput {
                file.flush()
                try OutputFile.streaming(to: OutputFile.standardOutput) { (write) throws(WasmError) in
                    try WasmText.print(storage.all, options: options, to: TextOutput(sink: write))
                }
            } else {
                let out = TextOutput(chunkSize: 1 << 16) { b in console.out.write(String(decoding: b, as: UTF8.self)) }
                try WasmText.print(storage.all, options: options, to: out)
            }
        } catch {
            throw error.kind == .io || error.kind == .usage ? error : error.in(label)
        }
        return CLI.success
    }
}
