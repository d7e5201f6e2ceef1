import WasmBinary
import WasmComponent
import WasmCore

// Component types, item signatures and canon built-ins in the text format (the grammar of `wast`'s
// component/types.rs and component/func.rs).

extension ComponentParser {
    static let primitives: [Substring: PrimitiveValType] = [
        "bool": .bool, "s8": .s8, "u8": .u8, "s16": .s16, "u16": .u16, "s32": .s32, "u32": .u32, "s64": .s64,
        "u64": .u64, "f32": .f32, "f64": .f64, "float32": .f32, "float64": .f64, "char": .char, "string": .string,
        "error-context": .errorContext,
    ]

    /// `(type $id (@name)? (export "n")* def)`.
    mutating func typeField(inlineExports allowExports: Bool) throws(TextError) -> TTypeField {
        try c.openList("type")
        let name = try defName()
        let exports = allowExports ? try inlineExports() : []
        let def = try typeDef()
        try c.rparen()
        return TTypeField(name: name, exports: exports, def: def)
    }

    mutating func typeDef() throws(TextError) -> TTypeDef {
        guard c.peek.kind == .lparen else {
            return .defined(.primitive(try primitive()))
        }
        try c.lparen()
        let def: TTypeDef
        if c.eatKeyword("func") {
            def = .func(try funcType())
        } else if c.eatKeyword("component") {
            def = .component(try decls(component: true))
        } else if c.eatKeyword("instance") {
            def = .instance(try decls(component: false))
        } else if c.eatKeyword("resource") {
            try c.openList("rep")
            var p = ModuleParser(cursor: c)
            let rep = try p.valType()
            c = p.c
            try c.rparen()
            var dtor: TCoreRef?
            if c.peek.kind == .lparen {
                try c.openList("dtor")
                dtor = try corePrefixedRef("func", legacy: true)
                try c.rparen()
            }
            def = .resource(rep: rep, dtor: dtor)
        } else {
            def = .defined(try definedType())
        }
        try c.rparen()
        return def
    }

    mutating func primitive() throws(TextError) -> PrimitiveValType {
        guard c.peek.kind == .keyword, let p = Self.primitives[c.text(c.peek)] else {
            throw c.expected("a primitive value type")
        }
        _ = c.advance()
        return p
    }

    /// A value type: an index, a primitive, or an inline `(defined type)`.
    mutating func valType() throws(TextError) -> TValType {
        if atIndex() { return .ref(try index()) }
        if c.peek.kind == .lparen {
            try c.lparen()
            let d = try definedType()
            try c.rparen()
            return .inline(d)
        }
        return .primitive(try primitive())
    }

    /// Whether a value type starts here (for the optional ones).
    var atValType: Bool {
        if atIndex() { return true }
        if c.peek.kind == .keyword { return Self.primitives[c.text(c.peek)] != nil }
        guard c.peek.kind == .lparen, c.peek(1).kind == .keyword else { return false }
        return ["record", "variant", "list", "map", "tuple", "flags", "enum", "option", "result", "own", "borrow"]
            .contains(c.text(c.peek(1)))
    }

    /// After `(`: a non-primitive defined type, up to its `)`.
    mutating func definedType() throws(TextError) -> TDefinedType {
        let t = c.peek
        guard t.kind == .keyword else { throw c.expected("a defined type") }
        try depthCheck()
        _ = c.advance()
        switch c.text(t) {
        case "record":
            var fields: [TLabeled] = []
            while c.peek.kind == .lparen {
                try c.openList("field")
                fields.append(TLabeled(name: try c.name(), type: try valType()))
                try c.rparen()
            }
            return .record(fields)
        case "variant":
            var cases: [TCase] = []
            while c.peek.kind == .lparen {
                try c.openList("case")
                _ = c.optionalID()
                let n = try c.name()
                let ty: TValType? = atValType ? try valType() : nil
                if listAt(0, "refines") { try c.skipItem() }
                try c.rparen()
                cases.append(TCase(name: n, type: ty))
            }
            return .variant(cases)
        case "list":
            let e = try valType()
            if c.peek.kind == .keyword, let n = TextNumber.u32(c.text(c.peek)) {
                _ = c.advance()
                return .fixedList(e, n)
            }
            return .list(e)
        case "map": return .map(try valType(), try valType())
        case "tuple":
            var ts: [TValType] = []
            while c.peek.kind != .rparen { ts.append(try valType()) }
            return .tuple(ts)
        case "flags":
            var ns: [String] = []
            while atString() { ns.append(try c.name()) }
            return .flags(ns)
        case "enum":
            var ns: [String] = []
            while atString() { ns.append(try c.name()) }
            return .enum(ns)
        case "option": return .option(try valType())
        case "result":
            let ok: TValType? = atValType && !listAt(0, "error") ? try valType() : nil
            var err: TValType?
            if c.peek.kind == .lparen {
                try c.openList("error")
                err = try valType()
                try c.rparen()
            }
            return .result(ok, err)
        case "own": return .own(try index())
        case "borrow": return .borrow(try index())
        case "stream": return .stream(atValType ? try valType() : nil)
        case "future": return .future(atValType ? try valType() : nil)
        default: throw c.error("expected a defined type", t)
        }
    }

