import WasmBinary

/// One pass over a module's bytes that decodes and validates every section as it goes (like wasm-tools),
/// so that every error carries the offset of the item it is about. Function bodies are only framed here;
/// `ModuleValidator` checks them afterwards, in parallel.
struct ModuleWalker: ~Copyable {
    var reader: ByteReader
    let features: Features
    /// Checks constant expressions; its context is the module's context as built so far (`ctx`).
    var constants: FunctionValidator
    /// The module's index spaces, built section by section (stored in the constant-expression checker, so
    /// that checking an expression never copies it).
    var ctx: ModuleContext {
        _read { yield constants.ctx }
        _modify { yield &constants.ctx }
    }

    var framing = SectionFraming()
    var declaredFunctionCount: Int?
    var codeCount: Int?
    var dataSegmentCount: Int?

    /// Function bodies to check: function index and the bytes after the body size.
    var bodies: [(index: UInt32, body: ByteSlice)] = []
    /// Offset of the code section's first byte (its id).
    var codeSectionOffset: Int?
    /// Every `name` custom section's content (the first is used for function names).
    var nameSection: ByteSlice?
    /// Export names as bytes (Swift's String equality would merge canonically equivalent names).
    var exportNames: Set<ByteSlice> = []
    var imports: [Import] = []
    var exports: [Export] = []
    /// Tables, memories, globals and tags in model terms (imports first), for `ValidatedModule`.
    var entities = (tables: [TableType](), memories: [MemoryType](), globals: [GlobalType](), tags: [TagType]())
    /// wasm-tools' "effective type size" of the imports and exports (starts at 1; must stay below 1,000,000).
    var typeSize = 1
    var recGroups: [RecGroup] = []

    init(_ bytes: ByteSlice, features: Features) {
        reader = bytes.reader
        self.features = features
        constants = FunctionValidator(ctx: ModuleContext(features: features))
    }

    /// A walker whose type section interns into `types` (a store shared with other modules), starting
    /// with an empty module type index space.
    init(_ bytes: ByteSlice, features: Features, types: consuming CanonicalTypes) {
        self.init(bytes, features: features)
        types.startModule()
        ctx.types = types
    }

    mutating func walk() throws(WasmError) {
        try reader.readModulePreamble()
        while !reader.isAtEnd { try section() }
        try SectionFraming.checkCounts(functions: declaredFunctionCount, bodies: codeCount, dataCount: ctx.dataCount,
                                       segments: dataSegmentCount, at: reader.position)
    }

    mutating func section() throws(WasmError) {
        let (id, idAt, size) = try framing.next(&reader)
        if id == .code { codeSectionOffset = idAt }
        var sub = ByteReader(storage: reader.storage, range: reader.position..<(reader.position + size))
        try withFrame(.section(id.name)) { () throws(WasmError) in
            try payload(id, &sub)
            try sub.expectEnd("\(id.name) section")
        }
        reader.position = sub.end
    }

    mutating func payload(_ id: SectionID, _ r: inout ByteReader) throws(WasmError) {
        switch id {
        case .custom:
            let c = try r.readCustomSection()
            if c.name == "name" && nameSection == nil { nameSection = c.content }
        case .type: try typeSection(&r)
        case .import: try importSection(&r)
        case .function:
            let at = r.position
            let n = try r.readCount(minimumItemSize: 1, "function")
            try checkCount(ctx.functionTypes.count, n, ValidationLimits.functions, "functions", at: at)
            for _ in 0..<n {
                let at = r.position
                let t = try r.readU32()
                try addFunction(typeIndex: t, at: at)
            }
            declaredFunctionCount = n
        case .table: try tableSection(&r)
        case .memory:
            let at = r.position
            let n = try r.readCount(minimumItemSize: 1, "memory")
            try checkCount(ctx.memories.count, n, maxMemories, "memories", at: at)
            for _ in 0..<n {
                let at = r.position
                let m = try withFrame(.item("memory", ctx.memories.count)) { () throws(WasmError) in try r.readMemoryType() }
                try withFrame(.item("memory", ctx.memories.count)) { () throws(WasmError) in try checkMemory(m, at: at) }
                ctx.memories.append(ModuleContext.Memory(is64: m.limits.is64, shared: m.limits.shared))
                entities.memories.append(m)
            }
        case .tag:
            try features.require(.exceptions, "the tag section", at: r.position)
            let at = r.position
            let n = try r.readCount(minimumItemSize: 1, "tag")
            try checkCount(ctx.tags.count, n, ValidationLimits.tags, "tags", at: at)
            for _ in 0..<n {
                let at = r.position
                let t = try r.readTagType()
                try withFrame(.item("tag", ctx.tags.count)) { () throws(WasmError) in
                    ctx.tags.append(try checkTag(t, at: at))
                }
                entities.tags.append(t)
            }
        case .global: try globalSection(&r)
        case .export: try exportSection(&r)
        case .start:
            let at = r.position
            let f = try r.readU32()
            try withFrame(.text("start function")) { () throws(WasmError) in
                guard Int(f) < ctx.functionTypes.count else {
                    throw WasmError.invalid(.unknownIndex, "unknown function \(f): start function index out of bounds", at: at)
                }
                let id = ctx.functionTypes[Int(f)]
                if !ctx.types.params(id).isEmpty || !ctx.types.results(id).isEmpty {
                    throw WasmError.invalid(.invalid, "start function must have type [] -> [] (invalid start function "
                                            + "type for function \(f))", at: at)
                }
            }
        case .element: try elementSection(&r)
        case .dataCount:
            let at = r.position
            try features.require(.bulkMemory, "the data count section", at: at)
            let n = try r.readU32()
            if n > UInt32(ValidationLimits.dataSegments) {
                throw WasmError.limit("data count section specifies too many data segments", at: at)
            }
            ctx.dataCount = n
        case .code: try codeSection(&r)
        case .data: try dataSection(&r)
        }
    }

