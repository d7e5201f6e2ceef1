import WasmCore

/// A command line parsed against a ``CommandSpec``.
struct ParsedArguments: Equatable, Sendable {
    var command: String
    /// Flags that were given (long names, e.g. `--json`).
    var flags: Set<String> = []
    /// Values of value-taking options, by long name, in order given.
    var values: [String: [String]] = [:]
    var positionals: [String] = []

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func value(_ name: String) -> String? { values[name]?.last }
    func allValues(_ name: String) -> [String] { values[name] ?? [] }
}

/// What the command line asks for.
enum Invocation: Equatable, Sendable {
    case help(command: String?)
    /// No arguments at all: a usage error that shows the general help (on standard error, exit
    /// status 2, as wasm-tools and other clap-based tools do).
    case missingCommand
    case version
    case run(ParsedArguments)
}

/// A usage error: one line of reason, plus the usage line to show.
struct UsageError: Error, Equatable, Sendable {
    let message: String
    let usage: String
}

enum ArgumentParser {
    /// Parses `args` (without the program name).
    static func parse(_ args: [String]) throws(UsageError) -> Invocation {
        let globalUsage = "wcomp <COMMAND> [OPTIONS] ...  (see `wcomp --help`)"
        guard let first = args.first else { return .missingCommand }
        switch first {
        case "--help", "-h": return .help(command: nil)
        case "--version", "-V": return .version
        case "help":
            if args.count > 2 { throw UsageError(message: "`help` takes at most one command name", usage: "wcomp help [COMMAND]") }
            if args.count == 2 {
                let name = args[1]
                guard WcompSpec.command(named: name) != nil else { throw unknownCommand(name, usage: "wcomp help [COMMAND]") }
                return .help(command: name)
            }
            return .help(command: nil)
        default:
            break
        }
        if first.hasPrefix("-") {
            let names = WcompSpec.globalOptions.flatMap { [$0.name] + ($0.short.map { [$0] } ?? []) }
            throw UsageError(message: "unknown option `\(first)`\(hint(first, names))", usage: globalUsage)
        }
        guard let spec = WcompSpec.command(named: first) else { throw unknownCommand(first, usage: globalUsage) }
        return try parse(Array(args.dropFirst()), for: spec)
    }

    static func unknownCommand(_ name: String, usage: String) -> UsageError {
        UsageError(message: "unknown command `\(name)`\(hint(name, WcompSpec.commands.map(\.name) + ["help"]))", usage: usage)
    }

    static func hint(_ word: String, _ candidates: [String]) -> String {
        closestName(to: word, in: candidates).map { " (did you mean `\($0)`?)" } ?? ""
    }

    /// Parses the arguments after the command name.
    static func parse(_ args: [String], for spec: CommandSpec) throws(UsageError) -> Invocation {
        var result = ParsedArguments(command: spec.name)
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let arg = args[i]
            i += 1
            if onlyPositionals || arg == "-" || !arg.hasPrefix("-") {
                result.positionals.append(arg)
                continue
            }
            if arg == "--" {
                onlyPositionals = true
                continue
            }
            var name = arg
            var inlineValue: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inlineValue = String(arg[arg.index(after: eq)...])
            }
            guard let option = spec.option(named: name) else {
                let names = spec.options.map(\.name)
                throw UsageError(message: "unknown option `\(name)` for `\(spec.name)`\(hint(name, names))", usage: spec.usage)
            }
            if option.name == "--help" { return .help(command: spec.name) }
            if let placeholder = option.value {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard i < args.count else {
                        throw UsageError(message: "option `\(option.name)` needs a value (\(placeholder))", usage: spec.usage)
                    }
                    value = args[i]
                    i += 1
                }
                if !option.repeatable, result.values[option.name] != nil {
                    throw UsageError(message: "option `\(option.name)` given more than once", usage: spec.usage)
                }
                result.values[option.name, default: []].append(value)
            } else {
                if inlineValue != nil {
                    throw UsageError(message: "option `\(option.name)` does not take a value", usage: spec.usage)
                }
                result.flags.insert(option.name)
            }
        }
        let required = spec.arguments.filter { !$0.optional }.count
        let variadic = spec.arguments.last?.variadic ?? false
        if result.positionals.count < required {
            let missing = spec.arguments[result.positionals.count].name
            throw UsageError(message: "missing argument \(missing)", usage: spec.usage)
        }
        if !variadic && result.positionals.count > spec.arguments.count {
            throw UsageError(message: "unexpected argument `\(result.positionals[spec.arguments.count])`", usage: spec.usage)
        }
        return .run(result)
    }
}
