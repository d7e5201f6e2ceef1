import WasmBinary

// Decoding of the core type grammar (shared by module and component decoders).

extension ByteReader {
    public mutating func readValType() throws(WasmError) -> ValType {
        let at = position
        let b = try peekByte()
        switch b {
        case 0x7F: position += 1; return .i32
        case 0x7E: position += 1; return .i64
        case 0x7D: position += 1; return .f32
        case 0x7C: position += 1; return .f64
        case 0x7B: position += 1; return .v128
        default:
            do {
                return .ref(try readRefType())
            } catch {
                if error.code == .invalidLeadingByte {
                    throw WasmError(.invalidLeadingByte, "malformed value type (0x\(String(b, radix: 16)))", offset: at)
                }
                throw error
            }
        }
    }

    public mutating func readRefType() throws(WasmError) -> RefType {
        let at = position
        let b = try peekByte()
        switch b {
        case 0x63, 0x64:
            position += 1
            return RefType(nullable: b == 0x63, heapType: try readHeapType())
        case 0x62:
            throw WasmError(.invalidLeadingByte, "unexpected exact type", offset: at)
        default:
            // Short form: `(ref null <abstract>)`, optionally `0x65`-prefixed for shared.
            var shared = false
            if b == 0x65 {
                position += 1
                shared = true
            }
            let hb = try readByte()
            guard let t = AbstractHeapType(rawValue: hb) else {
                throw WasmError(.invalidLeadingByte, "malformed reference type (0x\(String(hb, radix: 16)))", offset: at)
            }
            return RefType(nullable: true, heapType: .abstract(t, shared: shared))
        }
    }

    public mutating func readHeapType() throws(WasmError) -> HeapType {
        let at = position
        var probe = self
        let s = try probe.readS33()
        if s >= 0 {
            self = probe
            return .concrete(UInt32(truncatingIfNeeded: s))
        }
        let b = try readByte()
        switch b {
        case 0x65:
            let hb = try readByte()
            guard let t = AbstractHeapType(rawValue: hb) else {
                throw WasmError(.invalidLeadingByte, "invalid heap type (0x\(String(hb, radix: 16)))", offset: at + 1)
            }
            return .abstract(t, shared: true)
        case 0x62:
            return .exact(try readU32())
        default:
            guard let t = AbstractHeapType(rawValue: b) else {
                throw WasmError(.invalidLeadingByte, "invalid heap type (0x\(String(b, radix: 16)))", offset: at)
            }
            return .abstract(t, shared: false)
        }
    }

    public mutating func readStorageType() throws(WasmError) -> StorageType {
        switch try peekByte() {
        case 0x78: position += 1; return .i8
        case 0x77: position += 1; return .i16
        default: return .val(try readValType())
        }
    }

    public mutating func readFieldType() throws(WasmError) -> FieldType {
        let storage = try readStorageType()
        let at = position
        switch try readByte() {
        case 0: return FieldType(storage: storage, mutable: false)
        case 1: return FieldType(storage: storage, mutable: true)
        default: throw WasmError(.invalidLeadingByte, "malformed mutability", offset: at)
        }
    }

    public mutating func readFuncType() throws(WasmError) -> FuncType {
        let np = try readCount(minimumItemSize: 1, "parameter")
        var params: [ValType] = []
        params.reserveCapacity(np)
        for _ in 0..<np { params.append(try readValType()) }
        let nr = try readCount(minimumItemSize: 1, "result")
        var results: [ValType] = []
        results.reserveCapacity(nr)
        for _ in 0..<nr { results.append(try readValType()) }
        return FuncType(params: params, results: results)
    }

    /// A composite type whose first byte has already been read (`first`, at `at`).
    mutating func readCompositeType(first: UInt8, at: Int) throws(WasmError) -> CompositeType {
        var op = first
        var opAt = at
        var shared = false
        var describes: UInt32?
        var descriptor: UInt32?
        if op == 0x65 {
            shared = true
            opAt = position
            op = try readByte()
        }
        if op == 0x4C {
            describes = try readU32()
            opAt = position
            op = try readByte()
        }
        if op == 0x4D {
            descriptor = try readU32()
            opAt = position
            op = try readByte()
        }
        let kind: CompositeKind
        switch op {
        case 0x60: kind = .func(try readFuncType())
        case 0x5F:
            let n = try readCount(minimumItemSize: 2, "struct field")
            var fields: [FieldType] = []
            fields.reserveCapacity(n)
            for _ in 0..<n { fields.append(try readFieldType()) }
            kind = .struct(fields)
        case 0x5E: kind = .array(try readFieldType())
        case 0x5D:
            let idxAt = position
            let s = try readS33()
            guard s >= 0 else { throw WasmError(.invalidLeadingByte, "invalid continuation type", offset: idxAt) }
            kind = .cont(UInt32(truncatingIfNeeded: s))
        default:
            throw WasmError(.invalidLeadingByte, "malformed definition type (0x\(String(op, radix: 16)))", offset: opAt)
        }
        return CompositeType(kind, shared: shared, describes: describes, descriptor: descriptor)
    }

