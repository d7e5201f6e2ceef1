import WasmBinary
import WasmComponent
import WasmCore

// Index spaces and name resolution for the component text format, as wasm-tools' `wast` resolves them:
// a stack of scopes (components, component and instance types, core module types); an `$id` found in an
// outer scope gets an `alias outer` in the current one; `(func $i "name")` gets an `alias export`.

/// The 13 index spaces.
enum TSpace: Int, CaseIterable {
    case coreFunc, coreTable, coreMemory, coreGlobal, coreTag, coreType, coreModule, coreInstance
    case `func`, value, type, component, instance

    init(_ sort: Sort) {
        switch sort {
        case .core(let s):
            switch s {
            case .func: self = .coreFunc
            case .table: self = .coreTable
            case .memory: self = .coreMemory
            case .global: self = .coreGlobal
            case .tag: self = .coreTag
            case .type: self = .coreType
            case .module: self = .coreModule
            case .instance: self = .coreInstance
            }
        case .func: self = .func
        case .value: self = .value
        case .type: self = .type
        case .component: self = .component
        case .instance: self = .instance
        }
    }

    init(_ kind: ComponentExternalKind) { self.init(kind.sort) }

    var sort: Sort {
        switch self {
        case .coreFunc: .core(.func)
        case .coreTable: .core(.table)
        case .coreMemory: .core(.memory)
        case .coreGlobal: .core(.global)
        case .coreTag: .core(.tag)
        case .coreType: .core(.type)
        case .coreModule: .core(.module)
        case .coreInstance: .core(.instance)
        case .func: .func
        case .value: .value
        case .type: .type
        case .component: .component
        case .instance: .instance
        }
    }

    /// The order of the `component-name` subsections wasm-tools writes.
    static let nameOrder: [TSpace] = [.coreFunc, .coreTable, .coreMemory, .coreGlobal, .coreTag, .coreType,
                                      .coreModule, .coreInstance, .func, .value, .type, .component, .instance]
}

/// One item of a component, before sections are grouped.
enum TItem {
    case section(ComponentSection)
    case coreInstance(CoreInstance)
    case coreType(CoreType)
    case instance(ComponentInstance)
    case alias(Alias)
    case type(ComponentType)
    case canon(Canon)
    case `import`(ComponentImport)
    case export(ComponentExport)
}

final class TScope {
    enum Kind { case component, componentType, instanceType, moduleType }
    let kind: Kind
    let id: String?
    var ids: [[TRef: UInt32]] = Array(repeating: [:], count: TSpace.allCases.count)
    var counts: [UInt32] = Array(repeating: 0, count: TSpace.allCases.count)
    var names: [[ComponentNameSection.NameAssoc]] = Array(repeating: [], count: TSpace.allCases.count)
    var items: [TItem] = []
    var decls: [TypeDeclaration] = []
    var moduleDecls: [ModuleTypeDeclaration] = []

    init(_ kind: Kind, id: String?) {
        self.kind = kind
        self.id = id
    }

    func lookup(_ space: TSpace, _ r: TRef) -> UInt32? { ids[space.rawValue][r] }

    /// Adds a definition to `space`: its index; its `$id` (or gensym) for references; its name for the
    /// `component-name` section.
    func register(_ space: TSpace, _ name: TDefName) throws(TextError) -> UInt32 {
        let i = counts[space.rawValue]
        if let key = name.key {
            guard ids[space.rawValue][key] == nil else {
                throw TextError("duplicate \(space.sort) identifier $\(name.id ?? "")", at: name.at)
            }
            ids[space.rawValue][key] = i
        }
        if let n = name.name { names[space.rawValue].append(.init(i, n)) }
        guard i < UInt32.max else { throw TextError("too many definitions", at: name.at) }
        counts[space.rawValue] = i + 1
        return i
    }
}

struct ComponentLowering {
    var c: Cursor
    /// The bytes of the modules parsed in parallel (`TCoreModuleKind.deferred`).
    var modules: [[UInt8]] = []
    var stack: [TScope] = []
    var gensym = 0

    init(cursor: Cursor) { c = cursor }

