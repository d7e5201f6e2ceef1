import WasmBinary

/// `wcomp inspect FILE`.
enum InspectCommand {
    static func run(_ args: ParsedArguments, console: Console) throws(WasmError) -> Int32 {
        let path = args.positionals[0]
        let storage = try ByteStorage.load(path: path)
        let options = InspectOptions(all: args.has("--all"))
        let label = path == "-" ? "<stdin>" : path
        let root: InspectNode
        do {
            root = try InspectBuilder.build(storage, label: label, options: options)
        } catch {
            var e = error
            e.file = label
            throw e
        }
        if args.has("--json") {
            console.out.write(InspectJSON.render(root, file: label).serialized())
        } else {
            console.out.write(InspectText.render(root, options: options))
        }
        return CLI.success
    }
}
