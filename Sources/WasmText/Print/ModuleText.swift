import WasmBinary
import WasmCore

extension Printer {
    /// Prints the core module in `bytes` as it reads it, section by section: `(module ...)` at the top
    /// level, `(core module (;N;) ...)` inside a component (`nestedName` prints the name). A malformed
    /// section or body throws after what precedes it has been printed.
    func module(_ bytes: ByteSlice, nestedName: (() -> Void)? = nil) throws(WasmError) {
        let s = CoreState()
        var r = bytes.reader
        try r.readModulePreamble()
        // Names and branch hints first (wasm-tools reads them before printing anything).
        var scan = r
        while !scan.isAtEnd {
            guard let (id, size) = try? ModuleWalk.frame(&scan), let content = try? scan.readSlice(size) else { break }
            guard id == 0, var cr = Optional(content.reader), let c = try? cr.readCustomSection() else { continue }
            if c.name == "name" { s.names = CoreNames(section: c.content) }
            if c.name == "metadata.code.branch_hint" { s.hints = BranchHints(c.content) }
        }
        if let nestedName {
            startGroup("core module")
            w(" ")
            nestedName()
        } else {
            startGroup("module")
            if let n = s.names.module { w(" "); writeName(n) }
        }
        var order = 0
        var functionCount = 0
        var codeSeen = false
        while !r.isAtEnd {
            let sectionStart = r.position
            let (id, size) = try ModuleWalk.frame(&r)
            guard let sid = SectionID(rawValue: id) else {
                throw WasmError(.unknownSection, "malformed section id \(id)", offset: sectionStart)
            }
            if sid != .custom {
                guard sid.orderRank > order else {
                    throw WasmError(.sectionOutOfOrder, "section out of order", offset: sectionStart)
                }
                order = sid.orderRank
            }
            try r.withLimit(size, "\(sid.name) section") { (sr: inout ByteReader) throws(WasmError) in
                if sid == .code {
                    codeSeen = true
                    let n = try sr.readCount(minimumItemSize: 1, "function body")
                    if n != functionCount {
                        throw WasmError(.inconsistent, "function and code section have inconsistent lengths", offset: sectionStart)
                    }
                    try code(s, &sr, count: n)
                } else {
                    try section(s, sid, &sr, functionCount: &functionCount)
                }
            }
            try out.maybeFlush()
        }
        if functionCount != 0 && !codeSeen {
            throw WasmError(.inconsistent, "function and code section have inconsistent lengths", offset: r.position)
        }
        endGroup(at: r.position)
    }

