import WasmBinary
import WasmCore

// Custom sections in the text: `(@producers ...)`, `(@dylink.0 ...)`, branch hints, and `(@custom ...)` for the rest.

extension Printer {
    /// `withPlace`: the `(after ...)` of a module's custom section (components print none).
    func customSection(_ s: CoreState, _ c: CustomSection, offset: Int?, withPlace: Bool = true) {
        switch c.name {
        case "name", "component-name", "metadata.code.branch_hint": return
        case ProducersSection.sectionName:
            if let fields = Printer.producers(c.content) {
                newline(offset)
                startGroup("@producers")
                for f in fields {
                    for v in f.values {
                        newline(v.at)
                        startGroup(f.name)
                        w(" ")
                        str(v.name)
                        w(" ")
                        str(v.version)
                        endGroup()
                    }
                }
                endGroup()
                return
            }
        case "dylink.0":
            if dylink(c.content, offset: offset) { return }
        default: break
        }
        newline(offset)
        startGroup("@custom ")
        str(c.name)
        if withPlace { w(" ("); w(s.customPlace); w(")") }
        w(" ")
        if options.skeleton { w("...") } else { bytes(c.content) }
        endGroup()
    }
}

/// The `metadata.code.branch_hint` section: per function, (offset in the body, taken) pairs.
struct BranchHints {
    struct Hint { let offset: Int; let taken: Bool; let at: Int }
    var byFunction: [UInt32: [Hint]] = [:]
    init() {}
    init(_ content: ByteSlice) {
        var r = content.reader
        guard let n = try? r.readCount(minimumItemSize: 1, "hint function") else { return }
        for _ in 0..<n {
            guard let f = try? r.readU32(), let m = try? r.readCount(minimumItemSize: 1, "hint") else { return }
            var list: [Hint] = []
            for _ in 0..<m {
                let at = r.position
                guard let off = try? r.readU32(), let size = try? r.readU32(), size == 1, let v = try? r.readByte() else { return }
                list.append(Hint(offset: Int(off), taken: v == 1, at: at))
            }
            byFunction[f] = list
        }
    }
    /// The hints of function `f`, last first (popped as the body prints).
    func forFunction(_ f: UInt32) -> [Hint] { (byFunction[f] ?? []).reversed() }
}

extension Printer {
    struct ProducerValue { let name: String; let version: String; let at: Int }
    struct ProducerField { let name: String; let values: [ProducerValue] }

    /// The `producers` section with the offset of each value, or nil when it is malformed.
    static func producers(_ content: ByteSlice) -> [ProducerField]? {
        var r = content.reader
        guard let n = try? r.readCount(minimumItemSize: 2, "producers field") else { return nil }
        var fields: [ProducerField] = []
        for _ in 0..<n {
            guard let name = try? r.readName(), ["language", "processed-by", "sdk"].contains(name),
                  let m = try? r.readCount(minimumItemSize: 2, "producers value") else { return nil }
            var values: [ProducerValue] = []
            for _ in 0..<m {
                let at = r.position
                guard let v = try? r.readName(), let version = try? r.readName() else { return nil }
                values.append(ProducerValue(name: v, version: version, at: at))
            }
            fields.append(ProducerField(name: name, values: values))
        }
        return r.isAtEnd ? fields : nil
    }
}

extension Printer {
    /// `(@dylink.0 ...)` as wasm-tools prints it; false (nothing printed) when the section does not read.
    func dylink(_ content: ByteSlice, offset: Int?) -> Bool {
        enum Item { case mem(UInt32, UInt32, UInt32, UInt32), needed([String]), exports([(String, UInt32)])
                    case imports([(String, String, UInt32)]), paths([String]) }
        var r = content.reader
        var items: [(Int, Item)] = []
        func names(_ r: inout ByteReader) throws(WasmError) -> [String] {
            let n = try r.readCount(minimumItemSize: 1, "name")
            var out: [String] = []
            for _ in 0..<n { out.append(try r.readName()) }
            return out
        }
        do {
            while !r.isAtEnd {
                let start = r.position
                let id = try r.readByte()
                let size = Int(try r.readU32())
                let item = try r.withLimit(size, "dylink.0 subsection") { (s: inout ByteReader) throws(WasmError) -> Item in
                    switch id {
                    case 1: return .mem(try s.readU32(), try s.readU32(), try s.readU32(), try s.readU32())
                    case 2: return .needed(try names(&s))
                    case 3:
                        let n = try s.readCount(minimumItemSize: 2, "export info")
                        var list: [(String, UInt32)] = []
                        for _ in 0..<n { list.append((try s.readName(), try s.readU32())) }
                        return .exports(list)
                    case 4:
                        let n = try s.readCount(minimumItemSize: 3, "import info")
                        var list: [(String, String, UInt32)] = []
                        for _ in 0..<n { list.append((try s.readName(), try s.readName(), try s.readU32())) }
                        return .imports(list)
                    case 5: return .paths(try names(&s))
                    default: throw WasmError(.malformedCustomSection, "unknown dylink.0 subsection", offset: start)
                    }
                }
                items.append((start, item))
            }
        } catch {
            return false
        }
        newline(offset)
        startGroup("@dylink.0")
        for (start, item) in items {
            switch item {
            case .mem(let ms, let ma, let ts, let ta):
                newline(start)
                startGroup("mem-info")
                if ms > 0 || ma > 0 { w(" (memory "); int(ms); w(" "); int(ma); w(")") }
                if ts > 0 || ta > 0 { w(" (table "); int(ts); w(" "); int(ta); w(")") }
                endGroup()
            case .needed(let list), .paths(let list):
                newline(start)
                if case .needed = item { startGroup("needed") } else { startGroup("runtime-path") }
                for n in list { w(" "); str(n) }
                endGroup()
            case .exports(let list):
                for (n, flags) in list {
                    newline(start)
                    startGroup("export-info ")
                    str(n)
                    dylinkFlags(flags)
                    endGroup()
                }
            case .imports(let list):
                for (m, f, flags) in list {
                    newline(start)
                    startGroup("import-info ")
                    str(m)
                    w(" ")
                    str(f)
                    dylinkFlags(flags)
                    endGroup()
                }
            }
        }
        endGroup()
        return true
    }

    func dylinkFlags(_ flags0: UInt32) {
        var flags = flags0
        let names: [(UInt32, StaticString)] = [(1, "binding-weak"), (2, "binding-local"), (4, "visibility-hidden"),
                                               (0x10, "undefined"), (0x20, "exported"), (0x40, "explicit-name"),
                                               (0x80, "no-strip"), (0x100, "tls"), (0x200, "absolute")]
        for (bit, name) in names where flags & bit != 0 {
            flags &= ~bit
            w(" ")
            w(name)
        }
        if flags != 0 { w(" 0x"); w(String(flags, radix: 16)) }
    }
}
