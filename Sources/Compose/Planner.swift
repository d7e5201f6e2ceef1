import WasmBinary
import WasmComponent

/// Options of a composition.
public struct ComposeOptions: Sendable {
    /// Match imports to semver-compatible exports, and unify semver-compatible remaining imports.
    public var semver: Bool = true
    /// Explicit wires (`--wire`).
    public var wires: [WireRequest] = []
    /// Validate the inputs and the composed shell before producing output.
    public var validate: Bool = true

    public init(semver: Bool = true, wires: [WireRequest] = [], validate: Bool = true) {
        self.semver = semver
        self.wires = wires
        self.validate = validate
    }
}

/// Computes the ``CompositionPlan`` from the inputs' imports and exports (names and kinds only; the
/// types are checked when the composed component is built).
struct Planner {
    let inputs: [DecodedInput]
    let options: ComposeOptions

    /// Binding of each input's imports (by import number), for inputs that take part.
    enum Binding: Equatable {
        case wire(Int)
        case imported(Int)
        /// A type import satisfied by its bound (type index `bound` of the importer); `wire` is the
        /// plan's (derived) wire for it.
        case derived(wire: Int, bound: UInt32)
        /// An instance import satisfied by the whole instance of the wire's provider (a composition
        /// document's `new c { dep: instance }`).
        case instance(wire: Int)
        /// Export `name` of the result's import `group` (a composition document's `...import`).
        case importExport(group: Int, name: String)
    }

    func plan() throws(WasmError) -> (CompositionPlan, [[Binding]]) {
        var wires: [CompositionPlan.Wire] = []
        var wireOf: [[Int?]] = inputs.map { [Int?](repeating: nil, count: $0.imports.count) }
        var included: [Bool] = inputs.map { _ in false }
        var visitOrder: [Int] = [0]
        included[0] = true
        var usedRequests = Set<Int>()
        var k = 0
        while k < visitOrder.count {
            let s = visitOrder[k]
            k += 1
            for (j, imp) in inputs[s].imports.enumerated() {
                guard let w = try resolve(imp, of: s, usedRequests: &usedRequests) else { continue }
                wireOf[s][j] = wires.count
                wires.append(w)
                if !included[w.provider] {
                    included[w.provider] = true
                    visitOrder.append(w.provider)
                }
            }
        }
        // Type imports bound to a type of a satisfied import go with it.
        var derivedBounds: [Int: UInt32] = [:]
        for s in visitOrder {
            for (j, imp) in inputs[s].imports.enumerated() where wireOf[s][j] == nil {
                guard case .type(.eq(let bound)) = imp.type,
                      let (w, member) = derivation(s, bound, wireOf, wires, depth: 0) else { continue }
                wireOf[s][j] = wires.count
                derivedBounds[wires.count] = bound
                wires.append(.init(importer: s, importName: imp.name.name, kind: .type, provider: wires[w].provider,
                                   exportName: wires[w].exportName, match: .derived, member: member))
            }
        }
        for (r, request) in options.wires.enumerated() where !usedRequests.contains(r) {
            throw .compose(.composeNoMatch, "--wire \(request.text): no component in the composition imports "
                           + "`\(request.importName)`\(importHint(request.importName, included))")
        }
        let order = try instantiationOrder(wires, included)
        let (imports, importOf) = try mergeRemaining(visitOrder, wireOf)
        var bindings: [[Binding]] = []
        for s in inputs.indices {
            bindings.append(inputs[s].imports.indices.map { j in
                if let w = wireOf[s][j], let bound = derivedBounds[w] { return .derived(wire: w, bound: bound) }
                if let w = wireOf[s][j] { return .wire(w) }
                return .imported(importOf[s][j] ?? 0)
            })
        }
        var warnings: [String] = []
        for p in inputs.indices.dropFirst() where !included[p] {
            let what = inputs[p].exports.isEmpty ? "it exports nothing"
                : "nothing imports its exports (\(inputs[p].exports.prefix(4).map { "`\($0.name.name)`" }.joined(separator: ", "))"
                    + (inputs[p].exports.count > 4 ? ", …" : "") + ")"
            warnings.append("provider \(inputs[p].label) satisfies no import and is left out: \(what)")
        }
        let plan = CompositionPlan(
            inputs: inputs.enumerated().map { CompositionPlan.Input(label: $0.element.label, used: included[$0.offset]) },
            order: order, wires: wires, imports: imports,
            exports: inputs[0].exports.map { CompositionPlan.Export(name: $0.name.name, kind: $0.kind) },
            warnings: warnings)
        return (plan, bindings)
    }

