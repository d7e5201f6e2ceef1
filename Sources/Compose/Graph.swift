import WasmBinary
import WasmComponent

/// A decoded component for a ``CompositionGraph``: its imports and exports, for the document's
/// resolver to match names against.
public struct ComposeComponent: Sendable {
    let decoded: DecodedInput

    public init(_ input: ComposeInput) throws(WasmError) {
        guard input.bytes.count <= Int(UInt32.max) else {
            throw WasmError(.composeUnsupported, "\(input.label) is larger than 4 GiB", offset: nil,
                            kind: .invalid, file: input.label)
        }
        decoded = try DecodedInput(input)
    }

    public var label: String { decoded.label }
    public var imports: [ComponentImport] { decoded.imports }
    public var exports: [ComponentExport] { decoded.exports }
}

/// A composition spelled out, as a composition document (`.wac`) says it: instances of components
/// (several of one component are separate instances, the component embedded once), the argument
/// of every import of every instance, the result's imports and its exports.
public struct CompositionGraph: Sendable {
    public struct Instance: Sendable {
        /// Index into ``components``.
        public var component: Int
        /// The instance's name in the result's name section (`p`).
        public var name: String
        /// How messages name it (`instance `p` of example:provider`).
        public var label: String
        /// The import's argument, by import name; imports without one are satisfied by a type they
        /// are bound to (`use`), else become imports of the result when `fill` is set.
        public var arguments: [String: Source]
        /// `...`: imports with no argument become (shared) imports of the result.
        public var fill: Bool

        public init(component: Int, name: String, label: String, arguments: [String: Source], fill: Bool) {
            self.component = component
            self.name = name
            self.label = label
            self.arguments = arguments
            self.fill = fill
        }
    }

    public enum Source: Sendable, Equatable {
        /// Export `name` of an earlier instance.
        case export(instance: Int, name: String)
        /// An earlier instance itself.
        case instance(Int)
        /// The result's import number (see ``imports``).
        case imported(Int)
        /// Export `name` of the result's import number `import` (an instance import with a
        /// declared type).
        case importExport(import: Int, name: String)
        /// A type the document declares (helper types by position, then the type): only exported.
        case type([ComponentType])
    }

    /// An import the document declares; its type is the type of the first import it satisfies.
    public struct Import: Sendable {
        public var name: String
        public var kind: ComponentExternalKind
        /// The declared type, when the document's declaration could be encoded: helper types
        /// (referred to by position), then the import's type. Nil: the type of the first import
        /// it satisfies.
        public var declared: [ComponentType]?
        public init(name: String, kind: ComponentExternalKind, declared: [ComponentType]? = nil) {
            self.name = name
            self.kind = kind
            self.declared = declared
        }
    }

    public struct Export: Sendable {
        public var name: String
        public var source: Source
        public init(name: String, source: Source) {
            self.name = name
            self.source = source
        }
    }

    public var components: [ComposeComponent]
    public var instances: [Instance]
    public var imports: [Import]
    public var exports: [Export]

    public init(components: [ComposeComponent], instances: [Instance], imports: [Import], exports: [Export]) {
        self.components = components
        self.instances = instances
        self.imports = imports
        self.exports = exports
    }
}

