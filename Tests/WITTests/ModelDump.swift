import Foundation

@testable import WIT

/// A span-free, id-free rendering of a resolved model, for comparing two resolutions of
/// equivalent text (e.g. before and after printing).
enum ModelDump {
    /// With `normalizeDocs`, doc lines are compared without their leading blanks: wasm-tools'
    /// doc normalization (which we follow) re-indents some block comments on the first print.
    static func dump(_ w: ResolvedWIT, normalizeDocs: Bool = false) -> String {
        let text = dump(w)
        guard normalizeDocs else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == " " } }.joined(separator: "\n")
            .replacingOccurrences(of: "\n *", with: "\n*")
    }

    private static func dump(_ w: ResolvedWIT) -> String {
        let r = w.resolve
        var out: [String] = []
        let order = [w.main] + r.packages.indices.map { PackageID(index: $0) }.filter { $0 != w.main }
            .sorted { r[$0].name < r[$1].name }
        for pid in order {
            let p = r[pid]
            out.append("package \(p.name) docs=\(p.docs.contents ?? "-")")
            for (name, iid) in p.interfaces {
                out.append("  interface \(name) \(stability(r[iid].stability)) docs=\(r[iid].docs.contents ?? "-")")
                out.append(contentsOf: interface(r, iid, indent: "    "))
            }
            for (name, wid) in p.worlds {
                let wd = r[wid]
                out.append("  world \(name) \(stability(wd.stability)) docs=\(wd.docs.contents ?? "-")")
                for (label, items) in [("import", wd.imports), ("export", wd.exports)] {
                    for (key, item) in items {
                        out.append("    \(label) \(r.name(of: key)): \(worldItem(r, item))")
                    }
                }
            }
        }
        return out.joined(separator: "\n")
    }

    static func interface(_ r: Resolve, _ iid: InterfaceID, indent: String) -> [String] {
        var out: [String] = []
        for (name, tid) in r[iid].types {
            out.append("\(indent)type \(name) = \(definition(r, tid)) \(stability(r[tid].stability)) docs=\(r[tid].docs.contents ?? "-")")
        }
        for (name, f) in r[iid].functions {
            out.append("\(indent)func \(name): \(function(r, f))")
        }
        return out
    }

    static func worldItem(_ r: Resolve, _ item: WorldItem) -> String {
        switch item {
        case .interface(let iid, let st, let docs, _, let ext):
            let body = r[iid].name == nil ? "{" + interface(r, iid, indent: "").joined(separator: "; ") + "}" : (r.qualifiedName(of: iid) ?? "?")
            return "interface \(body) \(stability(st)) docs=\(docs.contents ?? "-") ext=\(ext ?? "-")"
        case .function(let f): return "func \(function(r, f))"
        case .type(let tid, _): return "type \(definition(r, tid))"
        }
    }

    static func function(_ r: Resolve, _ f: Function) -> String {
        let params = f.params.map { "\($0.name): \(ref(r, $0.type))" }.joined(separator: ", ")
        return "\(f.kind.isAsync ? "async " : "")\(kind(f.kind, r))(\(params)) -> \(f.result.map { ref(r, $0) } ?? "()") \(stability(f.stability)) docs=\(f.docs.contents ?? "-")"
    }

    static func kind(_ k: FunctionKind, _ r: Resolve) -> String {
        switch k {
        case .freestanding, .asyncFreestanding: return "func"
        case .method(let t), .asyncMethod(let t): return "method[\(r[t].name ?? "?")]"
        case .static(let t), .asyncStatic(let t): return "static[\(r[t].name ?? "?")]"
        case .constructor(let t): return "constructor[\(r[t].name ?? "?")]"
        }
    }

    static func stability(_ s: Stability) -> String {
        switch s {
        case .unknown: return ""
        case .stable(let v, let d): return "@since(\(v))" + (d.map { "@deprecated(\($0))" } ?? "")
        case .unstable(let f, let d): return "@unstable(\(f))" + (d.map { "@deprecated(\($0))" } ?? "")
        }
    }

    /// A reference: named types by owner and name, anonymous ones by structure.
    static func ref(_ r: Resolve, _ t: WITType) -> String {
        guard case .id(let id) = t else { return t.primitiveName ?? "?" }
        let def = r[id]
        if let name = def.name { return "\(owner(r, def.owner)).\(name)" }
        return definition(r, id)
    }

    static func owner(_ r: Resolve, _ o: TypeOwner) -> String {
        switch o {
        case .interface(let i): return r.qualifiedName(of: i) ?? "<inline>"
        case .world(let w): return "world:" + r[w].name
        case .none: return "-"
        }
    }

    static func definition(_ r: Resolve, _ id: TypeID) -> String {
        switch r[id].kind {
        case .record(let fs): return "record{" + fs.map { "\($0.name): \(ref(r, $0.type)) docs=\($0.docs.contents ?? "-")" }.joined(separator: ", ") + "}"
        case .resource: return "resource"
        case .handle(.own(let t)): return "own<\(ref(r, .id(t)))>"
        case .handle(.borrow(let t)): return "borrow<\(ref(r, .id(t)))>"
        case .flags(let fs): return "flags{" + fs.map(\.name).joined(separator: ",") + "}"
        case .tuple(let ts): return "tuple<" + ts.map { ref(r, $0) }.joined(separator: ",") + ">"
        case .variant(let cs): return "variant{" + cs.map { "\($0.name)(\($0.type.map { ref(r, $0) } ?? ""))" }.joined(separator: ",") + "}"
        case .enum(let cs): return "enum{" + cs.map(\.name).joined(separator: ",") + "}"
        case .option(let t): return "option<\(ref(r, t))>"
        case .result(let o, let e): return "result<\(o.map { ref(r, $0) } ?? "_"),\(e.map { ref(r, $0) } ?? "_")>"
        case .list(let t): return "list<\(ref(r, t))>"
        case .fixedList(let t, let n): return "list<\(ref(r, t)),\(n)>"
        case .map(let k, let v): return "map<\(ref(r, k)),\(ref(r, v))>"
        case .future(let t): return "future<\(t.map { ref(r, $0) } ?? "")>"
        case .stream(let t): return "stream<\(t.map { ref(r, $0) } ?? "")>"
        case .type(let t): return "=\(ref(r, t))"
        case .unknown: return "unknown"
        }
    }
}
