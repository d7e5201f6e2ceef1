import WasmBinary
import WasmCore

// Text → core Module. Two passes over the module fields: the first numbers every index space (imports first,
// as the text format requires) so that `$id`s can be used before their definition; the second builds the
// sections. Type uses without an explicit `(type ...)` reuse an equal function type or append one after the
// explicit types, in order of appearance, as wasm-tools does.

enum Space: Int, CaseIterable { case type, `func`, table, memory, global, tag, elem, data }

struct Names {
    var ids: [IdIndex] = Array(repeating: IdIndex(), count: Space.allCases.count)
    var counts: [UInt32] = Array(repeating: 0, count: Space.allCases.count)
    var named: [[(UInt32, String)]] = Array(repeating: [], count: Space.allCases.count)

    mutating func add(_ s: Space, _ idName: (id: String?, name: String?), at: Int = 0) throws(TextError) -> UInt32 {
        let i = counts[s.rawValue]
        if let name = idName.name { named[s.rawValue].append((i, name)) }
        if let id = idName.id {
            guard ids[s.rawValue][id] == nil else { throw TextError("duplicate \(s) identifier $\(id)", at: at) }
            ids[s.rawValue][id] = i
        }
        counts[s.rawValue] = i &+ 1
        return i
    }
}

public struct ModuleParser {
    var c: Cursor
    var names = Names()
    var types: [RecGroup] = []
    var explicitTypeCount = 0
    var imports: [ImportGroup] = []
    var funcs: [UInt32] = []
    var bodies: [FunctionBody] = []
    var tables: [Table] = []
    var memories: [MemoryType] = []
    var globals: [Global] = []
    var tags: [TagType] = []
    var exports: [Export] = []
    var start: UInt32?
    var elems: [ElementSegment] = []
    var datas: [DataSegment] = []
    var usesDataCount = false
    var pendingTypes: [SubType] = []
    var flatTypes: [SubType] = []
    var funcTypeIndices: [FuncType: UInt32] = [:]
    var moduleName: String?
    var localNames: [(UInt32, [(UInt32, String)])] = []
    var fieldIDs: [UInt32: [String: UInt32]] = [:]
    var fieldNames: [(UInt32, [(UInt32, String)])] = []
    var typeParamNames: [(UInt32, [(UInt32, String)])] = []
    var definedTypes: UInt32 = 0
    var customs: [ParsedCustom] = []
    var pendingHints: [(Int, UInt8)] = []
    var foldedHint: UInt8?
    var sawDefinition = false
    /// Imports so far of each kind: func, table, memory, global, tag.
    var importCounts: [UInt32] = [0, 0, 0, 0, 0]
    /// In a function body (only there does `memory.init` & co. call for a data count section, as in wasm-tools).
    var inBody = false
    var functionHints: [(UInt32, [(UInt32, UInt8)])] = []
    var labelNames: [(UInt32, [(UInt32, String)])] = []
    // body state
    var locals = IdIndex()
    var labels: [String?] = []
    var labelCounter: UInt32 = 0
    var currentLabelNames: [(UInt32, String)] = []
    /// Function bodies are skipped in pass 2 and parsed afterwards, in parallel (ParallelBodies.swift).
    var deferBodies = false
    var deferred: [DeferredBody] = []
    /// While bodies are parsed in parallel, a type use that would add a function type cannot (the index
    /// would depend on the order of parsing): it is noted, and the module is parsed again in order.
    var typesFrozen = false
    var frozenViolation = false
    var deepestDeferred = 0

    init(cursor: Cursor) { c = cursor }

    /// Parses a whole `.wat` holding one module (`(module ...)` or bare fields).
    public static func parse(_ source: [UInt8]) throws(TextError) -> [UInt8] {
        try parse(SourceText(source))
    }
    public static func parse(_ source: SourceText) throws(TextError) -> [UInt8] {
        var c = try Cursor(source)
        let m: [UInt8]
        if let bytes = try binaryForm(&c) {
            m = bytes
        } else if c.atList("component") {
            m = try ComponentParser.parseComponent(&c)
        } else if c.atList("module") {
            m = try parseModule(&c)
        } else {
            var p = ModuleParser(cursor: c)
            m = try p.module()
            c = p.c
        }
        guard c.peek.kind == .eof else { throw c.expected("end of input") }
        return m
    }

