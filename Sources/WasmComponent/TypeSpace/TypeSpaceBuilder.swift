import WasmBinary
import WasmCore

/// Walks a component once, in order, appending to each scope's index spaces exactly as the
/// definitions do (Explainer.md "Index Spaces"). Failures become `.unknown` entries plus an error.
struct TypeSpaceBuilder {
    var space: TypeSpace
    let maxDepth: Int

    // MARK: Scopes

    mutating func newScope(_ kind: Scope.Kind, parent: ScopeID?) -> ScopeID {
        space.scopes.append(Scope(kind: kind, parent: parent))
        return ScopeID(space.scopes.count - 1)
    }

    mutating func fail(_ message: String, _ code: WasmError.Code = .indexOutOfBounds, path: [PathFrame] = []) -> WasmError {
        let e = WasmError(code, message, offset: nil, kind: .invalid, path: path)
        space.errors.append(e)
        return e
    }

    mutating func failedComponent(_ e: WasmError) -> ComponentID {
        space.componentTable.append(ComponentInfo(imports: [], exports: [], scope: nil, type: nil, error: e))
        return ComponentID(raw: space.componentTable.count - 1)
    }

    mutating func newInstance(_ info: InstanceInfo) -> InstanceID {
        space.instanceTable.append(info)
        return InstanceID(raw: space.instanceTable.count - 1)
    }

    mutating func newComponent(_ info: ComponentInfo) -> ComponentID {
        space.componentTable.append(info)
        return ComponentID(raw: space.componentTable.count - 1)
    }

    // MARK: Components

    mutating func buildComponent(_ c: Component, parent: ScopeID?, depth: Int) -> ScopeID {
        let s = newScope(.component, parent: parent)
        var modulePosition = 0
        var canonPosition = 0
        for section in c.sections {
            switch section {
            case .custom: break
            case .coreModule:
                space.scopes[s.raw].coreModules.append(.defined(scope: s, position: modulePosition))
                modulePosition += 1
            case .coreInstances(let items):
                for i in items {
                    switch i {
                    case .instantiate(let m, let args):
                        space.scopes[s.raw].coreInstances.append(.instantiate(module: m, args: args))
                    case .fromExports(let exports):
                        space.scopes[s.raw].coreInstances.append(.fromExports(exports))
                    }
                }
            case .coreTypes(let items):
                for t in items { addCoreType(t, in: s) }
            case .component(let nested):
                let id: ComponentID
                if depth >= maxDepth {
                    id = failedComponent(fail("components nested too deeply", .nestingTooDeep))
                } else {
                    let ns = buildComponent(nested, parent: s, depth: depth + 1)
                    id = newComponent(ComponentInfo(imports: space.scopes[ns.raw].imports,
                                                    exports: space.scopes[ns.raw].exports, scope: ns, type: nil))
                }
                space.scopes[s.raw].components.append(id)
            case .instances(let items):
                for i in items { addInstance(i, in: s) }
            case .aliases(let items):
                for a in items { addAlias(a, in: s) }
            case .types(let items):
                for t in items { defineType(t, in: s, depth: depth) }
            case .canons(let items):
                for c in items {
                    if case .lift(_, _, let t) = c {
                        space.scopes[s.raw].funcs.append(typeKey(t, in: s, what: "lifted function type"))
                    } else {
                        space.scopes[s.raw].coreFuncs.append(.canon(canonPosition))
                    }
                    canonPosition += 1
                }
            case .start(let st):
                // The decoder caps `results` at 1000; models built in memory are capped here too.
                let n = min(Int(st.results), ComponentLimits.maxFunctionReturns)
                for _ in 0..<n { space.scopes[s.raw].values.append(ValueInfo(type: nil, scope: s)) }
            case .imports(let items):
                for i in items {
                    let item = itemFor(i.type, name: i.name.name, in: s)
                    append(item, in: s)
                    space.scopes[s.raw].imports.append(NamedItem(name: i.name, item: item))
                }
            case .exports(let items):
                for e in items {
                    var item = lookup(e.kind, e.index, in: s)
                    if let t = e.type, e.kind != .type { item = itemFor(t, name: e.name.name, in: s) }
                    if case .type(let key) = item { nameType(key, e.name.name, in: s) }
                    append(item, in: s)
                    space.scopes[s.raw].exports.append(NamedItem(name: e.name, item: item))
                }
            case .values(let items):
                for v in items { space.scopes[s.raw].values.append(ValueInfo(type: v.type, scope: s)) }
            }
        }
        return s
    }

    // MARK: Types

    /// Defines a new type index in `s` for `t` (building the inner scope of component/instance types).
    mutating func defineType(_ t: ComponentType, in s: ScopeID, depth: Int) {
        let key = newSlot(.type(t), in: s)
        space.scopes[s.raw].types.append(key)
        switch t {
        case .component(let decls), .instance(let decls):
            let isComponent: Bool
            if case .component = t { isComponent = true } else { isComponent = false }
            guard depth < maxDepth else {
                space.scopes[s.raw].definitions[key.slot] = .unknown(fail("types nested too deeply", .nestingTooDeep))
                return
            }
            let inner = newScope(isComponent ? .componentType : .instanceType, parent: s)
            space.innerScopes[key] = inner
            for d in decls { addDeclaration(d, in: inner, depth: depth + 1) }
        default: break
        }
    }

