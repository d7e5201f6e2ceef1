import WasmComponent

/// Types, functions, gates and docs inside one package.
extension PackageBuilder {
    /// Structural key of an anonymous type (anonymous types are shared within a package).
    enum AnonKey: Hashable {
        case tuple([WITType])
        case list(WITType)
        case fixedList(WITType, UInt32)
        case map(WITType, WITType)
        case option(WITType)
        case result(WITType?, WITType?)
        case future(WITType?)
        case stream(WITType?)
        case borrow(TypeID)
    }

    static func collectDependencies(_ body: AST.TypeBody, _ out: inout [AST.Ident]) {
        switch body {
        case .alias(let t): collect(t, &out)
        case .record(let fields): for f in fields { collect(f.type, &out) }
        case .variant(let cases): for c in cases { if let t = c.type { collect(t, &out) } }
        case .flags, .enum, .resource: break
        }
    }

    static func collect(_ t: AST.TypeRef, _ out: inout [AST.Ident]) {
        switch t {
        case .primitive: break
        case .name(let i), .own(let i, _), .borrow(let i, _): out.append(i)
        case .list(let e, _), .fixedList(let e, _, _), .option(let e, _): collect(e, &out)
        case .map(let k, let v, _): collect(k, &out); collect(v, &out)
        case .tuple(let ts, _): for e in ts { collect(e, &out) }
        case .result(let ok, let err, _):
            if let ok { collect(ok, &out) }
            if let err { collect(err, &out) }
        case .future(let e, _), .stream(let e, _): if let e { collect(e, &out) }
        }
    }

    mutating func resolveTypeDef(_ body: AST.TypeBody, name: AST.Ident, stability: Stability) throws(WITDiagnostic) -> TypeDefKind {
        switch body {
        case .alias(let t):
            return try resolveKind(t, stability: stability)
        case .resource:
            return .resource
        case .record(let fields):
            if fields.isEmpty {
                throw WITDiagnostic(.witInvalid, "empty record", at: name.span, hint: "a record needs at least one field")
            }
            var names = UniqueNames(what: "field")
            var out: [Field] = []
            for f in fields {
                try names.add(f.name)
                out.append(Field(name: f.name.name, type: try resolveType(f.type, stability: stability),
                                 docs: Self.docs(f.docs, sources), span: f.name.span))
            }
            return .record(out)
        case .flags(let flags):
            if flags.isEmpty {
                throw WITDiagnostic(.witInvalid, "empty flags", at: name.span, hint: "flags need at least one flag")
            }
            var names = UniqueNames(what: "flag")
            var out: [NamedCase] = []
            for f in flags {
                try names.add(f.name)
                if out.count == 32 {
                    throw WITDiagnostic(.witLimit, "cannot have more than 32 flags", at: f.name.span,
                                        hint: "split the flags into several `flags` types")
                }
                out.append(NamedCase(name: f.name.name, docs: Self.docs(f.docs, sources), span: f.name.span))
            }
            return .flags(out)
        case .variant(let cases):
            if cases.isEmpty {
                throw WITDiagnostic(.witInvalid, "empty variant", at: name.span, hint: "a variant needs at least one case")
            }
            var names = UniqueNames(what: "case")
            var out: [VariantCase] = []
            for c in cases {
                try names.add(c.name)
                let t: WITType? = if let ct = c.type { try resolveType(ct, stability: stability) } else { nil }
                out.append(VariantCase(name: c.name.name, type: t, docs: Self.docs(c.docs, sources), span: c.name.span))
            }
            return .variant(out)
        case .enum(let cases):
            if cases.isEmpty {
                throw WITDiagnostic(.witInvalid, "empty enum", at: name.span, hint: "an enum needs at least one case")
            }
            var names = UniqueNames(what: "case")
            var out: [NamedCase] = []
            for c in cases {
                try names.add(c.name)
                out.append(NamedCase(name: c.name.name, docs: Self.docs(c.docs, sources), span: c.name.span))
            }
            return .enum(out)
        }
    }

