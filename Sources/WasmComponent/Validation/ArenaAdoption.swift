import WasmBinary

// Taking a component type worked out by another validation into this arena: how the composed shell is
// checked around inputs that were validated already (each input once), instead of validating each
// input's interface a second time inside the shell.
//
// The other arena is copied whole, in index order: every type keeps its position relative to its own
// kind (shifted by this arena's count of that kind), every resource and alias number is shifted past
// this arena's, so identities stay distinct from this run's and equal among themselves. This is linear,
// needs no recursion, and yields exactly the types the other validation produced. A component type is
// a closed term (a standalone validation has no outer scope), so nothing in it refers to this run.
//
// Core module types are not taken (their entities name canonical ids of the other run's core type store,
// which this run's store does not share): when the other arena holds any module entity, adoption declines
// and the caller validates the component itself.

extension TypeArena {
    /// `root` of `source` (a component type), copied into this arena; nil when `source` has core module
    /// types (see above). This arena is unchanged when nil is returned.
    func adopt(component root: TypeRef, from source: TypeArena) -> TypeRef? {
        guard root.kind == .component, root.index < source.components.count else { return nil }
        let shift = Shift(defined: defined.count, funcs: funcs.count, instances: instances.count,
                          components: components.count, resources: nextResource, aliases: nextAlias)
        let start = checkpoint()
        do {
            for d in source.defined { defined.append(shift.map(d)) }
            for f in source.funcs { funcs.append(shift.map(f)) }
            for i in source.instances { instances.append(try shift.map(i)) }
            for c in source.components { components.append(try shift.map(c)) }
        } catch {
            rollback(to: start)
            return nil
        }
        for (r, name) in source.resourceNames { resourceNames[shift.map(r)] = name }
        for (i, name) in source.typeNames { typeNames[i + shift.defined] = name }
        nextResource += source.nextResource
        nextAlias += source.nextAlias
        return shift.map(root)
    }

    /// Whether any instance or component type here has a core module import or export (then `adopt`
    /// declines).
    var hasModuleTypes: Bool {
        func isModule(_ item: Item) -> Bool { if case .module = item.entity { true } else { false } }
        return instances.contains { $0.exports.values.contains(where: isModule) }
            || components.contains { $0.imports.values.contains(where: isModule) || $0.exports.values.contains(where: isModule) }
    }
}

extension ValidatedComponent {
    /// Whether a validation can take this component's type as that of a nested component (see
    /// `ComponentValidator.validated(_:checkingFunctionBodies:given:)`) instead of validating it.
    package var isAdoptable: Bool { !arena.hasModuleTypes }
}

/// The renumbering of one adoption.
private struct Shift {
    let defined, funcs, instances, components, resources, aliases: Int

    /// Thrown (and caught by `adopt`) when a core module type is met.
    struct ModuleMet: Error {}

    func map(_ r: ResourceID) -> ResourceID { ResourceID(raw: r.raw + resources) }

    func map(_ t: TypeRef) -> TypeRef {
        var t = t
        switch t.kind {
        case .defined: t.index += defined
        case .func: t.index += funcs
        case .instance: t.index += instances
        case .component: t.index += components
        case .resource: t.index += resources
        }
        if t.alias != 0 { t.alias += aliases }
        return t
    }

    func map(_ v: VT) -> VT {
        switch v {
        case .primitive: v
        case .type(let t): .type(map(t))
        }
    }

    func map(_ v: VT?) -> VT? { v.map { map($0) } }

    func map(_ e: Entity) throws(ModuleMet) -> Entity {
        switch e {
        case .module: throw ModuleMet()
        case .func(let t): .func(map(t))
        case .value(let v): .value(map(v))
        case .type(let referenced, let created): .type(referenced: map(referenced), created: map(created))
        case .instance(let t): .instance(map(t))
        case .component(let t): .component(map(t))
        }
    }

    func map(_ item: Item) throws(ModuleMet) -> Item {
        var item = item
        item.entity = try map(item.entity)
        return item
    }

    func map(_ paths: OrderedMap<ResourceID, [Int]>) -> OrderedMap<ResourceID, [Int]> {
        var m = OrderedMap<ResourceID, [Int]>()
        for (r, path) in zip(paths.keys, paths.values) { m.insertNew(map(r), path) }
        return m
    }

    func map(_ d: DefinedTy) -> DefinedTy {
        var d = d
        switch d.type {
        case .primitive, .flags, .enum: break
        case .record(let fs): d.type = .record(fs.map { Field(name: $0.name, type: map($0.type)) })
        case .variant(let cs): d.type = .variant(cs.map { Case(name: $0.name, type: map($0.type)) })
        case .list(let v): d.type = .list(map(v))
        case .fixedList(let v, let n): d.type = .fixedList(map(v), n)
        case .map(let k, let v): d.type = .map(map(k), map(v))
        case .tuple(let ts): d.type = .tuple(ts.map { map($0) })
        case .option(let v): d.type = .option(map(v))
        case .result(let ok, let error): d.type = .result(ok: map(ok), error: map(error))
        case .own(let r): d.type = .own(map(r))
        case .borrow(let r): d.type = .borrow(map(r))
        case .future(let v): d.type = .future(map(v))
        case .stream(let v): d.type = .stream(map(v))
        }
        d.freeResources = d.freeResources.map { map($0) }  // a shift keeps them sorted
        return d
    }

    func map(_ f: FuncTy) -> FuncTy {
        var f = f
        f.params = f.params.map { Field(name: $0.name, type: map($0.type)) }
        f.result = map(f.result)
        return f
    }

    func map(_ i: InstanceTy) throws(ModuleMet) -> InstanceTy {
        var i = i
        i.exports = try i.exports.mapValues { (item) throws(Shift.ModuleMet) in try map(item) }
        i.definedResources = i.definedResources.map { map($0) }
        i.explicitResources = map(i.explicitResources)
        return i
    }

    func map(_ c: ComponentTy) throws(ModuleMet) -> ComponentTy {
        var c = c
        c.imports = try c.imports.mapValues { (item) throws(Shift.ModuleMet) in try map(item) }
        c.exports = try c.exports.mapValues { (item) throws(Shift.ModuleMet) in try map(item) }
        c.importedResources = c.importedResources.map { (map($0.0), $0.1) }
        c.definedResources = c.definedResources.map { (map($0.0), $0.1) }
        c.explicitResources = map(c.explicitResources)
        return c
    }
}
