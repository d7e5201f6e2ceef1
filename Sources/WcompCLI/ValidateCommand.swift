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
import WasmCore
import WasmText

/// `wcomp validate FILE [--features LIST] [--json] [--verbose] [--wit PATH [--world NAME] [--semver-compatible]]`.
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
        if args.value("--wit") == nil {
            for flag in ["--world", "--semver-compatible"] where args.has(flag) || args.value(flag) != nil {
                throw WasmError(.usage, "\(flag) only applies with --wit PATH (the WIT to check against)", offset: nil,
                                kind: .usage)
            }
        }
        let features = try Features.parse(args.allValues("--features").joined(separator: ","))
        let started = monotonicSeconds()
        var storage: ByteStorage
        do {
            storage = try ByteStorage.load(path: path, expect: .wasmOrText)
        } catch {
            throw error.in(label)
        }
        guard let binary = try ErrorReport.binary(storage, label: label, command: "validate", args: args, console: console,
                                                  jsonFields: [("valid", .bool(false)), ("kind", .string("module"))])
        else { return CLI.failure }
        storage = binary
        let isComponent = BinaryKind.detect(storage.all) == .component
        let kind = isComponent ? "component" : "module"
        if let wit = args.value("--wit") {
            guard isComponent else {
                throw WasmError(.usage, "--wit checks a component against a WIT world, but \(label) is not a component",
                                offset: nil, kind: .usage)
            }
            return try runWorldCheck(storage.all, label: label, wit: wit, args: args, features: features,
                                     console: console, started: started)
        }
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
                    ("errors", .array([ErrorReport.json(error.in(label))])),
                ]).serialized())
            } else {
                console.err.write(ErrorReport.text(error.in(label), command: "validate"))
            }
            return CLI.failure
        }
    }

    /// `--wit`: validates the component and checks it against the world; every problem is printed,
    /// grouped, with the WIT location it concerns. Exit 1 when the component is invalid, the WIT does
    /// not resolve, or the component does not target the world.
    static func runWorldCheck(_ bytes: ByteSlice, label: String, wit: String, args: ParsedArguments,
                              features: Features, console: Console, started: Double) throws(WasmError) -> Int32 {
        let json = args.has("--json")
        let result: Result<WorldCheck.Report, WorldCheck.Failure>
        do {
            let component = try Component.decode(bytes, mode: .shallow)
            result = try WorldCheck.check(component, witPath: wit, world: args.value("--world"),
                                          semverCompatible: args.has("--semver-compatible"), features: features)
        } catch {
            guard error.kind == .malformed || error.kind == .invalid else { throw error }
            if json {
                console.out.write(JSON.object([
                    ("file", .string(label)), ("valid", .bool(false)), ("kind", .string("component")),
                    ("errors", .array([ErrorReport.json(error.in(label))])),
                ]).serialized())
            } else {
                console.err.write(ErrorReport.text(error.in(label), command: "validate"))
            }
            return CLI.failure
        }
        switch result {
        case .failure(.usage(let e)):
            throw e
        case .failure(.wit(let f)):
            if json {
                console.out.write(JSON.object([
                    ("file", .string(label)), ("wit", .string(wit)), ("witErrors", ErrorReport.json(f)),
                ]).serialized())
            } else {
                console.err.write(ErrorReport.text(f, file: wit, command: "validate"))
            }
            return f.isIO ? CLI.usageOrIO : CLI.failure
        case .success(let report):
            if json {
                console.out.write(JSON.object([
                    ("file", .string(label)), ("valid", .bool(true)), ("kind", .string("component")),
                    ("errors", .array([])), ("world", WorldCheck.json(report)),
                ]).serialized())
            } else if !report.targets {
                console.err.write(WorldCheck.render(report, file: label))
            } else if args.has("--verbose") {
                let seconds = monotonicSeconds() - started
                console.out.write("\(label): valid component, targets world `\(report.worldName)` (\(formatSeconds(seconds)))\n")
            }
            return report.targets ? CLI.success : CLI.failure
        }
    }

    static func moduleSummary(_ bytes: ByteSlice, features: Features) throws(WasmError) -> Summary {
        let m = try ModuleValidator.validate(bytes, features: features)
        return Summary(kind: "core module", modules: 1, functions: m.functionTypeIndices.count)
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

/// Validation of components: `ComponentValidator` (WasmComponent/Validation) checks the component
/// and validates every nested core module with `ModuleValidator` as it reaches it.
enum ComponentValidation {
    static func validate(_ bytes: ByteSlice, features: Features) throws(WasmError) -> ValidateCommand.Summary {
        let s = try ComponentValidator(features: features).validate(bytes: bytes)
        return ValidateCommand.Summary(kind: "component", modules: s.coreModules, functions: s.coreFunctions)
    }
}
