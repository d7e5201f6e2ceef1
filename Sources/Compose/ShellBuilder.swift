import WasmBinary
import WasmComponent
import WasmCore

/// One piece of the result's top level: a section the composer writes, or an input embedded as a
/// nested component from its original bytes.
enum ShellPart {
    case section(ComponentSection)
    case input(Int)
}

/// Builds the top level of the composed component from a plan: the remaining imports (with the type
/// definitions and aliases they depend on, copied from the input that supplies them), every input as
/// a nested component, one instance per input in dependency order, and the plan's exports (the
/// consumer's, after the providers' exports added to keep their types named).
///
/// Items are emitted on demand, so whatever an item refers to is emitted before it: an import whose
/// type uses a resource of an interface a provider supplies comes after that provider's instance, and
/// the resource keeps its identity.
final class ShellBuilder {
    let inputs: [DecodedInput]
    let plan: CompositionPlan
    let bindings: [[Planner.Binding]]

    private(set) var parts: [ShellPart] = []
    /// Result instance index → the input it instantiates (for error messages).
    private(set) var instanceOwners: [UInt32: Int] = [:]
    /// Result import group → result index of the import.
    private(set) var importIndices: [Int: UInt32] = [:]
    /// Result import group → the wires its type depends on (an import whose type uses a provider's
    /// export; valid unless that export is a resource the provider defines).
    private(set) var importWires: [Int: Set<Int>] = [:]
    private var collecting: [Int] = []
    /// For a composition document: input → the input whose component it instantiates (one
    /// embedded copy per component, however many instances), and each instance's name.
    var sharedComponents: [Int]?
    var instanceNames: [String]?
    var declaredImports: [Int: [ComponentType]] = [:]

    private var counts: [ComponentExternalKind: UInt32] = [:]
    private var coreTypeCount: UInt32 = 0
    private var typeMemo: [[UInt32: UInt32]]
    private var instanceMemo: [[UInt32: UInt32]]
    private var coreTypeMemo: [[UInt32: UInt32]]
    private var typeDedup: [ComponentType: UInt32] = [:]
    private var aliasMemo: [AliasKey: UInt32] = [:]
    private var instances: [Int: UInt32] = [:]
    private var componentIndices: [Int: UInt32] = [:]
    /// What is being emitted (outermost first), to explain a dependency cycle.
    private var active: [(key: String, what: String)] = []
    private var depth = 0
    /// Limit of nested dependencies (`step`s) while emitting one item.
    static let maxDependencyDepth = 256

    struct AliasKey: Hashable {
        var instance: UInt32
        var name: String
        var kind: ComponentExternalKind
    }

    init(inputs: [DecodedInput], plan: CompositionPlan, bindings: [[Planner.Binding]]) {
        self.inputs = inputs
        self.plan = plan
        self.bindings = bindings
        typeMemo = inputs.map { _ in [:] }
        instanceMemo = inputs.map { _ in [:] }
        coreTypeMemo = inputs.map { _ in [:] }
    }

    /// Emits everything: the result's imports in plan order, the consumer's instance (and so every
    /// provider it needs), and the consumer's exports.
    func build() throws(WasmError) {
        for g in plan.imports.indices { _ = try outputImport(g) }
        if sharedComponents == nil {
            _ = try instantiate(0)
        } else {
            for s in plan.order where plan.inputs[s].used { _ = try instantiate(s) }
        }
        var exports: [ComponentExport] = []
        // The plan's exports: providers' exports that keep types named, then the consumer's.
        for planned in plan.exports {
            switch planned.origin {
            case .instance?:
                exports.append(ComponentExport(name: ExternName(planned.name), kind: .instance, index: try instantiate(planned.input)))
                continue
            case .imported(let g)?:
                exports.append(ComponentExport(name: ExternName(planned.name), kind: planned.kind, index: try outputImport(g)))
                continue
            case .type(let declared)?:
                exports.append(ComponentExport(name: ExternName(planned.name), kind: .type, index: try emitDeclared(declared)))
                continue
            case .export, nil:
                break
            }
            var source = planned.name
            if case .export(let n)? = planned.origin { source = n }
            guard let e = inputs[planned.input].exports.first(where: { $0.name.name == source }) else {
                throw .compose(.composeInvalidOutput, "internal: \(inputs[planned.input].label) has no export `\(source)`")
            }
            let index = try alias(e.kind, of: try instantiate(planned.input), e.name.name)
            exports.append(ComponentExport(name: planned.origin == nil ? e.name : ExternName(planned.name), kind: e.kind, index: index))
        }
        for e in exports {
            append(.exports([e]))
            _ = next(e.kind)
        }
        parts.append(.section(.custom(CustomSection(name: ComponentNameSection.sectionName,
                                                    data: ByteSlice(copying: names().encode())))))
    }

