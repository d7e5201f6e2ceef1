import WasmBinary

extension WasmError.Code {
    /// A function body declares more than 2^32-1 locals.
    public static let tooManyLocals = Self("too-many-locals")
}

/// How ``Module/decode(_:options:)`` treats function bodies.
public struct ModuleDecodeOptions: Hashable, Sendable {
    public enum Bodies: Hashable, Sendable {
        /// Decode every body into instructions (checks everything that can be malformed).
        case decoded
        /// Keep bodies' instruction bytes as `FunctionBody.Code.bytes` (locals are still decoded). Malformed
        /// instructions surface when the bytes are read (e.g. by the validator's `OperatorReader`).
        case lazy
    }
    public var bodies: Bodies
    public init(bodies: Bodies = .decoded) { self.bodies = bodies }
}

/// What the decoder noticed besides the module itself.
public struct ModuleDecodeReport: Hashable, Sendable {
    /// Some LEB128 value used more bytes than necessary (so re-encoding will not be byte-identical).
    public var sawNonMinimalEncoding = false
    public init() {}
}

extension Module {
    public static let magic: [UInt8] = [0x00, 0x61, 0x73, 0x6D]
    public static let version: [UInt8] = [0x01, 0x00, 0x00, 0x00]

    /// Decodes a core module. Everything the spec calls *malformed* is rejected here (with the absolute
    /// byte offset and a structure path); *invalid* modules decode and are left to validation.
    public static func decode(_ bytes: ByteSlice, options: ModuleDecodeOptions = .init()) throws(WasmError) -> Module {
        var report = ModuleDecodeReport()
        return try decode(bytes, options: options, report: &report)
    }

    public static func decode(
        _ bytes: ByteSlice, options: ModuleDecodeOptions = .init(), report: inout ModuleDecodeReport
    ) throws(WasmError) -> Module {
        var d = ModuleDecoder(reader: bytes.reader, options: options)
        let m = try d.decode()
        report.sawNonMinimalEncoding = d.reader.sawNonMinimalEncoding
        return m
    }

    /// Decodes a module from an array (copied into private storage).
    public static func decode(_ bytes: [UInt8], options: ModuleDecodeOptions = .init()) throws(WasmError) -> Module {
        try decode(ByteSlice(copying: bytes), options: options)
    }
}

extension ByteReader {
    /// Checks the 8-byte preamble (magic and version) of a core module.
    public mutating func readModulePreamble() throws(WasmError) {
        let at = position
        for (i, m) in Module.magic.enumerated() {
            guard let b = peekByte(ahead: i) else {
                // A prefix of the magic number is a truncated file; anything else is not wasm at all.
                if (0..<i).allSatisfy({ peekByte(ahead: $0) == Module.magic[$0] }) {
                    throw WasmError.unexpectedEnd(at: at + i, "unexpected end (in the magic number)")
                }
                throw WasmError(.badMagic, "magic header not detected", offset: at)
            }
            if b != m { throw WasmError(.badMagic, "magic header not detected", offset: at) }
        }
        position += 4
        let vat = position
        guard remaining >= 4 else {
            throw WasmError.unexpectedEnd(at: vat, "unexpected end (in the binary version)")
        }
        let version = try readFixedU32()
        if version != 1 {
            let hint = version == 0x1_000d ? " (this is a component, not a core module)" : ""
            throw WasmError(.unknownVersion, "unknown binary version 0x\(String(version, radix: 16))\(hint)", offset: vat)
        }
    }
}

/// One pass over a module's bytes.
struct ModuleDecoder {
    var reader: ByteReader
    let options: ModuleDecodeOptions
    var sections: [Section] = []
    var framing = SectionFraming()
    var functionCount: Int?
    var codeCount: Int?
    var declaredDataCount: UInt32?
    var dataSegmentCount: Int?
    var imported: [ExternalKind: Int] = [:]
    var tableCount = 0, memoryCount = 0, globalCount = 0

    init(reader: ByteReader, options: ModuleDecodeOptions) {
        self.reader = reader
        self.options = options
    }

