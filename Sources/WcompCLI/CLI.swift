import WasmBinary

/// The `wcomp` command line: parses arguments, runs a command, maps outcomes to exit codes
/// (0 success, 1 invalid input or failed check, 2 usage or I/O error).
public enum CLI {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usageOrIO: Int32 = 2

    /// Runs the command line `args` (without the program name).
    public static func run(_ args: [String], console: Console) -> Int32 {
        let invocation: Invocation
        do {
            invocation = try ArgumentParser.parse(args)
        } catch {
            console.err.write("wcomp: \(error.message)\nUsage: \(error.usage)\n")
            return usageOrIO
        }
        switch invocation {
        case .missingCommand:
            console.err.write(Help.general())
            return usageOrIO
        case .version:
            console.out.write("wcomp \(WcompSpec.version)\n")
            return success
        case .help(let name):
            if let name, let spec = WcompSpec.command(named: name) {
                console.out.write(Help.command(spec))
            } else {
                console.out.write(Help.general())
            }
            return success
        case .run(let parsed):
            do {
                switch parsed.command {
                case "inspect": return try InspectCommand.run(parsed, console: console)
                case "validate": return try ValidateCommand.run(parsed, console: console)
                case "compose": return try ComposeCommand.run(parsed, console: console)
                case "print": return try PrintCommand.run(parsed, console: console)
                case "parse": return try ParseCommand.run(parsed, console: console)
                default:
                    console.err.write("wcomp: command `\(parsed.command)` is not available\n")
                    return usageOrIO
                }
            } catch {
                if error.kind == .usage, let spec = WcompSpec.command(named: parsed.command) {
                    // As the argument parser reports a usage error.
                    console.err.write("wcomp: \(error.message)\nUsage: \(spec.usage)\n")
                } else {
                    console.err.write(ErrorReport.text(error, command: parsed.command))
                }
                return exitCode(for: error)
            }
        }
    }

    static func exitCode(for error: WasmError) -> Int32 {
        switch error.kind {
        case .malformed, .invalid: return failure
        case .io, .usage: return usageOrIO
        }
    }
}
