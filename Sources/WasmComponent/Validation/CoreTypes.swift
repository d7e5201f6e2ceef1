import WasmBinary
import WasmCore

// Core types as the component validator sees them: canonicalized so that equal types defined in
// different modules (or in a component's core type section) get the same id, iso-recursively: a rec
// group is stored with references into itself as group-relative positions and references to earlier
// types as canonical ids, and equal groups are interned once.

/// A heap type with module indices replaced by canonical ids (`local`: a position in the same group).
enum CHeap: Hashable, Sendable {
    case abstract(AbstractHeapType, shared: Bool)
    case id(Int)
    case exact(Int)
    case local(Int)
    case localExact(Int)
}

struct CRef: Hashable, Sendable {
    var nullable: Bool
    var heap: CHeap
}

/// A canonical core value type.
enum CVal: Hashable, Sendable {
    case i32, i64, f32, f64, v128
    case ref(CRef)
}

enum CStorage: Hashable, Sendable {
    case i8, i16
    case val(CVal)
}

struct CField: Hashable, Sendable {
    var storage: CStorage
    var mutable: Bool
}

enum CComposite: Hashable, Sendable {
    case `func`(params: [CVal], results: [CVal])
    case `struct`([CField])
    case array(CField)
    case cont(CHeap)

    var kindName: String {
        switch self {
        case .func: "func"
        case .struct: "struct"
        case .array: "array"
        case .cont: "cont"
        }
    }
}

struct CSub: Hashable, Sendable {
    var isFinal: Bool
    var supertype: CHeap?
    var composite: CComposite
    var shared: Bool
}

struct CTable: Hashable, Sendable {
    var element: CRef
    var limits: Limits
}

struct CGlobal: Hashable, Sendable {
    var value: CVal
    var mutable: Bool
    var shared: Bool
}

/// The type of a core import or export.
enum CoreEntity: Hashable, Sendable {
    case `func`(Int)
    case funcExact(Int)
    case table(CTable)
    case memory(MemoryType)
    case global(CGlobal)
    case tag(Int)

    var desc: String {
        switch self {
        case .func: "func"
        case .funcExact: "func_exact"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        case .tag: "tag"
        }
    }
}

struct CoreImportKey: Hashable, Sendable {
    var module: String
    var name: String
}

/// A core module type: what it imports (unique `module`/`name` pairs) and exports.
struct ModuleTy: Sendable {
    var imports = OrderedMap<CoreImportKey, CoreEntity>()
    var exports = OrderedMap<String, CoreEntity>()
}

/// A core instance: instantiated from a module type, or a bag of exports.
enum CoreInstanceTy: Sendable {
    case instantiated(module: Int)
    case exports(OrderedMap<String, CoreEntity>)
}

/// An entry of a component's core type index space.
enum ComponentCoreType: Hashable, Sendable {
    case sub(Int)
    case module(Int)
}

/// The interned core types, module types and core instance types of one validation run.
struct CoreTypeTable {
    /// Each interned group → the canonical id of its first type.
    private var groupBase: [[CSub]: Int] = [:]
    /// Every type by canonical id, with group-relative references made absolute.
    private var absoluteSubs: [CSub] = []
    var modules: [ModuleTy] = []
    var instances: [CoreInstanceTy] = []

    /// Interns a canonical rec group; returns the ids of its types.
    mutating func intern(_ group: [CSub]) -> Range<Int> {
        if let base = groupBase[group] { return base..<(base + group.count) }
        let base = absoluteSubs.count
        groupBase[group] = base
        for sub in group { absoluteSubs.append(makeAbsolute(sub, base)) }
        return base..<(base + group.count)
    }

    /// Interns `[params] -> [results]` as a final function type of its own group.
    mutating func internFunc(_ params: [CVal], _ results: [CVal], shared: Bool = false) -> Int {
        intern([CSub(isFinal: true, supertype: nil, composite: .func(params: params, results: results), shared: shared)])
            .lowerBound
    }

    /// The sub type `id` with group-relative references made absolute.
    func sub(_ id: Int) -> CSub? {
        guard id >= 0, id < absoluteSubs.count else { return nil }
        return absoluteSubs[id]
    }

    private func makeAbsolute(_ sub: CSub, _ base: Int) -> CSub {
        var s = sub
        if s.supertype != nil { s.supertype = absolute(s.supertype, base) }
        switch s.composite {
        case .func(let ps, let rs):
            s.composite = .func(params: ps.map { absolute($0, base) }, results: rs.map { absolute($0, base) })
        case .struct(let fs):
            s.composite = .struct(fs.map { CField(storage: absolute($0.storage, base), mutable: $0.mutable) })
        case .array(let f):
            s.composite = .array(CField(storage: absolute(f.storage, base), mutable: f.mutable))
        case .cont(let h):
            s.composite = .cont(absolute(h, base) ?? h)
        }
        return s
    }

