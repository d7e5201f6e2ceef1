import WasmBinary
import WasmCore

// Instances (core and component), aliases, start definitions and values, and the index lookups
// they share.

extension ValidationRun {
    // MARK: Lookups

    private func outOfBounds(_ what: String, _ i: UInt32, _ space: String? = nil) -> WasmError {
        invalid(.indexOutOfBounds, "unknown \(what) \(i): \(space ?? what) index out of bounds")
    }

    func typeAt(_ i: UInt32) throws(WasmError) -> TypeRef {
        guard Int(i) < cur.types.count else { throw outOfBounds("type", i) }
        return cur.types[Int(i)]
    }

    func definedTypeAt(_ i: UInt32) throws(WasmError) -> TypeRef {
        let t = try typeAt(i)
        guard t.kind == .defined else { throw invalid(.sortMismatch, "type index \(i) is not a defined type") }
        return t
    }

    func resourceAt(_ i: UInt32) throws(WasmError) -> TypeRef {
        let t = try typeAt(i)
        guard t.kind == .resource else { throw invalid(.sortMismatch, "type index \(i) is not a resource type") }
        return t
    }

    func funcAt(_ i: UInt32) throws(WasmError) -> TypeRef {
        guard Int(i) < cur.funcs.count else { throw outOfBounds("function", i) }
        return cur.funcs[Int(i)]
    }

    func coreFuncAt(_ i: UInt32) throws(WasmError) -> Int {
        guard Int(i) < cur.coreFuncs.count else { throw outOfBounds("core function", i, "function") }
        return cur.coreFuncs[Int(i)]
    }

    func moduleAt(_ i: UInt32) throws(WasmError) -> Int {
        guard Int(i) < cur.coreModules.count else { throw outOfBounds("module", i) }
        return cur.coreModules[Int(i)]
    }

    func componentAt(_ i: UInt32) throws(WasmError) -> TypeRef {
        guard Int(i) < cur.components.count else { throw outOfBounds("component", i) }
        return cur.components[Int(i)]
    }

    func instanceAt(_ i: UInt32) throws(WasmError) -> TypeRef {
        guard Int(i) < cur.instances.count else { throw outOfBounds("instance", i) }
        return cur.instances[Int(i)]
    }

    func coreInstanceAt(_ i: UInt32) throws(WasmError) -> Int {
        guard Int(i) < cur.coreInstances.count else { throw outOfBounds("core instance", i, "instance") }
        return cur.coreInstances[Int(i)]
    }

    /// Value `i`, marked as used (each value is consumed exactly once).
    func valueAt(_ i: UInt32) throws(WasmError) -> VT {
        guard Int(i) < cur.values.count else { throw outOfBounds("value", i) }
        if cur.values[Int(i)].used { throw invalid(.valueUse, "value \(i) cannot be used more than once") }
        cur.values[Int(i)].used = true
        return cur.values[Int(i)].type
    }

    func memoryAt(_ i: UInt32) throws(WasmError) -> MemoryType {
        guard Int(i) < cur.coreMemories.count else { throw outOfBounds("memory", i) }
        return cur.coreMemories[Int(i)]
    }

    func tableAt(_ i: UInt32) throws(WasmError) -> CTable {
        guard Int(i) < cur.coreTables.count else { throw outOfBounds("table", i) }
        return cur.coreTables[Int(i)]
    }

    func globalAt(_ i: UInt32) throws(WasmError) -> CGlobal {
        guard Int(i) < cur.coreGlobals.count else { throw outOfBounds("global", i) }
        return cur.coreGlobals[Int(i)]
    }

    func tagAt(_ i: UInt32) throws(WasmError) -> Int {
        guard Int(i) < cur.coreTags.count else { throw outOfBounds("tag", i) }
        return cur.coreTags[Int(i)]
    }

    func coreInstanceExports(_ id: Int) -> OrderedMap<String, CoreEntity> {
        switch arena.core.instances[id] {
        case .instantiated(let m): arena.core.modules[m].exports
        case .exports(let e): e
        }
    }

    // MARK: Core instances