    /// `(module $id? binary "..."*)` or `(component $id? binary "..."*)`: the bytes, as they are.
    static func binaryForm(_ c: inout Cursor) throws(TextError) -> [UInt8]? {
        guard c.atList("module") || c.atList("component") else { return nil }
        var k = 2
        if c.peek(k).kind == .id { k += 1 }
        guard c.peek(k).kind == .keyword, c.tokenIs(c.peek(k), "binary") else { return nil }
        try c.lparen()
        for _ in 0..<k { _ = c.advance() }
        var bytes: [UInt8] = []
        while c.peek.kind == .string { bytes += try c.string() }
        try c.rparen()
        return bytes
    }

    /// At `(module`: the module through its `)` (`definition` after the keyword, as in .wast, is allowed when
    /// `definition` is set).
    static func parseModule(_ c: inout Cursor, definition: Bool = false) throws(TextError) -> [UInt8] {
        try c.openList("module")
        if definition { _ = c.eatKeyword("definition") }
        var p = ModuleParser(cursor: c)
        let (id, name) = try p.c.idAndName()
        p.moduleName = name ?? id
        let m = try p.module()
        try p.c.rparen()
        c = p.c
        return m
    }

    mutating func module() throws(TextError) -> [UInt8] {
        let start = c.pos
        try collect()
        let extent = c.pos - start
        c.pos = start
        // Types first: a type use matches an explicit type defined later in the text as well.
        while c.peek.kind == .lparen || c.atSectionAnnotation {
            if c.atList("type") || c.atList("rec") { try field() } else { try c.skipItem() }
        }
        indexTypes()
        c.pos = start
        deferBodies = worthParallelBodies(tokens: extent)
        if deferBodies {
            var typesDone = self
            typesDone.deferBodies = false
            var ok: Bool
            do {
                try fields()
                ok = try parseDeferredBodies()
            } catch {
                ok = false
            }
            if !ok {
                // A field or body failed, or a body needs a new type: parse the module again in order, for the
                // first error in text order and the type indices wasm-tools gives.
                self = typesDone
                c.pos = start
                try fields()
            }
        } else {
            try fields()
        }
        return encode()
    }

    /// Pass 2 over the module's fields (types were read already).
    mutating func fields() throws(TextError) {
        while c.peek.kind == .lparen || c.atSectionAnnotation {
            if c.peek.kind == .annotation { try sectionAnnotation() }
            else if c.atList("type") || c.atList("rec") { try c.skipItem() }
            else { try field() }
        }
    }

    // MARK: pass 1

    mutating func collect() throws(TextError) {
        while c.peek.kind == .lparen || c.atSectionAnnotation {
            if c.peek.kind == .annotation { try c.skipItem(); continue }
            guard let k = c.listKeyword() else { throw c.expected("a module field") }
            let save = c.pos
            _ = c.advance(); _ = c.advance()
            let at = c.tokens[save].start
            let id = try c.idAndName()
            let isDefinition = ["func", "table", "memory", "global", "tag"].contains(k)
            if isDefinition {
                if fieldHasList("import") {
                    if sawDefinition { throw TextError("import after a definition", at: at) }
                } else {
                    sawDefinition = true
                }
            } else if k == "import" && sawDefinition {
                throw TextError("import after a definition", at: at)
            }
            switch k {
            case "type": try collectFields(try names.add(.type, id, at: at))
            case "rec":
                while c.atList("type") {
                    _ = c.advance(); _ = c.advance()
                    try collectFields(try names.add(.type, try c.idAndName(), at: at))
                    _ = c.advance()
                }
            case "func": _ = try names.add(.func, id, at: at)
            case "table":
                _ = try names.add(.table, id, at: at)
                if fieldHasList("elem") { _ = try names.add(.elem, (nil, nil)) }
            case "memory":
                _ = try names.add(.memory, id, at: at)
                if fieldHasList("data") { _ = try names.add(.data, (nil, nil)) }
            case "global": _ = try names.add(.global, id, at: at)
            case "tag": _ = try names.add(.tag, id, at: at)
            case "elem": _ = try names.add(.elem, id, at: at)
            case "data": _ = try names.add(.data, id, at: at)
            case "import":
                _ = try c.string()
                if c.atList("item") {
                    try collectCompactImport(at: at)
                } else {
                    _ = try c.string()
                    guard let kind = c.listKeyword() else { throw c.expected("an import description") }
                    _ = c.advance(); _ = c.advance()
                    try addImportName(kind, try c.idAndName(), at: at)
                }
            case "export", "start": break
            default: throw c.error("unknown module field `\(k)`", c.peek(0))
            }
            c.pos = save
            try c.skipItem()
        }
        explicitTypeCount = Int(names.counts[Space.type.rawValue])
    }

