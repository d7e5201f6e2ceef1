import WasmBinary
import WasmCore

// Element and data segments, and the final assembly of the sections and the `name` section.

extension ModuleParser {
    /// `(item expr)` or a folded instruction as one element expression.
    mutating func elemExpr() throws(TextError) -> ConstExpr { try constExpr(wrappedIn: "item") }

    /// `(offset expr)` or a folded instruction as a segment's offset.
    mutating func offsetExpr() throws(TextError) -> ConstExpr { try constExpr(wrappedIn: "offset") }

    /// `(keyword expr)`, or one folded instruction standing for it.
    private mutating func constExpr(wrappedIn keyword: String) throws(TextError) -> ConstExpr {
        if c.atList(keyword) {
            try c.openList(keyword)
            let e = try constExprBody()
            try c.rparen()
            return e
        }
        var out: [Instruction] = []
        try folded(&out)
        return ConstExpr(out)
    }

    mutating func element() throws(TextError) {
        _ = try c.idAndName()
        var mode: ElementSegment.Mode = .passive
        var explicitTable = false
        if c.eatKeyword("declare") { mode = .declarative }
        else if c.peek.kind == .lparen || atIndex() {
            var table: UInt32 = 0
            if c.atList("table") {
                try c.openList("table")
                table = try index(.table)
                try c.rparen()
                explicitTable = true
            } else if atIndex() {
                table = try index(.table)
                explicitTable = true
            }
            if c.peek.kind == .lparen, explicitTable || !c.atList("item") && !c.atList("ref") {
                mode = .active(table: table, offset: try offsetExpr())
            }
        }
        var type = RefType.funcref
        var funcsOnly: [UInt32] = []
        var exprs: [ConstExpr] = []
        var isExprs = false
        if c.eatKeyword("func") {
            while atIndex() { funcsOnly.append(try index(.func)) }
        } else if c.peek.kind == .keyword && !atIndex() || c.atList("ref") {
            type = try refType()
            isExprs = true
            while c.peek.kind == .lparen { exprs.append(try elemExpr()) }
        } else {
            // MVP abbreviation: function indices directly
            while atIndex() { funcsOnly.append(try index(.func)) }
        }
        elems.append(ElementSegment(mode: mode, type: type, items: isExprs ? .expressions(exprs) : .functions(funcsOnly),
                                    explicitTable: explicitTable))
    }

    mutating func data() throws(TextError) {
        _ = try c.idAndName()
        var mode: DataSegment.Mode = .passive
        var explicit = false
        if c.peek.kind == .lparen || atIndex() {
            var mem: UInt32 = 0
            if c.atList("memory") {
                try c.openList("memory")
                mem = try index(.memory)
                try c.rparen()
                explicit = true
            } else if atIndex() {
                mem = try index(.memory)
                explicit = true
            }
            mode = .active(memory: mem, offset: try offsetExpr())
        }
        var bytes: [UInt8] = []
        while c.peek.kind == .string { bytes += try c.string() }
        datas.append(DataSegment(mode: mode, bytes: ByteSlice(copying: bytes), explicitMemory: explicit && { if case .active(let m, _) = mode { m != 0 } else { false } }()))
    }

    func encode() -> [UInt8] {
        var s: [Section] = []
        func customs(_ place: CustomPlace) {
            for c in self.customs where c.place == place { s.append(.custom(c.section)) }
        }
        func section(_ anchor: CustomAnchor, _ present: Bool, _ make: () -> Section) {
            customs(.before(anchor))
            if present { s.append(make()) }
            customs(.after(anchor))
        }
        customs(.beforeFirst)
        var allGroups = types
        for t in pendingTypes { allGroups.append(RecGroup(t)) }
        section(.type, !allGroups.isEmpty) { .type(allGroups) }
        section(.import, !imports.isEmpty) { .import(imports) }
        section(.func, !funcs.isEmpty) { .function(funcs) }
        section(.table, !tables.isEmpty) { .table(tables) }
        section(.memory, !memories.isEmpty) { .memory(memories) }
        section(.tag, !tags.isEmpty) { .tag(tags) }
        section(.global, !globals.isEmpty) { .global(globals) }
        section(.export, !exports.isEmpty) { .export(exports) }
        section(.start, start != nil) { .start(start ?? 0) }
        section(.elem, !elems.isEmpty) { .element(elems) }
        if usesDataCount { s.append(.dataCount(UInt32(datas.count))) }
        customs(.before(.code))
        if !bodies.isEmpty {
            if let hints = branchHintSection() { s.append(.custom(hints)) }
            s.append(.code(bodies))
        }
        customs(.after(.code))
        section(.data, !datas.isEmpty) { .data(datas) }
        customs(.afterLast)
        var subs: [NameSection.Subsection] = []
        if let moduleName { subs.append(.module(moduleName)) }
        func map(_ sp: Space) -> NameMap {
            NameMap(names.named[sp.rawValue].map { NameMap.Entry(index: $0.0, name: $0.1) })
        }
        func indirect(_ l: [(UInt32, [(UInt32, String)])]) -> IndirectNameMap {
            IndirectNameMap(l.map { IndirectNameMap.Entry(index: $0.0, names: NameMap($0.1.map { NameMap.Entry(index: $0.0, name: $0.1) })) })
        }
        if !names.named[Space.func.rawValue].isEmpty { subs.append(.functions(map(.func))) }
        if !localNames.isEmpty { subs.append(.locals(indirect(localNames))) }
        if !labelNames.isEmpty { subs.append(.labels(indirect(labelNames))) }
        if !names.named[Space.type.rawValue].isEmpty { subs.append(.types(map(.type))) }
        if !names.named[Space.table.rawValue].isEmpty { subs.append(.tables(map(.table))) }
        if !names.named[Space.memory.rawValue].isEmpty { subs.append(.memories(map(.memory))) }
        if !names.named[Space.global.rawValue].isEmpty { subs.append(.globals(map(.global))) }
        if !names.named[Space.elem.rawValue].isEmpty { subs.append(.elements(map(.elem))) }
        if !names.named[Space.data.rawValue].isEmpty { subs.append(.data(map(.data))) }
        if !fieldNames.isEmpty { subs.append(.fields(indirect(fieldNames))) }
        if !names.named[Space.tag.rawValue].isEmpty { subs.append(.tags(map(.tag))) }
        if !typeParamNames.isEmpty {
            // Subsection 12: parameter names of function types (wasm-tools 1.262).
            var w = ByteWriter()
            w.indirectNameMap(indirect(typeParamNames))
            subs.append(.unknown(id: 12, content: ByteSlice(copying: w.bytes)))
        }
        if !subs.isEmpty {
            s.append(.custom(CustomSection(name: "name", content: ByteSlice(copying: NameSection(subsections: subs).encode()))))
        }
        return Module(sections: s).encode()
    }
}