    /// `async? (param "name" t)* (result t)?`.
    mutating func funcType() throws(TextError) -> TFuncType {
        var f = TFuncType()
        f.isAsync = c.eatKeyword("async")
        while listAt(0, "param") {
            try c.openList("param")
            f.params.append(TLabeled(name: try c.name(), type: try valType()))
            try c.rparen()
        }
        if listAt(0, "result") {
            try c.openList("result")
            f.result = try valType()
            try c.rparen()
        }
        return f
    }

    /// `(type idx "name"*)`, or an inline `T`.
    mutating func typeUse<T>(_ inline: (inout ComponentParser) throws(TextError) -> T) throws(TextError) -> TTypeUse<T> {
        if atTypeRef() {
            try c.openList("type")
            let r = try itemRefContents()
            try c.rparen()
            return .ref(r)
        }
        return .inline(try inline(&self))
    }

    /// The declarations of a component type (`component`) or an instance type, up to the closing `)`.
    mutating func decls(component: Bool) throws(TextError) -> [TDecl] {
        try depthCheck()
        var out: [TDecl] = []
        while c.peek.kind == .lparen {
            let t = c.peek(1)
            guard t.kind == .keyword else { throw c.expected("a type declaration") }
            switch c.text(t) {
            case "core":
                out.append(.coreType(try coreTypeField()))
            case "type":
                out.append(.type(try typeField(inlineExports: false)))
            case "alias":
                try c.lparen()
                out.append(.alias(try alias()))
                try c.rparen()
            case "import" where component:
                try c.lparen()
                out.append(.import(try importDecl()))
                try c.rparen()
            case "export":
                try c.openList("export")
                let n = try externName()
                try c.lparen()
                let sig = try itemSig(named: true)
                try c.rparen()
                try c.rparen()
                out.append(.export(n, sig))
            default:
                throw c.error("expected `core type`, `type`, `alias`, \(component ? "`import`, " : "")or `export`", t)
            }
        }
        return out
    }

    /// After `(`: `core module|func|component|instance|value|type $id? (@name)? ...`.
    mutating func itemSig(named: Bool) throws(TextError) -> TItemSig {
        let t = c.peek
        guard t.kind == .keyword else { throw c.expected("an item kind") }
        let word = c.text(t)
        _ = c.advance()
        if word == "core" { try c.keyword("module") }
        let name = named ? try defName() : TDefName.none(at: t.start)
        let kind: TItemSigKind
        switch word {
        case "core": kind = .module(try coreModuleTypeUse())
        case "func": kind = .func(try typeUse { (p: inout ComponentParser) throws(TextError) in try p.funcType() })
        case "component":
            kind = .component(try typeUse { (p: inout ComponentParser) throws(TextError) in try p.decls(component: true) })
        case "instance":
            kind = .instance(try typeUse { (p: inout ComponentParser) throws(TextError) in try p.decls(component: false) })
        case "value":
            if atTypeRef() {
                try c.openList("type")
                let i = try index()
                try c.rparen()
                kind = .value(.ref(i))
            } else if c.peek.kind == .lparen {
                try c.lparen()
                let d = try definedType()
                try c.rparen()
                kind = .value(.inline(d))
            } else {
                kind = .value(.primitive(try primitive()))
            }
        case "type":
            try c.lparen()
            if c.eatKeyword("eq") {
                kind = .type(.eq(try index()))
            } else {
                try c.keyword("sub")
                try c.keyword("resource")
                kind = .type(.subResource)
            }
            try c.rparen()
        default: throw c.error("expected `core module`, `func`, `component`, `instance`, `value` or `type`", t)
        }
        return TItemSig(name: name, kind: kind)
    }

    // MARK: core types

    /// `(core type $id (@name)? def)` with def a core type definition or `(module decl*)`.
    mutating func coreTypeField() throws(TextError) -> TCoreTypeField {
        try c.lparen()
        try c.keyword("core")
        try c.keyword("type")
        let pos = c.pos
        let name = try defName()
        if listAt(0, "module") {
            try c.openList("module")
            let inner = c.pos
            while c.peek.kind == .lparen { try c.skipItem() }
            try c.rparen()
            try c.rparen()
            return TCoreTypeField(name: name, def: .module(pos: inner))
        }
        try c.skipItem()
        try c.rparen()
        return TCoreTypeField(name: name, def: .sub(pos: pos))
    }

