import WasmBinary

/// The `component-name` custom section (Binary.md "Name Section"): an optional name for the
/// component, then index → name maps per sort. Subsections are kept in order (unknown ones as
/// bytes), so `encode()` reproduces the payload. Like core names, a bad name section is not a
/// reason to reject a component: callers decide what to do with the error.
public struct ComponentNameSection: Hashable, Sendable {
    public static let sectionName = "component-name"

    public enum Subsection: Hashable, Sendable {
        /// Subsection 0: the component's own name.
        case component(String)
        /// Subsection 1: names for one sort.
        case sort(Sort, [NameAssoc])
        /// Any other subsection (or a sort wcomp does not know), kept as its payload.
        case unknown(id: UInt8, data: ByteSlice)
    }

    public struct NameAssoc: Hashable, Sendable {
        public var index: UInt32
        public var name: String
        public init(_ index: UInt32, _ name: String) {
            self.index = index
            self.name = name
        }
    }

    public var subsections: [Subsection]

    public init(subsections: [Subsection] = []) { self.subsections = subsections }

    /// The component's own name (subsection 0), if any.
    public var componentName: String? {
        for s in subsections { if case .component(let n) = s { return n } }
        return nil
    }

    /// The name given to `index` in `sort`, if any.
    public func name(of sort: Sort, _ index: UInt32) -> String? {
        for case .sort(let s, let names) in subsections where s == sort {
            if let a = names.first(where: { $0.index == index }) { return a.name }
        }
        return nil
    }

    /// All names for `sort` as a dictionary (later entries win).
    public func names(of sort: Sort) -> [UInt32: String] {
        var out: [UInt32: String] = [:]
        for case .sort(let s, let names) in subsections where s == sort {
            for a in names { out[a.index] = a.name }
        }
        return out
    }

    /// Decodes a `component-name` payload (the custom section's data, after its name).
    public static func decode(_ data: ByteSlice) throws(WasmError) -> ComponentNameSection {
        var r = data.reader
        var subsections: [Subsection] = []
        while !r.isAtEnd {
            let id = try r.readByte()
            let sub: Subsection = try withFrame(.item("name subsection", subsections.count)) { () throws(WasmError) in
                try r.withSized("name subsection") { (s: inout ByteReader) throws(WasmError) -> Subsection in
                    try decodeSubsection(id: id, &s)
                }
            }
            subsections.append(sub)
        }
        return ComponentNameSection(subsections: subsections)
    }

    private static func decodeSubsection(id: UInt8, _ s: inout ByteReader) throws(WasmError) -> Subsection {
        let start = s.position
        switch id {
        case 0:
            return .component(try s.readName())
        case 1:
            let b1 = try s.readByte()
            let sort: Sort?
            switch b1 {
            case 0x00: sort = CoreSort(rawValue: try s.readByte()).map { .core($0) }
            case 0x01: sort = .func
            case 0x02: sort = .value
            case 0x03: sort = .type
            case 0x04: sort = .component
            case 0x05: sort = .instance
            default: sort = nil
            }
            guard let sort else {
                s.position = start
                return .unknown(id: id, data: try s.readSlice(s.remaining))
            }
            let n = try s.readCount(minimumItemSize: 2, "name")
            var names: [NameAssoc] = []
            names.reserveCapacity(n)
            for _ in 0..<n {
                let index = try s.readU32()
                names.append(NameAssoc(index, try s.readName()))
            }
            return .sort(sort, names)
        default:
            return .unknown(id: id, data: try s.readSlice(s.remaining))
        }
    }

    /// The payload bytes (to put in a custom section named `component-name`).
    public func encode() -> [UInt8] {
        var w = ByteWriter()
        for s in subsections {
            switch s {
            case .component(let n):
                w.byte(0)
                w.sized { $0.name(n) }
            case .sort(let sort, let names):
                w.byte(1)
                w.sized { w in
                    w.bytes(sort.bytes)
                    w.vector(names) { w, a in
                        w.u32(a.index)
                        w.name(a.name)
                    }
                }
            case .unknown(let id, let data):
                w.byte(id)
                w.u32(data.count)
                w.bytes(data)
            }
        }
        return w.bytes
    }
}

extension Component {
    /// The decoded `component-name` section, if there is one and it decodes.
    public var names: ComponentNameSection? {
        guard let c = customSections(named: ComponentNameSection.sectionName).first else { return nil }
        return try? ComponentNameSection.decode(c.data)
    }
}