    /// The definition a type expression stands for.
    mutating func resolveKind(_ t: AST.TypeRef, stability: Stability) throws(WITDiagnostic) -> TypeDefKind {
        switch t {
        case .primitive(let p, _): return .type(Self.primitive(p))
        case .name(let n): return .type(.id(try lookupType(n)))
        case .list(let e, _): return .list(try resolveType(e, stability: stability))
        case .fixedList(let e, let n, _): return .fixedList(try resolveType(e, stability: stability), n)
        case .map(let k, let v, let s):
            let key = try resolveType(k, stability: stability)
            let value = try resolveType(v, stability: stability)
            switch key {
            case .bool, .u8, .u16, .u32, .u64, .s8, .s16, .s32, .s64, .char, .string: break
            default:
                throw WITDiagnostic(.witInvalid,
                                    "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string",
                                    at: s, hint: "use the primitive type itself as the key, not a named alias")
            }
            return .map(key, value)
        case .own(let r, _): return .handle(.own(try validateResource(r)))
        case .borrow(let r, _): return .handle(.borrow(try validateResource(r)))
        case .tuple(let ts, let s):
            if ts.isEmpty { throw WITDiagnostic(.witInvalid, "empty tuple", at: s, hint: "a tuple needs at least one type") }
            var out: [WITType] = []
            for e in ts { out.append(try resolveType(e, stability: stability)) }
            return .tuple(out)
        case .option(let e, _): return .option(try resolveType(e, stability: stability))
        case .result(let ok, let err, _):
            let o: WITType? = if let ok { try resolveType(ok, stability: stability) } else { nil }
            let e: WITType? = if let err { try resolveType(err, stability: stability) } else { nil }
            return .result(ok: o, err: e)
        case .future(let e, _):
            let inner: WITType? = if let e { try resolveType(e, stability: stability) } else { nil }
            return .future(inner)
        case .stream(let e, _):
            let inner: WITType? = if let e { try resolveType(e, stability: stability) } else { nil }
            return .stream(inner)
        }
    }

    static func primitive(_ p: AST.Primitive) -> WITType {
        switch p {
        case .bool: return .bool
        case .u8: return .u8
        case .u16: return .u16
        case .u32: return .u32
        case .u64: return .u64
        case .s8: return .s8
        case .s16: return .s16
        case .s32: return .s32
        case .s64: return .s64
        case .f32: return .f32
        case .f64: return .f64
        case .char: return .char
        case .string: return .string
        case .errorContext: return .errorContext
        }
    }

    /// A type expression as a ``WITType`` (anonymous types interned).
    mutating func resolveType(_ t: AST.TypeRef, stability: Stability) throws(WITDiagnostic) -> WITType {
        let kind = try resolveKind(t, stability: stability)
        let key: AnonKey
        switch kind {
        case .type(let inner): return inner
        case .handle(.own(let r)): return .id(r)
        case .handle(.borrow(let r)): key = .borrow(r)
        case .tuple(let ts): key = .tuple(ts)
        case .list(let e): key = .list(e)
        case .fixedList(let e, let n): key = .fixedList(e, n)
        case .map(let k, let v): key = .map(k, v)
        case .option(let e): key = .option(e)
        case .result(let o, let e): key = .result(o, e)
        case .future(let e): key = .future(e)
        case .stream(let e): key = .stream(e)
        default:
            out.types.append(TypeDef(name: nil, kind: kind, owner: .none, docs: Docs(),
                                     stability: findStability(kind, stability), span: t.span, externalID: nil))
            return .id(TypeID(index: out.types.count - 1))
        }
        if let id = anonTypes[key] { return .id(id) }
        out.types.append(TypeDef(name: nil, kind: kind, owner: .none, docs: Docs(), stability: findStability(kind, stability),
                                 span: t.span, externalID: nil))
        let id = TypeID(index: out.types.count - 1)
        anonTypes[key] = id
        return .id(id)
    }

    /// An anonymous type inherits the first known stability of the types it mentions.
    func findStability(_ kind: TypeDefKind, _ stability: Stability) -> Stability {
        guard stability.isUnknown else { return stability }
        func of(_ t: WITType?) -> Stability? {
            guard case .id(let id)? = t else { return nil }
            let s = out.types[id.index].stability
            return s.isUnknown ? nil : s
        }
        switch kind {
        case .type(let t): return of(t) ?? .unknown
        case .handle(let h): return of(.id(h.resource)) ?? .unknown
        case .tuple(let ts): return ts.lazy.compactMap { of($0) }.first ?? .unknown
        case .list(let t), .fixedList(let t, _), .option(let t): return of(t) ?? .unknown
        case .map(let k, let v): return of(k) ?? of(v) ?? .unknown
        case .future(let t), .stream(let t): return of(t) ?? .unknown
        case .result(let o, let e): return of(o) ?? of(e) ?? .unknown
        default: return .unknown
        }
    }

