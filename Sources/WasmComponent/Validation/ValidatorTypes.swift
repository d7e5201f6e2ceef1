import WasmBinary
import WasmCore

// Type definitions: core types and module types, defined value types, function types, component
// and instance types, resources, and the `externtype`s of imports and exports.

extension ValidationRun {
    // MARK: Core types

    func addCoreType(_ t: CoreType) throws(WasmError) {
        try checkMax(cur.typeCount, ValidationLimits.maxTypes, "types")
        switch t {
        case .rec(let g):
            let space = cur.coreTypes
            let ids = try arena.core.internRecGroup(g, start: space.count, features: features) { (i) throws(WasmError) in
                try ValidationRun.subType(space, i)
            }
            for id in ids { cur.coreTypes.append(.sub(id)) }
        case .module(let decls):
            arena.core.modules.append(try createModuleType(decls))
            cur.coreTypes.append(.module(arena.core.modules.count - 1))
        }
    }

    static func subType(_ space: [ComponentCoreType], _ i: UInt32) throws(WasmError) -> Int {
        guard Int(i) < space.count else { throw invalid(.indexOutOfBounds, "unknown type \(i): type index out of bounds") }
        guard case .sub(let id) = space[Int(i)] else {
            throw invalid(.sortMismatch, "type index \(i) is a module type, not a sub type")
        }
        return id
    }

    func createModuleType(_ decls: [ModuleTypeDeclaration]) throws(WasmError) -> ModuleTy {
        var local: [Int] = []
        var ty = ModuleTy()
        func typeAt(_ i: UInt32) throws(WasmError) -> Int {
            guard Int(i) < local.count else { throw invalid(.indexOutOfBounds, "unknown type \(i): type index out of bounds") }
            return local[Int(i)]
        }
        for (n, decl) in decls.enumerated() {
            try withFrame(.item("module type declaration", n)) { () throws(WasmError) in
                switch decl {
                case .type(let g):
                    local.append(contentsOf: try arena.core.internRecGroup(g, start: local.count, features: features, earlier: typeAt))
                case .outerAlias(let count, let index):
                    if count == 0 {
                        local.append(try typeAt(index))
                    } else {
                        let scope = try outerScope(count - 1)
                        guard Int(index) < scope.coreTypes.count else {
                            throw invalid(.indexOutOfBounds, "unknown type \(index): type index out of bounds")
                        }
                        guard case .sub(let id) = scope.coreTypes[Int(index)] else {
                            throw invalid(.invalidAlias,
                                          "not implemented: aliasing core module types into a core module's types index space")
                        }
                        local.append(id)
                    }
                case .import(let imp):
                    let e = try arena.core.entity(imp.type, features: features, typeAt: typeAt)
                    if !ty.imports.insertNew(CoreImportKey(module: imp.module, name: imp.name), e) {
                        throw invalid(.nameConflict, "module has a duplicate import name `\(imp.module):\(imp.name)` "
                                      + "that is not allowed in components")
                    }
                case .export(let name, let t):
                    let e = try arena.core.entity(t, features: features, typeAt: typeAt)
                    if !ty.exports.insertNew(name, e) {
                        throw invalid(.nameConflict, "duplicate export name `\(name)` already defined")
                    }
                }
            }
        }
        return ty
    }

    /// The scope `count` levels out from the current one (0 = the current scope).
    func outerScope(_ count: UInt32) throws(WasmError) -> ScopeState {
        guard Int(count) < scopes.count else { throw invalid(.invalidAlias, "invalid outer alias count of \(count)") }
        return scopes[scopes.count - 1 - Int(count)]
    }

    // MARK: Component types

    func addType(_ t: ComponentType, depth: Int) throws(WasmError) {
        try checkMax(cur.typeCount, ValidationLimits.maxTypes, "types")
        let id: TypeRef
        switch t {
        case .defined(let d):
            id = arena.push(try createDefinedType(d))
        case .func(let f):
            id = arena.push(try createFuncType(f))
        case .component(let decls):
            id = arena.push(try createComponentType(decls, depth: depth))
        case .instance(let decls):
            id = arena.push(try createInstanceType(decls, depth: depth))
        case .resource(let rep, let dtor):
            guard cur.kind == .component else {
                throw invalid(.resourceMisuse, "resources can only be defined within a concrete component")
            }
            let crep: CVal
            switch rep {
            case .i32: crep = .i32
            case .i64:
                try require(.cm64, in: features, "resources with `i64` representations")
                crep = .i64
            default: throw invalid(.resourceMisuse, "resources can only be represented by `i32` or `i64`")
            }
            if let dtor {
                let f = try coreFuncAt(dtor)
                guard let sig = arena.core.funcType(f), sig.params == [crep], sig.results.isEmpty else {
                    throw invalid(.abiMismatch, "core function \(dtor) has wrong signature for a destructor: expected "
                                  + "\(arena.core.renderFunc([crep], [])), found \(arena.core.render(type: f))")
                }
            }
            id = arena.newResource()
            cur.definedResources.set(id.resource, crep)
        }
        cur.types.append(id)
    }

