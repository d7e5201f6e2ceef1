import WasmBinary

// The sections with constant expressions (tables, globals, element and data segments) and the code section.

extension ModuleWalker {
    /// Checks the constant expression at `r.position` against `expected` and moves past it. Functions it
    /// names with `ref.func` become declared.
    mutating func constExpr(_ r: inout ByteReader, _ expected: VT) throws(WasmError) {
        let refs = try constants.validateConst(&r, expected: expected)
        for f in refs { ctx.declare(function: f) }
    }

    mutating func tableSection(_ r: inout ByteReader) throws(WasmError) {
        let at = r.position
        let n = try r.readCount(minimumItemSize: 1, "table")
        try checkCount(ctx.tables.count, n, maxTables, "tables", at: at)
        for _ in 0..<n {
            try withFrame(.item("table", ctx.tables.count)) { () throws(WasmError) in
                let at = r.position
                if r.peekByte(ahead: 0) == 0x40 {
                    r.position += 1
                    let rat = r.position
                    let reserved = try r.readByte()
                    if reserved != 0 {
                        throw WasmError(.invalidLeadingByte, "malformed table: expected 0x00 after 0x40, found "
                                        + "0x\(String(reserved, radix: 16))", offset: rat)
                    }
                    let tt = try r.readTableType()
                    let t = try checkTable(tt, at: at)
                    try features.require(.functionReferences, "a table initializer expression", at: at)
                    try constExpr(&r, t.element)
                    ctx.tables.append(t)
                    entities.tables.append(tt)
                } else {
                    let tt = try r.readTableType()
                    let t = try checkTable(tt, at: at)
                    if !t.element.nullable {
                        throw WasmError.invalid(.typeMismatch, "type mismatch: non-defaultable element type "
                                                + "\(ctx.types.name(t.element)) needs a table initializer", at: at)
                    }
                    ctx.tables.append(t)
                    entities.tables.append(tt)
                }
            }
        }
    }

    mutating func globalSection(_ r: inout ByteReader) throws(WasmError) {
        let at = r.position
        let n = try r.readCount(minimumItemSize: 1, "global")
        try checkCount(ctx.globals.count, n, ValidationLimits.globals, "globals", at: at)
        for _ in 0..<n {
            try withFrame(.item("global", ctx.globals.count)) { () throws(WasmError) in
                let at = r.position
                let gt = try r.readGlobalType()
                let g = try checkGlobal(gt, at: at)
                try constExpr(&r, g.type)
                ctx.globals.append(g)
                entities.globals.append(gt)
            }
        }
    }

    mutating func elementSection(_ r: inout ByteReader) throws(WasmError) {
        let at = r.position
        let n = try r.readCount(minimumItemSize: 1, "element segment")
        if n > ValidationLimits.elementSegments {
            throw WasmError.limit("element segments count exceeds limit of \(ValidationLimits.elementSegments)", at: at)
        }
        for i in 0..<n {
            try withFrame(.item("element segment", i)) { () throws(WasmError) in try elementSegment(&r) }
        }
    }

