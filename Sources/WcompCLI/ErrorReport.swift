import WIT
import WasmBinary
import WasmCore
import WasmText

/// How every command reports a failure, in text and in JSON, so that the same error reads the same way
/// whichever command met it.
enum ErrorReport {
    /// `storage` as a binary: text-format input (by content) goes through the text seam. A syntax error
    /// in the text is reported here as the command reports invalid input (with `--json`, a document of
    /// `jsonFields` and the error) and gives nil (exit 1); any other failure is thrown.
    static func binary(_ storage: ByteStorage, label: String, command: String, args: ParsedArguments,
                       console: Console, jsonFields: [(String, JSON)]) throws(WasmError) -> ByteStorage? {
        do {
            return try WasmText.binary(of: storage, label: label)
        } catch {
            guard error.kind == .malformed else { throw error }
            if args.has("--json") {
                console.out.write(JSON.object([("file", .string(label))] + jsonFields
                    + [("errors", .array([json(error)]))]).serialized())
            } else {
                console.err.write(text(error, command: command))
            }
            return nil
        }
    }

    /// `FILE: error: MESSAGE (func 12 "parse", `i32.add` at offset 0x3f1a) [CODE]`, then the structure
    /// path as `  in: component › core module 3 › ...` when there is one and `showPath` is set. An error
    /// not about one input names the command instead of a file (`wcomp compose: error: ...`).
    static func text(_ e: WasmError, command: String, showPath: Bool = true) -> String {
        // Text-format errors carry their own `file:line:col`, source line and caret.
        if e.code == .textSyntax { return e.message.hasSuffix("\n") ? e.message : e.message + "\n" }
        var where_: [String] = []
        if let f = e.path.function { where_.append(PathFrame.function(f.index, name: f.name).description) }
        var instruction: String?
        if case .instruction(let mnemonic)? = e.path.last { instruction = "`\(mnemonic)`" }
        if let o = e.offset {
            let at = "offset 0x\(String(o, radix: 16))"
            where_.append(instruction.map { "\($0) at \(at)" } ?? at)
        }
        var s = "\(e.file ?? "wcomp \(command)"): error: \(e.message)"
        if !where_.isEmpty { s += " (\(where_.joined(separator: ", ")))" }
        s += " [\(e.code.rawValue)]\n"
        if showPath && !e.path.isEmpty { s += "  in: \(e.pathDescription)\n" }
        return s
    }

    /// WIT diagnostics: those with a place in WIT text as `file:line:col: error: …` with the source
    /// line and a caret; the others (a binary's decoding errors, files that cannot be read) as any
    /// other error, with the offset, code and structure path they have, about `file` when they name
    /// no file themselves.
    static func text(_ failure: WITFailure, file: String?, command: String) -> String {
        var parts: [String] = []
        for d in failure.diagnostics {
            if failure.location(d) != nil {
                parts.append(DiagnosticRenderer.render(d, sources: failure.sources, unlocatedIn: file))
            } else {
                var e = d.wasmError(in: failure.sources)
                if e.file == nil { e.file = file }
                parts.append(text(e, command: command) + (d.hint.map { "  = hint: \($0)\n" } ?? ""))
            }
        }
        let s = parts.joined(separator: "\n")
        return s.hasSuffix("\n") ? s : s + "\n"
    }

    /// `{code, kind, message, file, offset, path, function}`; what is not known is null.
    static func json(_ e: WasmError) -> JSON {
        var function: JSON = .null
        if let f = e.path.function {
            function = .object([("index", .int(Int(f.index))), ("name", f.name.map { .string($0) } ?? .null)])
        }
        return .object([
            ("code", .string(e.code.rawValue)),
            // malformed | invalid | io | usage: a decode failure and a validation failure are told apart.
            ("kind", .string(e.kind.rawValue)),
            ("message", .string(e.message)),
            ("file", e.file.map { .string($0) } ?? .null),
            ("offset", e.offset.map { .int($0) } ?? .null),
            ("path", .array(e.path.map { .string($0.description) })),
            ("function", function),
        ])
    }

    /// WIT diagnostics as `{code, message, location: {file, line, column}, hint, offset, path}`
    /// (location, hint and offset null when unknown; offset and path are a binary's).
    static func json(_ failure: WITFailure) -> JSON {
        .array(failure.diagnostics.map { d in
            .object([
                ("code", .string(d.code.rawValue)),
                ("kind", .string(WasmError.Kind.invalid.rawValue)),  // the WIT input is invalid (exit 1)
                ("message", .string(d.message)),
                ("location", location(failure.location(d))),
                ("hint", d.hint.map { .string($0) } ?? .null),
                ("offset", d.offset.map { .int($0) } ?? .null),
                ("path", .array(d.path.map { .string($0.description) })),
            ])
        })
    }

    /// `{file, line, column}`, or null.
    static func location(_ l: SourceLocation?) -> JSON {
        guard let l else { return .null }
        return .object([("file", .string(l.file)), ("line", .int(l.line)), ("column", .int(l.column))])
    }
}

extension WasmError {
    /// This error, about input `file`.
    func `in`(_ file: String) -> WasmError {
        var e = self
        e.file = file
        return e
    }
}
