import WasmBinary
import WasmText

/// `wcomp parse FILE.wat [-o OUT]`: the text format to the binary, byte-identical to `wasm-tools parse`.
/// `wcomp parse FILE.wast --wasm-dir DIR`: a script's modules, as `wasm-tools json-from-wast` writes them.
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
        let source = SourceText(storage.all)
        if let dir = args.value("--wasm-dir") {
            if args.value("--output") != nil {
                throw WasmError(.usage, "--output does not apply with --wasm-dir (each module is written into DIR)",
                                offset: nil, kind: .usage)
            }
            return try script(source, label: label, path: path, dir: dir, console: console)
        }
        let bytes: [UInt8]
        do {
            bytes = try WasmText.parse(source)
        } catch {
            console.err.write(error.render(source: source, file: label))
            return 1
        }
        try OutputFile.write(bytes, to: args.value("--output") ?? OutputFile.standardOutput, refuseTerminal: true)
        return 0
    }

    /// Writes DIR/NAME.N.wasm (and NAME.N.wat for quoted text) for every module of the script.
    static func script(_ source: SourceText, label: String, path: String, dir: String, console: Console) throws(WasmError) -> Int32 {
        let modules: [WastModule]
        do {
            modules = try WasmText.wastModules(source)
        } catch {
            console.err.write(error.render(source: source, file: label))
            return 1
        }
        var base = path == "-" ? "stdin" : String(path.split(separator: "/").last ?? "module")
        if base.hasSuffix(".wast") { base = String(base.dropLast(5)) }
        let prefix = (dir.hasSuffix("/") ? dir : dir + "/") + base
        var status: Int32 = 0
        for m in modules {
            if let wat = m.wat { try OutputFile.write(wat, to: "\(prefix).\(m.number).wat") }
            if let wasm = m.wasm { try OutputFile.write(wasm, to: "\(prefix).\(m.number).wasm") }
            if let e = m.error {
                console.err.write(e.render(source: source, file: label))
                status = 1
            }
        }
        return status
    }
}