extension Composition {
    /// A composition exactly as `graph` spells it (no matching by name beyond `fill`).
    public convenience init(graph: CompositionGraph, options: ComposeOptions = .init()) throws(WasmError) {
        var inputs: [DecodedInput] = []
        var shared: [Int] = []
        var firstOf: [Int: Int] = [:]
        for (s, inst) in graph.instances.enumerated() {
            guard inst.component >= 0, inst.component < graph.components.count else {
                throw .compose(.composeInvalidOutput, "internal: \(inst.label) instantiates an unknown component")
            }
            var d = graph.components[inst.component].decoded
            d.relabel(inst.label)
            inputs.append(d)
            shared.append(firstOf[inst.component] ?? s)
            if firstOf[inst.component] == nil { firstOf[inst.component] = s }
        }
        var wires: [CompositionPlan.Wire] = []
        var imports: [CompositionPlan.Import] = graph.imports.map { .init(name: $0.name, kind: $0.kind, importers: []) }
        var implicitGroup: [String: Int] = [:]
        var bindings: [[Planner.Binding?]] = inputs.map { [Planner.Binding?](repeating: nil, count: $0.imports.count) }
        var wireOf: [[Int?]] = inputs.map { [Int?](repeating: nil, count: $0.imports.count) }
        for (s, inst) in graph.instances.enumerated() {
            for (k, imp) in inputs[s].imports.enumerated() {
                let name = imp.name.name
                let kind = imp.type.kind
                guard let source = inst.arguments[name] else { continue }
                switch source {
                case .export(let p, let e):
                    guard p >= 0, p < s else { throw .compose(.composeInvalidOutput, "internal: argument from a later instance") }
                    wireOf[s][k] = wires.count
                    bindings[s][k] = .wire(wires.count)
                    wires.append(.init(importer: s, importName: name, kind: kind, provider: p, exportName: e, match: .explicit))
                case .instance(let p):
                    guard p >= 0, p < s else { throw .compose(.composeInvalidOutput, "internal: argument from a later instance") }
                    wireOf[s][k] = wires.count
                    bindings[s][k] = .instance(wire: wires.count)
                    wires.append(.init(importer: s, importName: name, kind: kind, provider: p, exportName: "", match: .explicit))
                case .imported(let g):
                    guard g >= 0, g < imports.count else { throw .compose(.composeInvalidOutput, "internal: unknown import") }
                    imports[g].importers.append(.init(input: s, name: name))
                    bindings[s][k] = .imported(g)
                case .importExport(let g, let e):
                    guard g >= 0, g < graph.imports.count, graph.imports[g].declared != nil else {
                        throw .compose(.composeUnsupported, "internal: an export of an import without a declared type")
                    }
                    bindings[s][k] = .importExport(group: g, name: e)
                case .type:
                    throw .compose(.composeUnsupported, "a declared type cannot be an instantiation argument (`\(name)`)")
                }
            }
        }
        // Type imports bound to a type of a satisfied import go with it; the rest are filled.
        let planner = Planner(inputs: inputs, options: options)
        for (s, inst) in graph.instances.enumerated() {
            for (k, imp) in inputs[s].imports.enumerated() where bindings[s][k] == nil {
                if case .type(.eq(let bound)) = imp.type,
                   let (w, member) = planner.derivation(s, bound, wireOf, wires, depth: 0) {
                    wireOf[s][k] = wires.count
                    bindings[s][k] = .derived(wire: wires.count, bound: bound)
                    wires.append(.init(importer: s, importName: imp.name.name, kind: .type, provider: wires[w].provider,
                                       exportName: wires[w].exportName, match: .derived, member: member))
                    continue
                }
                let name = imp.name.name
                guard inst.fill else {
                    throw .compose(.composeNoMatch, "missing instantiation argument `\(name)` for \(inst.label)")
                }
                if let g = implicitGroup[name] {
                    guard imports[g].kind == imp.type.kind else {
                        let first = imports[g].importers[0]
                        throw .compose(.composeImportConflict, "implicit import `\(name)` of \(inst.label) is \(Self.article(imp.type.kind)) "
                                       + "but \(inputs[first.input].label) imports it as \(Self.article(imports[g].kind)); "
                                       + "the result cannot import both")
                    }
                    imports[g].importers.append(.init(input: s, name: name))
                    bindings[s][k] = .imported(g)
                } else {
                    if graph.imports.contains(where: { $0.name == name }) {
                        throw .compose(.composeImportConflict, "import `\(name)` conflicts with an item that was implicitly "
                                       + "imported by \(inst.label)")
                    }
                    implicitGroup[name] = imports.count
                    bindings[s][k] = .imported(imports.count)
                    imports.append(.init(name: name, kind: imp.type.kind, importers: [.init(input: s, name: name)]))
                }
            }
        }
        for (g, i) in imports.enumerated() where i.importers.isEmpty && !(g < graph.imports.count && graph.imports[g].declared != nil) {
            throw .compose(.composeUnsupported, "import `\(i.name)` satisfies no argument: wcomp takes the type of a "
                           + "document's import from the instance argument it is given to (import \(g))")
        }
        var exports: [CompositionPlan.Export] = []
        for e in graph.exports {
            switch e.source {
            case .export(let p, let n):
                let kind = inputs[p].exports.first { $0.name.name == n }?.kind ?? .instance
                exports.append(.init(name: e.name, kind: kind, input: p, origin: .export(n)))
            case .instance(let p):
                exports.append(.init(name: e.name, kind: .instance, input: p, origin: .instance))
            case .imported(let g):
                exports.append(.init(name: e.name, kind: imports[g].kind, input: 0, origin: .imported(g)))
            case .importExport:
                throw .compose(.composeUnsupported, "exporting an export of an import is not supported yet (`\(e.name)`)")
            case .type(let declared):
                exports.append(.init(name: e.name, kind: .type, input: 0, origin: .type(declared)))
            }
        }
        let plan = CompositionPlan(
            inputs: inputs.map { .init(label: $0.label, used: true) }, order: Array(inputs.indices), wires: wires,
            imports: imports, exports: exports, warnings: [])
        self.init(inputs: inputs, plan: plan, bindings: bindings.map { $0.map { $0 ?? .imported(0) } }, options: options)
        sharedComponents = shared
        instanceNames = graph.instances.map(\.name)
        for (g, i) in graph.imports.enumerated() { if let d = i.declared { declaredImports[g] = d } }
    }

    static func article(_ k: ComponentExternalKind) -> String { k == .instance ? "an instance" : "a \(k)" }
}

extension DecodedInput {
    mutating func relabel(_ label: String) {
        input.label = label
    }
}
