import WasmBinary
import WasmText

/// `wcomp parse FILE.wat [-o OUT]`: the text format to the binary, byte-identical to `wasm-tools parse`.
enum ParseCommand {
    static func run(_ args: ParsedArguments, console: Console) throws(WasmError) -> Int32 {
        let path = args.positionals[0]
        let label = path == "-" ? "<stdin>" : path
        let storage: ByteStorage
        do {
            storage = try ByteStorage.load(path: path)
        } catch {
            throw error.in(label)
        }
        let source = storage.all.array
        let bytes: [UInt8]
        do {
            bytes = try ModuleParser.parse(source)
        } catch {
            console.err.write(error.render(source: source, file: label))
            return 1
        }
        try OutputFile.write(bytes, to: args.value("--output") ?? OutputFile.standardOutput, refuseTerminal: true)
        return 0
    }
}