    var maxTables: Int { features.contains(.referenceTypes) ? ValidationLimits.tables : 1 }
    var maxMemories: Int { features.contains(.multiMemory) ? ValidationLimits.memories : 1 }

    /// wasm-tools' count limits: "multiple memories" when at most one is allowed.
    func checkCount(_ current: Int, _ added: Int, _ max: Int, _ what: String, at offset: Int) throws(WasmError) {
        if current + added > max {
            if max == 1 {
                throw WasmError.invalid(.limitExceeded, "multiple \(what) (they need the `\(what == "tables" ? "reference-types" : "multi-memory")` feature)",
                                        at: offset)
            }
            throw WasmError.limit("\(what) count exceeds limit of \(max)", at: offset)
        }
    }

    // MARK: Types

    mutating func typeSection(_ r: inout ByteReader) throws(WasmError) {
        let n = try r.readCount(minimumItemSize: 1, "type")
        if n > ValidationLimits.types { throw WasmError.limit("types count exceeds limit of \(ValidationLimits.types)", at: r.position) }
        for i in 0..<n {
            let at = r.position
            let explicit = r.peekByte(ahead: 0) == 0x4E
            let first = ctx.types.count
            try withFrame(explicit ? .item("rec group", i) : .item("type", Int(first))) { () throws(WasmError) in
                let g = try r.readRecGroup()
                try ctx.types.add(g, features: features, at: at)
                recGroups.append(g)
            }
        }
    }

    /// The canonical id of function type `index` (module index).
    func funcTypeID(_ index: UInt32, at offset: Int) throws(WasmError) -> UInt32 {
        let id = try ctx.types.id(ofTypeIndex: index, at: offset)
        if ctx.types.entries[Int(id)].kind != .func {
            throw WasmError.invalid(.typeMismatch, "type mismatch: type \(index) is not a function type", at: offset)
        }
        return id
    }

    mutating func addFunction(typeIndex: UInt32, at offset: Int) throws(WasmError) {
        let id = try withFrame(.function(UInt32(ctx.functionTypes.count), name: nil)) { () throws(WasmError) in
            try funcTypeID(typeIndex, at: offset)
        }
        ctx.functionTypeIndices.append(typeIndex)
        ctx.functionTypes.append(id)
    }

    // MARK: Imports and exports

    mutating func importSection(_ r: inout ByteReader) throws(WasmError) {
        let at = r.position
        let n = try r.readCount(minimumItemSize: 1, "import")
        if n > ValidationLimits.imports { throw WasmError.limit("imports count exceeds limit of \(ValidationLimits.imports)", at: at) }
        for i in 0..<n {
            try withFrame(.item("import", i)) { () throws(WasmError) in
                let at = r.position
                let group = try r.readImportGroup()
                if case .single = group {} else {
                    try features.require(.compactImports, "a compact import group", at: at)
                }
                for imp in group.imports {
                    try checkName(imp.module, at: at)
                    try checkName(imp.name, at: at)
                    try addImport(imp, at: at)
                }
            }
        }
    }

