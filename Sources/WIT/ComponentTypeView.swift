import WasmComponent

/// A validated component's types as WIT decoding reads them: one node per type *name*, so an
/// `(eq …)` import or export, or an exported type, is its own node pointing at what it names
/// (`alias`), every resource is one node, and instances made by `instantiate` carry the types the
/// validator worked out for them (arguments substituted). Built from `ValidatedComponent`; the
/// component's index spaces are not walked a second time.
struct ComponentTypeView {
    enum Val: Hashable {
        case primitive(PrimitiveValType)
        case node(Int)
    }

    enum Node {
        case record([(String, Val)])
        case variant([(String, Val?)])
        case list(Val)
        case fixedList(Val, UInt32)
        case tuple([Val])
        case flags([String])
        case `enum`([String])
        case option(Val)
        case result(Val?, Val?)
        case own(Int)
        case borrow(Int)
        case future(Val?)
        case stream(Val?)
        case map(Val, Val)
        case primitive(PrimitiveValType)
        /// A name for another type (an `(eq …)` bound, an exported type, an alias of it).
        case alias(Int)
        case resource
        case function(isAsync: Bool, params: [(String, Val)], result: Val?)
        case instance([Export])
        case component(imports: [Export], exports: [Export])
    }

    struct Export {
        var name: ExternName
        var entity: Entity
    }

    enum Entity {
        case type(Int)
        case function(Int)
        case instance([Export])
        case component(Int)
        /// Modules and values (not part of WIT).
        case other
    }

    private(set) var nodes: [Node] = []
    /// The root component's imports and exports, in order.
    private(set) var imports: [Export] = []
    private(set) var exports: [Export] = []
    /// The root's imports and exports in section order (`true` for imports).
    private(set) var externs: [(isImport: Bool, export: Export)] = []

    private let arena: TypeArena
    /// The node of each type (for a name an import or export created: the `alias` node).
    private var memo: [TypeRef: Int] = [:]

    init(_ v: ValidatedComponent) {
        arena = v.arena
        let root = v.rootType
        for e in v.externs {
            guard let item = e.isImport ? root.imports[e.name] : root.exports[e.name] else { continue }
            let x = Export(name: item.externName(e.name), entity: entity(item.entity))
            externs.append((e.isImport, x))
            if e.isImport { imports.append(x) } else { exports.append(x) }
        }
    }

    /// Follows `alias` nodes to the node that defines a type.
    func peel(_ n: Int) -> Int {
        var cur = n
        var steps = 0
        while cur < nodes.count, case .alias(let next) = nodes[cur], steps <= nodes.count {
            cur = next
            steps += 1
        }
        return cur
    }

    // MARK: Building

    private mutating func add(_ n: Node) -> Int {
        nodes.append(n)
        return nodes.count - 1
    }

    private mutating func entity(_ e: WasmComponent.Entity) -> Entity {
        switch e {
        case .type(let referenced, let created):
            // The name an import or export creates stands for what it refers to (the validator
            // may have re-made `created` structurally when it substituted instantiation arguments).
            if created == referenced { return .type(node(created)) }
            if let n = memo[created] { return .type(n) }
            let target = node(referenced)
            let n = add(.alias(target))
            memo[created] = n
            return .type(n)
        case .func(let t): return .function(node(t))
        case .instance(let t): return .instance(items(arena[instance: t].exports))
        case .component(let t): return .component(node(t))
        case .module, .value: return .other
        }
    }

    private mutating func items(_ m: OrderedMapView) -> [Export] {
        var out: [Export] = []
        out.reserveCapacity(m.keys.count)
        for (name, item) in zip(m.keys, m.values) {
            out.append(Export(name: item.externName(name), entity: entity(item.entity)))
        }
        return out
    }

    private typealias OrderedMapView = WasmComponent.OrderedMap<String, Item>

    private mutating func val(_ v: VT) -> Val {
        switch v {
        case .primitive(let p): .primitive(p)
        case .type(let t): .node(node(t))
        }
    }

    /// The node of a type (the validator bounds types' nesting, so the recursion is bounded).
    private mutating func node(_ t: TypeRef) -> Int {
        if let n = memo[t] { return n }
        let n: Int
        if t.alias != 0 {
            // A name met before the item that created it: it names the unaliased type.
            var target = t
            target.alias = 0
            n = add(.alias(node(target)))
        } else {
            switch t.kind {
            case .resource: n = add(.resource)
            case .defined: n = add(defined(arena[defined: t].type))
            case .func:
                let f = arena[func: t]
                let params = f.params.map { ($0.name, val($0.type)) }
                n = add(.function(isAsync: f.isAsync, params: params, result: f.result.map { val($0) }))
            case .instance: n = add(.instance(items(arena[instance: t].exports)))
            case .component:
                let c = arena[component: t]
                let imports = items(c.imports)
                n = add(.component(imports: imports, exports: items(c.exports)))
            }
        }
        memo[t] = n
        return n
    }

    private mutating func defined(_ d: DefType) -> Node {
        switch d {
        case .primitive(let p): .primitive(p)
        case .record(let fs): .record(fs.map { ($0.name, val($0.type)) })
        case .variant(let cs): .variant(cs.map { ($0.name, $0.type.map { val($0) }) })
        case .list(let e): .list(val(e))
        case .fixedList(let e, let n): .fixedList(val(e), n)
        case .map(let k, let v): .map(val(k), val(v))
        case .tuple(let ts): .tuple(ts.map { val($0) })
        case .flags(let fs): .flags(fs)
        case .enum(let cs): .enum(cs)
        case .option(let e): .option(val(e))
        case .result(let o, let e): .result(o.map { val($0) }, e.map { val($0) })
        case .own(let r): .own(node(r))
        case .borrow(let r): .borrow(node(r))
        case .future(let e): .future(e.map { val($0) })
        case .stream(let e): .stream(e.map { val($0) })
        }
    }
}
