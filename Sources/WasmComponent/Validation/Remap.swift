import WasmBinary
import WasmCore

// Substitution of resources (instantiation, subtyping, freshening of instance types), the free
// resource variables of a type, and "is every record/variant/enum/flags/resource named" checks.

/// A substitution: resources to resources, and (as a cache, or for type imports supplied by
/// instantiation) types to types.
struct Remapping {
    var resources: [ResourceID: ResourceID] = [:]
    var types: [TypeRef: TypeRef] = [:]
}

extension TypeArena {
    /// Applies `map` to `e`; returns whether anything changed.
    @discardableResult
    func remap(_ e: inout Entity, _ map: inout Remapping) -> Bool {
        switch e {
        case .module:
            return false
        case .func(var t):
            let c = remapType(&t, &map)
            e = .func(t)
            return c
        case .instance(var t):
            let c = remapType(&t, &map)
            e = .instance(t)
            return c
        case .component(var t):
            let c = remapType(&t, &map)
            e = .component(t)
            return c
        case .value(var v):
            let c = remap(&v, &map)
            e = .value(v)
            return c
        case .type(var referenced, var created):
            let same = referenced == created
            var changed = remapType(&referenced, &map)
            if same { created = referenced } else { changed = remapType(&created, &map) || changed }
            e = .type(referenced: referenced, created: created)
            return changed
        }
    }

    @discardableResult
    func remap(_ v: inout VT, _ map: inout Remapping) -> Bool {
        guard case .type(var t) = v else { return false }
        let c = remapType(&t, &map)
        v = .type(t)
        return c
    }

    private func remap(_ v: inout VT?, _ map: inout Remapping) -> Bool {
        guard var x = v else { return false }
        let c = remap(&x, &map)
        v = x
        return c
    }

    /// Applies `map` to any type.
    @discardableResult
    func remapType(_ t: inout TypeRef, _ map: inout Remapping) -> Bool {
        if let new = map.types[t] {
            if new == t { return false }
            t = new
            return true
        }
        switch t.kind {
        case .resource:
            guard let new = map.resources[t.resource] else { return false }
            t.index = new.raw
            return true
        case .defined:
            var d = defined[t.index]
            var changed = false
            switch d.type {
            case .primitive, .flags, .enum:
                break
            case .record(var fs):
                for i in fs.indices { changed = remap(&fs[i].type, &map) || changed }
                d.type = .record(fs)
            case .variant(var cs):
                for i in cs.indices { changed = remap(&cs[i].type, &map) || changed }
                d.type = .variant(cs)
            case .tuple(var ts):
                for i in ts.indices { changed = remap(&ts[i], &map) || changed }
                d.type = .tuple(ts)
            case .list(var v):
                changed = remap(&v, &map)
                d.type = .list(v)
            case .fixedList(var v, let n):
                changed = remap(&v, &map)
                d.type = .fixedList(v, n)
            case .option(var v):
                changed = remap(&v, &map)
                d.type = .option(v)
            case .map(var k, var v):
                changed = remap(&k, &map)
                changed = remap(&v, &map) || changed
                d.type = .map(k, v)
            case .result(var ok, var err):
                changed = remap(&ok, &map)
                changed = remap(&err, &map) || changed
                d.type = .result(ok: ok, error: err)
            case .own(var r):
                changed = remapType(&r, &map)
                d.type = .own(r)
            case .borrow(var r):
                changed = remapType(&r, &map)
                d.type = .borrow(r)
            case .future(var v):
                changed = remap(&v, &map)
                d.type = .future(v)
            case .stream(var v):
                changed = remap(&v, &map)
                d.type = .stream(v)
            }
            if changed { computeLayout(&d) }
            let name = typeNames[t.index]
            return record(&t, &map, changed) {
                let new = push(d)
                if let name { typeNames[new.index] = name }
                return new
            }
        case .func:
            var f = funcs[t.index]
            var changed = false
            for i in f.params.indices { changed = remap(&f.params[i].type, &map) || changed }
            changed = remap(&f.result, &map) || changed
            return record(&t, &map, changed) { push(f) }
        case .instance:
            var inst = instances[t.index]
            var changed = false
            for i in 0..<inst.exports.count {
                var item = inst.exports.values[i]
                if remap(&item.entity, &map) {
                    changed = true
                    inst.exports.setValue(at: i, item)
                }
            }
            for i in inst.definedResources.indices {
                if let new = map.resources[inst.definedResources[i]] {
                    inst.definedResources[i] = new
                    changed = true
                }
            }
            changed = remapKeys(&inst.explicitResources, map) || changed
            return record(&t, &map, changed) { push(inst) }
        case .component:
            var c = components[t.index]
            var changed = false
            for i in 0..<c.imports.count {
                var item = c.imports.values[i]
                if remap(&item.entity, &map) {
                    changed = true
                    c.imports.setValue(at: i, item)
                }
            }
            for i in 0..<c.exports.count {
                var item = c.exports.values[i]
                if remap(&item.entity, &map) {
                    changed = true
                    c.exports.setValue(at: i, item)
                }
            }
            for i in c.importedResources.indices {
                if let new = map.resources[c.importedResources[i].0] {
                    c.importedResources[i].0 = new
                    changed = true
                }
            }
            for i in c.definedResources.indices {
                if let new = map.resources[c.definedResources[i].0] {
                    c.definedResources[i].0 = new
                    changed = true
                }
            }
            changed = remapKeys(&c.explicitResources, map) || changed
            return record(&t, &map, changed) { push(c) }
        }
    }

