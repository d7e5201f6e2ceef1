import WasmBinary
import WasmCore

// Short WIT-like renderings of validator types for error messages (`list<u8>`, `result<string, u32>`,
// `record { a: u32, ... }`, `own<cache>`). Deep types are elided with `...` to keep messages short.

extension TypeArena {
    func describe(_ v: VT, depth: Int = 0) -> String {
        switch v {
        case .primitive(let p): p.description
        case .type(let t): describe(defined: t, depth: depth)
        }
    }

    func describe(defined t: TypeRef, depth: Int = 0) -> String {
        guard t.kind == .defined, t.index < defined.count else { return t.desc }
        if depth > 3 { return "..." }
        switch defined[t.index].type {
        case .record, .variant, .enum, .flags:
            if let name = typeNames[t.index] { return name }
        default: break
        }
        let d = depth + 1
        func list<S: Sequence>(_ items: S, _ f: (S.Element) -> String) -> String {
            var parts: [String] = []
            for item in items {
                if parts.count == 4 {
                    parts.append("...")
                    break
                }
                parts.append(f(item))
            }
            return parts.joined(separator: ", ")
        }
        switch defined[t.index].type {
        case .primitive(let p): return p.description
        case .record(let fs): return "record { " + list(fs) { "\($0.name): \(describe($0.type, depth: d))" } + " }"
        case .variant(let cs):
            return "variant { " + list(cs) { c in c.type.map { "\(c.name)(\(describe($0, depth: d)))" } ?? c.name } + " }"
        case .list(let v): return "list<\(describe(v, depth: d))>"
        case .fixedList(let v, let n): return "list<\(describe(v, depth: d)), \(n)>"
        case .map(let k, let v): return "map<\(describe(k, depth: d)), \(describe(v, depth: d))>"
        case .tuple(let ts): return "tuple<" + list(ts) { describe($0, depth: d) } + ">"
        case .flags(let ls): return "flags { " + list(ls) { $0 } + " }"
        case .enum(let ls): return "enum { " + list(ls) { $0 } + " }"
        case .option(let v): return "option<\(describe(v, depth: d))>"
        case .result(let ok, let err):
            switch (ok, err) {
            case (nil, nil): return "result"
            case (let o?, nil): return "result<\(describe(o, depth: d))>"
            case (nil, let e?): return "result<_, \(describe(e, depth: d))>"
            case (let o?, let e?): return "result<\(describe(o, depth: d)), \(describe(e, depth: d))>"
            }
        case .own(let r): return "own<\(resourceName(r))>"
        case .borrow(let r): return "borrow<\(resourceName(r))>"
        case .future(let v): return v.map { "future<\(describe($0, depth: d))>" } ?? "future"
        case .stream(let v): return v.map { "stream<\(describe($0, depth: d))>" } ?? "stream"
        }
    }

    func resourceName(_ r: TypeRef) -> String { resourceNames[r.resource] ?? "resource" }
}
