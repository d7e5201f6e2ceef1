import WasmBinary
import WasmComponent
import WasmCore

// Core types inside components (read by the core parser, with the scope's core type `$id`s), core module
// types (their declarations; an import's inline function type reuses an equal `(type (func ...))` declared
// before it, or gets a new one just before it, as `wast` does), and canon built-ins.

extension ComponentLowering {
    /// A core parser at token `pos` whose type `$id`s are those of `scope`.
    func coreParser(at pos: Int, _ scope: TScope) -> ModuleParser {
        var p = ModuleParser(cursor: c)
        p.c.pos = pos
        var ids: [String: UInt32] = [:]
        for (k, v) in scope.ids[TSpace.coreType.rawValue] { if case .id(let s) = k { ids[s] = v } }
        p.names.ids[Space.type.rawValue] = IdIndex(ids)
        return p
    }

    mutating func emitCoreType(_ t: CoreType) {
        let s = current
        if s.kind == .component { s.items.append(.coreType(t)) } else { s.decls.append(.coreType(t)) }
    }

    mutating func coreTypeField(_ t: TCoreTypeField) throws(TextError) {
        let s = current
        switch t.def {
        case .sub(let pos):
            let index = try s.register(.coreType, t.name)
            var p = coreParser(at: pos, s)
            let sub = try p.typeDef(index)
            emitCoreType(.rec(RecGroup(sub)))
        case .rec(let pos, let names):
            var indices: [UInt32] = []
            for n in names { indices.append(try s.register(.coreType, n)) }
            var p = coreParser(at: pos, s)
            var subs: [SubType] = []
            for i in indices {
                try p.c.openList("type")
                subs.append(try p.typeDef(i))
                try p.c.rparen()
            }
            emitCoreType(.rec(RecGroup(types: subs, isExplicit: true)))
        case .module(let pos):
            let decls = try moduleType(at: pos, id: t.name.id, nameAt: t.name.at)
            emitCoreType(.module(decls))
            _ = try s.register(.coreType, t.name)
        }
    }

    /// The declarations of a core module type, from token `pos` to its closing `)`.
    mutating func moduleType(at pos: Int, id: String?, nameAt: Int) throws(TextError) -> [ModuleTypeDeclaration] {
        guard stack.count < Cursor.maxDepth else { throw TextError("nesting too deep", at: nameAt) }
        let scope = TScope(.moduleType, id: id)
        stack.append(scope)
        defer { stack.removeLast() }
        var funcTypes: [FuncType: UInt32] = [:]
        var p = coreParser(at: pos, scope)
        while p.c.peek.kind == .lparen {
            let kt = p.c.peek(1)
            guard kt.kind == .keyword else { throw p.c.expected("a module type declaration") }
            switch p.c.text(kt) {
            case "type":
                try p.c.openList("type")
                let index = try register(&p, scope)
                let sub = try p.typeDef(index)
                try p.c.rparen()
                if case .func(let f) = sub.composite.kind { funcTypes[f] = index }
                scope.moduleDecls.append(.type(RecGroup(sub)))
            case "rec":
                try p.c.openList("rec")
                let start = p.c.pos
                var indices: [UInt32] = []
                while p.c.peek.kind == .lparen {
                    try p.c.openList("type")
                    indices.append(try register(&p, scope))
                    while p.c.peek.kind != .rparen { try p.c.skipItem() }
                    try p.c.rparen()
                }
                p.c.pos = start
                var subs: [SubType] = []
                for i in indices {
                    try p.c.openList("type")
                    subs.append(try p.typeDef(i))
                    try p.c.rparen()
                }
                try p.c.rparen()
                scope.moduleDecls.append(.type(RecGroup(types: subs, isExplicit: true)))
            case "alias":
                var cp = ComponentParser(cursor: p.c)
                try cp.c.lparen()
                let a = try cp.alias()
                try cp.c.rparen()
                p.c = cp.c
                guard case .outer(let outer, let index, let kind) = a.target, kind == .type || kind == .coreType else {
                    throw TextError("expected core type or type for outer alias", at: kt.start)
                }
                if kind == .coreType { throw TextError("expected type for outer alias", at: kt.start) }
                let (o, i) = try outerAlias(outer, index, .coreType)
                let aliased = try emitAlias(.outer(kind: .coreType, count: o, index: i), a.name)
                if let id = a.name.id { p.names.ids[Space.type.rawValue][id] = aliased }
            case "import":
                try p.c.openList("import")
                let module = try p.c.name()
                let name = try p.c.name()
                let t = try coreSig(&p, scope, &funcTypes)
                try p.c.rparen()
                scope.moduleDecls.append(.import(Import(module: module, name: name, type: t)))
            case "export":
                try p.c.openList("export")
                let name = try p.c.name()
                let t = try coreSig(&p, scope, &funcTypes)
                try p.c.rparen()
                scope.moduleDecls.append(.export(name: name, type: t))
            default:
                throw TextError("expected `type`, `rec`, `alias`, `import` or `export`", at: kt.start)
            }
        }
        return scope.moduleDecls
    }

