import WasmBinary
import WasmCore

// Imports and exports: index spaces, external visibility of types (Explainer.md "External
// Visibility of Types"), resource bookkeeping, and the naming rules of imports and exports.

extension ValidationRun {
    func addImport(_ imp: ComponentImport) throws(WasmError) {
        var e = try entity(for: imp.type)
        try addEntity(&e, name: imp.name.name, kind: .import)
        // Moved out and back so the maps are mutated in place (not copied).
        var items = OrderedMap<String, Item>(), names: [String: String] = [:]
        swap(&items, &cur.imports)
        swap(&names, &cur.importNames)
        defer {
            swap(&items, &cur.imports)
            swap(&names, &cur.importNames)
        }
        let context = cur.importedResourceNames
        var info = cur.info
        try validateExtern(imp.name, .import, e, items: &items, names: &names, info: &info, context: context)
        cur.info = info
    }

    func addExport(_ name: ExternName, _ entity: Entity) throws(WasmError) {
        try checkMax(cur.exports.count, ValidationLimits.maxExports, "exports")
        var e = entity
        try addEntity(&e, name: name.name, kind: .export)
        var items = OrderedMap<String, Item>(), names: [String: String] = [:]
        swap(&items, &cur.exports)
        swap(&names, &cur.exportNames)
        defer {
            swap(&items, &cur.exports)
            swap(&names, &cur.exportNames)
        }
        let context = cur.exportedResourceNames
        var info = cur.info
        try validateExtern(name, .export, e, items: &items, names: &names, info: &info, context: context)
        cur.info = info
    }

    /// The type of an export definition: the item's own type, or its ascribed type (which the item's
    /// type must be a subtype of).
    func exportEntity(_ export: ComponentExport) throws(WasmError) -> Entity {
        let actual: Entity
        switch export.kind {
        case .module: actual = .module(try moduleAt(export.index))
        case .func: actual = .func(try funcAt(export.index))
        case .value:
            try checkValueSupport()
            actual = .value(try valueAt(export.index))
        case .type:
            let t = try typeAt(export.index)
            actual = .type(referenced: t, created: arena.withUnique(t))
        case .instance: actual = .instance(try instanceAt(export.index))
        case .component: actual = .component(try componentAt(export.index))
        }
        guard let desc = export.type else { return actual }
        let ascribed = try entity(for: desc)
        do throws(WasmError) {
            try arena.check(actual, ascribed)
        } catch {
            var e = error
            e.message = "ascribed type of export is not compatible with item's type: \(e.message)"
            throw e
        }
        return ascribed
    }

    /// Adds an imported, exported or aliased item to its index space (`name` is set for imports and
    /// exports, which also get their types' external visibility checked and registered).
    func addEntity(_ e: inout Entity, name: String?, kind: ExternKind?) throws(WasmError) {
        switch e {
        case .module(let id):
            try checkMax(cur.coreModules.count, ValidationLimits.maxModules, "modules")
            cur.coreModules.append(id)
        case .component(let id):
            try checkMax(cur.components.count, ValidationLimits.maxComponents, "components")
            cur.components.append(id)
        case .instance(var id):
            try checkMax(cur.instanceCount, ValidationLimits.maxInstances, "instances")
            switch kind {
            case .import?: prepareInstanceImport(&id)
            case .export?: prepareInstanceExport(&id)
            case nil: break
            }
            e = .instance(id)
            cur.instances.append(id)
        case .func(let id):
            try checkMax(cur.functionCount, ValidationLimits.maxFunctions, "functions")
            cur.funcs.append(id)
        case .value(let t):
            try checkValueSupport()
            try checkMax(cur.values.count, ValidationLimits.maxValues, "values")
            if kind == .export && arena.info(t).containsBorrow {
                throw invalid(.invalidDefinedType, "exported value type cannot contain a `borrow` type")
            }
            cur.values.append((t, kind == .export))
        case .type(let referenced, let created):
            try checkMax(cur.typeCount, ValidationLimits.maxTypes, "types")
            cur.types.append(created)
            if created.kind == .resource {
                switch kind {
                case .import?:
                    if created == referenced { cur.importedResources.set(created.resource, [cur.imports.count]) }
                case .export?:
                    if created == referenced { cur.definedResources.set(created.resource, nil) }
                    cur.explicitResources.set(created.resource, [cur.exports.count])
                case nil:
                    break
                }
            }
        }
        if let name, let kind, !registerNamedTypes(name, kind, e) {
            throw invalid(.typeNotExported, "\(e.desc) not valid to be used as \(kind.desc): "
                          + "a type it uses has no \(kind == .import ? "imported" : "exported or imported") name")
        }
    }

