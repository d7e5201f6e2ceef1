import WasmBinary
import WasmCore

extension Printer {
    /// Prints a core module: `(module ...)` at the top level, `(core module (;N;) ...)` inside a component.
    func module(_ m: Module, nestedName: (() -> Void)? = nil) throws(WasmError) {
        let s = CoreState()
        if let names = m.customSection(named: "name") { s.names = CoreNames(section: names.content) }
        s.types = []
        if let nestedName {
            startGroup("core module")
            w(" ")
            nestedName()
        } else {
            startGroup("module")
            if let n = s.names.module { w(" "); writeName(n) }
        }
        var elemIndex: UInt32 = 0
        var dataIndex: UInt32 = 0
        for section in m.sections {
            switch section {
            case .custom(let c): customSection(s, c)
            case .type(let groups):
                if !groups.isEmpty { s.customPlace = "after type" }
                for g in groups {
                    newline(nil)
                    recGroup(s, g, offset: nil, inComponent: false)
                }
            case .import(let groups):
                if !groups.isEmpty { s.customPlace = "after import" }
                for g in groups { importGroup(s, g) }
            case .function(let f):
                if !f.isEmpty { s.customPlace = "after func" }
                s.funcTypes.append(contentsOf: f)
            case .table(let tables):
                if !tables.isEmpty { s.customPlace = "after table" }
                for t in tables {
                    newline(nil)
                    tableType(s, t.type, index: true)
                    if let e = t.initializer { w(" "); constExpr(s, e) }
                    endGroup()
                    s.tables += 1
                }
            case .memory(let mems):
                if !mems.isEmpty { s.customPlace = "after memory" }
                for mem in mems {
                    newline(nil)
                    memoryType(s, mem, index: true)
                    endGroup()
                    s.memories += 1
                }
            case .tag(let tags):
                if !tags.isEmpty { s.customPlace = "after tag" }
                for t in tags {
                    newline(nil)
                    tagType(s, t, index: true)
                    endGroup()
                    s.tags += 1
                }
            case .global(let globals):
                if !globals.isEmpty { s.customPlace = "after global" }
                for g in globals {
                    newline(nil)
                    globalType(s, g.type, index: true)
                    w(" ")
                    constExpr(s, g.initializer)
                    endGroup()
                    s.globals += 1
                }
            case .export(let exports):
                if !exports.isEmpty { s.customPlace = "after export" }
                for e in exports {
                    newline(nil)
                    startGroup("export ")
                    str(e.name)
                    w(" ")
                    externalKind(s, e.kind, e.index)
                    endGroup()
                }
            case .start(let f):
                newline(nil)
                startGroup("start ")
                idx(s.names.funcs, f)
                endGroup()
                s.customPlace = "after start"
            case .element(let segments):
                if !segments.isEmpty { s.customPlace = "after elem" }
                for seg in segments {
                    element(s, seg, elemIndex)
                    elemIndex += 1
                }
            case .dataCount: break
            case .code(let bodies):
                for b in bodies {
                    try function(s, b)
                    s.customPlace = "after code"
                }
            case .data(let segments):
                if !segments.isEmpty { s.customPlace = "after data" }
                for seg in segments {
                    data(s, seg, dataIndex)
                    dataIndex += 1
                }
            }
            try out.maybeFlush()
        }
        endGroup(at: 0)
    }

    func externalKind(_ s: CoreState, _ kind: ExternalKind, _ i: UInt32) {
        switch kind {
        case .func, .funcExact: startGroup("func "); idx(s.names.funcs, i)
        case .table: startGroup("table "); idx(s.names.tables, i)
        case .global: startGroup("global "); idx(s.names.globals, i)
        case .memory: startGroup("memory "); idx(s.names.memories, i)
        case .tag: startGroup("tag "); int(i)
        }
        endGroup()
    }

    func importGroup(_ s: CoreState, _ g: ImportGroup) {
        newline(nil)
        switch g {
        case .single(let i):
            startGroup("import ")
            str(i.module)
            w(" ")
            str(i.name)
            w(" ")
            importType(s, i.type, index: true)
            endGroup()
            count(s, i.type)
        case .compactItems(let module, let items):
            startGroup("import ")
            str(module)
            for item in items {
                newline(nil)
                startGroup("item ")
                str(item.name)
                w(" ")
                importType(s, item.type, index: true)
                endGroup()
                count(s, item.type)
            }
            endGroup()
        case .compactType(let module, let type, let names):
            startGroup("import ")
            str(module)
            for n in names {
                newline(nil)
                startGroup("item ")
                str(n)
                endGroup()
                count(s, type)
            }
            newline(nil)
            importType(s, type, index: false)
            endGroup()
        }
    }

    func count(_ s: CoreState, _ t: ExternType) {
        switch t {
        case .func(let i), .funcExact(let i): s.funcs += 1; s.funcTypes.append(i)
        case .table: s.tables += 1
        case .memory: s.memories += 1
        case .tag: s.tags += 1
        case .global: s.globals += 1
        }
    }