    /// Registers the core type whose `$id (@name)?` is next (the cursor is left before them, for `typeDef`).
    func register(_ p: inout ModuleParser, _ scope: TScope) throws(TextError) -> UInt32 {
        let save = p.c.pos
        let at = p.c.peek.start
        let (id, name) = try p.c.idAndName()
        p.c.pos = save
        let i = try scope.register(.coreType, TDefName(id: id, name: name, at: at))
        if let id { p.names.ids[Space.type.rawValue][id] = i }
        return i
    }

    /// `(func|tag $id? typeuse)`, `(table ...)`, `(memory ...)` or `(global ...)` in a module type.
    mutating func coreSig(_ p: inout ModuleParser, _ scope: TScope, _ funcTypes: inout [FuncType: UInt32]) throws(TextError) -> ExternType {
        try p.c.lparen()
        let kt = p.c.peek
        guard kt.kind == .keyword else { throw p.c.expected("an import kind") }
        let kind = String(p.c.text(kt))
        _ = p.c.advance()
        _ = try p.c.idAndName()
        let t: ExternType
        switch kind {
        case "func", "tag":
            var explicit: UInt32?
            if p.c.atList("type") {
                try p.c.openList("type")
                explicit = try p.index(.type)
                try p.c.rparen()
            }
            var ft = FuncType(params: [], results: [])
            while p.c.atList("param") {
                try p.c.openList("param")
                _ = try p.c.idAndName()
                while p.c.peek.kind != .rparen { ft.params.append(try p.valType()) }
                try p.c.rparen()
            }
            while p.c.atList("result") {
                try p.c.openList("result")
                while p.c.peek.kind != .rparen { ft.results.append(try p.valType()) }
                try p.c.rparen()
            }
            let index: UInt32
            if let explicit { index = explicit } else if let i = funcTypes[ft] { index = i } else {
                index = try scope.register(.coreType, .none(at: kt.start))
                // Only declared types are reused (as `wast` does): a second equal inline type gets its own.
                scope.moduleDecls.append(.type(RecGroup(SubType(composite: CompositeType(.func(ft))))))
            }
            t = kind == "func" ? .func(index) : .tag(TagType(typeIndex: index))
        case "table", "memory", "global":
            t = try p.externDesc(kind)
        default:
            throw TextError("unknown import kind `\(kind)`", at: kt.start)
        }
        try p.c.rparen()
        return t
    }

    // MARK: canon

    mutating func options(_ list: [TCanonOption]) throws(TextError) -> [CanonOption] {
        var out: [CanonOption] = []
        for o in list {
            switch o {
            case .plain(let p): out.append(p)
            case .memory(let r): out.append(.memory(try coreRef(r, .coreMemory)))
            case .realloc(let r): out.append(.realloc(try coreRef(r, .coreFunc)))
            case .postReturn(let r): out.append(.postReturn(try coreRef(r, .coreFunc)))
            case .callback(let r): out.append(.callback(try coreRef(r, .coreFunc)))
            case .coreType(let r): out.append(.coreType(try coreRef(r, .coreType)))
            }
        }
        return out
    }

    /// A canon definition and the space it adds to (`func` for `lift`, `core func` for the rest).
    mutating func canon(_ canon: TCanon) throws(TextError) -> (Canon, TSpace) {
        switch canon {
        case .lift(let core, let opts, let use):
            guard case .ref(let r) = use else { throw TextError("internal error: unexpanded type use", at: 0) }
            let t = try itemRef(r, .type)
            let f = try coreRef(core, .coreFunc)
            return (.lift(coreFunc: f, options: try options(opts), type: t), .func)
        case .core(let op, let at, let args):
            var values: [CanonImmediateValue] = []
            for a in args {
                switch a {
                case .func(let r): values.append(.index(try itemRef(r, .func)))
                case .type(let r): values.append(.index(try itemRef(r, .type)))
                case .coreType(let r): values.append(.index(try coreRef(r, .coreType)))
                case .table(let r): values.append(.index(try coreRef(r, .coreTable)))
                case .memory(let r): values.append(.index(try coreRef(r, .coreMemory)))
                case .result(let t): values.append(.result(try optionalValType(t)))
                case .valType(let v): values.append(.valType(v))
                case .slot(let s): values.append(.index(s))
                case .flag(let b): values.append(.flag(b))
                case .options(let o): values.append(.options(try options(o)))
                }
            }
            guard let lowered = Canon(opcode: op, values) else {
                throw TextError("internal error: the immediates of canon built-in 0x\(String(op, radix: 16)) do not fit", at: at)
            }
            return (lowered, .coreFunc)
        }
    }
}