    // MARK: Derived types

    /// The wire that type `index` of input `s` comes through (a type export of a satisfied instance
    /// import, or a type built from one), with the type's name when it is a direct type export.
    func derivation(_ s: Int, _ index: UInt32, _ wireOf: [[Int?]], _ wires: [CompositionPlan.Wire],
                    depth: Int) -> (Int, String?)? {
        guard depth < 100 else { return nil }
        let types = inputs[s].types
        var i = index
        for _ in 0..<types.count {
            guard Int(i) < types.count else { return nil }
            switch types[Int(i)] {
            case .same(let j):
                i = j
                continue
            case .aliasExport(let instance, let name):
                return instanceWire(s, instance, wireOf, depth: depth + 1).map { ($0, name) }
            case .imported(let k):
                // A type import: derived itself when its bound is.
                guard k < inputs[s].imports.count, case .type(.eq(let b)) = inputs[s].imports[k].type else { return nil }
                if let w = wireOf[s][k], wires[w].kind == .type { return (w, nil) }
                return derivation(s, b, wireOf, wires, depth: depth + 1).map { ($0.0, nil) }
            case .defined(let t):
                for r in Self.typeReferences(t) {
                    if let found = derivation(s, r, wireOf, wires, depth: depth + 1) { return (found.0, nil) }
                }
                return nil
            case .local:
                return nil
            }
        }
        return nil
    }

    /// The wire satisfying the instance import that instance `index` of input `s` comes from.
    func instanceWire(_ s: Int, _ index: UInt32, _ wireOf: [[Int?]], depth: Int) -> Int? {
        let instances = inputs[s].instances
        var i = index
        for _ in 0...instances.count {
            guard Int(i) < instances.count, depth < 100 else { return nil }
            switch instances[Int(i)] {
            case .same(let j): i = j
            case .aliasExport(let inner, _): i = inner
            case .imported(let k): return k < wireOf[s].count ? wireOf[s][k] : nil
            case .defined, .local: return nil
            }
        }
        return nil
    }

    /// The type indices a type definition refers to at its own level (not inside instance or
    /// component type bodies, which have their own index spaces).
    static func typeReferences(_ t: ComponentType) -> [UInt32] {
        var out: [UInt32] = []
        func v(_ x: ComponentValType?) { if case .index(let i)? = x { out.append(i) } }
        switch t {
        case .defined(let d):
            switch d {
            case .primitive, .flags, .enum: break
            case .record(let fs): fs.forEach { v($0.type) }
            case .variant(let cs): cs.forEach { v($0.type) }
            case .list(let x), .fixedList(let x, _), .option(let x): v(x)
            case .tuple(let xs): xs.forEach { v($0) }
            case .result(let ok, let err): v(ok); v(err)
            case .own(let i), .borrow(let i): out.append(i)
            case .stream(let x), .future(let x): v(x)
            case .map(let k, let x): v(k); v(x)
            }
        case .func(let f):
            f.params.forEach { v($0.type) }
            v(f.result)
        case .resource, .instance, .component:
            break
        }
        return out
    }

    // MARK: Matching

