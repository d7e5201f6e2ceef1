/// Type expressions, type declarations, docs and gates.
extension WITPrinter {
    mutating func printTypeName(_ r: Resolve, _ t: WITType) {
        if let p = t.primitiveName {
            str(p)
            return
        }
        guard case .id(let id) = t else { return }
        let def = r.types[id.index]
        if let name = def.name {
            str(Self.escape(name))
            return
        }
        switch def.kind {
        case .handle(let h): printHandle(r, h, forceOwn: false)
        case .type(let inner): printTypeName(r, inner)
        case .record, .flags, .enum, .variant, .resource, .unknown:
            // Unnamed definitions do not occur in a resolved model.
            str("/* unnamed type */")
        case .tuple, .option, .result, .list, .fixedList, .map, .future, .stream:
            printAnonymous(r, def)
        }
    }

    mutating func printHandle(_ r: Resolve, _ h: Handle, forceOwn: Bool) {
        switch h {
        case .own(let res):
            if forceOwn { str("own<") }
            str(Self.escape(r.types[res.index].name ?? ""))
            if forceOwn { str(">") }
        case .borrow(let res):
            str("borrow<")
            str(Self.escape(r.types[res.index].name ?? ""))
            str(">")
        }
    }

    mutating func printResult(_ r: Resolve, _ ok: WITType?, _ err: WITType?) {
        switch (ok, err) {
        case (let o?, let e?):
            str("result<")
            printTypeName(r, o)
            str(", ")
            printTypeName(r, e)
            str(">")
        case (nil, let e?):
            str("result<_, ")
            printTypeName(r, e)
            str(">")
        case (let o?, nil):
            str("result<")
            printTypeName(r, o)
            str(">")
        case (nil, nil):
            str("result")
        }
    }

    /// `type x = …;`, `record x { … }`, etc.
    mutating func declareType(_ r: Resolve, _ t: TypeDef) {
        guard let name = t.name else { return }
        let n = Self.escape(name)
        switch t.kind {
        case .handle(let h):
            str("type \(n) = ")
            printHandle(r, h, forceOwn: true)
            semicolon()
        case .record(let fields):
            str("record \(n)")
            indentStart()
            for f in fields {
                printDocs(f.docs)
                str(Self.escape(f.name))
                str(": ")
                printTypeName(r, f.type)
                str(",")
                newline()
            }
            indentEnd()
        case .flags(let flags):
            str("flags \(n)")
            indentStart()
            for f in flags {
                printDocs(f.docs)
                str(Self.escape(f.name))
                str(",")
                newline()
            }
            indentEnd()
        case .variant(let cases):
            str("variant \(n)")
            indentStart()
            for c in cases {
                printDocs(c.docs)
                str(Self.escape(c.name))
                if let ct = c.type {
                    str("(")
                    printTypeName(r, ct)
                    str(")")
                }
                str(",")
                newline()
            }
            indentEnd()
        case .enum(let cases):
            str("enum \(n)")
            indentStart()
            for c in cases {
                printDocs(c.docs)
                str(Self.escape(c.name))
                str(",")
                newline()
            }
            indentEnd()
        case .tuple, .option, .result, .list, .fixedList, .map, .future, .stream, .type:
            str("type \(n) = ")
            if case .type(let inner) = t.kind {
                printTypeName(r, inner)
            } else {
                var anon = t
                anon.name = nil
                printAnonymous(r, anon)
            }
            semicolon()
        case .resource, .unknown:
            break
        }
    }

    /// Prints a definition's structure (not its name).
    mutating func printAnonymous(_ r: Resolve, _ t: TypeDef) {
        switch t.kind {
        case .tuple(let ts):
            str("tuple<")
            for (i, e) in ts.enumerated() {
                if i > 0 { str(", ") }
                printTypeName(r, e)
            }
            str(">")
        case .option(let e):
            str("option<")
            printTypeName(r, e)
            str(">")
        case .result(let o, let e): printResult(r, o, e)
        case .list(let e):
            str("list<")
            printTypeName(r, e)
            str(">")
        case .fixedList(let e, let n):
            str("list<")
            printTypeName(r, e)
            str(", \(n)>")
        case .map(let k, let v):
            str("map<")
            printTypeName(r, k)
            str(", ")
            printTypeName(r, v)
            str(">")
        case .future(let e):
            str("future")
            if let e {
                str("<")
                printTypeName(r, e)
                str(">")
            }
        case .stream(let e):
            str("stream")
            if let e {
                str("<")
                printTypeName(r, e)
                str(">")
            }
        default: break
        }
    }

    mutating func printDocs(_ d: Docs) {
        guard emitDocs, let contents = d.contents else { return }
        for line in PackageBuilder.rustLines(contents) {
            indentIfNeeded()
            out += "///"
            if !line.isEmpty {
                out += " "
                out += line
            }
            newline()
        }
    }

    mutating func printStability(_ s: Stability) {
        switch s {
        case .unknown: return
        case .stable(let since, let deprecated):
            str("@since(version = \(since))")
            newline()
            if let d = deprecated {
                str("@deprecated(version = \(d))")
                newline()
            }
        case .unstable(let feature, let deprecated):
            str("@unstable(feature = \(feature))")
            newline()
            if let d = deprecated {
                str("@deprecated(version = \(d))")
                newline()
            }
        }
    }

    mutating func printExternalID(_ id: String?) {
        guard let id else { return }
        var s = "@external-id(\""
        for u in id.unicodeScalars {
            let v = u.value
            let plain = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
                || u == "-" || u == "_" || u == "." || u == "/" || u == ":" || u == " "
            if plain {
                s.unicodeScalars.append(u)
                continue
            }
            switch u {
            case "\\": s += "\\\\"
            case "\"": s += "\\\""
            case "\n": s += "\\n"
            case "\r": s += "\\r"
            case "\t": s += "\\t"
            default: s += "\\u{\(String(v, radix: 16))}"
            }
        }
        s += "\")"
        str(s)
        newline()
    }

    static let keywords: Set<String> = [
        "use", "type", "func", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "float32", "float64",
        "char", "resource", "record", "flags", "variant", "enum", "bool", "string", "option", "result", "future", "stream",
        "list", "own", "borrow", "_", "as", "from", "static", "interface", "tuple", "world", "import", "export", "package",
        "with", "include", "constructor", "error-context", "async", "map",
    ]

    /// `%name` for names that are keywords.
    static func escape(_ name: String) -> String { keywords.contains(name) ? "%" + name : name }

    /// Escapes each part of a 🪺 nested name.
    static func escapePath(_ name: String, separator: Character) -> String {
        name.split(separator: separator, omittingEmptySubsequences: false).map { escape(String($0)) }
            .joined(separator: String(separator))
    }
}