    /// Pass 1: whether the rest of the current field holds `(k ...)` directly (a table's inline `(elem ...)`,
    /// a memory's `(data ...)`, which define a segment). The cursor does not move.
    func fieldHasList(_ k: String) -> Bool {
        var i = c.pos
        var depth = 0
        while i < c.tokens.count {
            let t = c.tokens[i]
            switch t.kind {
            case .lparen, .annotation:
                if depth == 0, t.kind == .lparen, i + 1 < c.tokens.count, c.tokens[i + 1].kind == .keyword,
                   c.tokenIs(c.tokens[i + 1], k) { return true }
                depth += 1
            case .rparen:
                if depth == 0 { return false }
                depth -= 1
            case .eof: return false
            default: break
            }
            i += 1
        }
        return false
    }

    // MARK: pass 2

    mutating func addImport(_ i: Import) {
        imports.append(.single(i))
        count(i)
    }

    /// Counts an import in its index space (the entry is appended by the caller).
    mutating func count(_ i: Import) {
        let k: Int
        switch i.type {
        case .func, .funcExact: k = 0
        case .table: k = 1
        case .memory: k = 2
        case .global: k = 3
        case .tag: k = 4
        }
        importCounts[k] &+= 1
    }

    mutating func field() throws(TextError) {
        try c.lparen()
        let kt = c.advance()
        let k = c.text(kt)
        switch k {
        case "type":
            types.append(RecGroup(try typeDef(definedTypes)))
            definedTypes &+= 1
        case "rec":
            var group: [SubType] = []
            while c.peek.kind == .lparen {
                try c.openList("type")
                group.append(try typeDef(definedTypes))
                definedTypes &+= 1
                try c.rparen()
            }
            types.append(RecGroup(types: group, isExplicit: true))
        case "import":
            let module = try c.name()
            if c.atList("item") { return try compactImport(module) }
            let name = try c.name()
            try c.lparen()
            let kind = c.text(c.advance())
            _ = try c.idAndName()
            let t = try externDesc(String(kind))
            try c.rparen()
            addImport(Import(module: module, name: name, type: t))
        case "func": try function()
        case "table": try table()
        case "memory": try memory()
        case "global": try global()
        case "tag": try tag()
        case "export":
            let name = try c.name()
            try c.lparen()
            let kind: ExternalKind
            let space: Space
            switch c.text(c.advance()) {
            case "func": (kind, space) = (.func, .func)
            case "table": (kind, space) = (.table, .table)
            case "memory": (kind, space) = (.memory, .memory)
            case "global": (kind, space) = (.global, .global)
            case "tag": (kind, space) = (.tag, .tag)
            default: throw c.error("unknown export kind")
            }
            let idx = try index(space)
            try c.rparen()
            exports.append(Export(name: name, kind: kind, index: idx))
        case "start":
            guard start == nil else { throw c.error("multiple start sections", kt) }
            start = try index(.func)
        case "elem": try element()
        case "data": try data()
        default: throw c.error("unknown module field `\(k)`", kt)
        }
        try c.rparen()
    }

    /// `$id`, or a number, in `space`.
    mutating func index(_ s: Space) throws(TextError) -> UInt32 {
        let t = c.peek
        if t.kind == .id {
            _ = c.advance()
            guard let i = c.lookup(t, in: names.ids[s.rawValue]) else { throw c.error("unknown \(s) \(c.text(t))", t) }
            return i
        }
        guard c.atU32 else { throw c.expected("a \(s) index") }
        return try c.u32()
    }
    func atIndex() -> Bool { c.peek.kind == .id || c.atU32 }