    /// A `component-name` section naming each embedded component and its instance after its file
    /// (`provider`, `consumer`), so tools that print the result show where each part came from.
    func names() -> ComponentNameSection {
        var used = Set<String>()
        var components: [ComponentNameSection.NameAssoc] = []
        var instanceNames: [ComponentNameSection.NameAssoc] = []
        for (s, index) in componentIndices.sorted(by: { $0.value < $1.value }) {
            var stem = Substring(inputs[s].label.split(separator: "/").last ?? "component")
            for ext in [".wasm", ".wat"] where stem.hasSuffix(ext) { stem = stem.dropLast(ext.count) }
            var name = stem.isEmpty ? "component" : String(stem)
            var k = 2
            while used.contains(name) {
                name = "\(stem)-\(k)"
                k += 1
            }
            used.insert(name)
            components.append(.init(index, name))
            if let i = instances[s], self.instanceNames == nil { instanceNames.append(.init(i, name)) }
        }
        if let names = self.instanceNames {
            for (s, i) in instances where s < names.count { instanceNames.append(.init(i, names[s])) }
        }
        return ComponentNameSection(subsections: [.sort(.component, components),
                                                  .sort(.instance, instanceNames.sorted { $0.index < $1.index })])
    }

    // MARK: Index spaces

    private func next(_ kind: ComponentExternalKind) -> UInt32 {
        let n = counts[kind, default: 0]
        counts[kind] = n + 1
        return n
    }

    /// Appends `section`, merging it into the previous section of the same kind.
    private func append(_ section: ComponentSection) {
        if case .section(let last)? = parts.last {
            var merged: ComponentSection?
            switch (last, section) {
            case (.types(let a), .types(let b)): merged = .types(a + b)
            case (.imports(let a), .imports(let b)): merged = .imports(a + b)
            case (.aliases(let a), .aliases(let b)): merged = .aliases(a + b)
            case (.instances(let a), .instances(let b)): merged = .instances(a + b)
            case (.exports(let a), .exports(let b)): merged = .exports(a + b)
            case (.coreTypes(let a), .coreTypes(let b)): merged = .coreTypes(a + b)
            default: break
            }
            if let merged {
                parts[parts.count - 1] = .section(merged)
                return
            }
        }
        parts.append(.section(section))
    }

    /// Emits an instance type built for a merged import.
    func emitUnion(_ t: ComponentType) -> UInt32 { emitType(t) }

    private func emitType(_ t: ComponentType) -> UInt32 {
        if let i = typeDedup[t] { return i }
        append(.types([t]))
        let i = next(.type)
        typeDedup[t] = i
        return i
    }

    /// `(alias export instance "name" (kind))`, once per instance, name and kind.
    func alias(_ kind: ComponentExternalKind, of instance: UInt32, _ name: String) throws(WasmError) -> UInt32 {
        let key = AliasKey(instance: instance, name: name, kind: kind)
        if let i = aliasMemo[key] { return i }
        append(.aliases([.instanceExport(kind: kind, instance: instance, name: name)]))
        let i = next(kind)
        aliasMemo[key] = i
        return i
    }

    // MARK: Dependencies

    /// Runs `body` for `what`, failing when `what` is already being emitted (a dependency cycle).
    private func step<T>(_ key: String, _ what: String, _ body: () throws(WasmError) -> T) throws(WasmError) -> T {
        if let k = active.firstIndex(where: { $0.key == key }) {
            let chain = (active[k...].map(\.what) + [what]).joined(separator: " needs ")
            throw .compose(.composeCycle, "the composition depends on itself: \(chain)")
        }
        // Each level costs a few stack frames (~16 KiB in debug builds); valid types nest at most
        // 100 deep (the validator's limit), so this only stops hostile inputs, before the stack does.
        guard depth < ShellBuilder.maxDependencyDepth else {
            throw .compose(.composeUnsupported,
                           "type dependencies are nested too deeply (over \(ShellBuilder.maxDependencyDepth) levels)")
        }
        active.append((key, what))
        depth += 1
        defer {
            active.removeLast()
            depth -= 1
        }
        return try body()
    }