    public mutating func readCompositeType() throws(WasmError) -> CompositeType {
        let at = position
        return try readCompositeType(first: try readByte(), at: at)
    }

    /// A sub type whose first byte has already been read.
    mutating func readSubType(first: UInt8, at: Int) throws(WasmError) -> SubType {
        if first == 0x50 || first == 0x4F {
            let n = try readCount(minimumItemSize: 1, "supertype")
            var supers: [UInt32] = []
            supers.reserveCapacity(n)
            for _ in 0..<n { supers.append(try readU32()) }
            let cat = position
            let composite = try readCompositeType(first: try readByte(), at: cat)
            return SubType(isFinal: first == 0x4F, supertypes: supers, composite: composite)
        }
        return SubType(isFinal: true, supertypes: [], composite: try readCompositeType(first: first, at: at))
    }

    public mutating func readSubType() throws(WasmError) -> SubType {
        let at = position
        return try readSubType(first: try readByte(), at: at)
    }

    public mutating func readRecGroup() throws(WasmError) -> RecGroup {
        let at = position
        let b = try readByte()
        if b == 0x4E {
            let n = try readCount(minimumItemSize: 1, "rec group type")
            var types: [SubType] = []
            types.reserveCapacity(n)
            for i in 0..<n {
                types.append(try withFrame(.item("rec group type", i)) { () throws(WasmError) in try readSubType() })
            }
            return RecGroup(types: types, isExplicit: true)
        }
        return RecGroup(try readSubType(first: b, at: at))
    }

    /// Limits after the flag byte: minimum and optional maximum, u64 (range is checked by validation).
    mutating func readLimitValues(hasMax: Bool) throws(WasmError) -> (UInt64, UInt64?) {
        let min = try readU64()
        let max: UInt64? = hasMax ? try readU64() : nil
        return (min, max)
    }

    public mutating func readMemoryType() throws(WasmError) -> MemoryType {
        let at = position
        let flags = try readByte()
        if flags & ~0b1111 != 0 {
            throw WasmError(.invalidLeadingByte, "malformed limits flags (0x\(String(flags, radix: 16)))", offset: at)
        }
        let (min, max) = try readLimitValues(hasMax: flags & 1 != 0)
        var pageSizeLog2: UInt32?
        if flags & 0b1000 != 0 {
            let pat = position
            let v = try readU32()
            if v >= 64 { throw WasmError(.invalidLeadingByte, "invalid custom page size", offset: pat) }
            pageSizeLog2 = v
        }
        return MemoryType(limits: Limits(min: min, max: max, is64: flags & 0b100 != 0, shared: flags & 0b10 != 0,
                                         pageSizeLog2: pageSizeLog2))
    }

    public mutating func readTableType() throws(WasmError) -> TableType {
        let element = try readRefType()
        let at = position
        let flags = try readByte()
        if flags & ~0b111 != 0 {
            throw WasmError(.invalidLeadingByte, "malformed limits flags (0x\(String(flags, radix: 16)))", offset: at)
        }
        let (min, max) = try readLimitValues(hasMax: flags & 1 != 0)
        return TableType(element: element,
                         limits: Limits(min: min, max: max, is64: flags & 0b100 != 0, shared: flags & 0b10 != 0))
    }

    public mutating func readGlobalType() throws(WasmError) -> GlobalType {
        let value = try readValType()
        let at = position
        let flags = try readByte()
        if flags > 0b11 { throw WasmError(.invalidLeadingByte, "malformed mutability (0x\(String(flags, radix: 16)))", offset: at) }
        return GlobalType(value: value, mutable: flags & 1 != 0, shared: flags & 2 != 0)
    }

    public mutating func readTagType() throws(WasmError) -> TagType {
        let at = position
        let attribute = try readByte()
        if attribute != 0 { throw WasmError(.invalidLeadingByte, "invalid tag attribute (0x\(String(attribute, radix: 16)))", offset: at) }
        return TagType(attribute: attribute, typeIndex: try readU32())
    }

    public mutating func readExternalKind(_ what: String = "external kind") throws(WasmError) -> ExternalKind {
        let at = position
        let b = try readByte()
        guard let k = ExternalKind(rawValue: b) else {
            throw WasmError(.invalidLeadingByte, "malformed \(what) (0x\(String(b, radix: 16)))", offset: at)
        }
        return k
    }

    /// An import description (`externtype`).
    public mutating func readExternType() throws(WasmError) -> ExternType {
        switch try readExternalKind("import kind") {
        case .func: return .func(try readU32())
        case .funcExact: return .funcExact(try readU32())
        case .table: return .table(try readTableType())
        case .memory: return .memory(try readMemoryType())
        case .global: return .global(try readGlobalType())
        case .tag: return .tag(try readTagType())
        }
    }

    /// One plain (non-compact) import: module name, item name, type.
    public mutating func readImport() throws(WasmError) -> Import {
        let module = try readName()
        let name = try readName()
        return Import(module: module, name: name, type: try readExternType())
    }
}
