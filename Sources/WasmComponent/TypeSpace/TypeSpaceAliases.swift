import WasmBinary
import WasmCore

// Instances, aliases and index lookups for the type space builder.

extension TypeSpaceBuilder {
    /// The item at `index` of `kind` in `s`, or an unknown item (and an error) when out of range.
    mutating func lookup(_ kind: ComponentExternalKind, _ index: UInt32, in s: ScopeID) -> ItemRef {
        let scope = space.scopes[s.raw]
        let i = Int(index)
        let count: Int
        switch kind {
        case .func:
            if i < scope.funcs.count { return .func(scope.funcs[i]) }
            count = scope.funcs.count
        case .value:
            if i < scope.values.count { return .value(scope.values[i]) }
            count = scope.values.count
        case .type:
            if i < scope.types.count { return .type(scope.types[i]) }
            count = scope.types.count
        case .instance:
            if i < scope.instances.count { return .instance(scope.instances[i]) }
            count = scope.instances.count
        case .component:
            if i < scope.components.count { return .component(scope.components[i]) }
            count = scope.components.count
        case .module:
            if i < scope.coreModules.count { return .module(scope.coreModules[i]) }
            count = scope.coreModules.count
        }
        let what = kind == .module ? "core module" : kind.description
        return unknownItem(kind, fail("unknown \(what) \(index): \(what) index out of bounds (\(count) defined)"), in: s)
    }

    /// A placeholder item of `kind` carrying `e`.
    mutating func unknownItem(_ kind: ComponentExternalKind, _ e: WasmError, in s: ScopeID) -> ItemRef {
        switch kind {
        case .func: return .func(unknownTypeKey(e, in: s))
        case .type: return .type(unknownTypeKey(e, in: s))
        case .value: return .value(ValueInfo(type: nil, scope: s))
        case .instance: return .instance(newInstance(InstanceInfo(exports: [], type: nil, error: e)))
        case .component: return .component(failedComponent(e))
        case .module: return .module(.unknown)
        }
    }

    mutating func addInstance(_ i: ComponentInstance, in s: ScopeID) {
        let id: InstanceID
        switch i {
        case .instantiate(let c, _):
            guard case .component(let cid) = lookup(.component, c, in: s) else { return }
            let info = space.componentTable[cid.raw]
            id = newInstance(InstanceInfo(exports: info.exports, type: nil, error: info.error))
        case .fromExports(let exports):
            var items: [NamedItem] = []
            items.reserveCapacity(exports.count)
            for e in exports {
                let item = lookup(e.kind, e.index, in: s)
                if case .type(let key) = item { nameType(key, e.name.name, in: s) }
                items.append(NamedItem(name: e.name, item: item))
            }
            id = newInstance(InstanceInfo(exports: items, type: nil))
        }
        space.scopes[s.raw].instances.append(id)
    }

    mutating func addAlias(_ a: Alias, in s: ScopeID) {
        switch a {
        case .instanceExport(let kind, let index, let name):
            append(aliasExport(kind, index, name, in: s), in: s)
        case .coreInstanceExport(let sort, let index, let name):
            if Int(index) >= space.scopes[s.raw].coreInstances.count {
                _ = fail("unknown core instance \(index): core instance index out of bounds "
                         + "(\(space.scopes[s.raw].coreInstances.count) defined)")
            }
            let origin = CoreOrigin.coreExport(instance: index, name: name)
            switch sort {
            case .func: space.scopes[s.raw].coreFuncs.append(origin)
            case .table: space.scopes[s.raw].coreTables.append(origin)
            case .memory: space.scopes[s.raw].coreMemories.append(origin)
            case .global: space.scopes[s.raw].coreGlobals.append(origin)
            case .tag: space.scopes[s.raw].coreTags.append(origin)
            case .type, .module, .instance: break  // not produced by the decoder
            }
        case .outer(let kind, let count, let index):
            var target = s
            var ok = true
            for _ in 0..<count {
                guard let p = space.scopes[target.raw].parent else {
                    ok = false
                    break
                }
                target = p
            }
            if !ok {
                let e = fail("invalid outer alias count of \(count): there are fewer enclosing scopes")
                switch kind {
                case .type: append(unknownItem(.type, e, in: s), in: s)
                case .component: append(unknownItem(.component, e, in: s), in: s)
                case .coreModule: space.scopes[s.raw].coreModules.append(.unknown)
                case .coreType: space.scopes[s.raw].coreTypes.append(.unknown)
                }
                return
            }
            switch kind {
            case .type:
                let types = space.scopes[target.raw].types
                if Int(index) < types.count {
                    space.scopes[s.raw].types.append(types[Int(index)])
                } else {
                    let e = fail("unknown type \(index): type index out of bounds in the outer scope \(count) levels up")
                    space.scopes[s.raw].types.append(unknownTypeKey(e, in: s))
                }
            case .component: append(lookup(.component, index, in: target), in: s)
            case .coreModule: append(lookup(.module, index, in: target), in: s)
            case .coreType:
                let cts = space.scopes[target.raw].coreTypes
                if Int(index) < cts.count {
                    space.scopes[s.raw].coreTypes.append(cts[Int(index)])
                } else {
                    _ = fail("unknown core type \(index): core type index out of bounds in the outer scope")
                    space.scopes[s.raw].coreTypes.append(.unknown)
                }
            }
        }
    }

    /// `(alias export i "name" (kind))`: the named export of instance `i`.
    mutating func aliasExport(_ kind: ComponentExternalKind, _ index: UInt32, _ name: String, in s: ScopeID) -> ItemRef {
        guard case .instance(let id) = lookup(.instance, index, in: s) else {
            return unknownItem(kind, fail("instance \(index) is not an instance", .unresolvable), in: s)
        }
        let info = space.instanceTable[id.raw]
        if let e = info.error { return unknownItem(kind, e, in: s) }
        guard let found = info.exports.last(where: { $0.name.name == name }) else {
            let e = fail("instance \(index) has no export named `\(name)`", .unknownExport)
            return unknownItem(kind, e, in: s)
        }
        guard found.item.kind == kind else {
            let e = fail("export `\(name)` of instance \(index) is a \(found.item.kind), not a \(kind)", .unresolvable)
            return unknownItem(kind, e, in: s)
        }
        if case .type(let key) = found.item { nameType(key, name, in: s) }
        return found.item
    }
}

extension ItemRef {
    /// The kind of item this is.
    public var kind: ComponentExternalKind {
        switch self {
        case .module: .module
        case .func: .func
        case .value: .value
        case .type: .type
        case .instance: .instance
        case .component: .component
        }
    }
}
