import WasmBinary

// The `name` custom section (all subsections wasmparser knows). Custom section contents never make a module
// malformed, so this is decoded separately, on request: `NameSection.decode(section.content)`.

/// `index → name` in the order written.
public struct NameMap: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var index: UInt32
        public var name: String
        public init(index: UInt32, name: String) {
            self.index = index
            self.name = name
        }
    }
    public var entries: [Entry]
    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// The name of `index` (the first entry for it).
    public subscript(index: UInt32) -> String? { entries.first { $0.index == index }?.name }
}

/// `outer index → (inner index → name)`, e.g. function → local names.
public struct IndirectNameMap: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var index: UInt32
        public var names: NameMap
        public init(index: UInt32, names: NameMap) {
            self.index = index
            self.names = names
        }
    }
    public var entries: [Entry]
    public init(_ entries: [Entry] = []) { self.entries = entries }

    public subscript(index: UInt32) -> NameMap? { entries.first { $0.index == index }?.names }
}

public struct NameSection: Hashable, Sendable {
    public enum Subsection: Hashable, Sendable {
        case module(String)
        case functions(NameMap)
        case locals(IndirectNameMap)
        case labels(IndirectNameMap)
        case types(NameMap)
        case tables(NameMap)
        case memories(NameMap)
        case globals(NameMap)
        case elements(NameMap)
        case data(NameMap)
        case fields(IndirectNameMap)
        case tags(NameMap)
        /// A subsection id wcomp does not know, kept raw.
        case unknown(id: UInt8, content: ByteSlice)

        public var id: UInt8 {
            switch self {
            case .module: 0
            case .functions: 1
            case .locals: 2
            case .labels: 3
            case .types: 4
            case .tables: 5
            case .memories: 6
            case .globals: 7
            case .elements: 8
            case .data: 9
            case .fields: 10
            case .tags: 11
            case .unknown(let id, _): id
            }
        }
    }

    public var subsections: [Subsection]
    public init(subsections: [Subsection] = []) { self.subsections = subsections }

    public static let sectionName = "name"

    /// Decodes the content of a `name` custom section.
    public static func decode(_ content: ByteSlice) throws(WasmError) -> NameSection {
        var r = content.reader
        var subsections: [Subsection] = []
        while !r.isAtEnd {
            let id = try r.readByte()
            let s = try withFrame(.item("name subsection", Int(id))) { () throws(WasmError) -> Subsection in
                try r.withSized("name subsection") { (s: inout ByteReader) throws(WasmError) -> Subsection in
                    switch id {
                    case 0: return .module(try s.readName())
                    case 1: return .functions(try s.readNameMap())
                    case 2: return .locals(try s.readIndirectNameMap())
                    case 3: return .labels(try s.readIndirectNameMap())
                    case 4: return .types(try s.readNameMap())
                    case 5: return .tables(try s.readNameMap())
                    case 6: return .memories(try s.readNameMap())
                    case 7: return .globals(try s.readNameMap())
                    case 8: return .elements(try s.readNameMap())
                    case 9: return .data(try s.readNameMap())
                    case 10: return .fields(try s.readIndirectNameMap())
                    case 11: return .tags(try s.readNameMap())
                    default: return .unknown(id: id, content: try s.readSlice(s.remaining))
                    }
                }
            }
            subsections.append(s)
        }
        return NameSection(subsections: subsections)
    }

    /// The section content (without the custom-section name).
    public func encode() -> [UInt8] {
        var w = ByteWriter()
        for s in subsections {
            w.byte(s.id)
            w.sized { w in
                switch s {
                case .module(let n): w.name(n)
                case .functions(let m), .types(let m), .tables(let m), .memories(let m), .globals(let m),
                     .elements(let m), .data(let m), .tags(let m):
                    w.nameMap(m)
                case .locals(let m), .labels(let m), .fields(let m): w.indirectNameMap(m)
                case .unknown(_, let content): w.bytes(content)
                }
            }
        }
        return w.bytes
    }

    public var moduleName: String? {
        for case .module(let n) in subsections { return n }
        return nil
    }
    public var functionNames: NameMap? {
        for case .functions(let m) in subsections { return m }
        return nil
    }
    public var localNames: IndirectNameMap? {
        for case .locals(let m) in subsections { return m }
        return nil
    }
}

extension ByteReader {
    public mutating func readNameMap() throws(WasmError) -> NameMap {
        let n = try readCount(minimumItemSize: 2, "name")
        var entries: [NameMap.Entry] = []
        entries.reserveCapacity(n)
        for _ in 0..<n {
            let index = try readU32()
            entries.append(NameMap.Entry(index: index, name: try readName()))
        }
        return NameMap(entries)
    }

    public mutating func readIndirectNameMap() throws(WasmError) -> IndirectNameMap {
        let n = try readCount(minimumItemSize: 2, "name map")
        var entries: [IndirectNameMap.Entry] = []
        entries.reserveCapacity(n)
        for _ in 0..<n {
            let index = try readU32()
            entries.append(IndirectNameMap.Entry(index: index, names: try readNameMap()))
        }
        return IndirectNameMap(entries)
    }
}

extension ByteWriter {
    public mutating func nameMap(_ m: NameMap) {
        vector(m.entries) { w, e in
            w.u32(e.index)
            w.name(e.name)
        }
    }

    public mutating func indirectNameMap(_ m: IndirectNameMap) {
        vector(m.entries) { w, e in
            w.u32(e.index)
            w.nameMap(e.names)
        }
    }
}
