import WasmBinary
import WasmCore

// Component subtyping (Explainer.md "Type Checking"): modules, instances and components by their
// imports and exports, resources by identity (after substitution), everything else structurally
// and exactly (like wasm-tools, which does not relax value or function types).
//
// `check(a, b)` succeeds when `a` can be used where `b` is expected. A failure is an
// `incompatible-type` error whose path leads to the difference (`export "get"` › `result` › `ok`)
// and whose message says what was expected and what was found.

enum ExternKind {
    case `import`, export
    var desc: String { self == .import ? "import" : "export" }
}

extension TypeArena {
    func check(_ a: Entity, _ b: Entity) throws(WasmError) {
        switch (a, b) {
        case (.module(let x), .module(let y)): try checkModule(x, y)
        case (.func(let x), .func(let y)): try checkFunc(x, y)
        case (.value(let x), .value(let y)): try check(x, y)
        case (.type(let x, _), .type(let y, _)): try checkType(x, y)
        case (.instance(let x), .instance(let y)): try checkInstance(x, y)
        case (.component(let x), .component(let y)): try checkComponent(x, y)
        default: throw mismatch("expected \(b.desc), found \(a.desc)")
        }
    }

    func mismatch(_ message: String) -> WasmError { invalid(.incompatibleType, message) }

    /// Type (index space) subtyping: resources by identity, the rest by structure.
    func checkType(_ a: TypeRef, _ b: TypeRef) throws(WasmError) {
        switch (a.kind, b.kind) {
        case (.resource, .resource):
            if a.resource != b.resource { throw mismatch("resource types are not the same") }
        case (.defined, .defined): try checkDefined(a, b)
        case (.func, .func): try checkFunc(a, b)
        case (.instance, .instance): try checkInstance(a, b)
        case (.component, .component): try checkComponent(a, b)
        default: throw mismatch("expected \(b.desc), found \(a.desc)")
        }
    }

    func checkComponent(_ a: TypeRef, _ b: TypeRef) throws(WasmError) {
        // b's imports must satisfy a's imports; a's exports (with b's imported resources
        // substituted) must satisfy b's exports.
        var bImports = OrderedMap<String, Entity>()
        for (k, v) in zip(components[b.index].imports.keys, components[b.index].imports.values) { bImports.set(k, v.entity) }
        var importMapping = try openInstanceType(bImports, a, .import)
        let cp = checkpoint()
        defer { rollback(to: cp) }
        var aExports = OrderedMap<String, Entity>()
        let ac = components[a.index]
        for (k, v) in zip(ac.exports.keys, ac.exports.values) {
            var e = v.entity
            remap(&e, &importMapping)
            aExports.set(k, e)
        }
        _ = try openInstanceType(aExports, b, .export)
    }

    func checkInstance(_ a: TypeRef, _ b: TypeRef) throws(WasmError) {
        let ai = instances[a.index], bi = instances[b.index]
        var pairs: [(String, Entity, Entity)] = []
        for (k, item) in zip(bi.exports.keys, bi.exports.values) {
            guard let found = ai.exports[k] else { throw mismatch("missing expected export `\(k)`") }
            pairs.append((k, found.entity, item.entity))
        }
        for (k, x, y) in pairs {
            try withFrame(.member(y.desc, k)) { () throws(WasmError) in try check(x, y) }
        }
    }

    /// Function types must be equal (wasm-tools does not relax function subtyping).
    func checkFunc(_ a: TypeRef, _ b: TypeRef) throws(WasmError) {
        let fa = funcs[a.index], fb = funcs[b.index]
        if fa.isAsync != fb.isAsync {
            throw mismatch("expected \(fb.isAsync ? "async" : "sync") function, found \(fa.isAsync ? "async" : "sync") function")
        }
        if fa.params.count != fb.params.count {
            throw mismatch("expected \(fb.params.count) parameters, found \(fa.params.count)")
        }
        for (pa, pb) in zip(fa.params, fb.params) {
            if pa.name != pb.name { throw mismatch("expected parameter named `\(pb.name)`, found `\(pa.name)`") }
            try withFrame(.quoted("param", pa.name)) { () throws(WasmError) in try check(pa.type, pb.type) }
        }
        switch (fa.result, fb.result) {
        case (let x?, let y?): try withFrame(.text("result")) { () throws(WasmError) in try check(x, y) }
        case (nil, nil): break
        case (_?, nil): throw mismatch("expected no result, found one")
        case (nil, _?): throw mismatch("expected a result, found none")
        }
    }