    var current: TScope {
        // The stack is never empty while lowering (every entry point pushes a scope first).
        stack[stack.count - 1]
    }

    mutating func fresh() -> Int {
        gensym += 1
        return gensym
    }

    /// Emits an alias into the current scope and gives it its index.
    mutating func emitAlias(_ a: Alias, _ name: TDefName) throws(TextError) -> UInt32 {
        let s = current
        switch s.kind {
        case .component: s.items.append(.alias(a))
        case .componentType, .instanceType: s.decls.append(.alias(a))
        case .moduleType:
            guard case .outer(.coreType, let count, let index) = a else {
                throw TextError("only outer core type aliases are allowed in a module type", at: name.at)
            }
            s.moduleDecls.append(.outerAlias(count: count, index: index))
        }
        return try s.register(TSpace(a.sort), name)
    }

    /// `idx` in `space`: a number as it is; an `$id` of this scope; an `$id` of an enclosing scope through a new
    /// `alias outer` (core modules, core types, types and components only).
    mutating func resolve(_ idx: TIndex, _ space: TSpace) throws(TextError) -> UInt32 {
        if case .num(let n) = idx.ref { return n }
        for (depth, scope) in stack.reversed().enumerated() {
            guard let found = scope.lookup(space, idx.ref) else { continue }
            if depth == 0 { return found }
            let kind: OuterAliasKind
            switch space {
            case .coreModule: kind = .coreModule
            case .coreType: kind = .coreType
            case .type: kind = .type
            case .component: kind = .component
            default:
                throw TextError("outer item `\(display(idx.ref))` is not a module, type, or component", at: idx.at)
            }
            // wasm-tools 1.262 gives the alias no name: each use of an outer `$id` adds its own alias.
            return try emitAlias(.outer(kind: kind, count: UInt32(depth), index: found), .none(at: idx.at))
        }
        throw TextError("unknown \(space.sort) \(display(idx.ref))", at: idx.at)
    }

    func display(_ r: TRef) -> String {
        switch r {
        case .num(let n): "\(n)"
        case .id(let s): "$" + s
        case .gen: "(generated)"
        }
    }

    /// An item reference: `idx`, or `idx "a" "b"` (an export of an export of instance `idx`, each through an
    /// `alias export`).
    mutating func itemRef(_ r: TItemRef, _ space: TSpace) throws(TextError) -> UInt32 {
        if r.names.isEmpty { return try resolve(r.index, space) }
        var index = try resolve(r.index, .instance)
        for (pos, n) in r.names.enumerated() {
            let last = pos == r.names.count - 1
            let kind: ComponentExternalKind
            if last {
                switch space {
                case .coreModule: kind = .module
                case .func: kind = .func
                case .value: kind = .value
                case .type: kind = .type
                case .component: kind = .component
                case .instance: kind = .instance
                default: throw TextError("this item cannot be an instance export", at: r.index.at)
                }
            } else {
                kind = .instance
            }
            index = try emitAlias(.instanceExport(kind: kind, instance: index, name: n), .none(at: r.index.at))
        }
        return index
    }

    /// A core item reference: `idx`, or `idx "name"` (an export of core instance `idx`, through an
    /// `alias core export`).
    mutating func coreRef(_ r: TCoreRef, _ space: TSpace) throws(TextError) -> UInt32 {
        guard let n = r.exportName else { return try resolve(r.index, space) }
        let sort: CoreSort
        switch space {
        case .coreFunc: sort = .func
        case .coreTable: sort = .table
        case .coreMemory: sort = .memory
        case .coreGlobal: sort = .global
        case .coreTag: sort = .tag
        default:
            throw TextError("core instances cannot export this kind of item, so an export name cannot be used to "
                            + "resolve this reference", at: r.index.at)
        }
        let inst = try resolve(r.index, .coreInstance)
        return try emitAlias(.coreInstanceExport(sort: sort, instance: inst, name: n), .none(at: r.index.at))
    }

