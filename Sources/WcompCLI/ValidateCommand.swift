#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmBinary
import WasmComponent
import WasmCore

/// `wcomp validate FILE [--features LIST] [--json] [--verbose]`.
enum ValidateCommand {
    /// What a successful validation found (for `--verbose`).
    struct Summary {
        var kind: String
        var modules: Int
        var functions: Int
    }

    static func run(_ args: ParsedArguments, console: Console) throws(WasmError) -> Int32 {
        let path = args.positionals[0]
        let label = path == "-" ? "<stdin>" : path
        let features = try Features.parse(args.allValues("--features").joined(separator: ","))
        let started = monotonicSeconds()
        let storage: ByteStorage
        do {
            storage = try ByteStorage.load(path: path)
        } catch {
            var e = error
            e.file = label
            throw e
        }
        let isComponent = BinaryKind.detect(storage.all) == .component
        let kind = isComponent ? "component" : "module"
        do {
            let summary = isComponent
                ? try ComponentValidation.validate(storage.all, features: features)
                : try moduleSummary(storage.all, features: features)
            let seconds = monotonicSeconds() - started
            if args.has("--json") {
                console.out.write(JSON.object([
                    ("file", .string(label)), ("valid", .bool(true)), ("kind", .string(kind)), ("errors", .array([])),
                ]).serialized())
            } else if args.has("--verbose") {
                var what = "\(summary.functions) functions"
                if isComponent { what = "\(summary.modules) core modules, " + what }
                console.out.write("\(label): valid \(summary.kind) (\(what), \(formatSeconds(seconds)))\n")
            }
            return CLI.success
        } catch {
            guard error.kind == .malformed || error.kind == .invalid else { throw error }
            if args.has("--json") {
                console.out.write(JSON.object([
                    ("file", .string(label)), ("valid", .bool(false)), ("kind", .string(kind)),
                    ("errors", .array([errorJSON(error)])),
                ]).serialized())
            } else {
                console.err.write(render(error, file: label))
            }
            return CLI.failure
        }
    }

    static func moduleSummary(_ bytes: ByteSlice, features: Features) throws(WasmError) -> Summary {
        let m = try ModuleValidator.validate(bytes, features: features)
        return Summary(kind: "core module", modules: 1, functions: m.functionTypeIndices.count)
    }

    /// `file: error: message (func 12 "parse", `i32.add` at offset 0x3f1a) [code]` and the structure path.
    static func render(_ e: WasmError, file: String) -> String {
        var where_: [String] = []
        if let f = ValidationFrames.function(in: e.path) {
            where_.append(ValidationFrames.function(f.index, name: f.name))
        }
        let instruction = e.path.last.flatMap { Opcode.named($0) != nil ? "`\($0)`" : nil }
        if let o = e.offset {
            let at = "offset 0x\(String(o, radix: 16))"
            where_.append(instruction.map { "\($0) at \(at)" } ?? at)
        }
        var s = "\(file): error: \(e.message)"
        if !where_.isEmpty { s += " (\(where_.joined(separator: ", ")))" }
        s += " [\(e.code.rawValue)]\n"
        if !e.path.isEmpty { s += "  in: \(e.pathDescription)\n" }
        return s
    }

    static func errorJSON(_ e: WasmError) -> JSON {
        var function: JSON = .null
        if let f = ValidationFrames.function(in: e.path) {
            function = .object([("index", .int(Int(f.index))), ("name", f.name.map { .string($0) } ?? .null)])
        }
        return .object([
            ("code", .string(e.code.rawValue)),
            ("message", .string(e.message)),
            ("offset", e.offset.map { .int($0) } ?? .null),
            ("path", .array(e.path.map { .string($0) })),
            ("function", function),
        ])
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func formatSeconds(_ s: Double) -> String {
        let hundredths = Int((s * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) s"
    }
}

/// Validation of components, the hook for the component validator.
///
/// Today a component is decoded in full and every nested core module (at any depth) is validated with
/// `ModuleValidator`; errors carry paths such as `component › core module 3 › code section › func 12`.
/// Component-level rules (types, instantiation, canonical ABI, imports/exports) are the component
/// validator's (WasmComponent/Validation): replace the body of `validate` with a call to it, and let it
/// validate nested core modules through `ModuleValidator.validate`.
enum ComponentValidation {
    static func validate(_ bytes: ByteSlice, features: Features) throws(WasmError) -> ValidateCommand.Summary {
        // Shallow: nested core modules are located, not decoded; the validator decodes them as it checks them.
        let component = try Component.decode(bytes, mode: .shallow)
        var summary = ValidateCommand.Summary(kind: "component", modules: 0, functions: 0)
        try withFrame("component") { () throws(WasmError) in
            try modules(in: component, features: features, summary: &summary)
        }
        return summary
    }

    /// Validates the core modules of `component` and of its nested components, in order.
    static func modules(in component: Component, features: Features,
                        summary: inout ValidateCommand.Summary) throws(WasmError) {
        var moduleIndex = 0
        var componentIndex = 0
        for section in component.sections {
            switch section {
            case .coreModule(let m):
                let info = try withFrame("core module \(moduleIndex)") { () throws(WasmError) in
                    try ModuleValidator.validate(m.bytes, features: features)
                }
                summary.modules += 1
                summary.functions += info.functionTypeIndices.count
                moduleIndex += 1
            case .component(let c):
                try withFrame("component \(componentIndex)") { () throws(WasmError) in
                    try modules(in: c, features: features, summary: &summary)
                }
                componentIndex += 1
            default:
                break
            }
        }
    }
}