    func createValType(_ v: ComponentValType) throws(WasmError) -> VT {
        switch v {
        case .primitive(let p):
            try checkPrimitive(p)
            return .primitive(p)
        case .index(let i):
            return .type(try definedTypeAt(i))
        }
    }

    func checkPrimitive(_ p: PrimitiveValType) throws(WasmError) {
        if p == .errorContext { try require(.cmErrorContext, in: features, "`error-context`") }
    }

    private func label(_ s: String, _ what: String) throws(WasmError) {
        if s.isEmpty { throw invalid(.invalidName, "\(what) name cannot be empty") }
        if !ExternName.isKebabCase(s) { throw invalid(.invalidName, "\(what) name `\(s)` is not in kebab case") }
    }

    /// Checks kebab-case labels and their strong uniqueness.
    private func labels(_ names: [String], _ what: String, _ previous: String) throws(WasmError) {
        var seen: [String: String] = [:]
        seen.reserveCapacity(names.count)
        for n in names {
            try label(n, what)
            if let prev = seen.updateValue(n, forKey: n.lowercased()) {
                throw invalid(.nameConflict, "\(what) name `\(n)` conflicts with previous \(previous) name `\(prev)`")
            }
        }
    }

    func createDefinedType(_ d: DefinedType) throws(WasmError) -> DefinedTy {
        var info = TypeInfo()
        func member(_ v: ComponentValType) throws(WasmError) -> VT {
            let t = try createValType(v)
            try info.combine(arena.info(t))
            return t
        }
        let type: DefType
        switch d {
        case .primitive(let p):
            try checkPrimitive(p)
            type = .primitive(p)
        case .record(let fields):
            if fields.isEmpty { throw invalid(.invalidDefinedType, "record type must have at least one field") }
            try labels(fields.map(\.name), "record field", "field")
            var fs: [Field] = []
            for f in fields { fs.append(Field(name: f.name, type: try member(f.type))) }
            type = .record(fs)
        case .variant(let cases):
            if cases.isEmpty { throw invalid(.invalidDefinedType, "variant type must have at least one case") }
            try labels(cases.map(\.name), "variant case", "case")
            var cs: [Case] = []
            for c in cases {
                var t: VT?
                if let v = c.type { t = try member(v) }
                cs.append(Case(name: c.name, type: t))
            }
            type = .variant(cs)
        case .list(let v):
            type = .list(try member(v))
        case .fixedList(let v, let n):
            try require(.cmFixedLengthLists, in: features, "fixed-length lists")
            if n < 1 { throw invalid(.invalidDefinedType, "fixed-length lists must have more than zero elements") }
            if n > 1 << 30 {
                throw invalid(.limitExceeded, "fixed-length list element count exceeds limit of \(1 << 30)")
            }
            type = .fixedList(try member(v), n)
        case .map(let k, let v):
            try require(.cmMap, in: features, "maps")
            let key = try member(k)
            switch arena.primitive(key) {
            case .bool?, .s8?, .u8?, .s16?, .u16?, .s32?, .u32?, .s64?, .u64?, .char?, .string?: break
            default:
                throw invalid(.invalidDefinedType,
                              "map key type must be a boolean, integer, char or string type, found \(arena.describe(key))")
            }
            type = .map(key, try member(v))
        case .tuple(let ts):
            if ts.isEmpty { throw invalid(.invalidDefinedType, "tuple type must have at least one type") }
            var out: [VT] = []
            for t in ts { out.append(try member(t)) }
            type = .tuple(out)
        case .flags(let names):
            if names.isEmpty { throw invalid(.invalidDefinedType, "flags must have at least one entry") }
            if names.count > 32 { throw invalid(.invalidDefinedType, "cannot have more than 32 flags") }
            try labels(names, "flag", "flag")
            type = .flags(names)
        case .enum(let names):
            if names.isEmpty { throw invalid(.invalidDefinedType, "enum type must have at least one variant") }
            try labels(names, "enum tag", "tag")
            type = .enum(names)
        case .option(let v):
            type = .option(try member(v))
        case .result(let ok, let err):
            var o: VT?, e: VT?
            if let ok { o = try member(ok) }
            if let err { e = try member(err) }
            type = .result(ok: o, error: e)
        case .own(let i):
            type = .own(try resourceAt(i))
        case .borrow(let i):
            type = .borrow(try resourceAt(i))
            info = .borrow
        case .future(let v), .stream(let v):
            let isStream: Bool
            if case .stream = d { isStream = true } else { isStream = false }
            try require(.cmAsync, in: features, isStream ? "`stream`" : "`future`")
            var payload: VT?
            if let v { payload = try member(v) }
            if let p = payload {
                if isStream && arena.primitive(p) == .char {
                    throw invalid(.invalidDefinedType, "`stream<char>` is not valid at this time, use `stream<u8>` "
                                  + "with a defined by encoding instead for now")
                }
                if arena.info(p).containsBorrow {
                    throw invalid(.invalidDefinedType, "\(isStream ? "stream" : "future") payload cannot contain a `borrow` type")
                }
            }
            type = isStream ? .stream(payload) : .future(payload)
        }
        if info.depth > ValidationLimits.maxTypeDepth { throw invalid(.limitExceeded, "type nesting is too deep") }
        var ty = DefinedTy(type: type, info: info)
        arena.computeLayout(&ty)
        if ty.elemSize >= ValidationLimits.maxElemSize {
            throw invalid(.invalidDefinedType, "the Canonical ABI element size of this type (\(ty.elemSize) bytes) "
                          + "exceeds maximum byte size of 2^28 - 1")
        }
        return ty
    }