    func addCoreInstance(_ inst: CoreInstance) throws(WasmError) {
        try checkMax(cur.instanceCount, ValidationLimits.maxInstances, "instances")
        switch inst {
        case .instantiate(let module, let args):
            let m = try moduleAt(module)
            var supplied: [String: Int] = [:]
            for a in args {
                let i = try coreInstanceAt(a.instance)
                if supplied.updateValue(i, forKey: a.name) != nil {
                    throw invalid(.nameConflict, "duplicate module instantiation argument named `\(a.name)`")
                }
            }
            let ty = arena.core.modules[m]
            for (key, expected) in zip(ty.imports.keys, ty.imports.values) {
                guard let i = supplied[key.module] else {
                    throw invalid(.missingArgument, "missing module instantiation argument named `\(key.module)`")
                }
                guard let actual = coreInstanceExports(i)[key.name] else {
                    throw invalid(.missingArgument, "module instantiation argument `\(key.module)` does not export "
                                  + "an item named `\(key.name)`")
                }
                try withFrame(.text("with \"\(key.module)\" export \"\(key.name)\"")) { () throws(WasmError) in
                    try arena.core.checkEntity(actual, expected)
                }
            }
            arena.core.instances.append(.instantiated(module: m))
        case .fromExports(let exports):
            var out = OrderedMap<String, CoreEntity>()
            for e in exports {
                let entity: CoreEntity
                switch e.sort {
                case .func: entity = .func(try coreFuncAt(e.index))
                case .table: entity = .table(try tableAt(e.index))
                case .memory: entity = .memory(try memoryAt(e.index))
                case .global: entity = .global(try globalAt(e.index))
                case .tag:
                    try require(.exceptions, in: features, "tags")
                    entity = .tag(try tagAt(e.index))
                case .type, .module, .instance:
                    throw invalid(.sortMismatch, "core instances cannot export a core \(e.sort.name)")
                }
                if !out.insertNew(e.name, entity) {
                    throw invalid(.nameConflict, "duplicate instantiation export name `\(e.name)` already defined")
                }
            }
            arena.core.instances.append(.exports(out))
        }
        cur.coreInstances.append(arena.core.instances.count - 1)
    }

    // MARK: Component instances

    func addInstance(_ inst: ComponentInstance) throws(WasmError) {
        try checkMax(cur.instanceCount, ValidationLimits.maxInstances, "instances")
        switch inst {
        case .instantiate(let component, let args):
            cur.instances.append(try instantiate(component, args))
        case .fromExports(let exports):
            var ty = InstanceTy()
            var names: [String: String] = [:]
            for e in exports {
                try withFrame(.quoted("export", e.name.name)) { () throws(WasmError) in
                    let entity: Entity
                    switch e.kind {
                    case .module: entity = .module(try moduleAt(e.index))
                    case .component: entity = .component(try componentAt(e.index))
                    case .instance:
                        let i = try instanceAt(e.index)
                        let inner = arena.instances[i.index].explicitResources
                        for (r, path) in zip(inner.keys, inner.values) { ty.explicitResources.set(r, [ty.exports.count] + path) }
                        entity = .instance(i)
                    case .func: entity = .func(try funcAt(e.index))
                    case .value:
                        try checkValueSupport()
                        entity = .value(try valueAt(e.index))
                    case .type:
                        let t = try typeAt(e.index)
                        if t.kind == .resource { ty.explicitResources.set(t.resource, [ty.exports.count]) }
                        // Messages call a type by the first name it is exported under, here too.
                        if t.kind == .defined && arena.typeNames[t.index] == nil { arena.typeNames[t.index] = e.name.name }
                        entity = .type(referenced: t, created: t)
                    }
                    try validateExtern(e.name, .export, entity, items: &ty.exports, names: &names, info: &ty.info,
                                       context: ResourceNameContext())
                }
            }
            cur.instances.append(arena.push(ty))
        }
    }

    /// Instantiates component `index` with `args`: checks the arguments against its imports (with
    /// resource and type substitution), and gives its defined resources fresh identities.
    private func instantiate(_ index: UInt32, _ args: [InstantiateArg]) throws(WasmError) -> TypeRef {
        let c = try componentAt(index)
        var supplied = OrderedMap<String, Entity>()
        for a in args {
            let e: Entity
            switch a.kind {
            case .module: e = .module(try moduleAt(a.index))
            case .component: e = .component(try componentAt(a.index))
            case .instance: e = .instance(try instanceAt(a.index))
            case .func: e = .func(try funcAt(a.index))
            case .value:
                try checkValueSupport()
                e = .value(try valueAt(a.index))
            case .type:
                let t = try typeAt(a.index)
                e = .type(referenced: t, created: t)
            }
            if !supplied.insertNew(a.name, e) {
                throw invalid(.nameConflict, "instantiation argument `\(a.name)` conflicts with previous argument `\(a.name)`")
            }
        }
        let ct = arena.components[c.index]
        var info = TypeInfo()
        for item in ct.exports.values { try info.combine(arena.info(item.entity)) }
        var mapping = try arena.openInstanceType(supplied, c, .import)
        var fresh: [ResourceID] = []
        for (old, _) in ct.definedResources {
            let new = arena.newResource().resource
            mapping.resources[old] = new
            fresh.append(new)
        }
        var exports = ct.exports
        for i in 0..<exports.count {
            var item = exports.values[i]
            arena.remap(&item.entity, &mapping)
            exports.setValue(at: i, item)
        }
        var explicit = OrderedMap<ResourceID, [Int]>()
        for (r, path) in zip(ct.explicitResources.keys, ct.explicitResources.values) {
            explicit.set(mapping.resources[r] ?? r, path)
        }
        for r in fresh { cur.definedResources.set(r, nil) }
        return arena.push(InstanceTy(exports: exports, definedResources: [], explicitResources: explicit, info: info))
    }

    // MARK: Aliases

