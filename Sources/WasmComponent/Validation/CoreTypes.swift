import WasmBinary
import WasmCore

// Core types as the component validator sees them. There is one store of canonical core types per
// validation run, WasmCore's `CanonicalTypes`: the nested modules' validation interns their recursion
// groups into it (`ModuleValidator.validate(_:features:types:...)`), and the component's own core type
// sections, module type declarations and the built-ins' function types go into the same store, so that
// equal types (iso-recursively: equal rec groups, referring to equal types) get one canonical id wherever
// they are defined. What is component-specific lives here: module types, core instances, the entities
// of imports and exports, and a structural view of a type for the GC ABI and for messages.

/// A canonical core value type: WasmCore's packed type, concrete references by canonical id (also the
/// storage types `i8`/`i16` of fields).
typealias CVal = WasmCore.VT

/// A struct field or array element (storage type and mutability).
typealias CField = FieldT

/// The structure of a canonical type (read from the store).
enum CComposite: Hashable, Sendable {
    case `func`(params: [CVal], results: [CVal])
    case `struct`([CField])
    case array(CField)
    /// The canonical id of the continuation's function type.
    case cont(Int)

    var kindName: String {
        switch self {
        case .func: "func"
        case .struct: "struct"
        case .array: "array"
        case .cont: "cont"
        }
    }
}

/// A canonical sub type (read from the store).
struct CSub: Hashable, Sendable {
    var isFinal: Bool
    /// The canonical id of the declared supertype.
    var supertype: Int?
    var composite: CComposite
    var shared: Bool
}

struct CTable: Hashable, Sendable {
    var element: CVal
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

/// The canonical core types, module types and core instance types of one validation run.
struct CoreTypeTable: Sendable {
    /// The one store of canonical core types (shared with the nested modules' validation).
    var store = CanonicalTypes()
    var modules: [ModuleTy] = []
    var instances: [CoreInstanceTy] = []

    /// Interns `[params] -> [results]` as a final function type of its own group (a built-in's type).
    mutating func internFunc(_ params: [CVal], _ results: [CVal], shared: Bool = false) throws(WasmError) -> Int {
        do throws(WasmError) {
            return Int(try store.internFunc(params: params, results: results, shared: shared, at: 0))
        } catch {
            throw withoutOffset(error)
        }
    }

    /// The sub type `id`, or nil when there is no such type.
    func sub(_ id: Int) -> CSub? {
        guard id >= 0, id < store.typeCount else { return nil }
        let key = UInt32(id)
        let e = store.entry(key)
        let composite: CComposite
        switch e.kind {
        case .func: composite = .func(params: Array(store.params(key)), results: Array(store.results(key)))
        case .struct: composite = .struct(Array(store.structFields(key)))
        case .array: composite = .array(store.arrayField(key))
        case .cont: composite = .cont(Int(e.contFunc))
        }
        return CSub(isFinal: e.isFinal, supertype: e.supertype >= 0 ? Int(e.supertype) : nil, composite: composite,
                    shared: e.shared)
    }

    /// The parameters and results of function type `id`, or nil when it is not a function type.
    func funcType(_ id: Int) -> (params: [CVal], results: [CVal])? {
        guard id >= 0, id < store.typeCount else { return nil }
        let key = UInt32(id)
        guard store.entry(key).kind == .func else { return nil }
        return (Array(store.params(key)), Array(store.results(key)))
    }

    /// Declared-supertype subtyping of canonical ids (what component validation needs).
    func isSubtype(_ a: Int, _ b: Int) -> Bool {
        guard a >= 0, b >= 0, a < store.typeCount, b < store.typeCount else { return false }
        return store.idIsSubtype(UInt32(a), UInt32(b))
    }

    // MARK: Rendering (for messages)

    func render(_ v: CVal, depth: Int = 0) -> String {
        if v == .i8 { return "i8" }
        if v == .i16 { return "i16" }
        guard v.isRef else { return v.description }
        if v.nullable, !v.isConcrete, !v.abstractShared,
           [.func, .extern, .any, .eq, .i31, .struct, .array, .exn].contains(v.abstract) {
            return "\(v.abstract.name)ref"
        }
        return "(ref \(v.nullable ? "null " : "")\(renderHeap(v, depth: depth)))"
    }

    /// Abstract heap types by name; concrete ones by their structure (a few levels deep).
    private func renderHeap(_ v: CVal, depth: Int) -> String {
        guard v.isConcrete else { return v.abstractShared ? "(shared \(v.abstract.name))" : v.abstract.name }
        let i = Int(v.typeID)
        var body = "\(i)"
        if depth < 2, let s = sub(i) {
            func field(_ f: CField) -> String {
                let t = render(f.storage, depth: depth + 1)
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
        return v.isExact ? "(exact \(body))" : body
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

/// `e` without its offset (an error of WasmCore's type store, raised at no meaningful offset of its own:
/// the component validator gives it the offset of the item being validated).
func withoutOffset(_ e: WasmError) -> WasmError {
    var e = e
    e.offset = nil
    return e
}