    func lookupType(_ n: AST.Ident) throws(WITDiagnostic) -> TypeID {
        switch scope[n.name] {
        case .type(let id, _)?: return id
        case .item(let what, _)?:
            throw WITDiagnostic(.witInvalid, "cannot use \(what) `\(n.name)` as a type", at: n.span)
        case nil:
            var hint = Suggest.hint(for: n.name, among: scope.keys + Suggest.builtinTypes)
            if n.name == "float32" || n.name == "float64" {
                hint = "the `\(n.name)` type has been renamed to `\(n.name == "float32" ? "f32" : "f64")`"
            }
            throw WITDiagnostic(.witUnknownName, "name `\(n.name)` does not exist", at: n.span, hint: hint)
        }
    }

    /// The type named in `own<…>`/`borrow<…>` must be a resource (checked after linking when it
    /// comes from another package).
    mutating func validateResource(_ n: AST.Ident) throws(WITDiagnostic) -> TypeID {
        let id = try lookupType(n)
        var cur = id
        var steps = 0
        while steps <= out.types.count {
            steps += 1
            switch out.types[cur.index].kind {
            case .resource: return id
            case .type(.id(let next)): cur = next
            case .unknown:
                out.requiredResourceTypes.append((cur, n.span))
                return id
            default:
                throw WITDiagnostic(.witInvalid, "type `\(n.name)` used in a handle must be a resource", at: n.span,
                                    hint: "`own<T>` and `borrow<T>` take a resource type")
            }
        }
        return id
    }

    mutating func resolveFunction(_ f: AST.NamedFunc, name: String, kind: FunctionKind) throws(WITDiagnostic) -> Function {
        let docs = Self.docs(f.docs, sources)
        let stability = try stabilityOf(f.attributes)
        let externalID = try externalIDOf(f.attributes)
        var params: [Param] = []
        var seen: [String: Span] = [:]
        switch kind {
        case .method(let r), .asyncMethod(let r):
            let bkind = TypeDefKind.handle(.borrow(r))
            let selfType: WITType
            if let id = anonTypes[.borrow(r)] {
                selfType = .id(id)
            } else {
                out.types.append(TypeDef(name: nil, kind: bkind, owner: .none, docs: Docs(),
                                         stability: findStability(bkind, .unknown), span: f.function.span, externalID: nil))
                let id = TypeID(index: out.types.count - 1)
                anonTypes[.borrow(r)] = id
                selfType = .id(id)
            }
            params.append(Param(name: "self", type: selfType, span: f.function.span))
            seen["self"] = f.function.span
        default: break
        }
        for (pname, ptype) in f.function.params {
            if seen[pname.name.lowercased()] != nil {
                throw WITDiagnostic(.witDuplicateName, "param `\(pname.name)` is defined more than once", at: pname.span,
                                    hint: pname.name == "self" ? "methods already receive `self: borrow<\(resourceName(kind))>`" : nil)
            }
            seen[pname.name.lowercased()] = pname.span
            params.append(Param(name: pname.name, type: try resolveType(ptype, stability: .unknown), span: pname.span))
        }
        var result: WITType?
        if case .constructor(let r) = kind {
            if let rt = f.function.result {
                result = try resolveConstructorResult(resource: r, rt)
            } else {
                result = .id(r)
            }
        } else if let rt = f.function.result {
            result = try resolveType(rt, stability: .unknown)
        }
        return Function(name: name, kind: kind, params: params, result: result, docs: docs, stability: stability,
                        span: f.name.span, externalID: externalID)
    }

    func resourceName(_ kind: FunctionKind) -> String {
        guard let r = kind.resource else { return "T" }
        return out.types[r.index].name ?? "T"
    }

    mutating func resolveConstructorResult(resource: TypeID, _ t: AST.TypeRef) throws(WITDiagnostic) -> WITType {
        let result = try resolveType(t, stability: .unknown)
        guard case .id(let rid) = result, case .result(let ok, _) = out.types[rid.index].kind else {
            throw WITDiagnostic(.witInvalid, "if a constructor return type is declared it must be a `result`", at: t.span,
                                hint: "write `constructor(…) -> result<\(out.types[resource.index].name ?? "r"), error-type>` or omit the return type")
        }
        if case .id(let okID)? = ok, okID == resource { return result }
        var okSpan = t.span
        if case .result(let okAST?, _, _) = t { okSpan = okAST.span }
        throw WITDiagnostic(.witInvalid, "the `ok` type must be the resource being constructed", at: okSpan,
                            hint: "use `\(out.types[resource.index].name ?? "the resource")` as the `ok` type")
    }

    // MARK: Gates, external ids, docs

