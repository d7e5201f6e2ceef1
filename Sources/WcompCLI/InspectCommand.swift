import WasmBinary

/// `wcomp inspect FILE`.
enum InspectCommand {
    static func run(_ args: ParsedArguments, console: Console) throws(WasmError) -> Int32 {
        let path = args.positionals[0]
        var storage: ByteStorage
        do {
            storage = try ByteStorage.load(path: path)
        } catch {
            var e = error
            e.file = path
            throw e
        }
        _ = storage
        console.err.write("wcomp inspect: not implemented yet\n")
        return CLI.usageOrIO
    }
}
