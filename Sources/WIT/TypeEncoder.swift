import WasmComponent

/// WIT → component types, following wit-component's encoding so the result matches what
/// `wasm-tools component wit --wasm` writes: interfaces become instance types, worlds component
/// types, types used from another interface are aliased from that interface's instance, named
/// types are exported with `(eq …)` bounds and resources with `(sub resource)`.
struct TypeEncoder {
    let r: Resolve

    /// One index space being filled: the outer component type or an instance type inside it.
    struct Space {
        var decls: [TypeDeclaration] = []
        var typeCount: UInt32 = 0
        var instanceCount: UInt32 = 0
    }

    /// Types already encoded in the current space.
    struct Maps {
        var byID: [TypeID: UInt32] = [:]
        var byDef: [TypeDefKind: UInt32] = [:]
        var funcs: [FuncKey: UInt32] = [:]
    }

    struct FuncKey: Hashable {
        var isAsync: Bool
        var params: [String]
        var types: [WITType]
        var result: WITType?
    }

    var outer = Space()
    var inner: Space?
    var maps = Maps()
    var savedMaps: Maps?
    /// Interface → its instance index in the outer space.
    var importMap: [InterfaceID: UInt32] = [:]
    /// Types aliased out of imported instances into the outer space.
    var outerTypeMap: [TypeID: UInt32] = [:]
    /// Types being defined become imports (world-level types) rather than exports.
    var importTypes = false
    /// The interface whose instance is being encoded (its own types are defined, others imported).
    var interface: InterfaceID?

    init(_ r: Resolve) { self.r = r }

    // MARK: Spaces

    mutating func add(_ d: TypeDeclaration, types: UInt32 = 0, instances: UInt32 = 0) {
        if inner != nil {
            inner?.decls.append(d)
            inner?.typeCount += types
        } else {
            outer.decls.append(d)
            outer.typeCount += types
            outer.instanceCount += instances
        }
    }

    var typeCount: UInt32 { inner?.typeCount ?? outer.typeCount }

    mutating func define(_ t: ComponentType) -> UInt32 {
        let index = typeCount
        add(.type(t), types: 1)
        return index
    }

    mutating func pushInstance() {
        savedMaps = maps
        maps = Maps()
        inner = Space()
    }

    mutating func popInstance() -> [TypeDeclaration] {
        maps = savedMaps ?? Maps()
        savedMaps = nil
        let decls = inner?.decls ?? []
        inner = nil
        return decls
    }

    static func name(_ n: String, externalID: String? = nil, implements: String? = nil) -> ExternName {
        var attrs: [NameAttribute] = []
        if let implements { attrs.append(.implements(implements)) }
        if let externalID { attrs.append(.externalId(externalID)) }
        return ExternName(n, attributes: attrs)
    }

    // MARK: Interfaces

