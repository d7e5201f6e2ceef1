import Compose
import WAC
import WasmBinary
import WasmComponent

/// `wcomp compose CONSUMER PROVIDER... -o OUT [--dry-run] [--json] [--wire ...] [--no-semver] [--skip-validation]`.
/// Planning, type checking and building live in the Compose library; this only reads, prints and writes.
enum ComposeCommand {
    static func run(_ args: ParsedArguments, console: Console) throws(WasmError) -> Int32 {
        let options = ComposeOptions(semver: !args.has("--no-semver"), validate: !args.has("--skip-validation"))
        let paths = args.positionals
        if paths.contains("-") {
            throw WasmError(.usage, "compose reads files, not standard input", offset: nil, kind: .usage)
        }
        if let first = paths.first {
            let storage = try loadFirst(first)
            if WACComposition.isDocument(storage.all) {
                return try WACCommand.run(args, path: first, storage: storage, options: options, console: console)
            }
        }
        if paths.count < 2 {
            throw WasmError(.usage, "missing argument PROVIDER: compose needs a consumer and at least one provider, "
                            + "or a composition document (\(paths.first ?? "CONSUMER") is a component)", offset: nil, kind: .usage)
        }
        return try runPlug(args, options: options, console: console)
    }

    static func runPlug(_ args: ParsedArguments, options: ComposeOptions, console: Console) throws(WasmError) -> Int32 {
        var options = options
        let dryRun = args.has("--dry-run")
        let json = args.has("--json")
        let outPath = args.value("--output")
        if outPath == nil && !dryRun {
            throw WasmError(.usage, "compose needs -o OUT (or --dry-run to only print the plan)", offset: nil, kind: .usage)
        }
        let toStdout = outPath == OutputFile.standardOutput && !dryRun
        if toStdout && json {
            throw WasmError(.usage, "--json prints the plan on standard output, so it cannot be combined with -o - "
                            + "(write the component to a file)", offset: nil, kind: .usage)
        }
        let paths = args.positionals
        if paths.contains("-") {
            throw WasmError(.usage, "compose reads files, not standard input", offset: nil, kind: .usage)
        }
        for flag in ["--deps", "--dep"] where !args.allValues(flag).isEmpty {
            throw WasmError(.usage, "\(flag) applies to a composition document (the first argument is a component)",
                            offset: nil, kind: .usage)
        }
        if args.has("--emit-wac") && !dryRun {
            throw WasmError(.usage, "--emit-wac prints a document instead of the plan: it needs --dry-run", offset: nil, kind: .usage)
        }
        for text in args.allValues("--wire") {
            options.wires.append(try WireRequest.parse(text, providers: Array(paths.dropFirst())))
        }
        var inputs: [ComposeInput] = []
        for p in paths { inputs.append(try ComposeInput.load(path: p)) }

        var composition: Composition?
        var written: (path: String, size: Int)?
        do {
            let c = try Composition(consumer: inputs[0], providers: Array(inputs.dropFirst()), options: options)
            composition = c
            for w in c.plan.warnings { console.err.write("wcomp: warning: \(w)\n") }
            if dryRun {
                try c.check()
                if args.has("--emit-wac") {
                    console.out.write(EmitWAC.document(c.plan, paths: paths, inputs: inputs))
                    return CLI.success
                }
            } else if let outPath {
                // The result is checked (wires, then inputs) while it is written and flushed; it
                // appears only if the checks pass.
                let out = try c.unvalidatedOutput()
                try OutputFile.write(out.parts, to: outPath, refuseTerminal: true,
                                     checking: { () throws(WasmError) in try c.validate() })
                written = (outPath, out.count)
            }
        } catch {
            guard error.kind == .invalid || error.kind == .malformed else { throw error }
            if json {
                console.out.write(ComposeReport.json(composition?.plan, paths: paths, written: nil, error: error).serialized())
            } else {
                if dryRun, let plan = composition?.plan { console.out.write(ComposeReport.text(plan)) }
                console.err.write(ComposeReport.text(error))
            }
            return CLI.failure
        }
        guard let plan = composition?.plan else { return CLI.failure }
        if json {
            console.out.write(ComposeReport.json(plan, paths: paths, written: written, error: nil).serialized())
        } else if dryRun {
            console.out.write(ComposeReport.text(plan))
        } else if let written, !toStdout {
            let used = plan.inputs.filter(\.used).count - 1
            let added = plan.exports.filter { $0.input != 0 }
            var line = "wrote \(written.path) (\(written.size) bytes): \(plan.label(0)) with \(used) "
                + "provider\(used == 1 ? "" : "s"), \(plan.wires.count) wire\(plan.wires.count == 1 ? "" : "s"), "
                + "\(plan.imports.count) import\(plan.imports.count == 1 ? "" : "s") left"
            if !added.isEmpty {
                line += "; also exports " + ComposeReport.list(added.map(\.name)) + " (whose types the consumer's exports use)"
            }
            console.out.write(line + "\n")
        }
        return CLI.success
    }
}