    /// `(alias outer o i (kind))`: `o` a count or the `$id` of an enclosing component or type; `i` resolved there.
    mutating func outerAlias(_ outer: TIndex, _ index: TIndex, _ kind: OuterAliasKind) throws(TextError) -> (UInt32, UInt32) {
        if case .num(let o) = outer.ref, case .num(let i) = index.ref { return (o, i) }
        var depth: Int
        switch outer.ref {
        case .num(let n): depth = Int(n)
        case .id(let s):
            guard let d = stack.lastIndex(where: { $0.id == s }) else {
                throw TextError("outer component `\(s)` not found", at: outer.at)
            }
            depth = stack.count - 1 - d
        case .gen: depth = 0
        }
        guard depth < stack.count else { throw TextError("outer count of `\(depth)` is too large", at: outer.at) }
        let scope = stack[stack.count - 1 - depth]
        let i: UInt32
        if case .num(let n) = index.ref { i = n } else {
            guard let found = scope.lookup(TSpace(kind.sort), index.ref) else {
                throw TextError("unknown \(kind.sort) \(display(index.ref))", at: index.at)
            }
            i = found
        }
        return (UInt32(depth), i)
    }

    // MARK: value types

    mutating func valType(_ t: TValType) throws(TextError) -> ComponentValType {
        switch t {
        case .primitive(let p): return .primitive(p)
        case .ref(let i): return .index(try resolve(i, .type))
        case .inline(.primitive(let p)): return .primitive(p)
        case .inline: throw TextError("internal error: an inline type was not expanded", at: 0)
        }
    }

    mutating func optionalValType(_ t: TValType?) throws(TextError) -> ComponentValType? {
        guard let t else { return nil }
        return try valType(t)
    }

    mutating func definedType(_ d: TDefinedType) throws(TextError) -> DefinedType {
        switch d {
        case .primitive(let p): return .primitive(p)
        case .record(let fields):
            var out: [LabeledType] = []
            for f in fields { out.append(LabeledType(f.name, try valType(f.type))) }
            return .record(out)
        case .variant(let cases):
            var out: [VariantCase] = []
            for k in cases { out.append(VariantCase(k.name, try optionalValType(k.type))) }
            return .variant(out)
        case .list(let t): return .list(try valType(t))
        case .fixedList(let t, let n): return .fixedList(try valType(t), n)
        case .tuple(let ts):
            var out: [ComponentValType] = []
            for t in ts { out.append(try valType(t)) }
            return .tuple(out)
        case .flags(let ns): return .flags(ns)
        case .enum(let ns): return .enum(ns)
        case .option(let t): return .option(try valType(t))
        case .result(let ok, let err): return .result(ok: try optionalValType(ok), error: try optionalValType(err))
        case .own(let i): return .own(try resolve(i, .type))
        case .borrow(let i): return .borrow(try resolve(i, .type))
        case .stream(let t): return .stream(try optionalValType(t))
        case .future(let t): return .future(try optionalValType(t))
        case .map(let k, let v): return .map(try valType(k), try valType(v))
        }
    }

    mutating func funcType(_ f: TFuncType) throws(TextError) -> ComponentFuncType {
        var params: [LabeledType] = []
        for p in f.params { params.append(LabeledType(p.name, try valType(p.type))) }
        return ComponentFuncType(isAsync: f.isAsync, params: params, result: try optionalValType(f.result))
    }

    // MARK: expansion (inline types become definitions before the item that uses them)

    /// Hoists an inline defined type of `t` (its own inline types first) into `out`, leaving a reference.
    mutating func expand(_ t: inout TValType, _ out: inout [TTypeField]) {
        guard case .inline(var d) = t else { return }
        if case .primitive(let p) = d { t = .primitive(p); return }
        expand(&d, &out)
        let g = fresh()
        out.append(TTypeField(name: TDefName(id: nil, name: nil, at: 0, gen: g), def: .defined(d)))
        t = .ref(TIndex(ref: .gen(g), at: 0))
    }

    mutating func expand(_ t: inout TValType?, _ out: inout [TTypeField]) {
        guard var v = t else { return }
        expand(&v, &out)
        t = v
    }