    /// The result's instance of input `s` (instantiating it, and what it needs, on first use).
    func instantiate(_ s: Int) throws(WasmError) -> UInt32 {
        if let i = instances[s] { return i }
        return try step("i\(s)", "the instance of \(inputs[s].label)") { () throws(WasmError) -> UInt32 in
            var args: [InstantiateArg] = []
            for (k, imp) in inputs[s].imports.enumerated() {
                args.append(InstantiateArg(name: imp.name.name, kind: imp.type.kind, index: try item(s, k)))
            }
            let c = sharedComponents.map { s < $0.count ? $0[s] : s } ?? s
            let component: UInt32
            if let existing = componentIndices[c] {
                component = existing
            } else {
                parts.append(.input(c))
                component = next(.component)
                componentIndices[c] = component
            }
            append(.instances([.instantiate(component: component, args: args)]))
            let i = next(.instance)
            instances[s] = i
            instanceOwners[i] = s
            return i
        }
    }

    /// The result's item standing for import `k` of input `s`.
    func item(_ s: Int, _ k: Int) throws(WasmError) -> UInt32 {
        guard s < bindings.count, k < bindings[s].count else {
            throw .compose(.composeInvalidOutput, "internal: no binding for import \(k) of \(inputs[s].label)")
        }
        switch bindings[s][k] {
        case .wire(let w):
            for g in collecting { importWires[g, default: []].insert(w) }
            let wire = plan.wires[w]
            let provider = try instantiate(wire.provider)
            return try alias(inputs[s].imports[k].type.kind, of: provider, wire.exportName)
        case .imported(let g):
            return try outputImport(g)
        case .importExport(let g, let name):
            return try alias(inputs[s].imports[k].type.kind, of: try outputImport(g), name)
        case .derived(let w, let bound):
            for g in collecting { importWires[g, default: []].insert(w) }
            return try mapType(s, bound)
        case .instance(let w):
            for g in collecting { importWires[g, default: []].insert(w) }
            return try instantiate(plan.wires[w].provider)
        }
    }

    /// A document's declared type: helper types by position, then the type (its index returned).
    func emitDeclared(_ declared: [ComponentType]) throws(WasmError) -> UInt32 {
        var local: [UInt32] = []
        func remap(_ t: ComponentType) throws(WasmError) -> ComponentType {
            let map: IndexMap = { (i: UInt32) throws(WasmError) -> UInt32 in
                guard Int(i) < local.count else {
                    throw .compose(.composeInvalidOutput, "internal: a declared type refers to type \(i)")
                }
                return local[Int(i)]
            }
            switch t {
            case .func(let f): return .func(try Self.copy(f, map))
            case .defined(let d): return .defined(try Self.copy(d, map))
            default: return t
            }
        }
        for t in declared { local.append(emitType(try remap(t))) }
        guard let last = local.last else { throw .compose(.composeInvalidOutput, "internal: an empty declared type") }
        return last
    }

    /// The result's import `g` (with its type copied from the importer that names it).
    func outputImport(_ g: Int) throws(WasmError) -> UInt32 {
        if let i = importIndices[g] { return i }
        let group = plan.imports[g]
        if let declared = declaredImports[g], !declared.isEmpty {
            let index = try emitDeclared(declared)
            let desc: ExternDesc = group.kind == .func ? .func(index) : .instance(index)
            append(.imports([ComponentImport(name: ExternName(group.name), type: desc)]))
            let i = next(desc.kind)
            importIndices[g] = i
            return i
        }
        return try step("g\(g)", "import `\(group.name)`") { () throws(WasmError) -> UInt32 in
            let importer = group.importers.first { $0.name == group.name } ?? group.importers[0]
            let s = importer.input
            guard let imp = inputs[s].imports.first(where: { $0.name.name == importer.name }) else {
                throw .compose(.composeInvalidOutput, "internal: \(inputs[s].label) has no import `\(importer.name)`")
            }
            collecting.append(g)
            defer { collecting.removeLast() }
            let desc = try withFrame(.text("import `\(imp.name.name)` of \(inputs[s].label)")) { () throws(WasmError) -> ExternDesc in
                if group.kind == .instance, group.importers.count > 1, let union = try unionInstanceType(g) {
                    return .instance(union)
                }
                return try copy(imp.type, from: s)
            }
            // A composition document may name the import itself (`import x as "name": …`).
            let name = imp.name.name == group.name ? imp.name : ExternName(group.name)
            append(.imports([ComponentImport(name: name, type: desc)]))
            let i = next(desc.kind)
            importIndices[g] = i
            return i
        }
    }