extension ComposeCommand {
    static func loadFirst(_ path: String) throws(WasmError) -> ByteStorage {
        do {
            return try ByteStorage.load(path: path, expect: .wasm)
        } catch {
            var e = error
            e.file = path
            throw e
        }
    }
}

/// Text and JSON renderings of a composition plan.
enum ComposeReport {
    static func text(_ plan: CompositionPlan) -> String {
        var s = "consumer: \(plan.label(0))\n"
        for (k, input) in plan.inputs.enumerated().dropFirst() {
            s += "provider \(k): \(input.label)\(input.used ? "" : " (unused)")\n"
        }
        s += "\nwires (\(plan.wires.count)):\n"
        for w in plan.wires {
            let how = w.match == .exact ? "" : " [\(w.match.rawValue)]"
            let what = w.member.map { "\(w.exportName), its type `\($0)`" } ?? w.exportName
            s += "  \(plan.label(w.importer)): \(w.importName)\n    ← \(plan.label(w.provider)): \(what)\(how)\n"
        }
        s += "\nimports of the result (\(plan.imports.count)):\n"
        for i in plan.imports {
            var from: [String] = []
            for importer in i.importers {
                let label = plan.label(importer.input)
                from.append(importer.name == i.name ? label : "\(label) as \(importer.name)")
            }
            s += "  \(i.name) (\(i.kind)) ← \(from.joined(separator: ", "))\n"
        }
        s += "\nexports of the result (\(plan.exports.count)):\n"
        for e in plan.exports {
            s += "  \(e.name) (\(e.kind))"
            if e.input != 0 {
                s += " ← \(plan.label(e.input)), added: " + ComposeReport.list(e.neededBy) + " use"
                    + (e.neededBy.count == 1 ? "s" : "") + " its types"
            }
            s += "\n"
        }
        s += "\ninstantiation order: " + plan.order.map { plan.label($0) }.joined(separator: " → ") + "\n"
        if !plan.warnings.isEmpty {
            s += "\nwarnings:\n"
            for w in plan.warnings { s += "  \(w)\n" }
        }
        return s
    }

    /// `a`, `a` and `b`, `a`, `b` and `c` (names in backquotes).
    static func list(_ names: [String]) -> String {
        let quoted = names.map { "`\($0)`" }
        guard quoted.count > 1, let last = quoted.last else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " and " + last
    }

    /// A composition error's message already walks the path to the difference (in the user's terms),
    /// so only other errors show the structure path.
    static func text(_ e: WasmError) -> String {
        let explained = e.code.rawValue.hasPrefix("compose-") && e.code != .composeInvalidOutput
        return ErrorReport.text(e, command: "compose", showPath: !explained)
    }

    static func json(_ plan: CompositionPlan?, paths: [String], written: (path: String, size: Int)?, error: WasmError?) -> JSON {
        var fields: [(String, JSON)] = [("consumer", .string(paths.first ?? ""))]
        fields.append(("providers", .array(paths.dropFirst().enumerated().map { k, p in
            .object([("position", .int(k + 1)), ("file", .string(p)),
                     ("used", plan.map { .bool($0.inputs[k + 1].used) } ?? .null)])
        })))
        if let plan {
            fields.append(("wires", .array(plan.wires.map { w in
                .object([("importer", .string(plan.label(w.importer))), ("import", .string(w.importName)),
                         ("kind", .string(w.kind.description)), ("provider", .string(plan.label(w.provider))),
                         ("providerPosition", .int(w.provider)), ("export", .string(w.exportName)),
                         ("type", w.member.map { .string($0) } ?? .null), ("match", .string(w.match.rawValue))])
            })))
            fields.append(("imports", .array(plan.imports.map { i in
                .object([("name", .string(i.name)), ("kind", .string(i.kind.description)),
                         ("importers", .array(i.importers.map {
                             .object([("file", .string(plan.label($0.input))), ("name", .string($0.name))])
                         }))])
            })))
            fields.append(("exports", .array(plan.exports.map {
                .object([("name", .string($0.name)), ("kind", .string($0.kind.description)),
                         ("from", .string(plan.label($0.input))), ("neededBy", .array($0.neededBy.map { .string($0) }))])
            })))
            fields.append(("order", .array(plan.order.map { .string(plan.label($0)) })))
            fields.append(("warnings", .array(plan.warnings.map { .string($0) })))
        }
        fields.append(("output", written.map { .object([("file", .string($0.path)), ("size", .int($0.size))]) } ?? .null))
        fields.append(("errors", .array(error.map { [ErrorReport.json($0)] } ?? [])))
        return .object(fields)
    }
}
