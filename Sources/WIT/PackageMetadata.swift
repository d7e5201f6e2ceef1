import WasmBinary
import WasmComponent

/// The `package-docs` custom section wasm-tools writes into WIT packages encoded as components:
/// a version byte (1) and JSON holding docs and feature gates, which the component model types
/// cannot carry. Written byte for byte as wit-parser (serde_json) writes it.
enum PackageMetadata {
    static let sectionName = "package-docs"

    // MARK: Writing

    static func encode(_ r: Resolve, _ pkg: PackageID) -> [UInt8] {
        let p = r.packages[pkg.index]
        var fields: [(String, JSON)] = []
        if let d = p.docs.contents { fields.append(("docs", .string(d))) }
        let worlds = p.worlds.compactMap { (n, w) -> (String, JSON)? in
            let m = world(r, w)
            return m.isEmptyObject ? nil : (n, m)
        }
        if !worlds.isEmpty { fields.append(("worlds", .object(worlds))) }
        let ifaces = p.interfaces.compactMap { (n, i) -> (String, JSON)? in
            let m = interface(r, i)
            return m.isEmptyObject ? nil : (n, m)
        }
        if !ifaces.isEmpty { fields.append(("interfaces", .object(ifaces))) }
        var text = ""
        text += JSON.object(fields).serialized(pretty: false)
        return [1] + Array(text.utf8)
    }

    static func stability(_ s: Stability) -> JSON? {
        switch s {
        case .unknown: return nil
        case .stable(let since, let d):
            var f: [(String, JSON)] = [("since", .string(since.description))]
            if let d { f.append(("deprecated", .string(d.description))) }
            return .object([("stable", .object(f))])
        case .unstable(let feature, let d):
            var f: [(String, JSON)] = [("feature", .string(feature))]
            if let d { f.append(("deprecated", .string(d.description))) }
            return .object([("unstable", .object(f))])
        }
    }

    static func docsAndStability(_ docs: Docs, _ s: Stability) -> [(String, JSON)] {
        var f: [(String, JSON)] = []
        if let d = docs.contents { f.append(("docs", .string(d))) }
        if let st = stability(s) { f.append(("stability", st)) }
        return f
    }

    static func function(_ f: Function) -> JSON { .object(docsAndStability(f.docs, f.stability)) }

    static func type(_ r: Resolve, _ id: TypeID) -> JSON {
        let t = r.types[id.index]
        var f = docsAndStability(t.docs, t.stability)
        var items: [(String, JSON)] = []
        switch t.kind {
        case .record(let fs): for x in fs { if let d = x.docs.contents { items.append((x.name, .string(d))) } }
        case .flags(let fs), .enum(let fs): for x in fs { if let d = x.docs.contents { items.append((x.name, .string(d))) } }
        case .variant(let cs): for x in cs { if let d = x.docs.contents { items.append((x.name, .string(d))) } }
        default: break
        }
        if !items.isEmpty { f.append(("items", .object(items))) }
        return .object(f)
    }

    static func interface(_ r: Resolve, _ id: InterfaceID) -> JSON {
        let i = r.interfaces[id.index]
        var f = docsAndStability(i.docs, i.stability)
        let funcs = i.functions.compactMap { (n, fn) -> (String, JSON)? in
            let m = function(fn)
            return m.isEmptyObject ? nil : (n, m)
        }
        if !funcs.isEmpty { f.append(("funcs", .object(funcs))) }
        let types = i.types.compactMap { (n, t) -> (String, JSON)? in
            let m = type(r, t)
            return m.isEmptyObject ? nil : (n, m)
        }
        if !types.isEmpty { f.append(("types", .object(types))) }
        return .object(f)
    }