    /// Checks that every record, variant, enum, flags and resource type `e` uses is named by an
    /// import (or, for exports, an import or export), and records the names `e` introduces.
    func registerNamedTypes(_ name: String?, _ kind: ExternKind, _ e: Entity) -> Bool {
        if case .type(let referenced, _) = e, let name, referenced.kind == .defined,
           arena.typeNames[referenced.index] == nil {
            arena.typeNames[referenced.index] = name
        }
        if case .type(_, let created) = e, let name, created.kind == .resource {
            if kind == .import { cur.importedResourceNames.register(name, created) }
            else { cur.exportedResourceNames.register(name, created) }
            if arena.resourceNames[created.resource] == nil { arena.resourceNames[created.resource] = name }
        }
        if cur.kind == .instanceType { return true }
        switch e {
        case .type(let referenced, let created):
            if !allNamed(referenced, kind == .import ? cur.importedTypes : cur.exportedTypes) { return false }
            if kind == .import { cur.importedTypes.insert(created) }
            cur.exportedTypes.insert(created)
            return true
        case .instance(let id):
            for item in arena.instances[id.index].exports.values where !registerNamedTypes(nil, kind, item.entity) {
                return false
            }
            return true
        case .func(let id):
            return allNamed(inFunc: id, kind == .import ? cur.importedTypes : cur.exportedTypes)
        case .value(let v):
            return arena.isNamed(v, in: kind == .import ? cur.importedTypes : cur.exportedTypes)
        case .component, .module:
            return true
        }
    }

    private func allNamed(_ t: TypeRef, _ set: Set<TypeRef>) -> Bool {
        switch t.kind {
        case .resource, .component: return true
        case .defined: return allNamed(inDefined: t, set)
        case .func: return allNamed(inFunc: t, set)
        case .instance: return allNamed(inInstance: t, set)
        }
    }

    private func allNamed(inInstance t: TypeRef, _ set: Set<TypeRef>) -> Bool {
        arena.instances[t.index].exports.values.allSatisfy { item in
            switch item.entity {
            case .module, .component, .value(.primitive): true
            case .func(let f): allNamed(inFunc: f, set)
            case .type(_, let created): allNamed(created, set)
            case .value(.type(let d)): allNamed(inDefined: d, set)
            case .instance(let i): allNamed(inInstance: i, set)
            }
        }
    }

    private func allNamed(inDefined t: TypeRef, _ set: Set<TypeRef>) -> Bool {
        let named = { (v: VT) in self.arena.isNamed(v, in: set) }
        switch arena.defined[t.index].type {
        case .primitive, .flags, .enum: return true
        case .record(let fs): return fs.allSatisfy { named($0.type) }
        case .tuple(let ts): return ts.allSatisfy(named)
        case .variant(let cs): return cs.allSatisfy { $0.type.map(named) ?? true }
        case .result(let ok, let err): return (ok.map(named) ?? true) && (err.map(named) ?? true)
        case .list(let v), .fixedList(let v, _), .option(let v): return named(v)
        case .map(let k, let v): return named(k) && named(v)
        case .own(let r), .borrow(let r): return set.contains(r)
        case .future(let v), .stream(let v): return v.map(named) ?? true
        }
    }

    private func allNamed(inFunc t: TypeRef, _ set: Set<TypeRef>) -> Bool {
        let f = arena.funcs[t.index]
        return f.params.allSatisfy { arena.isNamed($0.type, in: set) } && (f.result.map { arena.isNamed($0, in: set) } ?? true)
    }

    /// Importing an instance type gives its (sub resource) exports fresh identities in this component.
    private func prepareInstanceImport(_ id: inout TypeRef) {
        let inst = arena.instances[id.index]
        if inst.definedResources.isEmpty { return }
        var mapping = Remapping()
        for old in inst.definedResources {
            let new = arena.newResource().resource
            mapping.resources[old] = new
            cur.importedResources.set(new, [cur.imports.count] + (inst.explicitResources[old] ?? []))
        }
        id = arena.push(freshened(inst, &mapping))
    }

    /// Exporting an instance of an instance type (in a type scope) defines its resources here.
    private func prepareInstanceExport(_ id: inout TypeRef) {
        let inst = arena.instances[id.index]
        if !inst.definedResources.isEmpty {
            var mapping = Remapping()
            for old in inst.definedResources {
                let new = arena.newResource().resource
                mapping.resources[old] = new
                cur.definedResources.set(new, nil)
            }
            id = arena.push(freshened(inst, &mapping))
        }
        let explicit = arena.instances[id.index].explicitResources
        for (r, path) in zip(explicit.keys, explicit.values) { cur.explicitResources.set(r, [cur.exports.count] + path) }
    }