    func importType(_ s: CoreState, _ t: ExternType, index: Bool) {
        switch t {
        case .func(let f):
            startGroup("func ")
            if index { name(s.names.funcs, s.funcs); w(" ") }
            funcTypeIndex(s, f, namesFor: nil)
        case .funcExact(let f):
            startGroup("func ")
            if index { name(s.names.funcs, s.funcs); w(" ") }
            startGroup("exact ")
            funcTypeIndex(s, f, namesFor: nil)
            endGroup()
        case .table(let t): tableType(s, t, index: index)
        case .memory(let m): memoryType(s, m, index: index)
        case .tag(let t): tagType(s, t, index: index)
        case .global(let g): globalType(s, g, index: index)
        }
        endGroup()
    }

    /// A constant expression's instructions, space-separated.
    func constExpr(_ s: CoreState, _ e: ConstExpr) {
        var ops = FunctionBody(code: .instructions(e.instructions)).operatorReader()
        var printer = OperatorPrinter(self, s, separator: .noneThenSpace)
        while let op = try? ops.next() {
            if op.opcode == .end && ops.isFinished { break }
            printer.print(op, ops)
        }
    }

    /// `(i32.const 1)`, or `(offset ...)` / `(item ...)` for more than one instruction.
    func constExprSugar(_ s: CoreState, _ e: ConstExpr, _ explicit: StaticString) {
        startGroup("")
        if e.instructions.count != 1 { w(explicit); w(" ") }
        constExpr(s, e)
        endGroup()
    }

    func element(_ s: CoreState, _ seg: ElementSegment, _ i: UInt32) {
        newline(nil)
        startGroup("elem ")
        name(s.names.elems, i)
        switch seg.mode {
        case .passive: break
        case .declarative: w(" declare")
        case .active(let table, let offset):
            if seg.explicitTable || table != 0 {
                w(" ")
                startGroup("table ")
                idx(s.names.tables, table)
                endGroup()
            }
            w(" ")
            constExprSugar(s, offset, "offset")
        }
        w(" ")
        if options.skeleton {
            w("...")
        } else {
            switch seg.items {
            case .functions(let fs):
                w("func")
                for f in fs { w(" "); idx(s.names.funcs, f) }
            case .expressions(let es):
                refType(s, seg.type)
                for e in es { w(" "); constExprSugar(s, e, "item") }
            }
        }
        endGroup()
    }

    func data(_ s: CoreState, _ seg: DataSegment, _ i: UInt32) {
        newline(nil)
        startGroup("data ")
        name(s.names.data, i)
        w(" ")
        if case .active(let memory, let offset) = seg.mode {
            if memory != 0 {
                startGroup("memory ")
                idx(s.names.memories, memory)
                endGroup()
                w(" ")
            }
            constExprSugar(s, offset, "offset")
            w(" ")
        }
        if options.skeleton { w("...") } else { bytes(seg.bytes) }
        endGroup()
    }

    func customSection(_ s: CoreState, _ c: CustomSection) {
        switch c.name {
        case "name", "component-name", "metadata.code.branch_hint": return
        case ProducersSection.sectionName:
            if let p = try? ProducersSection.decode(c.content) {
                newline(nil)
                startGroup("@producers")
                for f in p.fields {
                    for v in f.values {
                        newline(nil)
                        startGroup(f.name)
                        w(" ")
                        str(v.name)
                        w(" ")
                        str(v.version)
                        endGroup()
                    }
                }
                endGroup()
                return
            }
        default: break
        }
        newline(nil)
        startGroup("@custom ")
        str(c.name)
        w(" ("); w(s.customPlace); w(") ")
        if options.skeleton { w("...") } else { bytes(c.content) }
        endGroup()
    }

    /// `(func $name (;N;) (type T) (param ...) (result ...) locals instructions)`. A malformed body
    /// throws after what precedes the error is printed.
    func function(_ s: CoreState, _ body: FunctionBody) throws(WasmError) {
        newline(nil)
        startGroup("func ")
        let f = s.funcs
        name(s.names.funcs, f)
        w(" ")
        let type = Int(f) < s.funcTypes.count ? s.funcTypes[Int(f)] : 0
        let params = funcTypeIndex(s, type, namesFor: f) ?? 0
        defer { s.funcs += 1 }
        if options.skeleton {
            w(" ...")
            endGroup()
            return
        }
        var locals = LocalGroupPrinter(group: "local")
        var localIndex: UInt32 = 0
        var first = true
        for g in body.locals {
            for _ in 0..<g.count {
                if first { newline(nil); first = false }
                locals.start(self, s, func: f, local: params &+ localIndex)
                valType(s, g.type)
                locals.end(self)
                localIndex &+= 1
            }
        }
        locals.finish(self)
        let nestingStart = nesting
        var ops = body.operatorReader()
        var printer = OperatorPrinter(self, s, separator: .newline)
        var endOffset = 0
        do {
            while let op = try ops.next() {
                if op.opcode == .end && ops.isFinished { endOffset = op.offset; break }
                printer.print(op, ops)
                if out.bytes.count >= out.chunkSize { try out.flush() }
            }
        } catch {
            nesting = nestingStart
            throw error
        }
        if nesting != nestingStart {
            nesting = nestingStart
            newline(ops.position)
        }
        endGroup(at: endOffset)
    }
}
