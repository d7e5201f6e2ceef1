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
        p.names.ids[Space.type.rawValue] = ids
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
                _ = try emitAlias(.outer(kind: .coreType, count: o, index: i), a.name)
                p.names.ids[Space.type.rawValue] = coreParser(at: 0, scope).names.ids[Space.type.rawValue]
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
        case .core(let name, let at, let args, let opts):
            var types: [UInt32] = []
            var coreTypes: [UInt32] = []
            var tables: [UInt32] = []
            var memories: [UInt32] = []
            var funcs: [UInt32] = []
            var flags: [Bool] = []
            var result: ComponentValType?
            var valType: ValType = .i32
            var slot: UInt32 = 0
            for a in args {
                switch a {
                case .func(let r): funcs.append(try itemRef(r, .func))
                case .type(let r): types.append(try itemRef(r, .type))
                case .coreType(let r): coreTypes.append(try coreRef(r, .coreType))
                case .table(let r): tables.append(try coreRef(r, .coreTable))
                case .memory(let r): memories.append(try coreRef(r, .coreMemory))
                case .result(let t): result = try optionalValType(t)
                case .valType(let v): valType = v
                case .slot(let s): slot = s
                case .flag(let b): flags.append(b)
                }
            }
            let o = try options(opts)
            let t = types.first ?? 0
            let flag = flags.first ?? false
            let ct = coreTypes.first ?? 0
            let table = tables.first ?? 0
            let memory = memories.first ?? 0
            let lowered: Canon
            switch name {
            case "lower": lowered = .lower(func: funcs.first ?? 0, options: o)
            case "resource.new": lowered = .resourceNew(type: t)
            case "resource.drop": lowered = .resourceDrop(type: t)
            case "resource.rep": lowered = .resourceRep(type: t)
            case "backpressure.inc": lowered = .backpressureInc
            case "backpressure.dec": lowered = .backpressureDec
            case "task.return": lowered = .taskReturn(result: result, options: o)
            case "task.cancel": lowered = .taskCancel
            case "context.get": lowered = .contextGet(type: valType, slot: slot)
            case "context.set": lowered = .contextSet(type: valType, slot: slot)
            case "subtask.cancel": lowered = .subtaskCancel(async: flag)
            case "subtask.drop": lowered = .subtaskDrop
            case "stream.new": lowered = .streamNew(type: t)
            case "stream.read": lowered = .streamRead(type: t, options: o)
            case "stream.write": lowered = .streamWrite(type: t, options: o)
            case "stream.cancel-read": lowered = .streamCancelRead(type: t, async: flag)
            case "stream.cancel-write": lowered = .streamCancelWrite(type: t, async: flag)
            case "stream.drop-readable": lowered = .streamDropReadable(type: t)
            case "stream.drop-writable": lowered = .streamDropWritable(type: t)
            case "stream.forward": lowered = .streamForward(type: t)
            case "future.new": lowered = .futureNew(type: t)
            case "future.read": lowered = .futureRead(type: t, options: o)
            case "future.write": lowered = .futureWrite(type: t, options: o)
            case "future.cancel-read": lowered = .futureCancelRead(type: t, async: flag)
            case "future.cancel-write": lowered = .futureCancelWrite(type: t, async: flag)
            case "future.drop-readable": lowered = .futureDropReadable(type: t)
            case "future.drop-writable": lowered = .futureDropWritable(type: t)
            case "future.forward": lowered = .futureForward(type: t)
            case "error-context.new": lowered = .errorContextNew(options: o)
            case "error-context.debug-message": lowered = .errorContextDebugMessage(options: o)
            case "error-context.drop": lowered = .errorContextDrop
            case "waitable-set.new": lowered = .waitableSetNew
            case "waitable-set.wait": lowered = .waitableSetWait(memory: memory)
            case "waitable-set.poll": lowered = .waitableSetPoll(memory: memory)
            case "waitable-set.drop": lowered = .waitableSetDrop
            case "waitable.join": lowered = .waitableJoin
            case "thread.index": lowered = .threadIndex
            case "thread.new-indirect": lowered = .threadNewIndirect(funcType: ct, table: table)
            case "thread.resume-later": lowered = .threadResumeLater
            case "thread.suspend": lowered = .threadSuspend
            case "thread.yield": lowered = .threadYield
            case "thread.suspend-then-resume": lowered = .threadSuspendThenResume
            case "thread.yield-then-resume": lowered = .threadYieldThenResume
            case "thread.suspend-then-promote": lowered = .threadSuspendThenPromote
            case "thread.yield-then-promote": lowered = .threadYieldThenPromote
            case "thread.spawn-ref": lowered = .threadSpawnRef(funcType: ct)
            case "thread.spawn-indirect": lowered = .threadSpawnIndirect(funcType: ct, table: table)
            case "thread.available-parallelism": lowered = .threadAvailableParallelism
            default: throw TextError("unknown canonical built-in `\(name)`", at: at)
            }
            return (lowered, .coreFunc)
        }
    }
}