    mutating func elementSegment(_ r: inout ByteReader) throws(WasmError) {
        let at = r.position
        let flags = try r.readU32()
        guard flags <= 7 else {
            throw WasmError(.invalidLeadingByte, "malformed element segment flags (\(flags))", offset: at)
        }
        // Active segments: the table, and the offset expression (checked once the element type is known).
        var table: UInt32?
        var offsetExpr: ByteReader?
        if flags & 1 == 0 {
            table = flags & 2 != 0 ? try r.readU32() : 0
            offsetExpr = r
            var skip = OperatorReader(expressionAt: r)
            r = try skip.finish()
        }
        let expressions = flags & 4 != 0
        // Function-index forms have element type (ref func); expression form 4 has funcref.
        var element = expressions ? VT.funcref : VT.ref(nullable: false, abstract: .func)
        if expressions && flags & 3 == 0 {
            // The implicit funcref of expression elements is checked like an explicit one (reference types).
            element = try ctx.types.vt(RefType.funcref, features, at: at)
        }
        if flags & 3 != 0 {
            if expressions {
                let tat = r.position
                let rt = try r.readRefType()
                element = try ctx.types.vt(rt, features, at: tat)
            } else {
                let kat = r.position
                let kind = try r.readByte()
                if kind != 0 {
                    throw WasmError(.invalidLeadingByte, "malformed element kind (0x\(String(kind, radix: 16)))", offset: kat)
                }
            }
        }
        if let table, var e = offsetExpr {
            guard Int(table) < ctx.tables.count else {
                throw WasmError.invalid(.unknownIndex, "unknown table \(table): table index out of bounds", at: at)
            }
            let t = ctx.tables[Int(table)]
            if !ctx.isSubtype(element, t.element) {
                throw WasmError.invalid(.typeMismatch, "type mismatch: invalid element type \(ctx.types.name(element)) "
                                        + "for table type \(ctx.types.name(t.element))", at: at)
            }
            try constExpr(&e, t.addr)
        } else {
            try features.require(.bulkMemory, "a passive or declarative element segment", at: at)
        }
        let cat = r.position
        let count = try r.readCount(minimumItemSize: 1, "element")
        if count > ValidationLimits.tableEntries {
            throw WasmError.limit("number of elements is out of bounds", at: cat)
        }
        for _ in 0..<count {
            if expressions {
                try constExpr(&r, element)
            } else {
                let fat = r.position
                let f = try r.readU32()
                guard Int(f) < ctx.functionTypes.count else {
                    throw WasmError.invalid(.unknownIndex, "unknown function \(f): function index out of bounds", at: fat)
                }
                ctx.declare(function: f)
            }
        }
        ctx.elementTypes.append(element)
    }

    mutating func dataSection(_ r: inout ByteReader) throws(WasmError) {
        let at = r.position
        let n = try r.readCount(minimumItemSize: 1, "data segment")
        if n > ValidationLimits.dataSegments {
            throw WasmError.limit("data segments count exceeds limit of \(ValidationLimits.dataSegments)", at: at)
        }
        for i in 0..<n {
            try withFrame(.item("data segment", i)) { () throws(WasmError) in
                let at = r.position
                let flags = try r.readU32()
                switch flags {
                case 0, 2:
                    let memory = flags == 2 ? try r.readU32() : 0
                    guard Int(memory) < ctx.memories.count else {
                        throw WasmError.invalid(.unknownIndex, "unknown memory \(memory): memory index out of bounds",
                                                at: at)
                    }
                    try constExpr(&r, ctx.memories[Int(memory)].addr)
                case 1:
                    try features.require(.bulkMemory, "a passive data segment", at: at)
                default:
                    throw WasmError(.invalidLeadingByte, "malformed data segment flags (\(flags))", offset: at)
                }
                let lat = r.position
                let len = Int(try r.readU32())
                guard len <= r.remaining else {
                    throw WasmError(.lengthOutOfBounds, "length out of bounds: data segment size \(len) exceeds the "
                                    + "\(r.remaining) bytes left", offset: lat)
                }
                r.position += len
            }
        }
        dataSegmentCount = n
    }

    mutating func codeSection(_ r: inout ByteReader) throws(WasmError) {
        let countAt = r.position
        let n = try r.readCount(minimumItemSize: 1, "function body")
        codeCount = n
        if n != (declaredFunctionCount ?? 0) {
            throw WasmError(.inconsistent, "function and code section have inconsistent lengths "
                            + "(\(declaredFunctionCount ?? 0) functions, \(n) bodies)", offset: countAt)
        }
        let first = ctx.importedFunctions
        bodies.reserveCapacity(n)
        for i in 0..<n {
            let sizeAt = r.position
            let size = Int(try r.readU32())
            guard size <= r.remaining else {
                throw WasmError(.unexpectedEnd, "unexpected end of section or function: function body size "
                                + "\(size) exceeds the \(r.remaining) bytes left", offset: sizeAt,
                                path: [.function(UInt32(first + i), name: nil)])
            }
            if size > ValidationLimits.functionSize {
                throw WasmError(.limitExceeded, "function body size exceeds the limit of \(ValidationLimits.functionSize) "
                                + "bytes", offset: sizeAt, kind: .invalid,
                                path: [.function(UInt32(first + i), name: nil)])
            }
            bodies.append((UInt32(first + i), r.storage.all.slice(r.position..<(r.position + size))))
            r.position += size
        }
    }
}