    static func world(_ r: Resolve, _ id: WorldID) -> JSON {
        let w = r.worlds[id.index]
        var inlineIfaces: [(String, JSON)] = []
        var types: [(String, JSON)] = []
        var funcs: [(String, JSON)] = []
        var inlineExports: [(String, JSON)] = []
        var funcExports: [(String, JSON)] = []
        var importStability: [(String, JSON)] = []
        var exportStability: [(String, JSON)] = []
        var importDocs: [(String, JSON)] = []
        var exportDocs: [(String, JSON)] = []
        for (isImport, items) in [(true, w.imports), (false, w.exports)] {
            for (key, item) in items {
                switch item {
                case .interface(let iid, let st, let docs, _, _):
                    if case .name(let n) = key, r.interfaces[iid.index].name == nil {
                        let m = interface(r, iid)
                        if m.isEmptyObject { continue }
                        if isImport { inlineIfaces.append((n, m)) } else { inlineExports.append((n, m)) }
                        continue
                    }
                    let n = r.name(of: key)
                    if let s = stability(st) {
                        if isImport { importStability.append((n, s)) } else { exportStability.append((n, s)) }
                    }
                    if let d = docs.contents {
                        if isImport { importDocs.append((n, .string(d))) } else { exportDocs.append((n, .string(d))) }
                    }
                case .type(let tid, _):
                    guard case .name(let n) = key else { continue }
                    let m = type(r, tid)
                    if !m.isEmptyObject { types.append((n, m)) }
                case .function(let f):
                    guard case .name(let n) = key else { continue }
                    let m = function(f)
                    if m.isEmptyObject { continue }
                    if isImport { funcs.append((n, m)) } else { funcExports.append((n, m)) }
                }
            }
        }
        var f = docsAndStability(w.docs, w.stability)
        for (name, entries) in [("interfaces", inlineIfaces), ("types", types), ("funcs", funcs),
                                ("interface_exports", inlineExports), ("func_exports", funcExports),
                                ("interface_import_stability", importStability),
                                ("interface_export_stability", exportStability),
                                ("interface_import_docs", importDocs), ("interface_export_docs", exportDocs)]
            where !entries.isEmpty
        {
            f.append((name, .object(entries)))
        }
        return .object(f)
    }
}

// MARK: Reading

extension JSON {
    /// The value as plain Swift collections (`[String: Any]`, `[Any]`, `String`, `Int`, `Double`,
    /// `Bool`; null is absent), for reading loosely structured documents.
    var anyValue: Any? {
        switch self {
        case .null: return nil
        case .bool(let b): return b
        case .int(let i): return i
        case .double(let d): return d
        case .string(let s): return s
        case .array(let a): return a.map { $0.anyValue as Any }
        case .object(let o):
            var d: [String: Any] = [:]
            for (k, v) in o where d[k] == nil { d[k] = v.anyValue }
            return d
        }
    }
}

extension PackageMetadata {
    struct Failure: Error { var message: String }

    /// Applies a `package-docs` section to package `pkg`.
    static func inject(_ data: [UInt8], into r: inout Resolve, _ pkg: PackageID) throws {
        guard let v = data.first, v == 0 || v == 1 else {
            throw Failure(message: "expected package-docs version 1, got \(data.first.map(String.init) ?? "nothing")")
        }
        guard let root = JSON.parse(data.dropFirst())?.anyValue as? [String: Any] else {
            throw Failure(message: "package-docs section is not valid JSON")
        }
        for (name, value) in root["worlds"] as? [String: Any] ?? [:] {
            guard let id = r.packages[pkg.index].worlds[name], let m = value as? [String: Any] else {
                throw Failure(message: "missing world \"\(name)\"")
            }
            try injectWorld(m, &r, id)
        }
        for (name, value) in root["interfaces"] as? [String: Any] ?? [:] {
            guard let id = r.packages[pkg.index].interfaces[name], let m = value as? [String: Any] else {
                throw Failure(message: "missing interface \"\(name)\"")
            }
            try injectInterface(m, &r, id)
        }
        if let d = root["docs"] as? String { r.packages[pkg.index].docs = Docs(d) }
    }

    static func stability(_ any: Any?) -> Stability {
        guard let o = any as? [String: Any] else { return .unknown }
        func version(_ v: Any?) -> Version? {
            guard let s = v as? String, case .success(let x) = Version.parse(s) else { return nil }
            return x
        }
        if let s = o["stable"] as? [String: Any], let since = version(s["since"]) {
            return .stable(since: since, deprecated: version(s["deprecated"]))
        }
        if let u = o["unstable"] as? [String: Any], let f = u["feature"] as? String {
            return .unstable(feature: f, deprecated: version(u["deprecated"]))
        }
        return .unknown
    }

    static func docs(_ any: Any?) -> Docs { Docs(any as? String) }

    static func injectFunction(_ any: Any?, _ f: inout Function) {
        if let o = any as? [String: Any] {
            f.docs = docs(o["docs"])
            f.stability = stability(o["stability"])
        } else {
            f.docs = docs(any)
        }
    }

    static func injectType(_ m: [String: Any], _ r: inout Resolve, _ id: TypeID) throws {
        if let items = m["items"] as? [String: Any], !items.isEmpty {
            var used = 0
            func apply(_ name: String, _ d: inout Docs) {
                if let s = items[name] as? String { d = Docs(s); used += 1 }
            }
            switch r.types[id.index].kind {
            case .record(var fs): for i in fs.indices { apply(fs[i].name, &fs[i].docs) }; r.types[id.index].kind = .record(fs)
            case .flags(var fs): for i in fs.indices { apply(fs[i].name, &fs[i].docs) }; r.types[id.index].kind = .flags(fs)
            case .enum(var fs): for i in fs.indices { apply(fs[i].name, &fs[i].docs) }; r.types[id.index].kind = .enum(fs)
            case .variant(var cs): for i in cs.indices { apply(cs[i].name, &cs[i].docs) }; r.types[id.index].kind = .variant(cs)
            default: throw Failure(message: "got 'items' for unexpected type")
            }
            if used != items.count { throw Failure(message: "not all 'items' match type items") }
        }
        if let d = m["docs"] as? String { r.types[id.index].docs = Docs(d) }
        r.types[id.index].stability = stability(m["stability"])
    }