    func section(_ s: CoreState, _ id: SectionID, _ r: inout ByteReader, functionCount: inout Int) throws(WasmError) {
        let sectionStart = r.position
        func items(_ what: String, _ place: String, _ body: (inout ByteReader, Int) throws(WasmError) -> Void) throws(WasmError) {
            let n = try r.readCount(minimumItemSize: 1, what)
            if n > 0 { s.customPlace = place }
            for i in 0..<n { try body(&r, i) }
        }
        switch id {
        case .custom:
            let c = try r.readCustomSection()
            try customSection(s, c, offset: sectionStart)
        case .type:
            try items("type", "after type") { (r, _) throws(WasmError) in
                let at = r.position
                let g = try r.readRecGroup()
                newline(at)
                recGroup(s, g, offset: at, inComponent: false)
            }
        case .import:
            try items("import", "after import") { (r, _) throws(WasmError) in
                let at = r.position
                let g = try r.readImportGroup()
                importGroup(s, g, offset: at)
            }
        case .function:
            try items("function", "after func") { (r, _) throws(WasmError) in
                s.funcTypes.append(try r.readU32())
                functionCount += 1
            }
        case .table:
            try items("table", "after table") { (r, _) throws(WasmError) in
                let at = r.position
                let t = try r.readTable()
                newline(at)
                tableType(s, t.type, index: true)
                if let e = t.initializer { w(" "); constExpr(s, e, fold: true) }
                endGroup()
                s.tables += 1
            }
        case .memory:
            try items("memory", "after memory") { (r, _) throws(WasmError) in
                let at = r.position
                let m = try r.readMemoryType()
                newline(at)
                memoryType(s, m, index: true)
                endGroup()
                s.memories += 1
            }
        case .tag:
            try items("tag", "after tag") { (r, _) throws(WasmError) in
                let at = r.position
                let t = try r.readTagType()
                newline(at)
                tagType(s, t, index: true)
                endGroup()
                s.tags += 1
                s.tagTypes.append(t.typeIndex)
            }
        case .global:
            try items("global", "after global") { (r, _) throws(WasmError) in
                let at = r.position
                let type = try r.readGlobalType()
                let e = try r.readConstExpr()
                newline(at)
                globalType(s, type, index: true)
                w(" ")
                constExpr(s, e, fold: true)
                endGroup()
                s.globals += 1
            }
        case .export:
            try items("export", "after export") { (r, _) throws(WasmError) in
                let at = r.position
                let e = try r.readExport()
                newline(at)
                startGroup("export ")
                str(e.name)
                w(" ")
                externalKind(s, e.kind, e.index)
                endGroup()
            }
        case .start:
            let f = try r.readU32()
            newline(sectionStart)
            startGroup("start ")
            idx(s.names.funcs, f)
            endGroup()
            s.customPlace = "after start"
        case .element:
            try items("element segment", "after elem") { (r, i) throws(WasmError) in
                let at = r.position
                let seg = try r.readElementSegment()
                element(s, seg, UInt32(truncatingIfNeeded: i), offset: at)
            }
        case .dataCount:
            _ = try r.readU32()
        case .code:
            break
        case .data:
            let n = try r.readCount(minimumItemSize: 1, "data segment")
            if n > 0 { s.customPlace = "after data" }
            try dataSegments(s, &r, count: n)
        }
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

    func importGroup(_ s: CoreState, _ g: ImportGroup, offset: Int?) {
        newline(offset)
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
        case .tag(let t): s.tags += 1; s.tagTypes.append(t.typeIndex)
        case .global: s.globals += 1
        }
    }

    /// `paramNames`: parameters are named as the next function's (`--name-unnamed` synthesizes them), as
    /// wasm-tools does in module types even when the import defines no index.
    func importType(_ s: CoreState, _ t: ExternType, index: Bool, paramNames: Bool = false) {
        let namesFor = index || paramNames ? s.funcs : nil
        switch t {
        case .func(let f):
            startGroup("func ")
            if index { name(s.names.funcs, s.funcs); w(" ") }
            funcTypeIndex(s, f, namesFor: namesFor)
        case .funcExact(let f):
            startGroup("func ")
            if index { name(s.names.funcs, s.funcs); w(" ") }
            startGroup("exact ")
            funcTypeIndex(s, f, namesFor: namesFor)
            endGroup()
        case .table(let t): tableType(s, t, index: index)
        case .memory(let m): memoryType(s, m, index: index)
        case .tag(let t): tagType(s, t, index: index)
        case .global(let g): globalType(s, g, index: index)
        }
        endGroup()
    }

    /// A constant expression's instructions, space-separated (folded with `--fold-instructions` when `fold`).
    func constExpr(_ s: CoreState, _ e: ConstExpr, fold: Bool = false) {
        var ops = FunctionBody(code: .instructions(e.instructions)).operatorReader()
        if fold && options.fold {
            var folder = FoldingPrinter(self, s, separator: .noneThenSpace, funcType: nil)
            while let op = try? ops.next() {
                if op.opcode == .end && ops.isFinished { break }
                guard (try? folder.visit(op, &ops)) != nil else { return }
            }
            try? folder.finish()
            return
        }
        let printer = OperatorPrinter(self, s, separator: .noneThenSpace)
        while let op = try? ops.next() {
            if op.opcode == .end && ops.isFinished { break }
            printer.print(op, &ops)
        }
    }

    /// `(i32.const 1)`, or `(offset ...)` / `(item ...)` for more than one instruction.
    func constExprSugar(_ s: CoreState, _ e: ConstExpr, _ explicit: StaticString) {
        startGroup("")
        if e.instructions.count != 1 { w(explicit); w(" ") }
        constExpr(s, e, fold: e.instructions.count != 1)
        endGroup()
    }