    mutating func expand(_ d: inout TDefinedType, _ out: inout [TTypeField]) {
        switch d {
        case .primitive, .flags, .enum, .own, .borrow: break
        case .record(var fields):
            for i in fields.indices { expand(&fields[i].type, &out) }
            d = .record(fields)
        case .variant(var cases):
            for i in cases.indices { expand(&cases[i].type, &out) }
            d = .variant(cases)
        case .list(var t): expand(&t, &out); d = .list(t)
        case .fixedList(var t, let n): expand(&t, &out); d = .fixedList(t, n)
        case .tuple(var ts):
            for i in ts.indices { expand(&ts[i], &out) }
            d = .tuple(ts)
        case .option(var t): expand(&t, &out); d = .option(t)
        case .result(var ok, var err):
            expand(&ok, &out)
            expand(&err, &out)
            d = .result(ok, err)
        case .stream(var t): expand(&t, &out); d = .stream(t)
        case .future(var t): expand(&t, &out); d = .future(t)
        case .map(var k, var v):
            expand(&k, &out)
            expand(&v, &out)
            d = .map(k, v)
        }
    }

    mutating func expand(_ f: inout TFuncType, _ out: inout [TTypeField]) {
        for i in f.params.indices { expand(&f.params[i].type, &out) }
        expand(&f.result, &out)
    }

    /// A type use: an inline definition becomes a type definition (appended to `out`) and a reference to it.
    mutating func expandUse<T>(_ u: inout TTypeUse<T>, _ out: inout [TTypeField],
                               _ make: (inout ComponentLowering, inout T, inout [TTypeField]) -> TTypeDef) {
        guard case .inline(var t) = u else { return }
        let def = make(&self, &t, &out)
        let g = fresh()
        out.append(TTypeField(name: TDefName(id: nil, name: nil, at: 0, gen: g), def: def))
        u = .ref(TItemRef(index: TIndex(ref: .gen(g), at: 0)))
    }

    mutating func expandFuncUse(_ u: inout TTypeUse<TFuncType>, _ out: inout [TTypeField]) {
        expandUse(&u, &out) { (l: inout ComponentLowering, f: inout TFuncType, out: inout [TTypeField]) in
            l.expand(&f, &out)
            return .func(f)
        }
    }

    mutating func expandDeclsUse(_ u: inout TTypeUse<[TDecl]>, component: Bool, _ out: inout [TTypeField]) {
        expandUse(&u, &out) { (_: inout ComponentLowering, d: inout [TDecl], _: inout [TTypeField]) in
            component ? .component(d) : .instance(d)
        }
    }

    /// The inline types of an item signature (a core module type use is hoisted into `cores`).
    mutating func expand(_ sig: inout TItemSig, _ out: inout [TTypeField], _ cores: inout [TCoreTypeField]) {
        switch sig.kind {
        case .module(let u):
            if case .inline(let pos) = u {
                let g = fresh()
                cores.append(TCoreTypeField(name: TDefName(id: nil, name: nil, at: 0, gen: g), def: .module(pos: pos)))
                sig.kind = .module(.ref(TCoreRef(index: TIndex(ref: .gen(g), at: 0))))
            }
        case .func(var u): expandFuncUse(&u, &out); sig.kind = .func(u)
        case .component(var u): expandDeclsUse(&u, component: true, &out); sig.kind = .component(u)
        case .instance(var u): expandDeclsUse(&u, component: false, &out); sig.kind = .instance(u)
        case .value(var t): expand(&t, &out); sig.kind = .value(t)
        case .type: break
        }
    }

    mutating func expand(_ def: inout TTypeDef, _ out: inout [TTypeField]) {
        switch def {
        case .defined(var d): expand(&d, &out); def = .defined(d)
        case .func(var f): expand(&f, &out); def = .func(f)
        case .component, .instance, .resource: break
        }
    }

    /// Gives `name` a gensym when it has no `$id` (something the expansion adds refers to it).
    mutating func filled(_ name: TDefName) -> TDefName {
        var n = name
        if n.id == nil, n.gen == nil { n.gen = fresh() }
        return n
    }

    func ref(to name: TDefName) -> TItemRef {
        TItemRef(index: TIndex(ref: name.key ?? .gen(0), at: name.at))
    }
}
