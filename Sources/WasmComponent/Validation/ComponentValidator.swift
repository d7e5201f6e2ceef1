import Synchronization
import WasmBinary
import WasmCore

/// Validates components against the Component Model specification (Explainer.md, Binary.md,
/// CanonicalABI.md), with wasm-tools' validator as the behavioural reference.
///
/// ```swift
/// let validator = ComponentValidator(features: .default)
/// try validator.validate(bytes: storage.all)      // decodes (shallow) and validates
/// try validator.validate(component)               // an already decoded component
/// ```
///
/// Errors are `WasmError`s of kind `invalid` (or `malformed` from decoding) with the absolute offset of
/// the offending item and a structure path such as
/// `component › instance 2 › import "cache" › export "get" › result › ok`.
public struct ComponentValidator: Sendable {
    public var features: Features
    /// Body checks shared with validations running beside this one (see `SharedModuleChecks`).
    public var shared: SharedModuleChecks?

    public init(features: Features = .default) {
        self.features = features
    }

    /// What validating a component went through.
    public struct Summary: Hashable, Sendable {
        /// Nested core modules (at any depth) and their functions, imported and defined.
        public var coreModules: Int
        public var coreFunctions: Int
    }

    /// Decodes `bytes` as a component (nested core modules only located) and validates it; nested
    /// core modules are validated (by WasmCore's `ModuleValidator`) as validation reaches them.
    @discardableResult
    public func validate(bytes: ByteSlice) throws(WasmError) -> Summary {
        let component = try Component.decode(bytes, mode: .shallow)
        return try validate(component)
    }

    /// Validates a decoded component. Offsets come from the component's layout (kept while the
    /// model is unmodified); nested core modules are validated from their bytes, so decoding the
    /// component in `.shallow` mode avoids decoding them twice.
    ///
    /// The function bodies of nested modules are checked on other threads while the rest of the
    /// component is validated; the error reported is still the one at the lowest offset.
    @discardableResult
    public func validate(_ component: Component) throws(WasmError) -> Summary {
        try validated(component).summary
    }

    /// Validates a decoded component and returns what validation worked out: its resolved types
    /// (see `ValidatedComponent`), which WIT decoding and composition read instead of walking
    /// the component's index spaces again.
    ///
    /// `checkingFunctionBodies: false` leaves out the nested modules' function bodies (everything
    /// else is checked): for readers that only need the types, e.g. `inspect`.
    public func validated(_ component: Component, checkingFunctionBodies: Bool = true) throws(WasmError) -> ValidatedComponent {
        try validated(component, checkingFunctionBodies: checkingFunctionBodies, adopting: [:])
    }

    /// Like `validated(_:checkingFunctionBodies:)`, but the nested components of the top-level sections
    /// whose positions `given` holds (indices into `component.sections`) are not validated: their types
    /// are taken from the validations given (`TypeArena.adopt`), which must be of those components'
    /// bytes, each validated on its own. Composition checks its shell this way around inputs it has
    /// validated already. A validation whose types cannot be adopted (`isAdoptable`) is ignored and the
    /// section's component validated.
    package func validated(_ component: Component, checkingFunctionBodies: Bool,
                           adopting given: [Int: ValidatedComponent]) throws(WasmError) -> ValidatedComponent {
        let pool = checkingFunctionBodies ? BodyPool() : BodyPool(discardingBodies: ())
        let (run, failure) = try start(component, pool: pool, shared: checkingFunctionBodies ? shared : nil, given: given)
        // A body error before the component's own error is what sequential validation would have
        // met first (an offset-less error of the component comes after every body).
        if let bodyError = pool.finish(before: failure.map { $0.offset ?? Int.max }) { throw bodyError }
        if let failure { throw failure }
        return run.result
    }

    /// Validates everything about a decoded component except its nested modules' function bodies,
    /// which go on being checked on other threads: the result is usable at once, and the component is
    /// valid only if `PendingBodies.finish()` then finds no error. For work that can start before the
    /// bodies are checked (composition plans and writes while they are). On an error of the
    /// component's own, the bodies before it are checked first, as `validated` does.
    public func validatedDeferringBodies(_ component: Component) throws(WasmError) -> (ValidatedComponent, PendingBodies) {
        let pool = BodyPool()
        let (run, failure) = try start(component, pool: pool, shared: shared, given: [:])
        if let failure {
            if let bodyError = pool.finish(before: failure.offset ?? Int.max) { throw bodyError }
            throw failure
        }
        return (run.result, PendingBodies(pool))
    }

