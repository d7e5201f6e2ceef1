import WasmComponent

/// The types of a component's imports and exports as a graph, with the identities WIT decoding
/// needs: every `(eq …)` import/export is its own node pointing at what it aliases, every
/// `(sub resource)` a fresh resource, and instances made by `instantiate` get their component's
/// exports with the instantiation's type arguments substituted.
struct ComponentGraph {
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
        /// A name for another type (an `(eq …)` bound, an alias of an instance's type export).
        case alias(Int)
        case resource
        case function(isAsync: Bool, params: [(String, Val)], result: Val?)
        case instance([Export])
        case component(imports: [Export], exports: [Export])
        case unknown
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
        case other
    }

    var nodes: [Node] = []
    /// The root component's imports and exports, in order.
    var imports: [Export] = []
    var exports: [Export] = []
    /// The root's imports and exports in section order (`true` for imports).
    var externs: [(isImport: Bool, export: Export)] = []
    static let maxDepth = 100

    mutating func add(_ n: Node) -> Int {
        nodes.append(n)
        return nodes.count - 1
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

    /// One index space (component, component type or instance type).
    struct Scope {
        var types: [Int] = []
        var funcs: [Int] = []
        var instances: [[Export]] = []
        var components: [Int] = []
        var imports: [Export] = []
        var exports: [Export] = []
        var externs: [(isImport: Bool, export: Export)] = []
    }

    init(_ component: Component) {
        var stack: [Scope] = []
        let root = walk(component.sections, &stack, depth: 0)
        imports = root.imports
        exports = root.exports
        externs = root.externs
    }

    // MARK: Walking

    mutating func type(_ i: UInt32, _ stack: [Scope]) -> Int {
        guard let s = stack.last, Int(i) < s.types.count else { return add(.unknown) }
        return s.types[Int(i)]
    }

    mutating func val(_ v: ComponentValType, _ stack: [Scope]) -> Val {
        switch v {
        case .primitive(let p): return .primitive(p)
        case .index(let i): return .node(type(i, stack))
        }
    }

    /// Walks the sections of a component (definition), returning its scope.
    mutating func walk(_ sections: [ComponentSection], _ stack: inout [Scope], depth: Int) -> Scope {
        stack.append(Scope())
        for section in sections {
            switch section {
            case .types(let ts):
                for t in ts { let n = define(t, &stack, depth: depth); stack[stack.count - 1].types.append(n) }
            case .imports(let items):
                for i in items { importItem(i.name, i.type, &stack) }
            case .aliases(let items):
                for a in items { alias(a, &stack) }
            case .canons(let items):
                for c in items {
                    if case .lift(_, _, let t) = c { stack[stack.count - 1].funcs.append(type(t, stack)) }
                }
            case .instances(let items):
                for i in items { stack[stack.count - 1].instances.append(instance(i, stack)) }
            case .component(let nested):
                if depth < Self.maxDepth {
                    var inner = stack
                    let s = walk(nested.sections, &inner, depth: depth + 1)
                    let n = add(.component(imports: s.imports, exports: s.exports))
                    stack[stack.count - 1].components.append(n)
                } else {
                    stack[stack.count - 1].components.append(add(.unknown))
                }
            case .exports(let items):
                for e in items { exportItem(e, &stack) }
            default:
                break
            }
        }
        return stack.removeLast()
    }

    mutating func define(_ t: ComponentType, _ stack: inout [Scope], depth: Int) -> Int {
        switch t {
        case .defined(let d): return add(defined(d, stack))
        case .func(let f):
            return add(.function(isAsync: f.isAsync, params: f.params.map { ($0.name, val($0.type, stack)) },
                                 result: f.result.map { val($0, stack) }))
        case .resource: return add(.resource)
        case .instance(let decls), .component(let decls):
            guard depth < Self.maxDepth else { return add(.unknown) }
            stack.append(Scope())
            for d in decls { declaration(d, &stack, depth: depth + 1) }
            let s = stack.removeLast()
            if case .instance = t { return add(.instance(s.exports)) }
            return add(.component(imports: s.imports, exports: s.exports))
        }
    }

    mutating func defined(_ d: DefinedType, _ stack: [Scope]) -> Node {
        switch d {
        case .primitive(let p): return .primitive(p)
        case .record(let fs): return .record(fs.map { ($0.name, val($0.type, stack)) })
        case .variant(let cs): return .variant(cs.map { ($0.name, $0.type.map { val($0, stack) }) })
        case .list(let e): return .list(val(e, stack))
        case .fixedList(let e, let n): return .fixedList(val(e, stack), n)
        case .tuple(let ts): return .tuple(ts.map { val($0, stack) })
        case .flags(let fs): return .flags(fs)
        case .enum(let cs): return .enum(cs)
        case .option(let e): return .option(val(e, stack))
        case .result(let o, let e): return .result(o.map { val($0, stack) }, e.map { val($0, stack) })
        case .own(let i): return .own(type(i, stack))
        case .borrow(let i): return .borrow(type(i, stack))
        case .stream(let e): return .stream(e.map { val($0, stack) })
        case .future(let e): return .future(e.map { val($0, stack) })
        case .map(let k, let v): return .map(val(k, stack), val(v, stack))
        }
    }

    mutating func declaration(_ d: TypeDeclaration, _ stack: inout [Scope], depth: Int) {
        switch d {
        case .type(let t):
            let n = define(t, &stack, depth: depth)
            stack[stack.count - 1].types.append(n)
        case .alias(let a): alias(a, &stack)
        case .import(let i): importItem(i.name, i.type, &stack)
        case .export(let name, let desc):
            let e = entity(desc, stack)
            if case .type(let n) = e { stack[stack.count - 1].types.append(n) }
            if case .function(let n) = e { stack[stack.count - 1].funcs.append(n) }
            if case .instance(let xs) = e { stack[stack.count - 1].instances.append(xs) }
            stack[stack.count - 1].exports.append(Export(name: name, entity: e))
        case .coreType: break
        }
    }

    /// What an import/export of type `desc` provides (a fresh node for type bounds).
    mutating func entity(_ desc: ExternDesc, _ stack: [Scope]) -> Entity {
        switch desc {
        case .type(.eq(let i)): return .type(add(.alias(type(i, stack))))
        case .type(.subResource): return .type(add(.resource))
        case .func(let i): return .function(type(i, stack))
        case .instance(let i):
            let n = type(i, stack)
            if case .instance(let xs) = nodes[n] { return .instance(xs) }
            return .instance([])
        case .component(let i): return .component(type(i, stack))
        case .module, .value: return .other
        }
    }

    mutating func importItem(_ name: ExternName, _ desc: ExternDesc, _ stack: inout [Scope]) {
        let e = entity(desc, stack)
        record(e, &stack)
        stack[stack.count - 1].imports.append(Export(name: name, entity: e))
        stack[stack.count - 1].externs.append((true, Export(name: name, entity: e)))
    }

    mutating func record(_ e: Entity, _ stack: inout [Scope]) {
        switch e {
        case .type(let n): stack[stack.count - 1].types.append(n)
        case .function(let n): stack[stack.count - 1].funcs.append(n)
        case .instance(let xs): stack[stack.count - 1].instances.append(xs)
        case .component(let n): stack[stack.count - 1].components.append(n)
        case .other: break
        }
    }

    mutating func alias(_ a: Alias, _ stack: inout [Scope]) {
        switch a {
        case .instanceExport(let kind, let inst, let name):
            // No copy of the scope may be alive while `record` appends to it (that would copy its arrays).
            let found = stack.last.flatMap { s in
                Int(inst) < s.instances.count ? s.instances[Int(inst)].last(where: { $0.name.name == name }) : nil
            }
            guard let e = found else {
                record(kind == .type ? .type(add(.unknown)) : .other, &stack)
                return
            }
            record(e.entity, &stack)
        case .outer(let kind, let count, let index):
            let target = stack.count - 1 - Int(count)
            guard target >= 0 else { return }
            switch kind {
            case .type:
                let t = Int(index) < stack[target].types.count ? stack[target].types[Int(index)] : add(.unknown)
                stack[stack.count - 1].types.append(t)
            case .component:
                let c = Int(index) < stack[target].components.count ? stack[target].components[Int(index)] : add(.unknown)
                stack[stack.count - 1].components.append(c)
            default: break
            }
        case .coreInstanceExport: break
        }
    }

    mutating func exportItem(_ e: ComponentExport, _ stack: inout [Scope]) {
        guard !stack.isEmpty else { return }
        let entity = exportedEntity(e, stack)
        record(entity, &stack)
        stack[stack.count - 1].exports.append(Export(name: e.name, entity: entity))
        stack[stack.count - 1].externs.append((false, Export(name: e.name, entity: entity)))
    }

    /// What export `e` of the innermost scope provides. (A function of its own, so no copy of the
    /// scope is alive while `exportItem` appends to it: appending would copy its arrays each time.)
    mutating func exportedEntity(_ e: ComponentExport, _ stack: [Scope]) -> Entity {
        guard let s = stack.last else { return .other }
        let i = Int(e.index)
        var entity: Entity = .other
        switch e.kind {
        case .type:
            if i < s.types.count {
                // An exported type is a new name for the type.
                entity = .type(add(.alias(s.types[i])))
            }
        case .func: if i < s.funcs.count { entity = .function(s.funcs[i]) }
        case .instance: if i < s.instances.count { entity = .instance(s.instances[i]) }
        case .component: if i < s.components.count { entity = .component(s.components[i]) }
        default: break
        }
        // An ascribed type is what importers see.
        if let ascribed = e.type {
            switch (ascribed, entity) {
            case (.func, _), (.instance, _): entity = self.entity(ascribed, stack)
            case (.type(.eq), .type):
                if case .type(.eq(let t)) = ascribed { entity = .type(add(.alias(type(t, stack)))) }
            default: break
            }
        }
        return entity
    }
}