    /// Inline `(export "n")*` then `(import "m" "n")?` of a definition with index `idx`.
    mutating func inlineExports(_ kind: ExternalKind, _ idx: UInt32) throws(TextError) -> (String, String)? {
        while c.atList("export") {
            try c.openList("export")
            exports.append(Export(name: try c.name(), kind: kind, index: idx))
            try c.rparen()
        }
        if c.atList("import") {
            try c.openList("import")
            let m = try c.name()
            let n = try c.name()
            try c.rparen()
            return (m, n)
        }
        return nil
    }

    mutating func externDesc(_ kind: String) throws(TextError) -> ExternType {
        switch kind {
        case "func":
            if c.atList("exact") {
                try c.openList("exact")
                let t = try typeUse().index
                try c.rparen()
                return .funcExact(t)
            }
            return .func(try typeUse().index)
        case "table":
            let t = try tableType()
            return .table(t)
        case "memory": return .memory(try memoryType())
        case "global": return .global(try globalType())
        case "tag": return .tag(TagType(typeIndex: try typeUse().index))
        default: throw c.error("unknown import kind `\(kind)`")
        }
    }

    mutating func function() throws(TextError) {
        _ = try c.idAndName()
        let idx = importCounts[0] &+ UInt32(funcs.count)
        if let (m, n) = try inlineExports(.func, idx) {
            addImport(Import(module: m, name: n, type: try externDesc("func")))
            return
        }
        let use = try typeUse()
        funcs.append(use.index)
        locals = IdIndex()
        var localIndex = UInt32(use.paramCount)
        var names: [(UInt32, String)] = use.paramNames.compactMap { p in p.name.map { (p.index, $0) } }
        for p in use.paramNames {
            if let id = p.id {
                guard locals[id] == nil else { throw c.error("duplicate local identifier $\(id)") }
                locals[id] = p.index
            }
        }
        var groups: [LocalGroup] = []
        while c.atList("local") {
            try c.openList("local")
            let idToken = c.peek
            let (id, name) = try c.idAndName()
            if id != nil || name != nil {
                let t = try valType()
                if let id {
                    guard locals[id] == nil else { throw c.error("duplicate local identifier $\(id)", idToken) }
                    locals[id] = localIndex
                }
                if let name { names.append((localIndex, name)) }
                localIndex &+= 1
                appendLocal(&groups, t)
            } else {
                while c.peek.kind != .rparen { appendLocal(&groups, try valType()); localIndex &+= 1 }
            }
            try c.rparen()
        }
        if deferBodies {
            deferred.append(DeferredBody(function: idx, body: bodies.count, locals: groups, localMap: locals,
                                         localNames: names, pos: c.pos, depth: c.depth))
            bodies.append(FunctionBody(locals: groups, code: .instructions([])))
            if !names.isEmpty { localNames.append((idx, names)) }
            // Skip the body, noting how deeply it nests (a worker thread's stack is small: deep bodies are
            // parsed in order instead).
            var depth = 0
            while depth > 0 || c.peek.kind != .rparen {
                switch c.advance().kind {
                case .lparen, .annotation:
                    depth += 1
                    deepestDeferred = max(deepestDeferred, depth)
                case .rparen: depth -= 1
                case .eof: throw c.expected("`)`")
                default: break
                }
            }
            return
        }
        labels = []
        labelCounter = 0
        currentLabelNames = []
        inBody = true
        let code = try instructions()
        inBody = false
        recordHints(function: idx, locals: groups, code: code)
        bodies.append(FunctionBody(locals: groups, code: .instructions(code)))
        if !names.isEmpty { localNames.append((idx, names)) }
        if !currentLabelNames.isEmpty { labelNames.append((idx, currentLabelNames)) }
    }

    func appendLocal(_ groups: inout [LocalGroup], _ t: ValType) {
        if let last = groups.last, last.type == t { groups[groups.count - 1].count &+= 1 } else { groups.append(LocalGroup(count: 1, type: t)) }
    }