    mutating func decode() throws(WasmError) -> Module {
        try reader.readModulePreamble()
        while !reader.isAtEnd {
            try section()
        }
        try SectionFraming.checkCounts(functions: functionCount, bodies: codeCount, dataCount: declaredDataCount,
                                       segments: dataSegmentCount, at: reader.position)
        return Module(sections: sections)
    }

    mutating func section() throws(WasmError) {
        let (id, _, size) = try framing.next(&reader)
        var outer = reader
        let s = try withFrame(.section(id.name)) { () throws(WasmError) -> Section in
            try outer.withLimit(size, "\(id.name) section") { (r: inout ByteReader) throws(WasmError) -> Section in
                try payload(id, &r)
            }
        }
        reader = outer
        sections.append(s)
    }

    mutating func payload(_ id: SectionID, _ r: inout ByteReader) throws(WasmError) -> Section {
        switch id {
        case .custom:
            return .custom(try r.readCustomSection())
        case .type:
            let n = try r.readCount(minimumItemSize: 1, "type")
            var groups: [RecGroup] = []
            groups.reserveCapacity(n)
            var typeIndex = 0
            for i in 0..<n {
                let explicit = r.peekByte(ahead: 0) == 0x4E
                let g = try withFrame(explicit ? .item("rec group", i) : .item("type", Int(typeIndex))) {
                    () throws(WasmError) in try r.readRecGroup()
                }
                typeIndex += g.types.count
                groups.append(g)
            }
            return .type(groups)
        case .import:
            let n = try r.readCount(minimumItemSize: 1, "import")
            var groups: [ImportGroup] = []
            groups.reserveCapacity(n)
            for i in 0..<n {
                let g = try withFrame(.item("import", i)) { () throws(WasmError) in try r.readImportGroup() }
                for imp in g.imports { imported[imp.type.kind == .funcExact ? .func : imp.type.kind, default: 0] += 1 }
                groups.append(g)
            }
            return .import(groups)
        case .function:
            let n = try r.readCount(minimumItemSize: 1, "function")
            var types: [UInt32] = []
            types.reserveCapacity(n)
            for _ in 0..<n { types.append(try r.readU32()) }
            functionCount = n
            return .function(types)
        case .table:
            let n = try r.readCount(minimumItemSize: 1, "table")
            var tables: [Table] = []
            tables.reserveCapacity(n)
            for i in 0..<n {
                tables.append(try withFrame(.item("table", imported[.table, default: 0] + i)) { () throws(WasmError) in
                    try r.readTable()
                })
            }
            return .table(tables)
        case .memory:
            let n = try r.readCount(minimumItemSize: 1, "memory")
            var mems: [MemoryType] = []
            mems.reserveCapacity(n)
            for i in 0..<n {
                mems.append(try withFrame(.item("memory", imported[.memory, default: 0] + i)) { () throws(WasmError) in
                    try r.readMemoryType()
                })
            }
            return .memory(mems)
        case .tag:
            let n = try r.readCount(minimumItemSize: 1, "tag")
            var tags: [TagType] = []
            tags.reserveCapacity(n)
            for i in 0..<n {
                tags.append(try withFrame(.item("tag", imported[.tag, default: 0] + i)) { () throws(WasmError) in
                    try r.readTagType()
                })
            }
            return .tag(tags)
        case .global:
            let n = try r.readCount(minimumItemSize: 1, "global")
            var globals: [Global] = []
            globals.reserveCapacity(n)
            for i in 0..<n {
                globals.append(try withFrame(.item("global", imported[.global, default: 0] + i)) { () throws(WasmError) in
                    let type = try r.readGlobalType()
                    return Global(type: type, initializer: try r.readConstExpr())
                })
            }
            return .global(globals)
        case .export:
            let n = try r.readCount(minimumItemSize: 1, "export")
            var exports: [Export] = []
            exports.reserveCapacity(n)
            for i in 0..<n {
                exports.append(try withFrame(.item("export", i)) { () throws(WasmError) in try r.readExport() })
            }
            return .export(exports)
        case .start:
            return .start(try r.readU32())
        case .element:
            let n = try r.readCount(minimumItemSize: 1, "element segment")
            var segments: [ElementSegment] = []
            segments.reserveCapacity(n)
            for i in 0..<n {
                segments.append(try withFrame(.item("element segment", i)) { () throws(WasmError) in
                    try r.readElementSegment()
                })
            }
            return .element(segments)
        case .dataCount:
            let n = try r.readU32()
            declaredDataCount = n
            return .dataCount(n)
        case .code:
            return .code(try codeSection(&r))
        case .data:
            let n = try r.readCount(minimumItemSize: 1, "data segment")
            var segments: [DataSegment] = []
            segments.reserveCapacity(n)
            for i in 0..<n {
                segments.append(try withFrame(.item("data segment", i)) { () throws(WasmError) in
                    try r.readDataSegment()
                })
            }
            dataSegmentCount = n
            return .data(segments)
        }
    }