    private func freshened(_ inst: InstanceTy, _ mapping: inout Remapping) -> InstanceTy {
        var out = InstanceTy(exports: inst.exports, definedResources: [], explicitResources: OrderedMap(), info: inst.info)
        for i in 0..<out.exports.count {
            var item = out.exports.values[i]
            arena.remap(&item.entity, &mapping)
            out.exports.setValue(at: i, item)
        }
        for (r, path) in zip(inst.explicitResources.keys, inst.explicitResources.values) {
            out.explicitResources.set(mapping.resources[r] ?? r, path)
        }
        return out
    }

    // MARK: Names

    /// Checks an import or export name and its attributes, and records it in `items` (strongly
    /// unique within `names`).
    func validateExtern(
        _ name: ExternName, _ kind: ExternKind, _ e: Entity, items: inout OrderedMap<String, Item>,
        names: inout [String: String], info: inout TypeInfo, context: ResourceNameContext
    ) throws(WasmError) {
        if name.attributes.count > 1 {
            for (code, label) in [(UInt8(0), "implements"), (1, "versionsuffix"), (2, "external-id")]
            where name.attributes.filter({ $0.code == code }).count > 1 {
                throw invalid(.duplicateAttribute, "duplicate '\(label)' option in name `\(name.name)`")
            }
        }
        let parsed: ParsedName, accessor: Accessor?
        do throws(WasmError) {
            (parsed, accessor) = try ExternNameParser.parseWithAccessor(name.name, features: features)
        } catch {
            throw invalid(.invalidName, "\(kind.desc) name `\(name.name)` is not a valid extern name: \(error.message)")
        }
        var isInstance = false
        if case .instance = e { isInstance = true }
        if let implements = name.implements {
            try require(.cmImplements, in: features, "`implements` attributes")
            guard case .label = parsed else {
                throw invalid(.invalidName, "name `\(name.name)` is not valid with `implements`")
            }
            if !isInstance { throw invalid(.invalidName, "only instances can have an `implements`") }
            let target: ParsedName
            do throws(WasmError) {
                target = try ExternNameParser.parse(implements, features: features)
            } catch {
                throw invalid(.invalidName, "`\(implements)` is not a valid name: \(error.message)")
            }
            if !target.isInterface { throw invalid(.invalidName, "name `\(implements)` must be an interface") }
        }
        if name.versionSuffix != nil {
            try require(.cmCanonNames, in: features, "`versionsuffix` attributes")
            if !isInstance { throw invalid(.invalidName, "only instances can have a `versionsuffix`") }
        }
        if name.externalId != nil { try require(.cmImplements, in: features, "`external-id` attributes") }
        do throws(WasmError) {
            try checkAnnotations(parsed, suffix: name.versionSuffix, e, context)
            if let accessor { try checkAccessor(accessor, parsed, e) }
        } catch {
            var err = error
            err.message = "\(kind.desc) name `\(name.name)` is not valid: \(err.message)"
            throw err
        }
        if accessor == .set { try checkSetterPairs(name.name, e, kind, items) }
        let key = ParsedName.uniquenessKey(name.name, parsed, accessor: accessor)
        if let prev = names[key] {
            throw invalid(.nameConflict, "\(kind.desc) name `\(name.name)` conflicts with previous name `\(prev)`")
        }
        names[key] = name.name
        let item = Item(entity: e, implements: name.implements, versionSuffix: name.versionSuffix, externalId: name.externalId)
        if !items.insertNew(name.name, item) {
            throw invalid(.nameConflict, "\(kind.desc) name `\(name.name)` conflicts with previous name `\(name.name)`")
        }
        try info.combine(arena.info(e))
    }