    /// Runs the validation of `component`'s structure: the run, and its error if it failed.
    private func start(_ component: Component, pool: BodyPool, shared: SharedModuleChecks?,
                       given: [Int: ValidatedComponent]) throws(WasmError) -> (ValidationRun, WasmError?) {
        if !features.contains(.componentModel) {
            // wasm-tools: "encoded as a component but the WebAssembly component model feature is not enabled".
            var e = WasmError(.featureDisabled, "encoded as a component, but the `component-model` feature is not "
                              + "enabled", offset: 4, kind: .invalid)
            e.path = [.component]
            throw e
        }
        let run = ValidationRun(features: features, pool: pool)
        run.shared = shared
        run.given = given
        do {
            try withFrame(.component) { () throws(WasmError) in
                _ = try run.validateComponent(component, depth: 0)
            }
            return (run, nil)
        } catch {
            return (run, error)
        }
    }
}

/// The function bodies a `validatedDeferringBodies` call left being checked.
public final class PendingBodies: Sendable {
    private let pool: BodyPool
    private let outcome = Mutex<WasmError??>(nil)

    init(_ pool: BodyPool) { self.pool = pool }

    /// Checks what is left (on this thread too), waits for the rest, and returns the body error at the
    /// lowest offset, if any. Later calls return the same answer.
    public func finish() -> WasmError? {
        outcome.withLock { known in
            if let known { return known }
            let e = pool.finish()
            known = .some(e)
            return e
        }
    }
}

extension ValidationRun {
    /// What the finished run worked out.
    var result: ValidatedComponent {
        let root = self.root ?? ScopeState(kind: .component)
        return ValidatedComponent(
            summary: ComponentValidator.Summary(coreModules: coreModuleCount, coreFunctions: coreFunctionCount),
            arena: arena, type: rootType ?? TypeRef(kind: .component, index: 0),
            types: root.types, funcs: root.funcs, instances: root.instances, components: root.components,
            externs: rootExterns)
    }
}

/// One scope being validated: a component, or a component or instance type declaration.
struct ScopeState {
    enum Kind { case component, instanceType, componentType }
    let kind: Kind

    // Core index spaces
    var coreTypes: [ComponentCoreType] = []
    var coreFuncs: [Int] = []
    var coreTags: [Int] = []
    var coreModules: [Int] = []
    var coreInstances: [Int] = []
    var coreMemories: [MemoryType] = []
    var coreTables: [CTable] = []
    var coreGlobals: [CGlobal] = []

    // Component index spaces
    var types: [TypeRef] = []
    var funcs: [TypeRef] = []
    var values: [(type: VT, used: Bool)] = []
    var instances: [TypeRef] = []
    var components: [TypeRef] = []

    var imports = OrderedMap<String, Item>()
    var importNames: [String: String] = [:]
    var exports = OrderedMap<String, Item>()
    var exportNames: [String: String] = [:]

    var hasStart = false
    var info = TypeInfo()
    /// Resources imported (directly or inside imported instances), with their import path.
    var importedResources = OrderedMap<ResourceID, [Int]>()
    /// Resources defined here or by instantiations here; the representation when known.
    var definedResources = OrderedMap<ResourceID, CVal?>()
    /// Resources exported (perhaps inside instances), with their export path.
    var explicitResources = OrderedMap<ResourceID, [Int]>()
    /// Types with an externally visible name, usable in exports (all imported types count too).
    var exportedTypes: Set<TypeRef> = []
    /// Types with an externally visible name among the imports.
    var importedTypes: Set<TypeRef> = []
    var exportedResourceNames = ResourceNameContext()
    var importedResourceNames = ResourceNameContext()
    /// The type `context.get`/`context.set` settled on (the first one used).
    var contextType: CVal?

    init(kind: Kind) { self.kind = kind }

    var typeCount: Int { coreTypes.count + types.count }
    var instanceCount: Int { coreInstances.count + instances.count }
    var functionCount: Int { coreFuncs.count + funcs.count }
}

/// The resources named by top-level imports or exports, for `[constructor]`/`[method]`/`[static]`.
struct ResourceNameContext {
    var names: [TypeRef: String] = [:]
    var allNames: Set<String> = []