    mutating func codeSection(_ r: inout ByteReader) throws(WasmError) -> [FunctionBody] {
        let countAt = r.position
        let n = try r.readCount(minimumItemSize: 1, "function body")
        codeCount = n
        if n != (functionCount ?? 0) {
            throw WasmError(.inconsistent, "function and code section have inconsistent lengths "
                            + "(\(functionCount ?? 0) functions, \(n) bodies)", offset: countAt)
        }
        let requireDataCount = declaredDataCount == nil
        let lazy = options.bodies == .lazy
        let firstIndex = imported[.func, default: 0]
        var bodies: [FunctionBody] = []
        bodies.reserveCapacity(n)
        for i in 0..<n {
            let body = try withFrame(.function(UInt32(firstIndex + i), name: nil)) { () throws(WasmError) -> FunctionBody in
                try r.withSized("function body") { (b: inout ByteReader) throws(WasmError) -> FunctionBody in
                    let locals = try b.readLocals()
                    let code = try b.readSlice(b.remaining)
                    if lazy { return FunctionBody(locals: locals, code: .bytes(code)) }
                    var ops = OperatorReader(code, requireDataCount: requireDataCount)
                    var list: [Instruction] = []
                    list.reserveCapacity(code.count / 2)
                    while let op = try ops.next() { list.append(ops.instruction(op)) }
                    if ops.reader.sawNonMinimalEncoding { b.sawNonMinimalEncoding = true }
                    list.removeLast()  // the final `end` (always present once `next()` returned nil)
                    return FunctionBody(locals: locals, code: .instructions(list))
                }
            }
            bodies.append(body)
        }
        return bodies
    }
}

extension ByteReader {
    /// A custom section's payload: its name, then the rest as uninterpreted bytes.
    public mutating func readCustomSection() throws(WasmError) -> CustomSection {
        let at = position
        let nameLength = Int(try readU32())
        guard nameLength <= remaining else {
            throw WasmError(.lengthOutOfBounds, "length out of bounds: custom section name length \(nameLength) "
                            + "exceeds the \(remaining) bytes left", offset: at)
        }
        position = at
        let name = try readName()
        return CustomSection(name: name, content: try readSlice(remaining))
    }

    /// One entry of the import section (a single import or a compact group).
    public mutating func readImportGroup() throws(WasmError) -> ImportGroup {
        let module = try readName()
        let name = try readName()
        if name.isEmpty, let form = peekByte(ahead: 0), form == 0x7F || form == 0x7E {
            position += 1
            if form == 0x7F {
                let n = try readCount(minimumItemSize: 1, "compact import")
                var items: [CompactImportItem] = []
                items.reserveCapacity(n)
                for _ in 0..<n {
                    let itemName = try readName()
                    items.append(CompactImportItem(name: itemName, type: try readExternType()))
                }
                return .compactItems(module: module, items: items)
            }
            let type = try readExternType()
            let n = try readCount(minimumItemSize: 1, "compact import")
            var names: [String] = []
            names.reserveCapacity(n)
            for _ in 0..<n { names.append(try readName()) }
            return .compactType(module: module, type: type, names: names)
        }
        return .single(Import(module: module, name: name, type: try readExternType()))
    }

    public mutating func readTable() throws(WasmError) -> Table {
        if peekByte(ahead: 0) == 0x40 {
            position += 1
            let at = position
            let reserved = try readByte()
            if reserved != 0 {
                throw WasmError(.invalidLeadingByte, "malformed table: expected 0x00 after 0x40, found "
                                + "0x\(String(reserved, radix: 16))", offset: at)
            }
            let type = try readTableType()
            return Table(type: type, initializer: try readConstExpr())
        }
        return Table(type: try readTableType())
    }