    /// Encodes `iface` as an instance type in the outer space; returns its type index.
    mutating func encodeInstance(_ iface: InterfaceID) -> UInt32 {
        pushInstance()
        let i = r.interfaces[iface.index]
        var typeOrder: [TypeID: Int] = [:]
        for tid in i.types.values {
            _ = encodeValtype(.id(tid))
            if typeOrder[tid] == nil { typeOrder[tid] = typeOrder.count }
        }
        // Resource functions first, in the order of their resources; freestanding ones last.
        let funcs = i.functions.values.enumerated().sorted { a, b in
            let ka = a.element.kind.resource.flatMap { typeOrder[$0] } ?? typeOrder.count
            let kb = b.element.kind.resource.flatMap { typeOrder[$0] } ?? typeOrder.count
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
        for f in funcs {
            let t = encodeFuncType(f)
            add(.export(name: Self.name(f.name, externalID: f.externalID), type: .func(t)))
        }
        let decls = popInstance()
        let index = outer.typeCount
        add(.type(.instance(decls)), types: 1)
        importMap[iface] = outer.instanceCount
        return index
    }

    // MARK: Functions and values

    mutating func encodeFuncType(_ f: Function) -> UInt32 {
        let key = FuncKey(isAsync: f.kind.isAsync, params: f.params.map(\.name), types: f.params.map(\.type), result: f.result)
        if let i = maps.funcs[key] { return i }
        let params = f.params.map { LabeledType($0.name, encodeValtype($0.type)) }
        let result = f.result.map { encodeValtype($0) }
        let index = define(.func(ComponentFuncType(isAsync: f.kind.isAsync, params: params, result: result)))
        maps.funcs[key] = index
        return index
    }

    static func primitive(_ t: WITType) -> PrimitiveValType? {
        switch t {
        case .bool: return .bool
        case .u8: return .u8
        case .u16: return .u16
        case .u32: return .u32
        case .u64: return .u64
        case .s8: return .s8
        case .s16: return .s16
        case .s32: return .s32
        case .s64: return .s64
        case .f32: return .f32
        case .f64: return .f64
        case .char: return .char
        case .string: return .string
        case .errorContext: return .errorContext
        case .id: return nil
        }
    }

    func lookup(_ id: TypeID) -> UInt32? {
        if let i = maps.byID[id] { return i }
        let t = r.types[id.index]
        if t.name == nil, let i = maps.byDef[t.kind] { return i }
        return nil
    }

    mutating func remember(_ id: TypeID, _ index: UInt32) {
        maps.byID[id] = index
        let t = r.types[id.index]
        if t.name == nil { maps.byDef[t.kind] = index }
    }

    /// The value type for `t`, defining (or importing) whatever it needs first.
    mutating func encodeValtype(_ t: WITType) -> ComponentValType {
        if let p = Self.primitive(t) { return .primitive(p) }
        guard case .id(let id) = t else { return .primitive(.bool) }
        if let i = lookup(id) { return .index(i) }
        let def = r.types[id.index]
        if let i = maybeImportType(id) {
            remember(id, i)
            return .index(i)
        }
        var encoded: ComponentValType
        switch def.kind {
        case .record(let fields):
            let fs = fields.map { LabeledType($0.name, encodeValtype($0.type)) }
            encoded = .index(define(.defined(.record(fs))))
        case .tuple(let ts):
            let es = ts.map { encodeValtype($0) }
            encoded = .index(define(.defined(.tuple(es))))
        case .flags(let fs):
            encoded = .index(define(.defined(.flags(fs.map(\.name)))))
        case .variant(let cases):
            let cs = cases.map { c in WasmComponent.VariantCase(c.name, c.type.map { encodeValtype($0) }) }
            encoded = .index(define(.defined(.variant(cs))))
        case .option(let e):
            let v = encodeValtype(e)
            encoded = .index(define(.defined(.option(v))))
        case .result(let ok, let err):
            let o = ok.map { encodeValtype($0) }
            let e = err.map { encodeValtype($0) }
            encoded = .index(define(.defined(.result(ok: o, error: e))))
        case .enum(let cs):
            encoded = .index(define(.defined(.enum(cs.map(\.name)))))
        case .list(let e):
            let v = encodeValtype(e)
            encoded = .index(define(.defined(.list(v))))
        case .map(let k, let v):
            let kv = encodeValtype(k)
            let vv = encodeValtype(v)
            encoded = .index(define(.defined(.map(kv, vv))))
        case .fixedList(let e, let n):
            let v = encodeValtype(e)
            encoded = .index(define(.defined(.fixedList(v, n))))
        case .type(let inner):
            encoded = encodeValtype(inner)
        case .future(let e):
            let v = e.map { encodeValtype($0) }
            encoded = .index(define(.defined(.future(v))))
        case .stream(let e):
            let v = e.map { encodeValtype($0) }
            encoded = .index(define(.defined(.stream(v))))
        case .resource:
            let index = exportResource(Self.name(def.name ?? "", externalID: def.externalID))
            maps.byID[id] = index
            return .index(index)
        case .handle(let h):
            guard case .index(let res) = encodeValtype(.id(h.resource)) else { return .primitive(.bool) }
            switch h {
            case .own: encoded = .index(define(.defined(.own(res))))
            case .borrow: encoded = .index(define(.defined(.borrow(res))))
            }
        case .unknown:
            return .primitive(.bool)
        }
        if let name = def.name {
            let index: UInt32
            switch encoded {
            case .index(let i): index = i
            case .primitive(let p): index = define(.defined(.primitive(p)))
            }
            encoded = .index(exportType(index, Self.name(name, externalID: def.externalID)))
        }
        if case .index(let i) = encoded { remember(id, i) }
        return encoded
    }

    /// A type owned by another interface is aliased from that interface's instance.
    mutating func maybeImportType(_ id: TypeID) -> UInt32? {
        guard case .interface(let owner) = r.types[id.index].owner, owner != interface else { return nil }
        return importType(owner, id)
    }

    mutating func importType(_ owner: InterfaceID, _ id: TypeID) -> UInt32 {
        let outerIndex: UInt32
        if let i = outerTypeMap[id] {
            outerIndex = i
        } else {
            outerIndex = outer.typeCount
            outer.decls.append(.alias(.instanceExport(kind: .type, instance: importMap[owner] ?? 0,
                                                      name: r.types[id.index].name ?? "")))
            outer.typeCount += 1
            outerTypeMap[id] = outerIndex
        }
        guard inner != nil else { return outerIndex }
        let index = typeCount
        add(.alias(.outer(kind: .type, count: 1, index: outerIndex)), types: 1)
        return index
    }

    mutating func exportType(_ index: UInt32, _ name: ExternName) -> UInt32 {
        let ret = typeCount
        if inner == nil && importTypes {
            add(.import(ComponentImport(name: name, type: .type(.eq(index)))), types: 1)
        } else {
            add(.export(name: name, type: .type(.eq(index))), types: 1)
        }
        return ret
    }

    mutating func exportResource(_ name: ExternName) -> UInt32 {
        let ret = typeCount
        if inner == nil && importTypes {
            add(.import(ComponentImport(name: name, type: .type(.subResource))), types: 1)
        } else {
            add(.export(name: name, type: .type(.subResource)), types: 1)
        }
        return ret
    }
}