    func checkName(_ s: String, at offset: Int) throws(WasmError) {
        if s.utf8.count > ValidationLimits.stringSize {
            throw WasmError(.limitExceeded, "string size out of bounds (\(s.utf8.count) bytes)", offset: offset)
        }
    }

    mutating func addImport(_ imp: Import, at offset: Int) throws(WasmError) {
        switch imp.type {
        case .func(let t), .funcExact(let t):
            if case .funcExact = imp.type {
                try features.require(.customDescriptors, "an exact function import", at: offset)
                ctx.exactImports.insert(UInt32(ctx.functionTypes.count))
            }
            try checkCount(ctx.functionTypes.count, 1, ValidationLimits.functions, "functions", at: offset)
            try addFunction(typeIndex: t, at: offset)
            ctx.importedFunctions += 1
        case .table(let t):
            try checkCount(ctx.tables.count, 1, maxTables, "tables", at: offset)
            ctx.tables.append(try checkTable(t, at: offset))
            entities.tables.append(t)
        case .memory(let m):
            try checkCount(ctx.memories.count, 1, maxMemories, "memories", at: offset)
            try checkMemory(m, at: offset)
            ctx.memories.append(ModuleContext.Memory(is64: m.limits.is64, shared: m.limits.shared))
            entities.memories.append(m)
        case .global(let g):
            if g.mutable { try features.require(.mutableGlobal, "a mutable global import", at: offset) }
            try checkCount(ctx.globals.count, 1, ValidationLimits.globals, "globals", at: offset)
            ctx.globals.append(try checkGlobal(g, at: offset))
            entities.globals.append(g)
            ctx.importedGlobals += 1
        case .tag(let t):
            try checkCount(ctx.tags.count, 1, ValidationLimits.tags, "tags", at: offset)
            ctx.tags.append(try checkTag(t, at: offset))
            entities.tags.append(t)
        }
        switch imp.type {
        case .func, .funcExact: try addTypeSize(typeSize(of: ctx.functionTypes[ctx.functionTypes.count - 1]), at: offset)
        case .tag: try addTypeSize(typeSize(of: ctx.tags[ctx.tags.count - 1]), at: offset)
        default: try addTypeSize(1, at: offset)
        }
        imports.append(imp)
    }

    /// wasm-tools' size of a core type (a proxy for its structural size).
    func typeSize(of id: UInt32) -> Int {
        let e = ctx.types.entries[Int(id)]
        switch e.kind {
        case .func: return 2 + e.count + e.resultCount
        case .array: return 3
        case .struct: return 2 + 2 * e.count
        case .cont: return 2
        }
    }

    mutating func addTypeSize(_ size: Int, at offset: Int) throws(WasmError) {
        typeSize += size
        if typeSize >= ValidationLimits.typeSize {
            throw WasmError.limit("effective type size exceeds the limit of \(ValidationLimits.typeSize)", at: offset)
        }
    }

    mutating func exportSection(_ r: inout ByteReader) throws(WasmError) {
        let at = r.position
        let n = try r.readCount(minimumItemSize: 1, "export")
        if n > ValidationLimits.exports { throw WasmError.limit("exports count exceeds limit of \(ValidationLimits.exports)", at: at) }
        exportNames.reserveCapacity(n)
        exports.reserveCapacity(n)
        for i in 0..<n {
            try withFrame(.item("export", i)) { () throws(WasmError) in
                let at = r.position
                var probe = r
                let nameBytes = try probe.readNameSlice()
                let e = try r.readExport()
                try checkName(e.name, at: at)
                func bounds(_ what: String, _ count: Int) throws(WasmError) {
                    if Int(e.index) >= count {
                        throw WasmError.invalid(.unknownIndex, "unknown \(what) \(e.index): exported \(what) index out "
                                                + "of bounds", at: at)
                    }
                }
                switch e.kind {
                case .func, .funcExact:
                    try bounds("function", ctx.functionTypes.count)
                    ctx.declare(function: e.index)
                case .table: try bounds("table", ctx.tables.count)
                case .memory: try bounds("memory", ctx.memories.count)
                case .global:
                    try bounds("global", ctx.globals.count)
                    if ctx.globals[Int(e.index)].mutable {
                        try features.require(.mutableGlobal, "exporting a mutable global", at: at)
                    }
                case .tag: try bounds("tag", ctx.tags.count)
                }
                switch e.kind {
                case .func, .funcExact: try addTypeSize(typeSize(of: ctx.functionTypes[Int(e.index)]), at: at)
                case .tag: try addTypeSize(typeSize(of: ctx.tags[Int(e.index)]), at: at)
                default: try addTypeSize(1, at: at)
                }
                if !exportNames.insert(nameBytes).inserted {
                    throw WasmError.invalid(.duplicateExport, "duplicate export name `\(e.name)` already defined", at: at)
                }
                exports.append(e)
            }
        }
    }