    /// The wire satisfying import `imp` of input `s`, or nil when nothing does.
    func resolve(_ imp: ComponentImport, of s: Int, usedRequests: inout Set<Int>) throws(WasmError) -> CompositionPlan.Wire? {
        let name = imp.name.name
        let kind = imp.type.kind
        let requests = options.wires.indices.filter { options.wires[$0].applies(to: name) && options.wires[$0].provider != s }
        if let r = requests.first {
            // The same wire given twice is one wire; two different ones for one import are an error.
            usedRequests.formUnion(requests)
            let request = options.wires[r]
            if let other = requests.dropFirst().map({ options.wires[$0] }).first(where: {
                $0.provider != request.provider || $0.exportName != request.exportName
            }) {
                throw .compose(.composeAmbiguous, "import `\(name)` of \(inputs[s].label) is wired twice: "
                               + "--wire \(request.text) and --wire \(other.text)")
            }
            let p = request.provider
            guard p > 0, p < inputs.count else {
                throw .compose(.composeNoMatch, "--wire \(request.text): there is no provider \(p)")
            }
            if let e = request.exportName {
                guard inputs[p].exports.contains(where: { $0.name.name == e }) else {
                    throw .compose(.composeNoMatch, "--wire \(request.text): \(inputs[p].label) has no export named "
                                   + "`\(e)`\(exportHint(p))")
                }
                return .init(importer: s, importName: name, kind: kind, provider: p, exportName: e, match: .explicit)
            }
            if inputs[p].exports.contains(where: { $0.name.name == name }) {
                return .init(importer: s, importName: name, kind: kind, provider: p, exportName: name, match: .explicit)
            }
            if options.semver, let best = compatibleExports(of: p, for: name, kind: nil).max(by: { $0.1 < $1.1 }) {
                return .init(importer: s, importName: name, kind: kind, provider: p, exportName: best.0, match: .explicit)
            }
            throw .compose(.composeNoMatch, "--wire \(request.text): \(inputs[p].label) exports nothing named `\(name)`"
                           + (options.semver ? " or a semver-compatible version of it" : "")
                           + " (name the export: IMPORT=PROVIDER:EXPORT)\(exportHint(p))")
        }
        let exact = inputs.indices.dropFirst().filter { p in
            p != s && inputs[p].exports.contains { $0.name.name == name && $0.kind == kind }
        }
        if exact.count > 1 { throw ambiguous(name, s, exact.map { ($0, name) }) }
        if let p = exact.first {
            return .init(importer: s, importName: name, kind: kind, provider: p, exportName: name, match: .exact)
        }
        guard options.semver, InterfaceName(name).version != nil else { return nil }
        var best: [(Int, String, Version)] = []
        for p in inputs.indices.dropFirst() where p != s {
            for (e, v) in compatibleExports(of: p, for: name, kind: kind) {
                if let top = best.first?.2, v < top { continue }
                if let top = best.first?.2, top < v { best.removeAll() }
                best.append((p, e, v))
            }
        }
        if best.count > 1 { throw ambiguous(name, s, best.map { ($0.0, $0.1) }) }
        guard let (p, e, _) = best.first else { return nil }
        return .init(importer: s, importName: name, kind: kind, provider: p, exportName: e, match: .semver)
    }

    /// Exports of provider `p` whose names are semver-compatible with `name` (other versions).
    func compatibleExports(of p: Int, for name: String, kind: ComponentExternalKind?) -> [(String, Version)] {
        let wanted = InterfaceName(name)
        var out: [(String, Version)] = []
        for e in inputs[p].exports where kind == nil || e.kind == kind {
            let offered = InterfaceName(e.name.name)
            if offered.name != name, let v = offered.version, wanted.isCompatible(with: offered) { out.append((e.name.name, v)) }
        }
        return out
    }

    func ambiguous(_ name: String, _ s: Int, _ offers: [(Int, String)]) -> WasmError {
        let list = offers.map { "\(inputs[$0.0].label) (provider \($0.0)) exports `\($0.1)`" }.joined(separator: "; ")
        let p = offers.first?.0 ?? 1
        return .compose(.composeAmbiguous, "import `\(name)` of \(inputs[s].label) can be satisfied by several "
                        + "providers: \(list); choose one with --wire \(name)=\(p)")
    }

