import WasmBinary

/// A cheap look at a module for `wcomp inspect`: every section's id, byte range and item count, plus the
/// types, imports, exports and function type indices. Function bodies and data payloads are never touched
/// (the code and data sections are only measured), so scanning costs time proportional to the header
/// sections, not to the code.
///
/// Types, imports and exports are checked (a malformed one throws) but not kept: they are decoded
/// again from the bytes when asked for (``TypeTable/type(_:)``, ``imports(limit:)``,
/// ``exports(limit:)``), so the scan's memory does not grow with their number (a 29 MiB module of
/// ten million types is scanned in a few MiB).
public struct ModuleHeader: Hashable, Sendable {
    public struct SectionInfo: Hashable, Sendable {
        public var id: SectionID
        /// The custom section's name (custom sections only).
        public var customName: String?
        /// The whole section, from its id byte to its last byte (absolute offsets).
        public var range: Range<Int>
        /// The payload (after the size).
        public var contentRange: Range<Int>
        /// The vector length for vector sections; the value for start and data count sections.
        public var count: Int?
    }

    public var sections: [SectionInfo] = []
    /// The types, decoded when asked for (a module can declare millions).
    public var types = TypeTable()
    /// The imports, decoded when asked for: ``imports(limit:)``.
    public var importTable = ItemTable()
    /// How many imports of each kind (`func` counts `funcExact` too).
    public var importCounts: [ExternalKind: Int] = [:]
    /// Type indices of the imported functions, in order.
    public var importedFunctionTypes: [UInt32] = []
    /// The exports, decoded when asked for: ``exports(limit:)``.
    public var exportTable = ItemTable()
    /// Type indices of the defined functions.
    public var functionTypes: [UInt32] = []
    public var tableCount = 0
    public var memoryCount = 0
    public var globalCount = 0
    public var tagCount = 0
    public var elementCount = 0
    public var dataCount = 0
    public var codeCount = 0
    public var start: UInt32?

    public init() {}

    /// The first `limit` imports, flattened out of compact groups.
    public func imports(limit: Int = .max) throws(WasmError) -> [Import] {
        var out: [Import] = []
        try importTable.read(limit: limit) { (r: inout ByteReader) throws(WasmError) -> Bool in
            for i in try r.readImportGroup().imports {
                if out.count >= limit { return false }
                out.append(i)
            }
            return out.count < limit
        }
        return out
    }

    /// The first `limit` exports.
    public func exports(limit: Int = .max) throws(WasmError) -> [Export] {
        var out: [Export] = []
        try exportTable.read(limit: limit) { (r: inout ByteReader) throws(WasmError) -> Bool in
            out.append(try r.readExport())
            return out.count < limit
        }
        return out
    }

    /// All imports, flattened out of compact groups.
    public var flatImports: [Import] { (try? imports()) ?? [] }
    public var importCount: Int { importCounts.values.reduce(0, +) }
    public var exportCount: Int { exportTable.count }
    public var importedFunctionCount: Int { importedFunctionTypes.count }
    /// Imported plus defined functions.
    public var functionCount: Int { importedFunctionCount + functionTypes.count }
    public var customSectionNames: [String] { sections.compactMap(\.customName) }

    /// Scans `bytes`. Malformed framing (preamble, section ids, sizes, order) and malformed content in the
    /// sections it reads throw; the contents of code and data are not checked.
    public static func scan(_ bytes: ByteSlice) throws(WasmError) -> ModuleHeader {
        var r = bytes.reader
        try r.readModulePreamble()
        var h = ModuleHeader()
        var framing = SectionFraming()
        while !r.isAtEnd {
            let (id, start, size) = try framing.next(&r)
            let contentStart = r.position
            var info = SectionInfo(id: id, customName: nil, range: start..<(contentStart + size),
                                   contentRange: contentStart..<(contentStart + size), count: nil)
            var s = r
            try withFrame(.section(id.name)) { () throws(WasmError) in
                try s.withLimit(size, "\(id.name) section") { (p: inout ByteReader) throws(WasmError) in
                    try h.scanPayload(id, &p, &info)
                }
            }
            r = s
            h.sections.append(info)
        }
        return h
    }

    mutating func scanPayload(_ id: SectionID, _ p: inout ByteReader, _ info: inout SectionInfo) throws(WasmError) {
        switch id {
        case .custom:
            let c = try p.readCustomSection()
            info.customName = c.name
        case .type:
            let n = try p.readCount(minimumItemSize: 1, "type")
            info.count = n
            types.begin(p)
            for i in 0..<n {
                types.mark(group: i, at: p.position)
                let g = try withFrame(.item("type entry", i)) { () throws(WasmError) in try p.readRecGroup() }
                types.count += g.types.count
            }
        case .import:
            let n = try p.readCount(minimumItemSize: 1, "import")
            info.count = n
            importTable.begin(p, count: n)
            for i in 0..<n {
                let g = try withFrame(.item("import", i)) { () throws(WasmError) in try p.readImportGroup() }
                for imp in g.imports {
                    switch imp.type {
                    case .func(let t), .funcExact(let t):
                        importedFunctionTypes.append(t)
                        importCounts[.func, default: 0] += 1
                    default:
                        importCounts[imp.type.kind, default: 0] += 1
                    }
                }
            }
        case .function:
            let n = try p.readCount(minimumItemSize: 1, "function")
            info.count = n
            functionTypes.reserveCapacity(n)
            for _ in 0..<n { functionTypes.append(try p.readU32()) }
        case .export:
            let n = try p.readCount(minimumItemSize: 1, "export")
            info.count = n
            exportTable.begin(p, count: n)
            for i in 0..<n {
                _ = try withFrame(.item("export", i)) { () throws(WasmError) in try p.readExport() }
            }
        case .start:
            let f = try p.readU32()
            start = f
            info.count = Int(f)
        case .dataCount:
            info.count = Int(try p.readU32())
        case .table, .memory, .global, .tag, .element, .code, .data:
            // Only the count: the items are not needed for a header view.
            let n = try p.readCount(minimumItemSize: 1, "\(id.name) entry")
            info.count = n
            switch id {
            case .table: tableCount = n
            case .memory: memoryCount = n
            case .global: globalCount = n
            case .tag: tagCount = n
            case .element: elementCount = n
            case .code: codeCount = n
            default: dataCount = n
            }
            p.position = p.end
        }
    }
}