    /// `(core rec (type $id ...)*)`.
    mutating func coreRec() throws(TextError) -> TCoreTypeField {
        try c.lparen()
        try c.keyword("core")
        try c.keyword("rec")
        let at = c.peek.start
        let pos = c.pos
        var names: [TDefName] = []
        while c.peek.kind == .lparen {
            try c.openList("type")
            names.append(try defName())
            while c.peek.kind != .rparen { try c.skipItem() }
            try c.rparen()
        }
        try c.rparen()
        return TCoreTypeField(name: .none(at: at), def: .rec(pos: pos, names: names))
    }

    // MARK: canon

    /// After `(`: `canon lift ... (func $id typeuse)` or `canon builtin ... (core func $id)`.
    mutating func canonField() throws(TextError) -> TField {
        try c.keyword("canon")
        if c.eatKeyword("lift") {
            let (core, options) = try liftImmediates()
            try c.openList("func")
            let name = try defName()
            let use = try typeUse { (p: inout ComponentParser) throws(TextError) in try p.funcType() }
            try c.rparen()
            return .canon(name, .lift(coreFunc: core, options: options, type: use), exports: [])
        }
        let canon = try coreCanon()
        try c.lparen()
        try c.keyword("core")
        try c.keyword("func")
        let name = try defName()
        try c.rparen()
        return .canon(name, canon, exports: [])
    }

    /// A built-in that defines a core function, after `canon`: its row in the canon table, then each of the row's
    /// immediates in its text form.
    mutating func coreCanon() throws(TextError) -> TCanon {
        let t = c.peek
        guard t.kind == .keyword else { throw c.expected("a canonical built-in") }
        var name = String(c.text(t))
        if name == "thread.available_parallelism" { name = "thread.available-parallelism" }
        // `lift` defines a component function: it has its own form (`canonField`).
        guard name != "lift", let row = Canon.row(named: name) else {
            throw c.error("unknown canonical built-in `\(name)`", t)
        }
        _ = c.advance()
        var args: [TCanonArg] = []
        for imm in row.immediates {
            switch imm {
            case .func:
                try c.openList("func")
                args.append(.func(try itemRefContents()))
                try c.rparen()
            case .type: args.append(.type(try indexOrRef("type")))
            case .funcType: args.append(.coreType(try corePrefixedRef("type", legacy: false)))
            case .table: args.append(.table(try corePrefixedRef("table", legacy: true)))
            case .memory:
                try c.openList("memory")
                args.append(.memory(try corePrefixedContents("memory")))
                try c.rparen()
            case .options: args.append(.options(try canonOptions()))
            case .result:
                var result: TValType?
                if listAt(0, "result") {
                    try c.openList("result")
                    result = try valType()
                    try c.rparen()
                }
                args.append(.result(result))
            case .valType:
                var p = ModuleParser(cursor: c)
                let vt = try p.valType()
                c = p.c
                args.append(.valType(vt))
            case .slot: args.append(.slot(try c.u32()))
            case .async: args.append(.flag(c.eatKeyword("async")))
            }
        }
        return .core(opcode: row.opcode, at: t.start, args: args)
    }

    mutating func canonOptions() throws(TextError) -> [TCanonOption] {
        var out: [TCanonOption] = []
        while true {
            if c.eatKeyword("string-encoding=utf8") { out.append(.plain(.utf8)); continue }
            if c.eatKeyword("string-encoding=utf16") { out.append(.plain(.utf16)); continue }
            if c.eatKeyword("string-encoding=latin1+utf16") { out.append(.plain(.compactUTF16)); continue }
            if c.eatKeyword("async") { out.append(.plain(.async)); continue }
            if c.eatKeyword("gc") { out.append(.plain(.gc)); continue }
            if listAt(0, "memory") {
                try c.openList("memory")
                out.append(.memory(try corePrefixedContents("memory")))
                try c.rparen()
                continue
            }
            let refs: [(String, (TCoreRef) -> TCanonOption)] = [
                ("realloc", { .realloc($0) }), ("post-return", { .postReturn($0) }), ("callback", { .callback($0) }),
                ("core-type", { .coreType($0) }),
            ]
            guard let (k, make) = refs.first(where: { listAt(0, $0.0) }) else { return out }
            try c.openList(k)
            out.append(make(try corePrefixedRef(k == "core-type" ? "type" : "func", legacy: true)))
            try c.rparen()
        }
    }
}