// MARK: Instances

extension ComponentGraph {
    mutating func entityOf(_ kind: ComponentExternalKind, _ index: UInt32, _ s: Scope) -> Entity {
        let i = Int(index)
        switch kind {
        case .type: return i < s.types.count ? .type(s.types[i]) : .other
        case .func: return i < s.funcs.count ? .function(s.funcs[i]) : .other
        case .instance: return i < s.instances.count ? .instance(s.instances[i]) : .other
        case .component: return i < s.components.count ? .component(s.components[i]) : .other
        default: return .other
        }
    }

    mutating func instance(_ i: ComponentInstance, _ stack: [Scope]) -> [Export] {
        guard let s = stack.last else { return [] }
        switch i {
        case .fromExports(let items):
            return items.map { Export(name: $0.name, entity: entityOf($0.kind, $0.index, s)) }
        case .instantiate(let c, let args):
            guard Int(c) < s.components.count, case .component(let imports, let exports) = nodes[s.components[Int(c)]] else {
                return []
            }
            var map: [Int: Int] = [:]
            for imp in imports {
                guard let arg = args.first(where: { $0.name == imp.name.name }) else { continue }
                bind(imp.entity, entityOf(arg.kind, arg.index, s), &map)
            }
            var memo: [Int: Int] = [:]
            return exports.map { e in
                var x = e
                x.entity = substitute(e.entity, map, &memo, fresh: true)
                return x
            }
        }
    }