    /// The parameters and results of function type `id`, or nil when it is not a function type.
    func funcType(_ id: Int) -> (params: [CVal], results: [CVal])? {
        guard let s = sub(id), case .func(let p, let r) = s.composite else { return nil }
        return (p, r)
    }

    /// Declared-supertype subtyping of canonical ids (what component validation needs).
    func isSubtype(_ a: Int, _ b: Int) -> Bool {
        var cur = a
        var steps = 0
        while steps < 64 {
            if cur == b { return true }
            guard let s = sub(cur), case .id(let next)? = s.supertype else { return false }
            cur = next
            steps += 1
        }
        return false
    }

    private func absolute(_ h: CHeap?, _ base: Int) -> CHeap? {
        switch h {
        case .local(let i)?: .id(base + i)
        case .localExact(let i)?: .exact(base + i)
        default: h
        }
    }

    private func absolute(_ v: CVal, _ base: Int) -> CVal {
        guard case .ref(let r) = v else { return v }
        return .ref(CRef(nullable: r.nullable, heap: absolute(r.heap, base) ?? r.heap))
    }

    private func absolute(_ s: CStorage, _ base: Int) -> CStorage {
        if case .val(let v) = s { return .val(absolute(v, base)) }
        return s
    }

    // MARK: Rendering (for messages)

    func render(_ v: CVal, depth: Int = 0) -> String {
        switch v {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .ref(let r): render(r, depth: depth)
        }
    }

    func render(_ r: CRef, depth: Int = 0) -> String {
        switch (r.nullable, r.heap) {
        case (true, .abstract(let a, false)) where [.func, .extern, .any, .eq, .i31, .struct, .array, .exn].contains(a):
            return "\(a.name)ref"
        default:
            return "(ref \(r.nullable ? "null " : "")\(render(r.heap, depth: depth)))"
        }
    }

    /// Abstract heap types by name; concrete ones by their structure (a few levels deep).
    func render(_ h: CHeap, depth: Int = 0) -> String {
        switch h {
        case .abstract(let a, let shared): return shared ? "(shared \(a.name))" : a.name
        case .local(let i): return "\(i)"
        case .localExact(let i): return "(exact \(i))"
        case .id(let i), .exact(let i):
            var body = "\(i)"
            if depth < 2, let s = sub(i) {
                func field(_ f: CField) -> String {
                    let t: String
                    switch f.storage {
                    case .i8: t = "i8"
                    case .i16: t = "i16"
                    case .val(let v): t = render(v, depth: depth + 1)
                    }
                    return f.mutable ? "(mut \(t))" : t
                }
                switch s.composite {
                case .func(let p, let r): body = renderFunc(p, r)
                case .array(let f): body = "(array \(field(f)))"
                case .struct(let fs): body = "(struct" + fs.map { " (field \(field($0)))" }.joined() + ")"
                case .cont: body = "(cont ...)"
                }
                if s.shared { body = "(shared \(body))" }
            }
            if case .exact = h { return "(exact \(body))" }
            return body
        }
    }

    func renderFunc(_ params: [CVal], _ results: [CVal]) -> String {
        var s = "(func"
        if !params.isEmpty { s += " (param " + params.map { render($0) }.joined(separator: " ") + ")" }
        if !results.isEmpty { s += " (result " + results.map { render($0) }.joined(separator: " ") + ")" }
        return s + ")"
    }

    /// `(func ...)`, `(struct ...)`, ... for type `id`.
    func render(type id: Int) -> String {
        guard let s = sub(id) else { return "type \(id)" }
        let body: String
        switch s.composite {
        case .func(let p, let r): body = renderFunc(p, r)
        default: body = "(\(s.composite.kindName) ...)"
        }
        return s.shared ? "(shared \(body))" : body
    }

    func render(_ e: CoreEntity) -> String {
        switch e {
        case .func(let id), .funcExact(let id): render(type: id)
        case .table(let t): "(table \(t.limits.min) \(render(t.element)))"
        case .memory(let m): "(memory \(m.limits.min))"
        case .global(let g): g.mutable ? "(global (mut \(render(g.value))))" : "(global \(render(g.value)))"
        case .tag(let id): "(tag \(render(type: id)))"
        }
    }
}