    static func injectInterface(_ m: [String: Any], _ r: inout Resolve, _ id: InterfaceID) throws {
        for (name, value) in m["types"] as? [String: Any] ?? [:] {
            guard let t = r.interfaces[id.index].types[name], let tm = value as? [String: Any] else {
                throw Failure(message: "missing type \"\(name)\"")
            }
            try injectType(tm, &r, t)
        }
        for (name, value) in m["funcs"] as? [String: Any] ?? [:] {
            guard let pos = r.interfaces[id.index].functions.position(of: name) else {
                throw Failure(message: "missing func \"\(name)\"")
            }
            var f = r.interfaces[id.index].functions.values[pos]
            injectFunction(value, &f)
            r.interfaces[id.index].functions.setValue(at: pos, f)
        }
        if let d = m["docs"] as? String { r.interfaces[id.index].docs = Docs(d) }
        r.interfaces[id.index].stability = stability(m["stability"])
    }

    static func injectWorld(_ m: [String: Any], _ r: inout Resolve, _ id: WorldID) throws {
        func item(_ key: WorldKey, onlyExport: Bool) -> (Bool, Int)? {
            let w = r.worlds[id.index]
            if !onlyExport, let p = w.imports.position(of: key) { return (true, p) }
            if let p = w.exports.position(of: key) { return (false, p) }
            return nil
        }
        func get(_ at: (Bool, Int)) -> WorldItem {
            at.0 ? r.worlds[id.index].imports.values[at.1] : r.worlds[id.index].exports.values[at.1]
        }
        func set(_ at: (Bool, Int), _ v: WorldItem) {
            if at.0 { r.worlds[id.index].imports.setValue(at: at.1, v) } else { r.worlds[id.index].exports.setValue(at: at.1, v) }
        }
        for (field, onlyExport) in [("interfaces", false), ("interface_exports", true)] {
            for (name, value) in m[field] as? [String: Any] ?? [:] {
                guard let at = item(.name(name), onlyExport: onlyExport),
                      case .interface(let iid, _, let d, let s, let e) = get(at), let im = value as? [String: Any] else {
                    throw Failure(message: "missing interface \"\(name)\"")
                }
                set(at, .interface(id: iid, stability: stability(im["stability"]), docs: d, span: s, externalID: e))
                try injectInterface(im, &r, iid)
            }
        }
        for (name, value) in m["types"] as? [String: Any] ?? [:] {
            guard case .type(let t, _)? = r.worlds[id.index].imports[.name(name)], let tm = value as? [String: Any] else {
                throw Failure(message: "missing type \"\(name)\"")
            }
            try injectType(tm, &r, t)
        }
        // Interfaces imported/exported by their own names, looked up by qualified name.
        var byName: [String: (Bool, Int)] = [:]
        for (isImport, items) in [(true, r.worlds[id.index].imports), (false, r.worlds[id.index].exports)] {
            for (p, (key, it)) in items.enumerated() {
                if case .interface = it { byName[(isImport ? "i:" : "e:") + r.name(of: key)] = (isImport, p) }
            }
        }
        for (field, isImport, isDocs) in [("interface_import_stability", true, false), ("interface_export_stability", false, false),
                                          ("interface_import_docs", true, true), ("interface_export_docs", false, true)] {
            for (name, value) in m[field] as? [String: Any] ?? [:] {
                guard let at = byName[(isImport ? "i:" : "e:") + name], case .interface(let iid, let st, let d, let s, let e) = get(at) else {
                    throw Failure(message: "missing interface `\(name)`")
                }
                set(at, .interface(id: iid, stability: isDocs ? st : stability(value), docs: isDocs ? docs(value) : d,
                                   span: s, externalID: e))
            }
        }
        for (field, onlyExport) in [("funcs", false), ("func_exports", true)] {
            for (name, value) in m[field] as? [String: Any] ?? [:] {
                guard let at = item(.name(name), onlyExport: onlyExport), case .function(var f) = get(at) else {
                    throw Failure(message: "missing func \"\(name)\"")
                }
                injectFunction(value, &f)
                set(at, .function(f))
            }
        }
        if let d = m["docs"] as? String { r.worlds[id.index].docs = Docs(d) }
        r.worlds[id.index].stability = stability(m["stability"])
    }
}