    mutating func addDeclaration(_ d: TypeDeclaration, in s: ScopeID, depth: Int) {
        switch d {
        case .coreType(let t): addCoreType(t, in: s)
        case .type(let t): defineType(t, in: s, depth: depth)
        case .alias(let a): addAlias(a, in: s)
        case .import(let i):
            let item = itemFor(i.type, name: i.name.name, in: s)
            append(item, in: s)
            space.scopes[s.raw].imports.append(NamedItem(name: i.name, item: item))
        case .export(let name, let desc):
            let item = itemFor(desc, name: name.name, in: s)
            append(item, in: s)
            space.scopes[s.raw].exports.append(NamedItem(name: name, item: item))
        }
    }

    mutating func addCoreType(_ t: CoreType, in s: ScopeID) {
        switch t {
        case .rec(let g):
            for sub in g.types { space.scopes[s.raw].coreTypes.append(.sub(sub)) }
        case .module(let decls):
            space.scopes[s.raw].coreTypes.append(.module(decls))
        }
    }

    /// The canonical key of type index `index` in `s` (an `.unknown` slot key when out of range).
    mutating func typeKey(_ index: UInt32, in s: ScopeID, what: String) -> TypeKey {
        let types = space.scopes[s.raw].types
        if Int(index) < types.count { return types[Int(index)] }
        let e = fail("unknown type \(index): type index out of bounds (\(what); \(types.count) defined)")
        return unknownTypeKey(e, in: s)
    }

    /// A key for an unknown type (a definition slot holding the error).
    mutating func unknownTypeKey(_ e: WasmError, in s: ScopeID) -> TypeKey { newSlot(.unknown(e), in: s) }

    mutating func newSlot(_ d: TypeDefinition, in s: ScopeID) -> TypeKey {
        space.scopes[s.raw].definitions.append(d)
        return TypeKey(scope: s, slot: space.scopes[s.raw].definitions.count - 1)
    }

    /// Records that `key` is called `name` in scope `s` (and globally, if it has no name yet).
    mutating func nameType(_ key: TypeKey, _ name: String, in s: ScopeID) {
        if space.typeNames[key] == nil { space.typeNames[key] = name }
        if space.localTypeNames[s]?[key] == nil { space.localTypeNames[s, default: [:]][key] = name }
    }

    /// The item an `externtype` describes (for imports, export declarations and ascriptions).
    mutating func itemFor(_ desc: ExternDesc, name: String, in s: ScopeID) -> ItemRef {
        switch desc {
        case .module(let i):
            let cts = space.scopes[s.raw].coreTypes
            if Int(i) < cts.count { return .module(.typed(cts[Int(i)])) }
            _ = fail("unknown core type \(i): core type index out of bounds (module type of `\(name)`)")
            return .module(.unknown)
        case .func(let i):
            return .func(typeKey(i, in: s, what: "type of `\(name)`"))
        case .value(let t):
            return .value(ValueInfo(type: t, scope: s))
        case .type(.eq(let i)):
            let key = typeKey(i, in: s, what: "bound of `\(name)`")
            nameType(key, name, in: s)
            return .type(key)
        case .type(.subResource):
            // A fresh resource: its own definition slot; the caller appends it to the index space.
            let key = newSlot(.abstractResource(name: name), in: s)
            nameType(key, name, in: s)
            return .type(key)
        case .instance(let i):
            let key = typeKey(i, in: s, what: "type of `\(name)`")
            guard let inner = space.innerScopes[key], space.scopes[inner.raw].kind == .instanceType else {
                let e = fail("type \(i) of `\(name)` is not an instance type", .unresolvable)
                return .instance(newInstance(InstanceInfo(exports: [], type: key, error: e)))
            }
            if space.scopeNames[inner] == nil { space.scopeNames[inner] = name }
            return .instance(newInstance(InstanceInfo(exports: space.scopes[inner.raw].exports, type: key)))
        case .component(let i):
            let key = typeKey(i, in: s, what: "type of `\(name)`")
            guard let inner = space.innerScopes[key], space.scopes[inner.raw].kind == .componentType else {
                return .component(failedComponent(fail("type \(i) of `\(name)` is not a component type", .unresolvable)))
            }
            return .component(newComponent(ComponentInfo(
                imports: space.scopes[inner.raw].imports, exports: space.scopes[inner.raw].exports,
                scope: inner, type: key)))
        }
    }

    /// Appends `item` to the index space of its sort in `s` (imports, exports and aliases do this).
    mutating func append(_ item: ItemRef, in s: ScopeID) {
        switch item {
        case .module(let m): space.scopes[s.raw].coreModules.append(m)
        case .func(let k): space.scopes[s.raw].funcs.append(k)
        case .value(let v): space.scopes[s.raw].values.append(v)
        case .type(let k): space.scopes[s.raw].types.append(k)
        case .instance(let i): space.scopes[s.raw].instances.append(i)
        case .component(let c): space.scopes[s.raw].components.append(c)
        }
    }
}