    func addAlias(_ alias: Alias) throws(WasmError) {
        if cur.kind != .component {
            switch alias {
            case .instanceExport(.type, _, _), .instanceExport(.instance, _, _), .outer(.type, _, _), .outer(.coreType, _, _):
                break
            default:
                throw invalid(.invalidAlias, "aliases in a component or instance type may only refer to types or instances")
            }
        }
        switch alias {
        case .instanceExport(let kind, let i, let name):
            if kind == .value { try checkValueSupport() }
            guard let item = arena.instances[try instanceAt(i).index].exports[name] else {
                throw invalid(.unknownExport, "instance \(i) has no export named `\(name)`")
            }
            var e = item.entity
            if e.desc != kind.description { throw invalid(.sortMismatch, "export `\(name)` for instance \(i) is not a \(kind)") }
            try addEntity(&e, name: nil, kind: nil)
        case .coreInstanceExport(let sort, let i, let name):
            guard let e = coreInstanceExports(try coreInstanceAt(i))[name] else {
                throw invalid(.unknownExport, "core instance \(i) has no export named `\(name)`")
            }
            let mismatch = invalid(.sortMismatch, "export `\(name)` for core instance \(i) is not a \(sort.noun)")
            switch (sort, e) {
            case (.func, .func(let id)), (.func, .funcExact(let id)):
                try checkMax(cur.functionCount, ValidationLimits.maxFunctions, "functions")
                cur.coreFuncs.append(id)
            case (.table, .table(let t)):
                try checkMax(cur.coreTables.count, ValidationLimits.maxCoreIndexSpaceItems, "tables")
                cur.coreTables.append(t)
            case (.memory, .memory(let m)):
                try checkMax(cur.coreMemories.count, ValidationLimits.maxCoreIndexSpaceItems, "memories")
                cur.coreMemories.append(m)
            case (.global, .global(let g)):
                try checkMax(cur.coreGlobals.count, ValidationLimits.maxCoreIndexSpaceItems, "globals")
                cur.coreGlobals.append(g)
            case (.tag, .tag(let id)):
                try require(.exceptions, in: features, "tags")
                try checkMax(cur.coreTags.count, ValidationLimits.maxCoreIndexSpaceItems, "tags")
                cur.coreTags.append(id)
            default:
                throw mismatch
            }
        case .outer(let kind, let count, let index):
            let scope = try outerScope(count)
            let i = Int(index)
            switch kind {
            case .coreModule:
                guard i < scope.coreModules.count else { throw outOfBounds("module", index) }
                try checkMax(cur.coreModules.count, ValidationLimits.maxModules, "modules")
                cur.coreModules.append(scope.coreModules[i])
            case .component:
                guard i < scope.components.count else { throw outOfBounds("component", index) }
                try checkMax(cur.components.count, ValidationLimits.maxComponents, "components")
                cur.components.append(scope.components[i])
            case .coreType:
                guard i < scope.coreTypes.count else { throw outOfBounds("type", index) }
                try checkMax(cur.typeCount, ValidationLimits.maxTypes, "types")
                cur.coreTypes.append(scope.coreTypes[i])
            case .type:
                guard i < scope.types.count else { throw outOfBounds("type", index) }
                let t = scope.types[i]
                // Crossing a component boundary: the type may not refer to resources of the outer component.
                let child = scopes.count - Int(count)
                if count > 0, child < scopes.count, scopes[child].kind == .component {
                    var free = Set<ResourceID>()
                    arena.freeVariables(t, into: &free)
                    if !free.isEmpty {
                        throw invalid(.resourceMisuse, "cannot alias outer type which transitively refers to resources "
                                      + "not defined in the current component")
                    }
                }
                try checkMax(cur.typeCount, ValidationLimits.maxTypes, "types")
                cur.types.append(t)
            }
        }
    }

    // MARK: Start and values (🪙)

    func addStart(_ s: ComponentStart) throws(WasmError) {
        try require(.cmValues, in: features, "component start functions")
        if cur.hasStart { throw invalid(.invalidStart, "component cannot have more than one start function") }
        let f = arena.funcs[try funcAt(s.function).index]
        if f.params.count != s.arguments.count {
            throw invalid(.invalidStart, "component start function requires \(f.params.count) arguments but was given "
                          + "\(s.arguments.count)")
        }
        let expected: UInt32 = f.result == nil ? 0 : 1
        if s.results != expected {
            throw invalid(.invalidStart, "component start function has a result count of \(s.results) but the "
                          + "function type has a result count of \(expected)")
        }
        for (i, (p, arg)) in zip(f.params, s.arguments).enumerated() {
            let v = try valueAt(arg)
            try withFrame(.item("argument", i)) { () throws(WasmError) in try arena.check(v, p.type) }
        }
        if let r = f.result {
            try checkMax(cur.values.count, ValidationLimits.maxValues, "values")
            cur.values.append((r, false))
        }
        cur.hasStart = true
    }

    func addValue(_ v: ComponentValue) throws(WasmError) {
        try checkValueSupport()
        try checkMax(cur.values.count, ValidationLimits.maxValues, "values")
        let t = try createValType(v.type)
        try checkValueBytes(v.bytes, t)
        cur.values.append((t, false))
    }
}