    /// Records the result of remapping `t` in the cache (pushing the new type when it changed).
    private func record(_ t: inout TypeRef, _ map: inout Remapping, _ changed: Bool, _ push: () -> TypeRef) -> Bool {
        let new = changed ? push() : t
        map.types[t] = new
        let differs = new != t
        t = new
        return differs
    }

    private func remapKeys(_ m: inout OrderedMap<ResourceID, [Int]>, _ map: Remapping) -> Bool {
        guard m.keys.contains(where: { map.resources[$0] != nil }) else { return false }
        var out = OrderedMap<ResourceID, [Int]>()
        for (k, v) in zip(m.keys, m.values) { out.set(map.resources[k] ?? k, v) }
        m = out
        return true
    }

    // MARK: Free variables

    /// Adds every resource `e` refers to but does not itself define.
    func freeVariables(_ e: Entity, into set: inout Set<ResourceID>) {
        switch e {
        case .module: break
        case .func(let t), .instance(let t), .component(let t): freeVariables(t, into: &set)
        case .type(_, let created): freeVariables(created, into: &set)
        case .value(let v): freeVariables(v, into: &set)
        }
    }

    func freeVariables(_ v: VT, into set: inout Set<ResourceID>) {
        if case .type(let t) = v { freeVariables(t, into: &set) }
    }

    func freeVariables(_ t: TypeRef, into set: inout Set<ResourceID>) {
        switch t.kind {
        case .resource:
            set.insert(t.resource)
        case .defined:
            for r in defined[t.index].freeResources { set.insert(r) }
        case .func:
            let f = funcs[t.index]
            for p in f.params { freeVariables(p.type, into: &set) }
            if let r = f.result { freeVariables(r, into: &set) }
        case .instance:
            let inst = instances[t.index]
            for item in inst.exports.values { freeVariables(item.entity, into: &set) }
            for r in inst.definedResources { set.remove(r) }
        case .component:
            let c = components[t.index]
            for item in c.imports.values { freeVariables(item.entity, into: &set) }
            for item in c.exports.values { freeVariables(item.entity, into: &set) }
            for (r, _) in c.importedResources { set.remove(r) }
            for (r, _) in c.definedResources { set.remove(r) }
        }
    }

    // MARK: Named types

    /// Whether the defined type `t` only uses named types where names are required: records,
    /// variants, enums, flags and resources must be in `set`; other types must have named parts.
    func isNamed(_ t: TypeRef, in set: Set<TypeRef>) -> Bool {
        var seen = Set<Int>()
        return isNamed(t, in: set, seen: &seen)
    }

    func isNamed(_ v: VT, in set: Set<TypeRef>) -> Bool {
        var seen = Set<Int>()
        return isNamed(v, in: set, seen: &seen)
    }

    /// `seen`: anonymous types already found to be fine (each is walked once per question).
    private func isNamed(_ t: TypeRef, in set: Set<TypeRef>, seen: inout Set<Int>) -> Bool {
        switch defined[t.index].type {
        case .primitive: return true
        case .flags, .enum, .record, .variant: return set.contains(t)
        case .own(let r), .borrow(let r): return set.contains(r)
        case let d:
            if seen.contains(t.index) { return true }
            var ok = true
            forEachMember(d) { v in if ok && !isNamed(v, in: set, seen: &seen) { ok = false } }
            if ok { seen.insert(t.index) }
            return ok
        }
    }

    private func isNamed(_ v: VT, in set: Set<TypeRef>, seen: inout Set<Int>) -> Bool {
        switch v {
        case .primitive: true
        case .type(let t): isNamed(t, in: set, seen: &seen)
        }
    }
}