    func stabilityOf(_ attrs: [AST.Attribute]) throws(WITDiagnostic) -> Stability {
        var since: (Version, Span)?
        var deprecated: (Version, Span)?
        var unstable: (String, Span)?
        for a in attrs {
            switch a {
            case .since(let s, let v):
                if since != nil { throw WITDiagnostic(.witFeatureGate, "cannot specify @since twice", at: s) }
                since = (v, s)
            case .deprecated(let s, let v):
                if deprecated != nil { throw WITDiagnostic(.witFeatureGate, "cannot specify @deprecated twice", at: s) }
                deprecated = (v, s)
            case .unstable(let s, let f):
                if unstable != nil { throw WITDiagnostic(.witFeatureGate, "cannot specify @unstable twice", at: s) }
                unstable = (f.name, s)
            case .externalID: break
            }
        }
        switch (since, deprecated, unstable) {
        case (let s?, let d, nil): return .stable(since: s.0, deprecated: d?.0)
        case (nil, let d, let u?): return .unstable(feature: u.0, deprecated: d?.0)
        case (let s?, _, _?):
            throw WITDiagnostic(.witFeatureGate, "cannot specify both @since and @unstable", at: s.1,
                                hint: "an item is either released (`@since`) or unstable (`@unstable`)")
        case (nil, let d?, nil):
            throw WITDiagnostic(.witFeatureGate, "cannot specify @deprecated without @since or @unstable", at: d.1,
                                hint: "add `@since(version = …)` to say when the item was introduced")
        case (nil, nil, nil): return .unknown
        }
    }

    func externalIDOf(_ attrs: [AST.Attribute]) throws(WITDiagnostic) -> String? {
        var result: String?
        for case .externalID(let s, let v) in attrs {
            if result != nil { throw WITDiagnostic(.witFeatureGate, "cannot specify @external-id twice", at: s) }
            result = v
        }
        return result
    }

    /// Doc text from comments, as wasm-tools computes it: comment markers stripped, common
    /// indentation removed, trailing blank lines dropped.
    static func docs(_ d: AST.Docs, _ sources: SourceMap) -> Docs {
        guard !d.comments.isEmpty, d.file >= 0, Int(d.file) < sources.files.count else { return Docs() }
        let bytes = sources.files[Int(d.file)].bytes
        var lines: [Substring] = []
        for r in d.comments {
            let text = String(decoding: bytes[r], as: UTF8.self)
            var body: Substring
            if text.hasPrefix("/**") {
                body = text.dropFirst(3)
                if body.hasSuffix("*/") { body = body.dropLast(2) } else { body = "" }
            } else {
                body = Substring(text)
                while body.first == "/" { body = body.dropFirst() }
            }
            while let last = body.unicodeScalars.last, last.properties.isWhitespace {
                body = body.dropLast()
            }
            lines.append(body)
        }
        let indent = lines.filter { !$0.isEmpty }.map { line -> Int in
            var n = 0
            for b in line.utf8 { if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D { n += 1 } else { break } }
            return n
        }.min() ?? 0
        if indent > 0 {
            let prefix = String(repeating: " ", count: indent)
            lines = lines.map { $0.hasPrefix(prefix) ? $0.dropFirst(indent) : $0 }
        }
        var contents = ""
        for line in lines {
            if line.isEmpty {
                contents += "\n"
            } else {
                for l in rustLines(line) {
                    contents += l
                    contents += "\n"
                }
            }
        }
        while contents.hasSuffix("\n") { contents.removeLast() }
        return Docs(contents)
    }

    /// Rust's `str::lines`: split on `\n`, drop a trailing `\r`, no final empty line.
    static func rustLines<S: StringProtocol>(_ s: S) -> [Substring] {
        var out: [Substring] = []
        var parts = String(s).split(separator: "\n", omittingEmptySubsequences: false)
        if parts.last == "" { parts.removeLast() }
        for var p in parts {
            if p.hasSuffix("\r") { p = p.dropLast() }
            out.append(p)
        }
        return out
    }
}

/// Names of fields / cases / flags, unique also ignoring case.
struct UniqueNames {
    let what: String
    var folded: [String: String] = [:]

    init(what: String) { self.what = what }

    mutating func add(_ n: AST.Ident) throws(WITDiagnostic) {
        let canonical = ComponentNames.canonical(n.name)
        if let prev = folded[canonical] {
            if prev == n.name {
                throw WITDiagnostic(.witDuplicateName, "duplicate \(what) `\(n.name)`", at: n.span)
            }
            throw WITDiagnostic(.witDuplicateName, "\(what) `\(n.name)` conflicts with previous \(what) `\(prev)`", at: n.span,
                                hint: "kebab-case names are compared without regard to case")
        }
        folded[canonical] = n.name
    }
}