    mutating func register(_ name: String, _ t: TypeRef) {
        if names[t] == nil { names[t] = name }
        allNames.insert(name)
    }
}

/// The state of one validation: the type arena and the stack of scopes (innermost last).
final class ValidationRun {
    let features: Features
    let arena = TypeArena()
    var scopes: [ScopeState] = []
    /// Nested core modules validated so far, and their functions (imported and defined).
    var coreModuleCount = 0
    var coreFunctionCount = 0

    /// Where nested modules' function bodies go (nil: checked as each module is reached).
    let pool: BodyPool?
    /// Frames of the nested components being validated (`component 1`, …), below the root's.
    var componentPath: [PathFrame] = []
    /// The root component's scope and type once validated, and its imports and exports in
    /// section order (for `ValidatedComponent`).
    var root: ScopeState?
    var rootType: TypeRef?
    var rootExterns: [ValidatedComponent.Extern] = []

    /// Body checks shared with other validations; a module another one claimed has its bodies dropped.
    var shared: SharedModuleChecks?
    lazy var unchecked = BodyPool(discardingBodies: ())
    /// Top-level nested components whose type is taken from an earlier validation (by section index).
    var given: [Int: ValidatedComponent] = [:]

    init(features: Features, pool: BodyPool? = nil) {
        self.features = features
        self.pool = pool
    }

    var cur: ScopeState {
        get { scopes[scopes.count - 1] }
        _modify { yield &scopes[scopes.count - 1] }
    }

    // MARK: Components

    /// Validates `c` as a (nested) component and returns its component type.
    func validateComponent(_ c: Component, depth: Int) throws(WasmError) -> TypeRef {
        if depth > 100 { throw invalid(.nestingTooDeep, "components nested deeper than 100 levels") }
        scopes.append(ScopeState(kind: .component))
        defer { scopes.removeLast() }
        let layout = c.layout
        for (si, section) in c.sections.enumerated() {
            let lay = si < (layout?.count ?? 0) ? layout?[si] : nil
            func offset(_ k: Int) -> Int? {
                guard let lay, k < lay.itemOffsets.count else { return lay?.contents.lowerBound }
                return lay.itemOffsets[k]
            }
            switch section {
            case .custom:
                break
            case .coreModule(let m):
                let n = cur.coreModules.count
                try withFrame(.item("core module", n)) { () throws(WasmError) in
                    try at(lay?.contents.lowerBound) { () throws(WasmError) in
                        try checkMax(n, ValidationLimits.maxModules, "modules")
                        let checked = shared?.claim(m.bytes) ?? true
                        let (ty, functions) = try validateNestedCoreModule(
                            m.bytes, features: features, types: &arena.core, pool: checked ? pool : unchecked,
                            context: [.component] + componentPath + [.item("core module", n)])
                        arena.core.modules.append(ty)
                        coreModuleCount += 1
                        coreFunctionCount += functions
                        cur.coreModules.append(arena.core.modules.count - 1)
                    }
                }
            case .coreInstances(let items):
                for (k, item) in items.enumerated() {
                    try withFrame(.item("core instance", cur.coreInstances.count)) { () throws(WasmError) in
                        try at(offset(k)) { () throws(WasmError) in try addCoreInstance(item) }
                    }
                }
            case .coreTypes(let items):
                for (k, item) in items.enumerated() {
                    try withFrame(.item("core type", cur.coreTypes.count)) { () throws(WasmError) in
                        try at(offset(k)) { () throws(WasmError) in try addCoreType(item) }
                    }
                }
            case .component(let nested):
                let n = cur.components.count
                try withFrame(.item("component", n)) { () throws(WasmError) in
                    try at(lay?.contents.lowerBound) { () throws(WasmError) in
                        try checkMax(n, ValidationLimits.maxComponents, "components")
                    }
                    if depth == 0, let v = given[si], let ty = arena.adopt(component: v.type, from: v.arena) {
                        cur.components.append(ty)
                        return
                    }
                    componentPath.append(.item("component", n))
                    defer { componentPath.removeLast() }
                    let ty = try validateComponent(nested, depth: depth + 1)
                    cur.components.append(ty)
                }
            case .instances(let items):
                for (k, item) in items.enumerated() {
                    try withFrame(.item("instance", cur.instances.count)) { () throws(WasmError) in
                        try at(offset(k)) { () throws(WasmError) in try addInstance(item) }
                    }
                }
            case .aliases(let items):
                for (k, item) in items.enumerated() {
                    try withFrame(aliasFrame(item)) { () throws(WasmError) in
                        try at(offset(k)) { () throws(WasmError) in try addAlias(item) }
                    }
                }
            case .types(let items):
                for (k, item) in items.enumerated() {
                    try withFrame(.item("type", cur.types.count)) { () throws(WasmError) in
                        try at(offset(k)) { () throws(WasmError) in try addType(item, depth: depth) }
                    }
                }
            case .canons(let items):
                for (k, item) in items.enumerated() {
                    try withFrame(canonFrame(item)) { () throws(WasmError) in
                        try at(offset(k)) { () throws(WasmError) in try addCanon(item) }
                    }
                }
            case .start(let s):
                try withFrame(.text("start")) { () throws(WasmError) in
                    try at(lay?.contents.lowerBound) { () throws(WasmError) in try addStart(s) }
                }
            case .imports(let items):
                for (k, item) in items.enumerated() {
                    try withFrame(.quoted("import", item.name.name)) { () throws(WasmError) in
                        try at(offset(k)) { () throws(WasmError) in try addImport(item) }
                    }
                    if depth == 0 { rootExterns.append(.init(isImport: true, name: item.name.name, offset: offset(k))) }
                }
            case .exports(let items):
                for (k, item) in items.enumerated() {
                    try withFrame(.quoted("export", item.name.name)) { () throws(WasmError) in
                        try at(offset(k)) { () throws(WasmError) in
                            let entity = try exportEntity(item)
                            try addExport(item.name, entity)
                        }
                    }
                    if depth == 0 { rootExterns.append(.init(isImport: false, name: item.name.name, offset: offset(k))) }
                }
            case .values(let items):
                for (k, item) in items.enumerated() {
                    try withFrame(.item("value", cur.values.count)) { () throws(WasmError) in
                        try at(offset(k)) { () throws(WasmError) in try addValue(item) }
                    }
                }
            }
        }
        let end = c.originalBytes.map { $0.range.upperBound }
        return try at(end) { () throws(WasmError) in
            if let i = cur.values.firstIndex(where: { !$0.used }) {
                throw invalid(.valueUse, "value \(i) was not used as part of an instantiation, start function, or export")
            }
            let ty = arena.push(try finish())
            if depth == 0 {
                root = cur
                rootType = ty
            }
            return ty
        }
    }

