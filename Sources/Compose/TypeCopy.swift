import WasmBinary
import WasmComponent
import WasmCore

// Copying an input's top-level type definitions into the result: indices that refer to the input's
// top level (value types of defined and function types, `alias outer` in instance and component type
// bodies that reach the top level) are mapped to the result's indices; everything local to a type
// body stays as written.

extension ShellBuilder {
    /// `t` (a type of input `s`'s top level) with its top-level references mapped into the result.
    func copy(_ t: ComponentType, from s: Int) throws(WasmError) -> ComponentType {
        switch t {
        case .defined(let d): return .defined(try copy(d, from: s))
        case .func(let f):
            return .func(try Self.copy(f) { (i: UInt32) throws(WasmError) -> UInt32 in try mapType(s, i) })
        case .resource:
            throw .compose(.composeUnsupported, "an import of \(inputs[s].label) uses a resource the component "
                           + "defines itself; such an import cannot be carried into the result")
        case .instance(let decls): return .instance(try copy(decls, from: s, level: 1))
        case .component(let decls): return .component(try copy(decls, from: s, level: 1))
        }
    }

    func copy(_ v: ComponentValType, from s: Int) throws(WasmError) -> ComponentValType {
        try Self.copy(v) { (i: UInt32) throws(WasmError) -> UInt32 in try mapType(s, i) }
    }

    func copy(_ d: DefinedType, from s: Int) throws(WasmError) -> DefinedType {
        try Self.copy(d) { (i: UInt32) throws(WasmError) -> UInt32 in try mapType(s, i) }
    }

    typealias IndexMap = (UInt32) throws(WasmError) -> UInt32

    /// `v` with its type index mapped by `map`.
    static func copy(_ v: ComponentValType, _ map: IndexMap) throws(WasmError) -> ComponentValType {
        switch v {
        case .primitive: return v
        case .index(let i): return .index(try map(i))
        }
    }

    static func copyOptional(_ v: ComponentValType?, _ map: IndexMap) throws(WasmError) -> ComponentValType? {
        guard let v else { return nil }
        return try copy(v, map)
    }

    static func copy(_ f: ComponentFuncType, _ map: IndexMap) throws(WasmError) -> ComponentFuncType {
        var g = f
        g.params = []
        for p in f.params { g.params.append(LabeledType(p.name, try copy(p.type, map))) }
        g.result = try copyOptional(f.result, map)
        return g
    }

    /// `d` with every type index it mentions mapped by `map`.
    static func copy(_ d: DefinedType, _ map: IndexMap) throws(WasmError) -> DefinedType {
        switch d {
        case .primitive, .flags, .enum: return d
        case .record(let fields):
            var out: [LabeledType] = []
            for f in fields { out.append(LabeledType(f.name, try copy(f.type, map))) }
            return .record(out)
        case .variant(let cases):
            var out: [VariantCase] = []
            for c in cases { out.append(VariantCase(c.name, try copyOptional(c.type, map))) }
            return .variant(out)
        case .list(let t): return .list(try copy(t, map))
        case .fixedList(let t, let n): return .fixedList(try copy(t, map), n)
        case .tuple(let ts):
            var out: [ComponentValType] = []
            for t in ts { out.append(try copy(t, map)) }
            return .tuple(out)
        case .option(let t): return .option(try copy(t, map))
        case .result(let ok, let err): return .result(ok: try copyOptional(ok, map), error: try copyOptional(err, map))
        case .own(let i): return .own(try map(i))
        case .borrow(let i): return .borrow(try map(i))
        case .stream(let t): return .stream(try copyOptional(t, map))
        case .future(let t): return .future(try copyOptional(t, map))
        case .map(let k, let v): return .map(try copy(k, map), try copy(v, map))
        }
    }

    /// The declarations of a type body `level` scopes below the top level.
    func copy(_ decls: [TypeDeclaration], from s: Int, level: UInt32) throws(WasmError) -> [TypeDeclaration] {
        guard level < 100 else {
            throw .compose(.composeUnsupported, "types of \(inputs[s].label) are nested too deeply")
        }
        var out: [TypeDeclaration] = []
        out.reserveCapacity(decls.count)
        for d in decls {
            switch d {
            case .alias(.outer(let kind, let count, let index)) where count >= level:
                guard count == level else {
                    throw .compose(.composeBadInput, "\(inputs[s].label) is invalid: an outer alias reaches "
                                   + "\(count) scopes out from a type \(level) levels deep")
                }
                switch kind {
                case .type: out.append(.alias(.outer(kind: .type, count: count, index: try mapType(s, index))))
                case .coreType: out.append(.alias(.outer(kind: .coreType, count: count, index: try mapCoreType(s, index))))
                case .component, .coreModule:
                    throw .compose(.composeUnsupported, "a type of \(inputs[s].label) aliases an outer \(kind)")
                }
            case .type(let t):
                switch t {
                case .instance(let inner): out.append(.type(.instance(try copy(inner, from: s, level: level + 1))))
                case .component(let inner): out.append(.type(.component(try copy(inner, from: s, level: level + 1))))
                default: out.append(d)
                }
            case .coreType(.module(let inner)):
                out.append(.coreType(.module(try copy(inner, from: s, level: level + 1))))
            default:
                out.append(d)
            }
        }
        return out
    }

    /// The declarations of a module type whose own scope is `level` scopes below the top level.
    func copy(_ decls: [ModuleTypeDeclaration], from s: Int, level: UInt32) throws(WasmError) -> [ModuleTypeDeclaration] {
        var out: [ModuleTypeDeclaration] = []
        for d in decls {
            if case .outerAlias(let count, let index) = d, count >= level {
                guard count == level else {
                    throw .compose(.composeBadInput, "\(inputs[s].label) is invalid: an outer alias in a module type "
                                   + "reaches past the component")
                }
                out.append(.outerAlias(count: count, index: try mapCoreType(s, index)))
            } else {
                out.append(d)
            }
        }
        return out
    }

    /// An import's type with its references mapped into the result.
    func copy(_ desc: ExternDesc, from s: Int) throws(WasmError) -> ExternDesc {
        switch desc {
        case .module(let i): return .module(try mapCoreType(s, i))
        case .func(let i): return .func(try mapType(s, i))
        case .value(let v): return .value(try copy(v, from: s))
        case .type(.eq(let i)): return .type(.eq(try mapType(s, i)))
        case .type(.subResource): return desc
        case .component(let i): return .component(try mapType(s, i))
        case .instance(let i): return .instance(try mapType(s, i))
        }
    }
}