    /// Module subtyping: imports contravariant (may import less), exports covariant (may export more).
    func checkModule(_ a: Int, _ b: Int) throws(WasmError) {
        let ma = core.modules[a], mb = core.modules[b]
        for (k, x) in zip(ma.imports.keys, ma.imports.values) {
            guard let y = mb.imports[k] else { throw mismatch("missing expected import `\(k.module)::\(k.name)`") }
            try withFrame(.text("import \"\(k.module)\" \"\(k.name)\"")) { () throws(WasmError) in try core.checkEntity(y, x) }
        }
        for (k, y) in zip(mb.exports.keys, mb.exports.values) {
            guard let x = ma.exports[k] else { throw mismatch("missing expected export `\(k)`") }
            try withFrame(.quoted("export", k)) { () throws(WasmError) in try core.checkEntity(x, y) }
        }
    }

    func check(_ a: VT, _ b: VT) throws(WasmError) {
        switch (a, b) {
        case (.primitive(let x), .primitive(let y)):
            if x != y { throw mismatch("expected \(y), found \(x)") }
        case (.type(let x), .type(let y)):
            try checkDefined(x, y)
        case (.primitive(let x), .type(let y)):
            guard case .primitive(let p) = defined[y.index].type else {
                throw mismatch("expected \(describe(b)), found \(x)")
            }
            if x != p { throw mismatch("expected \(p), found \(x)") }
        case (.type(let x), .primitive(let y)):
            guard case .primitive(let p) = defined[x.index].type else {
                throw mismatch("expected \(y), found \(describe(a))")
            }
            if p != y { throw mismatch("expected \(y), found \(p)") }
        }
    }

    private func checkOptional(_ a: VT?, _ b: VT?, _ what: String) throws(WasmError) {
        switch (a, b) {
        case (nil, nil): break
        case (let x?, let y?): try withFrame(.text(what)) { () throws(WasmError) in try check(x, y) }
        case (nil, _?): throw mismatch("expected \(what) type, but found none")
        case (_?, nil): throw mismatch("expected \(what) type to not be present")
        }
    }

    func checkDefined(_ a: TypeRef, _ b: TypeRef) throws(WasmError) {
        let pair = a.index << 32 | b.index
        if a.index == b.index || verifiedPairs.contains(pair) { return }
        try checkDefinedStructure(a, b)
        verifiedPairs.insert(pair)
    }

    private func checkDefinedStructure(_ a: TypeRef, _ b: TypeRef) throws(WasmError) {
        let x = defined[a.index].type, y = defined[b.index].type
        switch (x, y) {
        case (.primitive(let p), .primitive(let q)):
            if p != q { throw mismatch("expected \(q), found \(p)") }
        case (.record(let fa), .record(let fb)):
            if fa.count != fb.count { throw mismatch("expected \(fb.count) fields, found \(fa.count)") }
            for (f, g) in zip(fa, fb) {
                if f.name != g.name { throw mismatch("expected field name `\(g.name)`, found `\(f.name)`") }
                try withFrame(.quoted("field", f.name)) { () throws(WasmError) in try check(f.type, g.type) }
            }
        case (.variant(let ca), .variant(let cb)):
            if ca.count != cb.count { throw mismatch("expected \(cb.count) cases, found \(ca.count)") }
            for (c, d) in zip(ca, cb) {
                if c.name != d.name { throw mismatch("expected case named `\(d.name)`, found `\(c.name)`") }
                switch (c.type, d.type) {
                case (let s?, let t?): try withFrame(.quoted("case", c.name)) { () throws(WasmError) in try check(s, t) }
                case (nil, nil): break
                case (nil, _?): throw mismatch("expected case `\(c.name)` to have a type, found none")
                case (_?, nil): throw mismatch("expected case `\(c.name)` to have no type")
                }
            }
        case (.list(let s), .list(let t)):
            try withFrame(.text("list element")) { () throws(WasmError) in try check(s, t) }
        case (.option(let s), .option(let t)):
            try withFrame(.text("option")) { () throws(WasmError) in try check(s, t) }
        case (.map(let ka, let va), .map(let kb, let vb)):
            try withFrame(.text("map key")) { () throws(WasmError) in try check(ka, kb) }
            try withFrame(.text("map value")) { () throws(WasmError) in try check(va, vb) }
        case (.fixedList(let s, let n), .fixedList(let t, let m)):
            if n != m { throw mismatch("expected fixed-length \(m), found size \(n)") }
            try withFrame(.text("list element")) { () throws(WasmError) in try check(s, t) }
        case (.tuple(let ta), .tuple(let tb)):
            if ta.count != tb.count { throw mismatch("expected \(tb.count) types, found \(ta.count)") }
            for (i, (s, t)) in zip(ta, tb).enumerated() {
                try withFrame(.item("tuple field", i)) { () throws(WasmError) in try check(s, t) }
            }
        case (.flags(let la), .flags(let lb)):
            if la != lb { throw mismatch("mismatch in flags elements: expected \(describe(defined: b)), found \(describe(defined: a))") }
        case (.enum(let la), .enum(let lb)):
            if la != lb { throw mismatch("mismatch in enum elements: expected \(describe(defined: b)), found \(describe(defined: a))") }
        case (.result(let oa, let ea), .result(let ob, let eb)):
            try checkOptional(oa, ob, "ok")
            try checkOptional(ea, eb, "err")
        case (.own(let r), .own(let s)), (.borrow(let r), .borrow(let s)):
            if r.resource != s.resource { throw mismatch("resource types are not the same") }
        case (.future(let s), .future(let t)):
            try checkOptional(s, t, "future")
        case (.stream(let s), .stream(let t)):
            try checkOptional(s, t, "stream")
        default:
            throw mismatch("expected \(describe(defined: b)), found \(describe(defined: a))")
        }
    }

