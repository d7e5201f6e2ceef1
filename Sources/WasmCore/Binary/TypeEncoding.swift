import WasmBinary

// Encoding of the core type grammar; the inverse of TypeDecoding.swift. Shorthand forms are used
// wherever the binary format has one (as wasm-tools does).

extension ByteWriter {
    public mutating func valType(_ t: ValType) {
        switch t {
        case .i32: byte(0x7F)
        case .i64: byte(0x7E)
        case .f32: byte(0x7D)
        case .f64: byte(0x7C)
        case .v128: byte(0x7B)
        case .ref(let r): refType(r)
        }
    }

    public mutating func refType(_ r: RefType) {
        if r.nullable, case .abstract(let t, let shared) = r.heapType {
            if shared { byte(0x65) }
            byte(t.rawValue)
            return
        }
        byte(r.nullable ? 0x63 : 0x64)
        heapType(r.heapType)
    }

    public mutating func heapType(_ h: HeapType) {
        switch h {
        case .abstract(let t, let shared):
            if shared { byte(0x65) }
            byte(t.rawValue)
        case .concrete(let i): s33(Int64(i))
        case .exact(let i):
            byte(0x62)
            u32(i)
        }
    }

    public mutating func storageType(_ s: StorageType) {
        switch s {
        case .i8: byte(0x78)
        case .i16: byte(0x77)
        case .val(let v): valType(v)
        }
    }

    public mutating func fieldType(_ f: FieldType) {
        storageType(f.storage)
        byte(f.mutable ? 1 : 0)
    }

    public mutating func funcType(_ f: FuncType) {
        vector(f.params) { $0.valType($1) }
        vector(f.results) { $0.valType($1) }
    }

    public mutating func compositeType(_ c: CompositeType) {
        if c.shared { byte(0x65) }
        if let d = c.describes { byte(0x4C); u32(d) }
        if let d = c.descriptor { byte(0x4D); u32(d) }
        switch c.kind {
        case .func(let f): byte(0x60); funcType(f)
        case .struct(let fields): byte(0x5F); vector(fields) { $0.fieldType($1) }
        case .array(let f): byte(0x5E); fieldType(f)
        case .cont(let i): byte(0x5D); s33(Int64(i))
        }
    }

    public mutating func subType(_ s: SubType) {
        if s.isFinal && s.supertypes.isEmpty {
            compositeType(s.composite)
            return
        }
        byte(s.isFinal ? 0x4F : 0x50)
        vector(s.supertypes) { $0.u32($1) }
        compositeType(s.composite)
    }

    public mutating func recGroup(_ g: RecGroup) {
        if g.isExplicit || g.types.count != 1 {
            byte(0x4E)
            vector(g.types) { $0.subType($1) }
        } else {
            subType(g.types[0])
        }
    }

    mutating func limitValues(_ l: Limits) {
        u64(l.min)
        if let m = l.max { u64(m) }
    }

    public mutating func memoryType(_ m: MemoryType) {
        let l = m.limits
        var flags: UInt8 = 0
        if l.max != nil { flags |= 1 }
        if l.shared { flags |= 2 }
        if l.is64 { flags |= 4 }
        if l.pageSizeLog2 != nil { flags |= 8 }
        byte(flags)
        limitValues(l)
        if let p = l.pageSizeLog2 { u32(p) }
    }

    public mutating func tableType(_ t: TableType) {
        refType(t.element)
        let l = t.limits
        var flags: UInt8 = 0
        if l.max != nil { flags |= 1 }
        if l.shared { flags |= 2 }
        if l.is64 { flags |= 4 }
        byte(flags)
        limitValues(l)
    }

    public mutating func globalType(_ g: GlobalType) {
        valType(g.value)
        byte((g.mutable ? 1 : 0) | (g.shared ? 2 : 0))
    }

    public mutating func tagType(_ t: TagType) {
        byte(t.attribute)
        u32(t.typeIndex)
    }

    public mutating func externType(_ t: ExternType) {
        byte(t.kind.rawValue)
        switch t {
        case .func(let i), .funcExact(let i): u32(i)
        case .table(let tt): tableType(tt)
        case .memory(let m): memoryType(m)
        case .global(let g): globalType(g)
        case .tag(let tg): tagType(tg)
        }
    }

    public mutating func `import`(_ i: Import) {
        name(i.module)
        name(i.name)
        externType(i.type)
    }
}
