/// The one spelling of component types in WIT syntax. Every renderer of component types builds its
/// text through here — `inspect` (``ValidatedPrinter`` over the validator's arena for a valid
/// component's root, ``TypePrinter`` over a ``TypeSpace`` otherwise), validation messages and
/// world-check differences (the validator's arena, `TypeDescription.swift`), compose diagnostics
/// (which quote those messages) and the WIT printer (`WIT/PrinterTypes.swift`, over a resolved
/// package) — so `list<u8>`, `result<_, e>`, `record { a: u32 }` or `async func(x: T) -> R` are
/// written one way. The renderers differ only in how they name a type and how much they elide;
/// they render the parts and hand them here.
public enum WITSyntax {
    /// A structural type over already-rendered parts.
    public enum Expression: Sendable {
        case list(String)
        case fixedList(String, UInt32)
        case map(String, String)
        case tuple([String], more: Bool = false)
        case option(String)
        case result(ok: String?, err: String?)
        case own(String)
        case borrow(String)
        case future(String?)
        case stream(String?)
        /// Inline forms of the nominal types (messages and `inspect`; WIT itself declares them).
        /// `more`: members were left out (rendered as a last `...`).
        case record([(name: String, type: String)], more: Bool = false)
        case variant([(name: String, type: String?)], more: Bool = false)
        case flags([String], more: Bool = false)
        case `enum`([String], more: Bool = false)
        case function(isAsync: Bool, params: [(name: String, type: String)], result: String?)
    }

    public static func render(_ e: Expression) -> String {
        switch e {
        case .list(let t): "list<\(t)>"
        case .fixedList(let t, let n): "list<\(t), \(n)>"
        case .map(let k, let v): "map<\(k), \(v)>"
        case .tuple(let ts, let more): "tuple<" + list(ts, more) + ">"
        case .option(let t): "option<\(t)>"
        case .result(nil, nil): "result"
        case .result(let o?, nil): "result<\(o)>"
        case .result(nil, let e?): "result<_, \(e)>"
        case .result(let o?, let e?): "result<\(o), \(e)>"
        case .own(let r): "own<\(r)>"
        case .borrow(let r): "borrow<\(r)>"
        case .future(let t): t.map { "future<\($0)>" } ?? "future"
        case .stream(let t): t.map { "stream<\($0)>" } ?? "stream"
        case .record(let fs, let more): "record { " + list(fs.map { "\($0.name): \($0.type)" }, more) + " }"
        case .variant(let cs, let more):
            "variant { " + list(cs.map { c in c.type.map { "\(c.name)(\($0))" } ?? c.name }, more) + " }"
        case .flags(let ls, let more): "flags { " + list(ls, more) + " }"
        case .enum(let ls, let more): "enum { " + list(ls, more) + " }"
        case .function(let isAsync, let ps, let r):
            (isAsync ? "async func(" : "func(") + ps.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + ")"
                + (r.map { " -> \($0)" } ?? "")
        }
    }

    private static func list(_ parts: [String], _ more: Bool) -> String {
        (more ? parts + ["..."] : parts).joined(separator: ", ")
    }
}