    func element(_ s: CoreState, _ seg: ElementSegment, _ i: UInt32, offset: Int?) {
        newline(offset)
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

    func data(_ s: CoreState, _ seg: DataSegment, _ i: UInt32, offset: Int?) {
        newline(offset)
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

    /// `(func $name (;N;) (type T) (param ...) (result ...) locals instructions)` from the code entry at
    /// `r`. A malformed body throws after what precedes the error is printed.
    func function(_ s: CoreState, _ r: inout ByteReader) throws(WasmError) {
        let size = try Printer.bodySize(&r)
        let bodyStart = r.position
        var b = ByteReader(storage: r.storage, range: bodyStart..<(bodyStart + size))
        r.position = bodyStart + size
        newline(bodyStart)
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
        let groups = try b.readCount(minimumItemSize: 1, "local group")
        for _ in 0..<groups {
            let localAt = b.position
            let count = try b.readU32()
            let type = try b.readValType()
            guard UInt64(localIndex) + UInt64(count) <= 50_000 else {
                throw WasmError(.tooManyLocals, "function exceeds the maximum number of locals that can be printed", offset: localAt)
            }
            for _ in 0..<count {
                if first { newline(localAt); first = false }
                locals.start(self, s, func: f, local: params &+ localIndex)
                valType(s, type)
                locals.end(self)
                localIndex &+= 1
            }
        }
        locals.finish(self)
        let nestingStart = nesting
        let code = ByteSlice(storage: b.storage, range: b.position..<b.end)
        var ops = OperatorReader(code)
        var hints = s.hints.forFunction(f)
        var endOffset = 0
        if options.fold {
            var folder = FoldingPrinter(self, s, separator: .newline, funcType: type)
            do {
                while let op = try ops.next() {
                    if op.opcode == .end && ops.isFinished { endOffset = op.offset; break }
                    if !hints.isEmpty, let h = hints.last, h.offset == op.offset - bodyStart {
                        hints.removeLast()
                        folder.branchHint(h.taken)
                    }
                    try folder.visit(op, &ops)
                }
                try folder.finish()
            } catch {
                nesting = nestingStart
                throw error
            }
            if nesting != nestingStart {
                nesting = nestingStart
                newline(ops.position)
            }
            endGroup(at: endOffset)
            return
        }
        let printer = OperatorPrinter(self, s, separator: .newline)
        do {
            while let op = try ops.next() {
                if op.opcode == .end && ops.isFinished { endOffset = op.offset; break }
                if !hints.isEmpty, let h = hints.last, h.offset == op.offset - bodyStart {
                    hints.removeLast()
                    newline(h.at)
                    w(h.taken ? "(@metadata.code.branch_hint \"\\01\")" : "(@metadata.code.branch_hint \"\\00\")")
                }
                printer.print(op, &ops)
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

extension Printer {
    /// Reads the size of the code entry at `r` (the reader is left at the body).
    static func bodySize(_ r: inout ByteReader) throws(WasmError) -> Int {
        let at = r.position
        let size = Int(try r.readU32())
        guard size <= r.remaining else {
            throw WasmError(.unexpectedEnd, "function body size \(size) exceeds the \(r.remaining) bytes left", offset: at)
        }
        return size
    }

    /// Lets the input pages before `r`'s position leave the resident set once 1 MiB more has been printed
    /// (file mappings only; they are read again if touched), so memory stays bounded on large inputs.
    func dropPrinted(_ r: ByteReader, since dropped: inout Int) {
        guard r.position - dropped >= 1 << 20 else { return }
        r.storage.dropPages(dropped..<r.position)
        dropped = r.position
    }
}

/// Section framing for the printer's walk.
enum ModuleWalk {
    static func frame(_ r: inout ByteReader) throws(WasmError) -> (UInt8, Int) {
        let id = try r.readByte()
        let at = r.position
        let size = Int(try r.readU32())
        guard size <= r.remaining else {
            throw WasmError(.unexpectedEnd, "unexpected end: section size \(size) exceeds the \(r.remaining) bytes left", offset: at)
        }
        return (id, size)
    }
}