    /// 📡 The function shape of an accessor (wasm-tools' words): a getter takes nothing (but `self` for a
    /// `[method]`) and returns a value, or a `result` with one; a setter takes one value (after `self`) and
    /// returns nothing or a `result` without a value; neither is async.
    private func checkAccessor(_ accessor: Accessor, _ name: ParsedName, _ e: Entity) throws(WasmError) {
        guard case .func(let fi) = e else { throw invalid(.sortMismatch, "item is not a func") }
        let f = arena.funcs[fi.index]
        let role = accessor == .get ? "getter" : "setter"
        if f.isAsync { throw invalid(.invalidName, "\(role) function cannot be async") }
        var params = f.params.count, besides = ""
        if case .method = name { params -= 1; besides = " besides `self`" }
        func resultType(_ v: VT?) -> (ok: VT?, isResult: Bool) {
            guard case .type(let t)? = v, case .result(let ok, _) = arena.defined[t.index].type else { return (v, false) }
            return (ok, true)
        }
        switch accessor {
        case .get:
            if params != 0 { throw invalid(.invalidName, "getter function should have no parameters\(besides)") }
            guard f.result != nil else { throw invalid(.invalidName, "getter function should return a value") }
            let r = resultType(f.result)
            if r.isResult && r.ok == nil {
                throw invalid(.invalidName, "if a getter function returns a result, that result must have a value type")
            }
        case .set:
            if params != 1 { throw invalid(.invalidName, "setter function should have exactly one parameter\(besides)") }
            if let result = f.result {
                let r = resultType(result)
                if !r.isResult || r.ok != nil {
                    throw invalid(.invalidName, "setter function should return nothing or `(result (error $E)?)`")
                }
            }
        }
    }

    /// A `[set]` name needs its `[get]` before it, in the same list of imports or exports, and its parameter
    /// has the type of the getter's value (its result, or the value of a `result` it returns).
    private func checkSetterPairs(_ setter: String, _ e: Entity, _ kind: ExternKind, _ items: OrderedMap<String, Item>)
        throws(WasmError)
    {
        // `[set]` comes first or right after `[method]` / `[static]` (both 8 characters).
        let head = setter.hasPrefix("[set]") ? "" : String(setter.prefix(8))
        let getter = head + "[get]" + setter.dropFirst(head.count + 5)
        guard case .func(let g)? = items[getter]?.entity else {
            throw invalid(.invalidName, "\(kind.desc) name `\(setter)` requires a preceding \(kind.desc) named `\(getter)`")
        }
        var got = arena.funcs[g.index].result
        if case .type(let t)? = got, case .result(let ok, _) = arena.defined[t.index].type { got = ok }
        guard case .func(let s) = e, let value = arena.funcs[s.index].params.last?.type, let got,
              (try? arena.check(value, got)) != nil, (try? arena.check(got, value)) != nil
        else {
            throw invalid(.incompatibleType, "\(kind.desc) `\(setter)`'s parameter type must match the return type "
                          + "of `\(getter)`")
        }
    }

    /// The type rules of annotated names and the version rules of interface names.
    private func checkAnnotations(_ name: ParsedName, suffix: String?, _ e: Entity, _ context: ResourceNameContext)
        throws(WasmError)
    {
        func function() throws(WasmError) -> FuncTy {
            guard case .func(let f) = e else { throw invalid(.sortMismatch, "item is not a func") }
            return arena.funcs[f.index]
        }
        func resourceName(_ r: TypeRef, _ expected: String) throws(WasmError) {
            guard let known = context.names[r] else {
                throw invalid(.typeNotExported, "resource used in function does not have a name in this context")
            }
            if known != expected {
                throw invalid(.invalidName, "function does not match expected resource name `\(known)`")
            }
        }
        switch name {
        case .label:
            break
        case .interface(let i):
            try checkInterfaceVersion(i, suffix: suffix, features: features)
        case .constructor(let r):
            let f = try function()
            if f.isAsync { throw invalid(.invalidName, "constructor function cannot be async") }
            guard let result = f.result else { throw invalid(.invalidName, "function should return one value") }
            var resource: TypeRef?
            if case .type(let t) = result {
                switch arena.defined[t.index].type {
                case .own(let id): resource = id
                case .result(ok: .type(let ok)?, _):
                    if case .own(let id) = arena.defined[ok.index].type { resource = id }
                default: break
                }
            }
            guard let resource else {
                throw invalid(.invalidName, "function should return `(own $T)` or `(result (own $T))`")
            }
            try resourceName(resource, r)
        case .method(let r, _):
            let f = try function()
            guard let first = f.params.first else {
                throw invalid(.invalidName, "function should have at least one argument")
            }
            if first.name != "self" { throw invalid(.invalidName, "function should have a first argument called `self`") }
            guard case .type(let t) = first.type, case .borrow(let id) = arena.defined[t.index].type else {
                throw invalid(.invalidName, "function should take a first argument of `(borrow $T)`")
            }
            try resourceName(id, r)
        case .static(let r, _):
            _ = try function()
            if !context.allNames.contains(r) {
                throw invalid(.invalidName, "static resource name is not known in this context")
            }
        }
    }
}
