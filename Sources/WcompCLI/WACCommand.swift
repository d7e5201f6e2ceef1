import Compose
import WAC
import WIT
import WasmBinary
import WasmComponent

/// `wcomp compose DOC.wac [--deps DIR]... [--dep NS:NAME[@V]=PATH]... -o OUT [--dry-run] [--json] [--skip-validation]`.
enum WACCommand {
    static func run(_ args: ParsedArguments, path: String, storage: ByteStorage, options: ComposeOptions,
                    console: Console) throws(WasmError) -> Int32 {
        let dryRun = args.has("--dry-run")
        let json = args.has("--json")
        let outPath = args.value("--output")
        if args.positionals.count > 1 {
            throw WasmError(.usage, "a composition document names its packages itself: give only \(path) "
                            + "(and --deps DIR / --dep NS:NAME=PATH for where they are)", offset: nil, kind: .usage)
        }
        for flag in ["--wire", "--no-semver", "--emit-wac"] where args.has(flag) || !args.allValues(flag).isEmpty {
            throw WasmError(.usage, "\(flag) applies to a consumer and providers, not to a composition document",
                            offset: nil, kind: .usage)
        }
        if outPath == nil && !dryRun {
            throw WasmError(.usage, "compose needs -o OUT (or --dry-run to only print the plan)", offset: nil, kind: .usage)
        }
        if outPath == OutputFile.standardOutput && json && !dryRun {
            throw WasmError(.usage, "--json prints the plan on standard output, so it cannot be combined with -o - "
                            + "(write the component to a file)", offset: nil, kind: .usage)
        }
        guard storage.all.count <= WIT.maxFileSize else {
            throw WasmError(.io, "\(path) is larger than \(WIT.maxFileSize >> 20) MiB", offset: nil, kind: .io, file: path)
        }
        var dirs = args.allValues("--deps")
        if dirs.isEmpty {
            let dir = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            dirs = [(dir.isEmpty ? (path.hasPrefix("/") ? "" : ".") : dir) + "/deps"]
        }
        var overrides: [String: String] = [:]
        for d in args.allValues("--dep") {
            let (k, v) = try PackageResolver.parseOverride(d)
            overrides[k] = v
        }
        var bytes: [UInt8] = []
        storage.all.withUnsafeBytes { bytes = Array($0) }
        let resolver = PackageResolver(directories: dirs, overrides: overrides)
        func fail(_ f: WITFailure) -> Int32 {
            if json {
                console.out.write(JSON.object([("document", .string(path)), ("output", .null),
                                               ("errors", ErrorReport.json(f))]).serialized())
            } else {
                console.err.write(ErrorReport.text(f, file: path, command: "compose"))
            }
            return f.isIO ? CLI.usageOrIO : CLI.failure
        }
        let doc: WACComposition
        do {
            doc = try WACComposition.load(path: path, bytes: bytes, resolver: resolver, options: options)
            try doc.check()
        } catch {
            return fail(error)
        }
        var written: (String, Int)?
        if !dryRun || doc.targets != nil {
            let out: ComposedComponent
            do {
                out = try doc.composition.unvalidatedOutput()
            } catch {
                return fail(doc.failure(error))
            }
            if let t = doc.targets, let code = try targetCheck(doc, t, out, console: console, json: json, path: path, bytes: bytes) {
                return code
            }
            if !dryRun, let outPath {
                do {
                    try OutputFile.write(out.parts, to: outPath, refuseTerminal: true,
                                         checking: { () throws(WasmError) in try doc.composition.validate() })
                } catch {
                    guard error.kind == .invalid || error.kind == .malformed else { throw error }
                    return fail(doc.failure(error))
                }
                written = (outPath, out.count)
            } else if !dryRun {
                throw WasmError(.usage, "compose needs -o OUT (or --dry-run to only print the plan)", offset: nil, kind: .usage)
            }
        }
        if json {
            console.out.write(report(doc, path: path, written: written).serialized())
        } else if dryRun {
            console.out.write(text(doc))
        } else if let (p, n) = written, p != OutputFile.standardOutput {
            let plan = doc.composition.plan
            console.out.write("wrote \(p) (\(n) bytes): \(plan.inputs.count) instance\(plan.inputs.count == 1 ? "" : "s") of "
                              + "\(Set(doc.instances.map(\.path)).count) component\(Set(doc.instances.map(\.path)).count == 1 ? "" : "s"), "
                              + "\(plan.wires.count) wire\(plan.wires.count == 1 ? "" : "s"), \(plan.imports.count) import"
                              + "\(plan.imports.count == 1 ? "" : "s"), \(plan.exports.count) export\(plan.exports.count == 1 ? "" : "s")\n")
        }
        return CLI.success
    }