    // MARK: Instantiation

    /// Checks that the named items `args` satisfy the imports (or exports) of component type `b`,
    /// and returns the substitution of `b`'s imported (or defined) resources by the supplied ones,
    /// plus the renaming of `b`'s type imports to the types supplied.
    func openInstanceType(_ args: OrderedMap<String, Entity>, _ b: TypeRef, _ kind: ExternKind)
        throws(WasmError) -> Remapping
    {
        try openInstanceType(args, b, kind) { (_, e) throws(WasmError) in throw e }
    }

    /// `openInstanceType` that hands each problem (a missing item or a mismatch, by name) to
    /// `report`, which may throw it or record it and let the check go on.
    func openInstanceType(
        _ args: OrderedMap<String, Entity>, _ b: TypeRef, _ kind: ExternKind,
        report: (String, WasmError) throws(WasmError) -> Void
    ) throws(WasmError) -> Remapping {
        let ct = components[b.index]
        let entities = kind == .import ? ct.imports : ct.exports
        let resources = kind == .import ? ct.importedResources : ct.definedResources
        var mapping = Remapping()
        outer: for (resource, path) in resources {
            guard let first = path.first, first < entities.count else { continue }
            var ty = entities.values[first].entity
            var arg = args[entities.keys[first]]
            for i in path.dropFirst() {
                guard case .instance(let id) = ty, i < instances[id.index].exports.count else { continue outer }
                let inner = instances[id.index].exports
                ty = inner.values[i].entity
                guard case .instance(let aid)? = arg else { continue outer }
                arg = instances[aid.index].exports[inner.keys[i]]?.entity
            }
            if case .type(_, let created)? = arg, created.kind == .resource {
                mapping.resources[resource] = created.resource
            }
        }
        var pairs: [(String, Entity, Entity)] = []
        for (name, item) in zip(entities.keys, entities.values) {
            guard let actual = args[name] else {
                try report(name, invalid(.missingArgument, "missing \(kind.desc) named `\(name)`"))
                continue
            }
            pairs.append((name, actual, item.entity))
        }
        var typeMap: [TypeRef: TypeRef] = [:]
        for (name, actual, expected) in pairs {
            let cp = checkpoint()
            var e = expected
            remap(&e, &mapping)
            mapping.types.removeAll()
            do throws(WasmError) {
                try withFrame(.quoted(kind.desc, name)) { () throws(WasmError) in try check(actual, e) }
            } catch {
                rollback(to: cp)
                try report(name, error)
                continue
            }
            rollback(to: cp)
            registerRenamings(actual: actual, expected: expected, into: &typeMap)
        }
        mapping.types = typeMap
        return mapping
    }

    private func registerRenamings(actual: Entity, expected: Entity, into map: inout [TypeRef: TypeRef]) {
        switch (expected, actual) {
        case (.type(_, let e), .type(_, let a)):
            map[e] = a
        case (.instance(let e), .instance(let a)):
            let ai = instances[a.index]
            for (name, item) in zip(instances[e.index].exports.keys, instances[e.index].exports.values) {
                if let found = ai.exports[name] { registerRenamings(actual: found.entity, expected: item.entity, into: &map) }
            }
        default:
            break
        }
    }
}