    // MARK: Mapping an input's top-level indices

    func mapType(_ s: Int, _ index: UInt32) throws(WasmError) -> UInt32 {
        if let i = typeMemo[s][index] { return i }
        let origins = inputs[s].types
        // Re-exports refer to earlier indices: follow them in a loop, not as nested dependencies.
        var index = index
        while Int(index) < origins.count, case .same(let j) = origins[Int(index)] { index = j }
        if let i = typeMemo[s][index] { return i }
        guard Int(index) < origins.count else { throw unknown("type", index, s) }
        let out = try step("t\(s).\(index)", "type \(index) of \(inputs[s].label)") { () throws(WasmError) -> UInt32 in
            switch origins[Int(index)] {
            case .defined(let t): return emitType(try copy(t, from: s))
            case .aliasExport(let instance, let name): return try alias(.type, of: try mapInstance(s, instance), name)
            case .imported(let k): return try item(s, k)
            case .same(let j): return try mapType(s, j)
            case .local:
                throw .compose(.composeUnsupported, "an import of \(inputs[s].label) uses type \(index), which the "
                               + "component defines inside itself; it cannot be carried into the result")
            }
        }
        typeMemo[s][index] = out
        return out
    }

    func mapInstance(_ s: Int, _ index: UInt32) throws(WasmError) -> UInt32 {
        if let i = instanceMemo[s][index] { return i }
        let origins = inputs[s].instances
        // Re-exports refer to earlier indices: follow them in a loop, not as nested dependencies.
        var index = index
        while Int(index) < origins.count, case .same(let j) = origins[Int(index)] { index = j }
        if let i = instanceMemo[s][index] { return i }
        guard Int(index) < origins.count else { throw unknown("instance", index, s) }
        let out = try step("n\(s).\(index)", "instance \(index) of \(inputs[s].label)") { () throws(WasmError) -> UInt32 in
            switch origins[Int(index)] {
            case .aliasExport(let instance, let name): return try alias(.instance, of: try mapInstance(s, instance), name)
            case .imported(let k): return try item(s, k)
            case .same(let j): return try mapInstance(s, j)
            case .defined, .local:
                throw .compose(.composeUnsupported, "an import of \(inputs[s].label) uses a type exported by "
                               + "instance \(index), which the component creates itself; it cannot be carried into the result")
            }
        }
        instanceMemo[s][index] = out
        return out
    }

    func mapCoreType(_ s: Int, _ index: UInt32) throws(WasmError) -> UInt32 {
        if let i = coreTypeMemo[s][index] { return i }
        let origins = inputs[s].coreTypes
        // Re-exports refer to earlier indices: follow them in a loop, not as nested dependencies.
        var index = index
        while Int(index) < origins.count, case .same(let j) = origins[Int(index)] { index = j }
        if let i = coreTypeMemo[s][index] { return i }
        guard Int(index) < origins.count else { throw unknown("core type", index, s) }
        let out = try step("c\(s).\(index)", "core type \(index) of \(inputs[s].label)") { () throws(WasmError) -> UInt32 in
            switch origins[Int(index)] {
            case .defined(.module(let decls), _):
                append(.coreTypes([.module(try copy(decls, from: s, level: 1))]))
                coreTypeCount += 1
                return coreTypeCount - 1
            case .same(let j): return try mapCoreType(s, j)
            case .defined(.rec, _), .local:
                throw .compose(.composeUnsupported, "an import of \(inputs[s].label) uses core type \(index), "
                               + "which cannot be carried into the result")
            }
        }
        coreTypeMemo[s][index] = out
        return out
    }

    private func unknown(_ what: String, _ index: UInt32, _ s: Int) -> WasmError {
        .compose(.composeBadInput, "\(inputs[s].label) is invalid: unknown \(what) \(index)")
    }
}
