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
        let storage: ByteStorage
        do {
            storage = try ByteStorage.load(path: path)
        } catch {
            throw error.in(label)
        }
        let kind = BinaryKind.detect(storage.all)
        if kind == .notWasm && looksLikeText(storage.all, path: path) {
            // Not a binary: WIT text.
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
            let options = InspectOptions(all: args.has("--all"))
            let root = try InspectBuilder.build(storage, label: label, options: options)
            if args.has("--json") {
                console.out.write(InspectJSON.render(root, file: label).serialized())
            } else {
                console.out.write(InspectText.render(root, options: options))
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
                var rendered = failure.rendered(unlocatedIn: label)
                if !rendered.hasSuffix("\n") { rendered += "\n" }
                console.err.write(rendered)
            }
            return CLI.failure
        }
    }

    /// WIT when the name says so, or (without a `.wasm` name) when the bytes have no NUL byte.
    static func looksLikeText(_ bytes: ByteSlice, path: String) -> Bool {
        if path.hasSuffix(".wit") { return true }
        if path.hasSuffix(".wasm") { return false }
        return bytes.withUnsafeBytes { !$0.contains(0) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}