    /// `targets`: the result checked against the world; nil when it targets it.
    static func targetCheck(_ doc: WACComposition, _ t: (path: String, world: String, span: Span), _ out: ComposedComponent,
                            console: Console, json: Bool, path: String, bytes: [UInt8]) throws(WasmError) -> Int32? {
        let component = try Component.decode(ByteSlice(copying: out.bytes), mode: .shallow)
        let result: Result<WorldCheck.Report, WorldCheck.Failure>
        if t.path.isEmpty {
            // A world of the document itself: its declarations read as WIT, at their own lines.
            switch WIT.load(files: [(path, doc.witOfDocument)]) {
            case .success(let wit):
                result = try WorldCheck.check(component, wit: wit, witPath: path, world: t.world, semverCompatible: false,
                                              features: .all)
            case .failure(let f): result = .failure(.wit(f))
            }
        } else {
            result = try WorldCheck.check(component, witPath: t.path, world: t.world, semverCompatible: false, features: .all)
        }
        func report(_ d: WITDiagnostic, extra: String = "") -> Int32 {
            let f = WITFailure([d], sources: doc.sources)
            if json {
                console.out.write(JSON.object([("document", .string(path)), ("output", .null),
                                               ("errors", ErrorReport.json(f))]).serialized())
            } else {
                console.err.write(ErrorReport.text(f, file: path, command: "compose") + extra)
            }
            return CLI.failure
        }
        switch result {
        case .failure(.wit(let f)):
            if json {
                console.out.write(JSON.object([("document", .string(path)), ("output", .null),
                                               ("errors", ErrorReport.json(f))]).serialized())
            } else {
                console.err.write(ErrorReport.text(f, file: t.path.isEmpty ? path : t.path, command: "compose"))
            }
            return CLI.failure
        case .failure(.usage(let e)):
            return report(WITDiagnostic(.witUnknownName, e.message, at: t.span))
        case .success(let r):
            if r.targets { return nil }
            // At the document's import or export the first problem is about, else at `targets`.
            let first = r.problems[0].problem
            let at = (first.isImport ? doc.importNameSpans[first.name] : doc.exportNameSpans[first.name]) ?? t.span
            let what = first.kind == .typeMismatch
                ? "\(first.isImport ? "import" : "export") `\(first.name)` has a mismatched type for target world `\(r.worldName)`"
                : first.kind == .importNotInWorld ? "import `\(first.name)` is not in target world `\(r.worldName)`"
                : "the composition does not export `\(first.name)` of target world `\(r.worldName)`"
            var d = WITDiagnostic(.witInvalid, what + " (\(r.problems.count) problem\(r.problems.count == 1 ? "" : "s"))", at: at)
            d.hint = first.kind == .typeMismatch ? ([.text(first.name)] + first.path).rendered + ": " + first.message : nil
            return report(d, extra: WorldCheck.render(r, file: path))
        }
    }

    static func text(_ doc: WACComposition) -> String {
        let plan = doc.composition.plan
        var s = "instances (\(doc.instances.count)):\n"
        for (i, inst) in doc.instances.enumerated() {
            s += "  \(inst.name) = new \(inst.package) (\(inst.path))\n"
            for w in plan.wires where w.importer == i {
                let from = w.exportName.isEmpty ? doc.instances[w.provider].name
                    : "\(doc.instances[w.provider].name)[\"\(w.exportName)\"]"
                s += "    \(w.importName) ← \(from)\(w.match == .derived ? " [derived]" : "")\n"
            }
            for g in plan.imports where g.importers.contains(where: { $0.input == i }) {
                for imp in g.importers where imp.input == i { s += "    \(imp.name) ← import `\(g.name)`\n" }
            }
        }
        s += "\nimports of the result (\(plan.imports.count)):\n"
        for g in plan.imports { s += "  \(g.name) (\(g.kind))\n" }
        s += "\nexports of the result (\(plan.exports.count)):\n"
        for e in plan.exports {
            var from = doc.instances.indices.contains(e.input) ? doc.instances[e.input].name : "?"
            switch e.origin {
            case .export(let n)?: from += "[\"\(n)\"]"
            case .imported(let g)?: from = "import `\(plan.imports[g].name)`"
            case .type?: from = "a type declaration of the document"
            default: break
            }
            s += "  \(e.name) (\(e.kind)) ← \(from)\n"
        }
        return s
    }

    static func report(_ doc: WACComposition, path: String, written: (String, Int)?) -> JSON {
        let plan = doc.composition.plan
        return .object([
            ("document", .string(path)),
            ("instances", .array(doc.instances.map {
                .object([("name", .string($0.name)), ("package", .string($0.package)), ("file", .string($0.path))])
            })),
            ("wires", .array(plan.wires.map { w in
                .object([("instance", .string(doc.instances[w.importer].name)), ("import", .string(w.importName)),
                         ("kind", .string(w.kind.description)), ("from", .string(doc.instances[w.provider].name)),
                         ("export", w.exportName.isEmpty ? .null : .string(w.exportName)), ("match", .string(w.match.rawValue))])
            })),
            ("imports", .array(plan.imports.map { g in
                .object([("name", .string(g.name)), ("kind", .string(g.kind.description)),
                         ("importers", .array(g.importers.map {
                             .object([("instance", .string(doc.instances[$0.input].name)), ("name", .string($0.name))])
                         }))])
            })),
            ("exports", .array(plan.exports.map { e in
                .object([("name", .string(e.name)), ("kind", .string(e.kind.description)),
                         ("from", .string(doc.instances.indices.contains(e.input) ? doc.instances[e.input].name : ""))])
            })),
            ("output", written.map { .object([("file", .string($0.0)), ("size", .int($0.1))]) } ?? .null),
            ("errors", .array([])),
        ])
    }
}
