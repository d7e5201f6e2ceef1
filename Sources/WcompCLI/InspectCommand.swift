#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WIT
import WasmBinary
import WasmComponent
import WasmText

/// `wcomp inspect FILE`: binaries as a tree of sections, imports and exports; WIT files and
/// directories as their resolved packages; `--wit` prints a component's world as WIT.
enum InspectCommand {
    static func run(_ args: ParsedArguments, console: Console) throws(WasmError) -> Int32 {
        let path = args.positionals[0]
        let label = path == "-" ? "<stdin>" : path
        let features = args.allValues("--features").flatMap { $0.split(separator: ",").map(String.init) }
        let witOptions = ResolveOptions(features: Set(features.filter { $0 != "all" }), allFeatures: features.contains("all"))

        if path != "-" && isDirectory(path) {
            return witPackage(WIT.load(path: path, options: witOptions), label: label, args: args, console: console)
        }
        var storage: ByteStorage
        let witNamed = path.hasSuffix(".wit")
        do {
            storage = try ByteStorage.load(path: path, limit: witNamed ? WIT.maxFileSize : ByteStorage.streamLimit,
                                           expect: witNamed ? .any : .wasmOrText)
        } catch {
            throw error.in(label)
        }
        if !witNamed && WasmText.isText(storage.all) {
            guard let binary = try ErrorReport.binary(storage, label: label, command: "inspect", args: args,
                                                      console: console, jsonFields: []) else { return CLI.failure }
            storage = binary
        }
        let kind = BinaryKind.detect(storage.all)
        if kind == .notWasm && looksLikeText(storage.all, path: path) {
            // Not a binary: WIT text, as large as the WIT limit allows (the same for every command).
            if storage.count > WIT.maxFileSize {
                throw WasmError(.io, "cannot read \(label): it is larger than the \(WIT.maxFileSize >> 20) MiB WIT limit "
                                + "(\(storage.count) bytes)", offset: nil, kind: .io, file: label)
            }
            let result = WIT.load(files: [(path: label, bytes: storage.all.array)], options: witOptions)
            return witPackage(result, label: label, args: args, console: console)
        }
        if kind == .coreModule && args.has("--wit") {
            // The WIT in its `component-type` custom section (wit-bindgen / `component embed` output).
            return witPackage(WIT.decode(moduleMetadata: storage.all), label: label, args: args, console: console)
        }
        do {
            if kind == .component && args.has("--wit") {
                let component = try Component.decode(storage.all, mode: .shallow)
                return witPackage(WIT.decode(component: component), label: label, args: args, console: console)
            }
            let all = args.has("--all")
            var options = InspectOptions(all: all, listLimit: all || args.has("--json") ? nil : InspectText.listLimit)
            options.types = args.has("--types")
            options.sections = args.has("--sections")
            options.validatedNames = options.types || args.has("--json")
            let colour = try ColorChoice.parse(args.value("--color"))
                .enabled(isTerminal: console.out.isTerminal, environment: environment())
            let root = try InspectBuilder.build(storage, label: label, options: options)
            if args.has("--json") {
                console.out.write(InspectJSON.render(root, file: label).serialized())
            } else if options.types || options.sections {
                console.out.write(InspectText.render(root, options: options))
            } else {
                console.out.writeVerbatim(InspectSummary.render(root, options: options, colour: colour))
            }
            return CLI.success
        } catch {
            guard error.kind == .malformed || error.kind == .invalid else { throw error }
            if args.has("--json") {
                console.out.write(JSON.object([
                    ("file", .string(label)), ("errors", .array([ErrorReport.json(error.in(label))])),
                ]).serialized())
            } else {
                console.err.write(ErrorReport.text(error.in(label), command: "inspect"))
            }
            return CLI.failure
        }
    }

    /// Prints resolved WIT (text or JSON) or its diagnostics (exit 1).
    static func witPackage(_ result: Result<ResolvedWIT, WITFailure>, label: String, args: ParsedArguments,
                           console: Console) -> Int32 {
        switch result {
        case .success(let wit):
            let text = wit.printed()
            if args.has("--json") {
                console.out.write(JSON.object([
                    ("file", .string(label)), ("kind", "wit"),
                    ("packages", .array(wit.resolve.packages.map { .string($0.name.description) })),
                    ("wit", .string(text)),
                ]).serialized())
            } else {
                console.out.write(text.hasSuffix("\n") ? text : text + "\n")
            }
            return CLI.success
        case .failure(let failure):
            if args.has("--json") {
                console.out.write(JSON.object([
                    ("file", .string(label)), ("kind", "wit"), ("errors", ErrorReport.json(failure)),
                ]).serialized())
            } else {
                console.err.write(ErrorReport.text(failure, file: label, command: "inspect"))
            }
            return failure.isIO ? CLI.usageOrIO : CLI.failure
        }
    }

    /// WIT when the name says so, or (without a `.wasm` name) when the bytes have no NUL byte.
    static func looksLikeText(_ bytes: ByteSlice, path: String) -> Bool {
        if path.hasSuffix(".wit") { return true }
        if path.hasSuffix(".wasm") { return false }
        return bytes.withUnsafeBytes { !$0.contains(0) }
    }

    /// The variables colour depends on.
    static func environment() -> [String: String] {
        var env: [String: String] = [:]
        for name in ["NO_COLOR", "TERM"] {
            if let v = getenv(name) { env[name] = String(cString: v) }
        }
        return env
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}
