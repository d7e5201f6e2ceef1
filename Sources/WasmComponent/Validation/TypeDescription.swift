import WasmBinary
import WasmCore

// Short WIT renderings (``WITSyntax``) of validator types for error messages (`list<u8>`, `result<string, u32>`,
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
        /// The first four members; `more` when there are others (messages stay short).
        func some<T>(_ items: [T]) -> (items: ArraySlice<T>, more: Bool) { (items.prefix(4), items.count > 4) }
        func v(_ x: VT) -> String { describe(x, depth: d) }
        let e: WITSyntax.Expression
        switch defined[t.index].type {
        case .primitive(let p): return p.description
        case .record(let fs):
            let (f, more) = some(fs)
            e = .record(f.map { ($0.name, v($0.type)) }, more: more)
        case .variant(let cs):
            let (c, more) = some(cs)
            e = .variant(c.map { ($0.name, $0.type.map(v)) }, more: more)
        case .list(let x): e = .list(v(x))
        case .fixedList(let x, let n): e = .fixedList(v(x), n)
        case .map(let k, let x): e = .map(v(k), v(x))
        case .tuple(let ts):
            let (t, more) = some(ts)
            e = .tuple(t.map(v), more: more)
        case .flags(let ls):
            let (l, more) = some(ls)
            e = .flags(Array(l), more: more)
        case .enum(let ls):
            let (l, more) = some(ls)
            e = .enum(Array(l), more: more)
        case .option(let x): e = .option(v(x))
        case .result(let ok, let err): e = .result(ok: ok.map(v), err: err.map(v))
        case .own(let r): e = .own(resourceName(r))
        case .borrow(let r): e = .borrow(resourceName(r))
        case .future(let x): e = .future(x.map(v))
        case .stream(let x): e = .stream(x.map(v))
        }
        return WITSyntax.render(e)
    }

    func resourceName(_ r: TypeRef) -> String { resourceNames[r.resource] ?? "resource" }
}
