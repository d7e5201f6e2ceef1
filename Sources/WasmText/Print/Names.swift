import WasmBinary
import WasmCore

/// A name from a `name` (or `component-name`) section, as `wasm-tools print` writes it: `$id`, `$"quoted"`
/// when it has characters an identifier cannot, or `$"#kindN name"` (with `(@name "name")`) when it is empty,
/// starts with `#` or repeats an earlier name of the same space.
struct Naming {
    enum Kind { case dollar, quoted, synthetic(String) }
    let kind: Kind
    let name: String

    init(_ name: String, index: UInt32, group: String, used: inout Set<String>?) {
        var kind = Kind.dollar
        if name.unicodeScalars.contains(where: { !Naming.isIdChar($0) }) { kind = .quoted }
        var clash = false
        if used != nil { clash = !used!.insert(name).inserted }
        if name.isEmpty || name.hasPrefix("#") || clash { kind = .synthetic("#\(group)\(index)") }
        self.kind = kind
        self.name = name
    }

    static func isIdChar(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "0"..."9", "a"..."z", "A"..."Z": return true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "/", ":", "<", "=", ">", "?", "@", "\\", "^", "_", "`", "|", "~":
            return true
        default: return false
        }
    }

    var isSynthetic: Bool { if case .synthetic = kind { true } else { false } }

    /// The identifier as printed (`$id`, `$"..."`), computed once.
    lazy var identifier: [UInt8] = {
        func contents(_ s: String) -> String {
            var out = ""
            for c in s.unicodeScalars {
                let v = c.value
                if v >= 0x20 && v < 0x7f && c != "\"" && c != "\\" { out.unicodeScalars.append(c) }
                else { out += "\\u{" + String(v, radix: 16) + "}" }
            }
            return out
        }
        switch kind {
        case .dollar: return Array(("$" + name).utf8)
        case .quoted: return Array(("$\"" + contents(name) + "\"").utf8)
        case .synthetic(let prefix): return Array(("$\"" + prefix + " " + contents(name) + "\"").utf8)
        }
    }()
}

/// Names of one index space.
struct NameSpace {
    var names: [UInt32: Naming] = [:]
    /// The same, by index, when the indices are dense enough.
    var dense: [Naming?] = []
    let desc: String
    init(_ desc: String) { self.desc = desc }
    @inline(__always) subscript(i: UInt32) -> Naming? {
        if Int(i) < dense.count { return dense[Int(i)] }
        return names.isEmpty ? nil : names[i]
    }

    /// Adds a name map; `group` is the prefix of synthesized names (`core-func` in a component), `desc` by default.
    mutating func add(_ map: NameMap, group: String? = nil) {
        var used: Set<String>? = []
        for e in map.entries {
            var n = Naming(e.name, index: e.index, group: group ?? desc, used: &used)
            _ = n.identifier
            names[e.index] = n
        }
        if let top = names.keys.max(), Int(top) < 4 * names.count + 1024 {
            dense = [Naming?](repeating: nil, count: Int(top) + 1)
            for (k, v) in names { dense[Int(k)] = v }
        }
    }
}

/// Names keyed by (outer index, inner index): locals, labels, fields.
struct IndirectNames {
    var names: [UInt64: Naming] = [:]
    let desc: String
    init(_ desc: String) { self.desc = desc }
    subscript(outer: UInt32, inner: UInt32) -> Naming? {
        names.isEmpty ? nil : names[UInt64(outer) << 32 | UInt64(inner)]
    }

    mutating func add(_ map: IndirectNameMap, tracksUse: Bool) {
        for entry in map.entries {
            var used: Set<String>? = tracksUse ? [] : nil
            for e in entry.names.entries {
                var n = Naming(e.name, index: e.index, group: desc, used: &used)
                _ = n.identifier
                names[UInt64(entry.index) << 32 | UInt64(e.index)] = n
            }
        }
    }
}

/// The core names of one module.
struct CoreNames {
    var module: Naming?
    var funcs = NameSpace("func"), types = NameSpace("type"), tables = NameSpace("table")
    var memories = NameSpace("memory"), globals = NameSpace("global"), elems = NameSpace("elem")
    var data = NameSpace("data"), tags = NameSpace("tag")
    var locals = IndirectNames("local"), labels = IndirectNames("label"), fields = IndirectNames("field")
    /// Parameter names of function types (subsection 12).
    var typeParams = IndirectNames("local")

    init() {}

    /// From a `name` section's content; a malformed section gives the names read before the error.
    init(section content: ByteSlice) {
        guard let s = try? NameSection.decode(content) else { return }
        for sub in s.subsections {
            switch sub {
            case .module(let n):
                var none: Set<String>? = nil
                module = Naming(n, index: 0, group: "module", used: &none)
            case .functions(let m): funcs.add(m)
            case .locals(let m): locals.add(m, tracksUse: true)
            case .labels(let m): labels.add(m, tracksUse: false)
            case .types(let m): types.add(m)
            case .tables(let m): tables.add(m)
            case .memories(let m): memories.add(m)
            case .globals(let m): globals.add(m)
            case .elements(let m): elems.add(m)
            case .data(let m): data.add(m)
            case .fields(let m): fields.add(m, tracksUse: true)
            case .tags(let m): tags.add(m)
            case .unknown(12, let content):
                var r = content.reader
                if let m = try? r.readIndirectNameMap() { typeParams.add(m, tracksUse: true) }
            default: break
            }
        }
    }
}