    mutating func table() throws(TextError) {
        _ = try c.idAndName()
        let idx = importCounts[1] &+ UInt32(tables.count)
        if let (m, n) = try inlineExports(.table, idx) {
            addImport(Import(module: m, name: n, type: .table(try tableType())))
            return
        }
        // `(table addr? reftype (elem ...))` abbreviation
        var is64 = false
        let shared = c.isKeyword("shared")
        if !shared, c.isKeyword("i64") || c.isKeyword("i32") { is64 = c.text(c.advance()) == "i64" }
        if !shared, c.peek.kind == .keyword && TextNumber.u64(c.text(c.peek)) == nil || c.atList("ref") {
            let t = try refType()
            try c.openList("elem")
            var items: [ConstExpr] = []
            var funcsOnly: [UInt32] = []
            let exprs = c.peek.kind == .lparen
            while c.peek.kind != .rparen {
                if exprs { items.append(try elemExpr()) } else { funcsOnly.append(try index(.func)) }
            }
            try c.rparen()
            if !exprs, t != .funcref {
                // Indices into a table of another function reference type: `ref.func` expressions.
                items = funcsOnly.map { ConstExpr([Instruction(.refFunc, .index($0))]) }
            }
            let asExprs = exprs || t != .funcref
            let n = UInt64(asExprs ? items.count : funcsOnly.count)
            tables.append(Table(type: TableType(element: t, limits: Limits(min: n, max: n, is64: is64))))
            let offset = ConstExpr([Instruction(is64 ? .i64Const : .i32Const, is64 ? .i64(0) : .i32(0))])
            elems.append(ElementSegment(mode: .active(table: idx, offset: offset), type: t,
                                        items: asExprs ? .expressions(items) : .functions(funcsOnly), explicitTable: true))
            return
        }
        if is64 { c.pos -= 1 }
        let t = try tableType()
        var initializer: ConstExpr?
        if c.peek.kind != .rparen { initializer = try constExprBody() }
        tables.append(Table(type: t, initializer: initializer))
    }

    mutating func memory() throws(TextError) {
        _ = try c.idAndName()
        let idx = importCounts[2] &+ UInt32(memories.count)
        if let (m, n) = try inlineExports(.memory, idx) {
            addImport(Import(module: m, name: n, type: .memory(try memoryType())))
            return
        }
        let save = c.pos
        var is64 = false
        if c.isKeyword("i64") || c.isKeyword("i32") { is64 = c.text(c.advance()) == "i64" }
        var pageSizeLog2: UInt32?
        if c.atList("pagesize") {
            try c.openList("pagesize")
            let size = try c.u64()
            guard size > 0, size & (size - 1) == 0 else { throw c.error("invalid custom page size") }
            pageSizeLog2 = UInt32(size.trailingZeroBitCount)
            try c.rparen()
        }
        if c.atList("data") {
            try c.openList("data")
            var bytes: [UInt8] = []
            while c.peek.kind == .string { bytes += try c.string() }
            try c.rparen()
            let pageSize = UInt64(1) << UInt64(pageSizeLog2 ?? 16)
            let pages = (UInt64(bytes.count) + pageSize - 1) / pageSize
            var limits = Limits(min: pages, max: pages, is64: is64)
            if let pageSizeLog2 { limits.pageSizeLog2 = pageSizeLog2 }
            memories.append(MemoryType(limits: limits))
            let offset = ConstExpr([Instruction(is64 ? .i64Const : .i32Const, is64 ? .i64(0) : .i32(0))])
            datas.append(DataSegment(mode: .active(memory: idx, offset: offset), bytes: ByteSlice(copying: bytes)))
            return
        }
        c.pos = save
        memories.append(try memoryType())
    }

    mutating func global() throws(TextError) {
        _ = try c.idAndName()
        let idx = importCounts[3] &+ UInt32(globals.count)
        if let (m, n) = try inlineExports(.global, idx) {
            addImport(Import(module: m, name: n, type: .global(try globalType())))
            return
        }
        let t = try globalType()
        globals.append(Global(type: t, initializer: try constExprBody()))
    }

    mutating func tag() throws(TextError) {
        _ = try c.idAndName()
        let idx = importCounts[4] &+ UInt32(tags.count)
        if let (m, n) = try inlineExports(.tag, idx) {
            addImport(Import(module: m, name: n, type: .tag(TagType(typeIndex: try typeUse().index))))
            return
        }
        tags.append(TagType(typeIndex: try typeUse().index))
    }
}
