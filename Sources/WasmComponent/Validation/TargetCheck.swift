import WasmBinary
import WasmCore

// Does a component target a world? The component's type must be a subtype of the world's component
// type: every import of the component is supplied by the world (imports are contravariant), and
// every export of the world is provided by the component (exports are covariant); resources are
// matched by identity through the world's imports (`use`). Unlike instantiation, every problem is
// reported, not just the first.

/// One way a component fails to target a world.
public struct TargetProblem: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// The component imports something the world does not import.
        case importNotInWorld = "import-not-in-world"
        /// The world exports something the component does not export.
        case exportNotInComponent = "export-not-in-component"
        /// Both have the item, with incompatible types.
        case typeMismatch = "type-mismatch"
    }

    public var kind: Kind
    /// Whether the item is an import (else an export).
    public var isImport: Bool
    /// The name in the component (for `exportNotInComponent`: in the world).
    public var name: String
    /// The world's name for the item when it differs (`--semver-compatible` matching).
    public var worldName: String?
    /// What is wrong. For exports, "expected" is the world's type and "found" the component's; for
    /// imports, "expected" is what the component imports and "found" what the world supplies.
    public var message: String
    /// The way from the import/export to the difference, e.g. `[.member("func", "get"), "result", "ok"]`.
    public var path: [PathFrame]
}

extension ComponentValidator {
    /// Validates `component` and checks that it targets `world`, a component type such as WIT's
    /// `Resolve.componentType(of:)`. Returns every problem (empty: the component targets the world);
    /// throws when the component or the world type is itself invalid.
    ///
    /// With `semverCompatible`, interface names whose versions are semver-compatible
    /// (`a:b/c@0.1.0` and `a:b/c@0.1.3`) are matched when there is no exact match.
    public func targetProblems(of component: Component, world: ComponentType, semverCompatible: Bool = false)
        throws(WasmError) -> [TargetProblem]
    {
        let run = ValidationRun(features: features)
        let c = try withFrame(.component) { () throws(WasmError) in try run.validateComponent(component, depth: 0) }
        let w = try withFrame(.text("world")) { () throws(WasmError) in try run.componentType(of: world) }
        return try run.arena.targetProblems(c, w, semverCompatible: semverCompatible)
    }
}

extension ValidationRun {
    /// Validates a standalone component type (its indices are its own) and returns it.
    func componentType(of t: ComponentType) throws(WasmError) -> TypeRef {
        guard case .component = t else { throw invalid(.sortMismatch, "expected a component type") }
        scopes.append(ScopeState(kind: .component))
        defer { scopes.removeLast() }
        try addType(t, depth: 0)
        return cur.types[cur.types.count - 1]
    }
}

extension TypeArena {
    func targetProblems(_ c: TypeRef, _ w: TypeRef, semverCompatible: Bool) throws(WasmError) -> [TargetProblem] {
        var problems: [TargetProblem] = []
        let ct = components[c.index], wt = components[w.index]

        // Imports: the world's imports, under the component's names, supply the component's imports.
        var worldNames: [String: String] = [:]
        var args = OrderedMap<String, Entity>()
        for (name, item) in zip(wt.imports.keys, wt.imports.values) {
            var key = name
            if ct.imports[name] == nil, semverCompatible,
               let match = ct.imports.keys.first(where: { TypeArena.semverCompatible($0, name) && wt.imports[$0] == nil }) {
                key = match
                worldNames[match] = name
            }
            args.set(key, item.entity)
        }
        var mapping = try openInstanceType(args, c, .import) { (name, e) throws(WasmError) in
            problems.append(problem(e, name: name, worldName: worldNames[name], isImport: true,
                                    missing: .importNotInWorld, "the world does not import `\(name)`"))
        }

        // Exports: the component's exports (with the world's resources substituted for its imported
        // ones), under the world's names, must provide the world's exports.
        let cp = checkpoint()
        defer { rollback(to: cp) }
        var provided = OrderedMap<String, Entity>()
        var componentNames: [String: String] = [:]
        for (name, item) in zip(ct.exports.keys, ct.exports.values) {
            var e = item.entity
            remap(&e, &mapping)
            var key = name
            if wt.exports[name] == nil, semverCompatible,
               let match = wt.exports.keys.first(where: { TypeArena.semverCompatible(name, $0) && ct.exports[$0] == nil }) {
                key = match
                componentNames[match] = name
            }
            provided.set(key, e)
        }
        _ = try openInstanceType(provided, w, .export) { (name, e) throws(WasmError) in
            let own = componentNames[name]
            problems.append(problem(e, name: own ?? name, worldName: own == nil ? nil : name, isImport: false,
                                    missing: .exportNotInComponent, "the component does not export `\(name)`"))
        }
        return problems
    }

    private func problem(_ e: WasmError, name: String, worldName: String?, isImport: Bool,
                         missing: TargetProblem.Kind, _ missingMessage: String) -> TargetProblem {
        if e.code == .missingArgument && e.path.isEmpty {
            return TargetProblem(kind: missing, isImport: isImport, name: name, worldName: nil,
                                 message: missingMessage, path: [])
        }
        return TargetProblem(kind: .typeMismatch, isImport: isImport, name: name, worldName: worldName,
                             message: e.message, path: Array(e.path.dropFirst()))
    }

    /// Whether two versioned interface names differ only in semver-compatible versions
    /// (``Version/compatibilityTrack``).
    static func semverCompatible(_ a: String, _ b: String) -> Bool {
        let x = InterfaceName(a), y = InterfaceName(b)
        return x.version != nil && y.version != nil && x.isCompatible(with: y)
    }
}