    public mutating func readExport() throws(WasmError) -> Export {
        let name = try readName()
        let at = position
        let b = try readByte()
        guard let kind = ExternalKind(rawValue: b), kind != .funcExact else {
            throw WasmError(.invalidLeadingByte, "malformed export kind (0x\(String(b, radix: 16)))", offset: at)
        }
        return Export(name: name, kind: kind, index: try readU32())
    }

    /// A constant expression up to and including its `end` (which is not kept).
    public mutating func readConstExpr() throws(WasmError) -> ConstExpr {
        var ops = OperatorReader(expressionAt: self)
        var list: [Instruction] = []
        while let op = try ops.next() { list.append(ops.instruction(op)) }
        self = ops.reader
        list.removeLast()
        return ConstExpr(list)
    }

    public mutating func readElementSegment() throws(WasmError) -> ElementSegment {
        let at = position
        let flags = try readU32()
        guard flags <= 7 else {
            throw WasmError(.invalidLeadingByte, "malformed element segment flags (\(flags))", offset: at)
        }
        var mode: ElementSegment.Mode
        var explicitTable = false
        switch flags & 3 {
        case 0:
            mode = .active(table: 0, offset: try readConstExpr())
        case 2:
            explicitTable = true
            let table = try readU32()
            mode = .active(table: table, offset: try readConstExpr())
        case 1:
            mode = .passive
        default:
            mode = .declarative
        }
        let expressions = flags & 4 != 0
        var type = RefType.funcref
        if flags & 3 != 0 {
            if expressions {
                type = try readRefType()
            } else {
                let kat = position
                let kind = try readByte()
                if kind != 0 {
                    throw WasmError(.invalidLeadingByte, "malformed element kind (0x\(String(kind, radix: 16)))",
                                    offset: kat)
                }
            }
        }
        if expressions {
            let n = try readCount(minimumItemSize: 1, "element expression")
            var exprs: [ConstExpr] = []
            exprs.reserveCapacity(n)
            for _ in 0..<n { exprs.append(try readConstExpr()) }
            return ElementSegment(mode: mode, type: type, items: .expressions(exprs), explicitTable: explicitTable)
        }
        let n = try readCount(minimumItemSize: 1, "element function index")
        var funcs: [UInt32] = []
        funcs.reserveCapacity(n)
        for _ in 0..<n { funcs.append(try readU32()) }
        return ElementSegment(mode: mode, type: type, items: .functions(funcs), explicitTable: explicitTable)
    }

    public mutating func readDataSegment() throws(WasmError) -> DataSegment {
        let at = position
        let flags = try readU32()
        let mode: DataSegment.Mode
        switch flags {
        case 0: mode = .active(memory: 0, offset: try readConstExpr())
        case 1: mode = .passive
        case 2:
            let memory = try readU32()
            mode = .active(memory: memory, offset: try readConstExpr())
        default:
            throw WasmError(.invalidLeadingByte, "malformed data segment flags (\(flags))", offset: at)
        }
        let lat = position
        let n = Int(try readU32())
        guard n <= remaining else {
            throw WasmError(.lengthOutOfBounds, "length out of bounds: data segment size \(n) exceeds the "
                            + "\(remaining) bytes left", offset: lat)
        }
        return DataSegment(mode: mode, bytes: try readSlice(n), explicitMemory: flags == 2)
    }

    /// A function body's local declarations.
    public mutating func readLocals() throws(WasmError) -> [LocalGroup] {
        let n = try readCount(minimumItemSize: 1, "local group")
        var groups: [LocalGroup] = []
        groups.reserveCapacity(n)
        var total: UInt64 = 0
        for _ in 0..<n {
            let at = position
            let count = try readU32()
            total += UInt64(count)
            if total > UInt64(UInt32.max) {
                throw WasmError(.tooManyLocals, "too many locals (more than 2^32-1)", offset: at)
            }
            groups.append(LocalGroup(count: count, type: try readValType()))
        }
        return groups
    }
}