    private func canonFrame(_ c: Canon) -> PathFrame {
        .text((c.definesComponentFunc ? "func \(cur.funcs.count)" : "core func \(cur.coreFuncs.count)") + " (canon \(c.name))")
    }

    private func aliasFrame(_ a: Alias) -> PathFrame {
        .text(aliasDescription(a))
    }

    private func aliasDescription(_ a: Alias) -> String {
        switch a {
        case .instanceExport(let kind, let i, let name): "alias export \(i) \"\(name)\" (\(kind))"
        case .coreInstanceExport(let sort, let i, let name): "alias core export \(i) \"\(name)\" (core \(sort.name))"
        case .outer(let kind, let count, let index): "alias outer \(count) \(index) (\(kind))"
        }
    }

    /// Turns the finished component scope into its component type (Explainer.md: the resources it
    /// defines must not leak into its imports and must be exported when its exports use them).
    func finish() throws(WasmError) -> ComponentTy {
        let s = cur
        var ty = ComponentTy(imports: s.imports, exports: s.exports,
                             importedResources: zip(s.importedResources.keys, s.importedResources.values).map { ($0, $1) },
                             definedResources: [], explicitResources: s.explicitResources, info: s.info)
        var free = Set<ResourceID>()
        for item in ty.imports.values { arena.freeVariables(item.entity, into: &free) }
        for r in s.definedResources.keys where free.contains(r) {
            throw invalid(.resourceMisuse, "local resource type found in imports")
        }
        free.removeAll()
        for item in ty.exports.values { arena.freeVariables(item.entity, into: &free) }
        for r in s.definedResources.keys where free.contains(r) {
            guard let path = ty.explicitResources[r] else {
                throw invalid(.typeNotExported, "local resource type found in export but not exported itself")
            }
            ty.definedResources.append((r, path))
        }
        return ty
    }
}
