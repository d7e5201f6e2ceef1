// Core types written in the WebAssembly text format's syntax, for messages and `inspect`.

extension HeapType: CustomStringConvertible {
    public var description: String {
        switch self {
        case .abstract(let t, let shared): shared ? "(shared \(t.name))" : t.name
        case .concrete(let i): String(i)
        case .exact(let i): "(exact \(i))"
        }
    }
}

extension RefType: CustomStringConvertible {
    public var description: String {
        if nullable, case .abstract(let t, false) = heapType {
            switch t {
            case .func: return "funcref"
            case .extern: return "externref"
            case .any: return "anyref"
            case .eq: return "eqref"
            case .i31: return "i31ref"
            case .struct: return "structref"
            case .array: return "arrayref"
            case .exn: return "exnref"
            case .none: return "nullref"
            case .nofunc: return "nullfuncref"
            case .noextern: return "nullexternref"
            case .noexn: return "nullexnref"
            default: break
            }
        }
        return nullable ? "(ref null \(heapType))" : "(ref \(heapType))"
    }
}

extension ValType: CustomStringConvertible {
    public var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .ref(let r): r.description
        }
    }
}

extension StorageType: CustomStringConvertible {
    public var description: String {
        switch self {
        case .i8: "i8"
        case .i16: "i16"
        case .val(let v): v.description
        }
    }
}

extension FieldType: CustomStringConvertible {
    public var description: String { mutable ? "(mut \(storage))" : storage.description }
}

extension FuncType: CustomStringConvertible {
    /// `(i32, i64) -> f32`, `() -> ()`.
    public var description: String {
        let p = params.map(\.description).joined(separator: ", ")
        let r = results.count == 1 ? results[0].description : "(" + results.map(\.description).joined(separator: ", ") + ")"
        return "(\(p)) -> \(r)"
    }
}

extension CompositeType: CustomStringConvertible {
    public var description: String {
        var s: String
        switch kind {
        case .func(let f): s = "func \(f)"
        case .struct(let fields): s = "struct {" + fields.map(\.description).joined(separator: ", ") + "}"
        case .array(let f): s = "array \(f)"
        case .cont(let i): s = "cont \(i)"
        }
        if let d = descriptor { s = "(descriptor \(d)) " + s }
        if let d = describes { s = "(describes \(d)) " + s }
        if shared { s = "shared " + s }
        return s
    }
}

extension SubType: CustomStringConvertible {
    public var description: String {
        if isFinal && supertypes.isEmpty { return composite.description }
        let supers = supertypes.map { " \($0)" }.joined()
        return "(sub\(isFinal ? " final" : "")\(supers) \(composite))"
    }
}

extension Limits: CustomStringConvertible {
    /// `1`, `1..16`, `i64 1..16`, with `shared` and a custom page size when present.
    public var description: String {
        var s = is64 ? "i64 " : ""
        s += String(min)
        if let max { s += "..\(max)" }
        if shared { s += " shared" }
        if let p = pageSizeLog2 { s += " (pagesize \(UInt64(1) << UInt64(p)))" }
        return s
    }
}

extension TableType: CustomStringConvertible {
    public var description: String { "\(limits) \(element)" }
}

extension MemoryType: CustomStringConvertible {
    public var description: String { limits.description }
}

extension GlobalType: CustomStringConvertible {
    public var description: String {
        let v = mutable ? "(mut \(value))" : value.description
        return shared ? "(shared \(v))" : v
    }
}

extension ExternType {
    /// The type as `inspect` prints it; function types are resolved through `types` when given.
    public func text(types: [SubType] = []) -> String {
        text { $0 < types.count ? types[$0] : nil }
    }

    /// The text, with types looked up by index as needed (nil: unknown).
    public func text(lookup: (Int) -> SubType?) -> String {
        func funcText(_ i: UInt32) -> String {
            if let t = lookup(Int(i)), case .func(let f) = t.composite.kind { return "func \(f)" }
            return "func (type \(i))"
        }
        switch self {
        case .func(let i): return funcText(i)
        case .funcExact(let i): return "exact " + funcText(i)
        case .table(let t): return "table \(t)"
        case .memory(let m): return "memory \(m)"
        case .global(let g): return "global \(g)"
        case .tag(let t):
            if let s = lookup(Int(t.typeIndex)), case .func(let f) = s.composite.kind { return "tag \(f)" }
            return "tag (type \(t.typeIndex))"
        }
    }
}
