import WasmComponent

/// Type expressions, type declarations, docs and gates.
extension WITPrinter {
    mutating func printTypeName(_ r: Resolve, _ t: WITType) { str(Self.typeName(r, t)) }

    /// A type reference in WIT syntax: its (escaped) name, or the structure of an anonymous type
    /// (spelled by ``WITSyntax``).
    static func typeName(_ r: Resolve, _ t: WITType) -> String {
        if let p = t.primitiveName { return p }
        guard case .id(let id) = t else { return "" }
        let def = r.types[id.index]
        if let name = def.name { return escape(name) }
        switch def.kind {
        case .handle(let h): return handle(r, h, forceOwn: false)
        case .type(let inner): return typeName(r, inner)
        case .record, .flags, .enum, .variant, .resource, .unknown:
            // Unnamed definitions do not occur in a resolved model.
            return "/* unnamed type */"
        case .tuple, .option, .result, .list, .fixedList, .map, .future, .stream:
            return anonymous(r, def)
        }
    }

    static func handle(_ r: Resolve, _ h: Handle, forceOwn: Bool) -> String {
        switch h {
        case .own(let res):
            let name = escape(r.types[res.index].name ?? "")
            return forceOwn ? WITSyntax.render(.own(name)) : name
        case .borrow(let res): return WITSyntax.render(.borrow(escape(r.types[res.index].name ?? "")))
        }
    }

    /// `type x = …;`, `record x { … }`, etc.
    mutating func declareType(_ r: Resolve, _ t: TypeDef) {
        guard let name = t.name else { return }
        let n = Self.escape(name)
        switch t.kind {
        case .handle(let h):
            str("type \(n) = ")
            str(Self.handle(r, h, forceOwn: true))
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
                str(Self.anonymous(r, anon))
            }
            semicolon()
        case .resource, .unknown:
            break
        }
    }

    /// A definition's structure (not its name).
    static func anonymous(_ r: Resolve, _ t: TypeDef) -> String {
        func n(_ x: WITType) -> String { typeName(r, x) }
        switch t.kind {
        case .tuple(let ts): return WITSyntax.render(.tuple(ts.map(n)))
        case .option(let e): return WITSyntax.render(.option(n(e)))
        case .result(let o, let e): return WITSyntax.render(.result(ok: o.map(n), err: e.map(n)))
        case .list(let e): return WITSyntax.render(.list(n(e)))
        case .fixedList(let e, let count): return WITSyntax.render(.fixedList(n(e), count))
        case .map(let k, let v): return WITSyntax.render(.map(n(k), n(v)))
        case .future(let e): return WITSyntax.render(.future(e.map(n)))
        case .stream(let e): return WITSyntax.render(.stream(e.map(n)))
        default: return ""
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