    func exportHint(_ p: Int) -> String {
        let names = inputs[p].exports.map { "`\($0.name.name)`" }
        if names.isEmpty { return "; it exports nothing" }
        return "; its exports: " + names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", …" : "")
    }

    func importHint(_ name: String, _ included: [Bool]) -> String {
        var names: [String] = []
        for s in inputs.indices where included[s] {
            for i in inputs[s].imports where !names.contains(i.name.name) { names.append(i.name.name) }
        }
        if names.isEmpty { return " (nothing is imported)" }
        let base = InterfaceName(name).base
        let close = names.filter { InterfaceName($0).base == base || $0.contains(base) }
        let shown = close.isEmpty ? names : close
        return " (imports: " + shown.prefix(8).map { "`\($0)`" }.joined(separator: ", ") + (shown.count > 8 ? ", …" : "") + ")"
    }

    // MARK: Order

    /// Providers before their importers (depth-first from the consumer); a cycle is an error naming it.
    func instantiationOrder(_ wires: [CompositionPlan.Wire], _ included: [Bool]) throws(WasmError) -> [Int] {
        var edges: [[(Int, String)]] = inputs.map { _ in [] }
        for w in wires where !edges[w.importer].contains(where: { $0.0 == w.provider }) {
            edges[w.importer].append((w.provider, w.importName))
        }
        enum Mark { case none, active, done }
        var marks = [Mark](repeating: .none, count: inputs.count)
        var order: [Int] = []
        // Iterative depth-first search: (node, next edge) frames, plus the import that led to each node.
        var stack: [(node: Int, edge: Int, via: String)] = [(0, 0, "")]
        marks[0] = .active
        while let top = stack.last {
            let (n, e) = (top.node, top.edge)
            if e < edges[n].count {
                stack[stack.count - 1].edge += 1
                let (m, via) = edges[n][e]
                switch marks[m] {
                case .none:
                    marks[m] = .active
                    stack.append((m, 0, via))
                case .active:
                    let start = stack.firstIndex { $0.node == m } ?? 0
                    var steps: [String] = []
                    for k in start..<stack.count {
                        let next = k + 1 < stack.count ? stack[k + 1].via : via
                        steps.append("\(inputs[stack[k].node].label) imports `\(next)` from")
                    }
                    throw .compose(.composeCycle, "the providers depend on each other in a cycle: "
                                   + steps.joined(separator: " ") + " \(inputs[m].label)")
                case .done:
                    break
                }
            } else {
                marks[n] = .done
                order.append(n)
                stack.removeLast()
            }
        }
        _ = included
        return order
    }

    // MARK: Remaining imports

    /// Groups the imports nothing satisfies by name (semver-compatible names together unless
    /// semver matching is off); each group becomes one import of the result, named after its
    /// highest version.
    func mergeRemaining(_ visitOrder: [Int], _ wireOf: [[Int?]]) throws(WasmError)
        -> ([CompositionPlan.Import], [[Int?]])
    {
        var groups: [CompositionPlan.Import] = []
        var groupOfKey: [String: Int] = [:]
        var importOf: [[Int?]] = inputs.map { [Int?](repeating: nil, count: $0.imports.count) }
        var chosenVersion: [Version?] = []
        for s in visitOrder {
            for (j, imp) in inputs[s].imports.enumerated() where wireOf[s][j] == nil {
                let name = InterfaceName(imp.name.name)
                let key = options.semver ? name.compatibilityKey : name.name
                let importer = CompositionPlan.Import.Importer(input: s, name: name.name)
                if let g = groupOfKey[key] {
                    if groups[g].kind != imp.type.kind {
                        let first = groups[g].importers[0]
                        throw .compose(.composeImportConflict, "`\(name.name)` is imported as \(article(imp.type.kind)) by "
                                       + "\(inputs[s].label) but as \(article(groups[g].kind)) `\(first.name)` by "
                                       + "\(inputs[first.input].label); the result cannot import both")
                    }
                    groups[g].importers.append(importer)
                    if let v = name.version, let c = chosenVersion[g], c < v {
                        chosenVersion[g] = v
                        groups[g].name = name.name
                    }
                    importOf[s][j] = g
                } else {
                    groupOfKey[key] = groups.count
                    importOf[s][j] = groups.count
                    groups.append(.init(name: name.name, kind: imp.type.kind, importers: [importer]))
                    chosenVersion.append(name.version)
                }
            }
        }
        return (groups, importOf)
    }

    func article(_ k: ComponentExternalKind) -> String {
        k == .instance ? "an instance" : "a \(k)"
    }
}