    /// Records that the types of an import are the argument's types.
    func bind(_ param: Entity, _ arg: Entity, _ map: inout [Int: Int]) {
        switch (param, arg) {
        case (.type(let p), .type(let a)):
            map[p] = a
        case (.instance(let ps), .instance(let xs)):
            for p in ps {
                if let x = xs.last(where: { $0.name.name == p.name.name }) { bind(p.entity, x.entity, &map) }
            }
        default:
            break
        }
    }

    mutating func substitute(_ e: Entity, _ map: [Int: Int], _ memo: inout [Int: Int], fresh: Bool) -> Entity {
        switch e {
        case .type(let n):
            // The export's own node, with the arguments substituted (wasmparser's remapping), so
            // other exported types that mention it keep pointing at the same node.
            return .type(substitute(n, map, &memo, depth: 0))
        case .function(let n): return .function(substitute(n, map, &memo, depth: 0))
        case .instance(let xs):
            return .instance(xs.map { Export(name: $0.name, entity: substitute($0.entity, map, &memo, fresh: fresh)) })
        case .component, .other: return e
        }
    }

    mutating func substitute(_ n: Int, _ map: [Int: Int], _ memo: inout [Int: Int], depth: Int) -> Int {
        if let m = map[n] { return m }
        if let m = memo[n] { return m }
        guard depth < 1000, n < nodes.count else { return n }
        func sv(_ v: Val, _ g: inout ComponentGraph, _ memo: inout [Int: Int]) -> Val {
            if case .node(let x) = v { return .node(g.substitute(x, map, &memo, depth: depth + 1)) }
            return v
        }
        let node = nodes[n]
        var out: Node
        switch node {
        case .record(let fs): out = .record(fs.map { ($0.0, sv($0.1, &self, &memo)) })
        case .variant(let cs): out = .variant(cs.map { c in (c.0, c.1.map { sv($0, &self, &memo) }) })
        case .list(let v): out = .list(sv(v, &self, &memo))
        case .fixedList(let v, let k): out = .fixedList(sv(v, &self, &memo), k)
        case .tuple(let vs): out = .tuple(vs.map { sv($0, &self, &memo) })
        case .option(let v): out = .option(sv(v, &self, &memo))
        case .result(let o, let e): out = .result(o.map { sv($0, &self, &memo) }, e.map { sv($0, &self, &memo) })
        case .own(let x): out = .own(substitute(x, map, &memo, depth: depth + 1))
        case .borrow(let x): out = .borrow(substitute(x, map, &memo, depth: depth + 1))
        case .future(let v): out = .future(v.map { sv($0, &self, &memo) })
        case .stream(let v): out = .stream(v.map { sv($0, &self, &memo) })
        case .map(let k, let v): out = .map(sv(k, &self, &memo), sv(v, &self, &memo))
        case .alias(let x): out = .alias(substitute(x, map, &memo, depth: depth + 1))
        case .function(let a, let ps, let r):
            out = .function(isAsync: a, params: ps.map { ($0.0, sv($0.1, &self, &memo)) }, result: r.map { sv($0, &self, &memo) })
        case .instance(let xs):
            out = .instance(xs.map { Export(name: $0.name, entity: substitute($0.entity, map, &memo, fresh: false)) })
        case .flags, .enum, .primitive, .resource, .component, .unknown:
            memo[n] = n
            return n
        }
        // Only a changed type is a new type (as in wasmparser's substitution).
        if Self.sameChildren(node, out) {
            memo[n] = n
            return n
        }
        let id = add(out)
        memo[n] = id
        return id
    }

    static func children(_ n: Node) -> [Int] {
        func v(_ x: Val?) -> [Int] { if case .node(let i)? = x { return [i] } else { return [] } }
        switch n {
        case .record(let fs): return fs.flatMap { v($0.1) }
        case .variant(let cs): return cs.flatMap { v($0.1) }
        case .list(let x), .fixedList(let x, _), .option(let x): return v(x)
        case .tuple(let xs): return xs.flatMap { v($0) }
        case .result(let o, let e): return v(o) + v(e)
        case .own(let x), .borrow(let x), .alias(let x): return [x]
        case .future(let x), .stream(let x): return v(x)
        case .map(let k, let x): return v(k) + v(x)
        case .function(_, let ps, let r): return ps.flatMap { v($0.1) } + v(r)
        case .instance(let xs): return xs.flatMap { e -> [Int] in
            switch e.entity {
            case .type(let i), .function(let i): return [i]
            default: return [-1]  // nested instances are compared as changed
            }
        }
        default: return []
        }
    }

    static func sameChildren(_ a: Node, _ b: Node) -> Bool {
        let x = children(a)
        return !x.contains(-1) && x == children(b)
    }
}
