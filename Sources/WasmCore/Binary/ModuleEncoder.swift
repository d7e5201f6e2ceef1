import WasmBinary

// Encoding of the module model; the inverse of ModuleDecoder.swift. Every form the model records is written
// back as it was read, so `encode(decode(b)) == b` whenever `b` used minimal LEB128 encodings and the
// canonical (shorthand) encodings of reference types.

extension Module {
    /// The binary encoding of the module.
    public func encode() -> [UInt8] {
        var w = ByteWriter(capacity: 1 << 12)
        w.bytes(Module.magic)
        w.bytes(Module.version)
        for s in sections { w.section(s) }
        return w.bytes
    }
}

extension ByteWriter {
    /// One section: id, size, payload.
    public mutating func section(_ s: Section) {
        byte(s.id.rawValue)
        sized { $0.sectionPayload(s) }
    }

    mutating func sectionPayload(_ s: Section) {
        switch s {
        case .custom(let c):
            name(c.name)
            bytes(c.content)
        case .type(let groups):
            vector(groups) { $0.recGroup($1) }
        case .import(let groups):
            vector(groups) { $0.importGroup($1) }
        case .function(let types):
            vector(types) { $0.u32($1) }
        case .table(let tables):
            vector(tables) { $0.table($1) }
        case .memory(let mems):
            vector(mems) { $0.memoryType($1) }
        case .tag(let tags):
            vector(tags) { $0.tagType($1) }
        case .global(let globals):
            vector(globals) { w, g in
                w.globalType(g.type)
                w.constExpr(g.initializer)
            }
        case .export(let exports):
            vector(exports) { w, e in
                w.name(e.name)
                w.byte(e.kind.rawValue)
                w.u32(e.index)
            }
        case .start(let f):
            u32(f)
        case .element(let segments):
            vector(segments) { $0.elementSegment($1) }
        case .dataCount(let n):
            u32(n)
        case .code(let bodies):
            vector(bodies) { w, b in w.sized { $0.functionBody(b) } }
        case .data(let segments):
            vector(segments) { $0.dataSegment($1) }
        }
    }

    public mutating func importGroup(_ g: ImportGroup) {
        switch g {
        case .single(let i):
            `import`(i)
        case .compactItems(let module, let items):
            name(module)
            name("")
            byte(0x7F)
            vector(items) { w, item in
                w.name(item.name)
                w.externType(item.type)
            }
        case .compactType(let module, let type, let names):
            name(module)
            name("")
            byte(0x7E)
            externType(type)
            vector(names) { $0.name($1) }
        }
    }

    public mutating func table(_ t: Table) {
        if let initializer = t.initializer {
            byte(0x40)
            byte(0x00)
            tableType(t.type)
            constExpr(initializer)
        } else {
            tableType(t.type)
        }
    }

    /// A constant expression and its final `end`.
    public mutating func constExpr(_ e: ConstExpr) {
        instructions(e.instructions)
        byte(0x0B)
    }

    public mutating func elementSegment(_ e: ElementSegment) {
        let flags = e.form
        u32(flags)
        switch e.mode {
        case .active(let table, let offset):
            if flags & 2 != 0 { u32(table) }
            constExpr(offset)
        case .passive, .declarative:
            break
        }
        if flags & 3 != 0 {
            if flags & 4 != 0 { refType(e.type) } else { byte(0x00) }
        }
        switch e.items {
        case .functions(let funcs):
            vector(funcs) { $0.u32($1) }
        case .expressions(let exprs):
            vector(exprs) { $0.constExpr($1) }
        }
    }

    public mutating func dataSegment(_ d: DataSegment) {
        switch d.mode {
        case .passive:
            u32(1)
        case .active(let memory, let offset):
            if memory != 0 || d.explicitMemory {
                u32(2)
                u32(memory)
            } else {
                u32(0)
            }
            constExpr(offset)
        }
        u32(d.bytes.count)
        bytes(d.bytes)
    }

    /// A function body without its size prefix: locals, then code (and the final `end`).
    public mutating func functionBody(_ b: FunctionBody) {
        vector(b.locals) { w, l in
            w.u32(l.count)
            w.valType(l.type)
        }
        switch b.code {
        case .bytes(let raw):
            bytes(raw)
        case .instructions(let list):
            instructions(list)
            byte(0x0B)
        }
    }
}