    // MARK: Entity types

    func checkLimits(_ l: Limits, at offset: Int) throws(WasmError) {
        if let max = l.max, l.min > max {
            throw WasmError.invalid(.invalidLimits, "size minimum must not be greater than maximum (\(l.min) > \(max))",
                                    at: offset)
        }
    }

    func checkTable(_ t: TableType, at offset: Int) throws(WasmError) -> ModuleContext.Table {
        let element: VT
        if t.element == .funcref {
            element = .funcref
        } else {
            element = try ctx.types.vt(t.element, features, at: offset)
        }
        try checkLimits(t.limits, at: offset)
        if t.limits.is64 { try features.require(.memory64, "a 64-bit table", at: offset) }
        if t.limits.shared { try features.require(.sharedEverythingThreads, "a shared table", at: offset) }
        let top: UInt64 = t.limits.is64 ? UInt64.max : UInt64(UInt32.max)
        if t.limits.min > top || (t.limits.max ?? 0) > top {
            throw WasmError.invalid(.invalidLimits, "table size must be at most 0x\(String(top, radix: 16)) entries",
                                    at: offset)
        }
        if t.limits.shared && !ctx.types.isShared(element) {
            throw WasmError.invalid(.invalid, "shared tables must have a shared element type", at: offset)
        }
        return ModuleContext.Table(element: element, is64: t.limits.is64, shared: t.limits.shared)
    }

    func checkMemory(_ m: MemoryType, at offset: Int) throws(WasmError) {
        let l = m.limits
        try checkLimits(l, at: offset)
        if l.is64 { try features.require(.memory64, "a 64-bit memory", at: offset) }
        if l.shared { try features.require(.threads, "a shared memory", at: offset) }
        var pageLog2: UInt32 = 16
        if let p = l.pageSizeLog2 {
            try features.require(.customPageSizes, "a custom page size", at: offset)
            if p != 0 && p != 16 {
                throw WasmError.invalid(.invalidLimits, "invalid custom page size: 2^\(p) bytes (only 1 and 65536 are "
                                        + "allowed)", at: offset)
            }
            pageLog2 = p
        }
        let maxPages: UInt64 = l.is64
            ? (pageLog2 == 0 ? UInt64.max : UInt64(1) << (64 - UInt64(pageLog2)))
            : (pageLog2 == 0 ? UInt64(UInt32.max) : UInt64(1) << (32 - UInt64(pageLog2)))
        if l.min > maxPages || (l.max ?? 0) > maxPages {
            let total = l.is64 ? "16EiB" : "4GiB"
            throw WasmError.invalid(.invalidLimits, pageLog2 == 16
                                    ? "memory size must be at most \(maxPages) pages (\(total))"
                                    : "memory size must be at most \(maxPages) pages of \(1 << pageLog2) bytes (\(total))",
                                    at: offset)
        }
        if l.shared && l.max == nil {
            throw WasmError.invalid(.invalidLimits, "shared memory must have maximum size", at: offset)
        }
    }

    func checkGlobal(_ g: GlobalType, at offset: Int) throws(WasmError) -> ModuleContext.Global {
        let t = try ctx.types.vt(g.value, features, at: offset)
        if g.shared {
            try features.require(.sharedEverythingThreads, "a shared global", at: offset)
            if !ctx.types.isShared(t) {
                throw WasmError.invalid(.invalid, "shared globals must have a shared value type", at: offset)
            }
        }
        return ModuleContext.Global(type: t, mutable: g.mutable, shared: g.shared)
    }

    func checkTag(_ t: TagType, at offset: Int) throws(WasmError) -> UInt32 {
        try features.require(.exceptions, "a tag", at: offset)
        let id = try funcTypeID(t.typeIndex, at: offset)
        if !ctx.types.results(id).isEmpty {
            try features.require(.stackSwitching, "a tag with results (non-empty tag result type)", at: offset)
        }
        return id
    }
}