    func createFuncType(_ f: ComponentFuncType) throws(WasmError) -> FuncTy {
        if f.isAsync { try require(.cmAsync, in: features, "async component functions") }
        var info = TypeInfo()
        try labels(f.params.map(\.name), "function parameter", "parameter")
        var params: [Field] = []
        params.reserveCapacity(f.params.count)
        for p in f.params {
            let t = try withFrame(.quoted("param", p.name)) { () throws(WasmError) in try createValType(p.type) }
            try info.combine(arena.info(t))
            params.append(Field(name: p.name, type: t))
        }
        var result: VT?
        if let r = f.result {
            let t = try withFrame(.text("result")) { () throws(WasmError) in try createValType(r) }
            if arena.info(t).containsBorrow { throw invalid(.invalidDefinedType, "function result cannot contain a `borrow` type") }
            try info.combine(arena.info(t))
            result = t
        }
        return FuncTy(isAsync: f.isAsync, params: params, result: result, info: info)
    }

    func createComponentType(_ decls: [TypeDeclaration], depth: Int) throws(WasmError) -> ComponentTy {
        scopes.append(ScopeState(kind: .componentType))
        defer { scopes.removeLast() }
        for d in decls { try addDeclaration(d, depth: depth) }
        return try finish()
    }

    func createInstanceType(_ decls: [TypeDeclaration], depth: Int) throws(WasmError) -> InstanceTy {
        scopes.append(ScopeState(kind: .instanceType))
        defer { scopes.removeLast() }
        for d in decls { try addDeclaration(d, depth: depth) }
        let s = cur
        return InstanceTy(exports: s.exports, definedResources: s.definedResources.keys,
                          explicitResources: s.explicitResources, info: s.info)
    }

    private func addDeclaration(_ d: TypeDeclaration, depth: Int) throws(WasmError) {
        switch d {
        case .coreType(let t):
            try withFrame(.item("core type", cur.coreTypes.count)) { () throws(WasmError) in try addCoreType(t) }
        case .type(let t):
            try withFrame(.item("type", cur.types.count)) { () throws(WasmError) in try addType(t, depth: depth + 1) }
        case .alias(let a):
            try withFrame(.text("alias")) { () throws(WasmError) in try addAlias(a) }
        case .import(let i):
            try withFrame(.quoted("import", i.name.name)) { () throws(WasmError) in try addImport(i) }
        case .export(let name, let desc):
            try withFrame(.quoted("export", name.name)) { () throws(WasmError) in
                try addExport(name, try entity(for: desc))
            }
        }
    }

    /// The entity an `externtype` describes (imports, export declarations, ascriptions).
    func entity(for desc: ExternDesc) throws(WasmError) -> Entity {
        switch desc {
        case .module(let i):
            guard Int(i) < cur.coreTypes.count else {
                throw invalid(.indexOutOfBounds, "unknown type \(i): type index out of bounds")
            }
            guard case .module(let m) = cur.coreTypes[Int(i)] else {
                throw invalid(.sortMismatch, "core type index \(i) is not a module type")
            }
            return .module(m)
        case .func(let i):
            let t = try typeAt(i)
            guard t.kind == .func else { throw invalid(.sortMismatch, "type index \(i) is not a function type") }
            return .func(t)
        case .value(let v):
            try checkValueSupport()
            return .value(try createValType(v))
        case .type(.eq(let i)):
            let t = try typeAt(i)
            return .type(referenced: t, created: arena.withUnique(t))
        case .type(.subResource):
            let r = arena.newResource()
            return .type(referenced: r, created: r)
        case .instance(let i):
            let t = try typeAt(i)
            guard t.kind == .instance else { throw invalid(.sortMismatch, "type index \(i) is not an instance type") }
            return .instance(t)
        case .component(let i):
            let t = try typeAt(i)
            guard t.kind == .component else { throw invalid(.sortMismatch, "type index \(i) is not a component type") }
            return .component(t)
        }
    }

    func checkValueSupport() throws(WasmError) {
        try require(.cmValues, in: features, "component model `value`s")
    }
}
