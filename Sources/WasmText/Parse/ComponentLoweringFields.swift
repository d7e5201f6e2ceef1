import WasmBinary
import WasmComponent
import WasmCore

// Component fields → the binary model, one field at a time as `wast` does: the field's inline types are
// hoisted before it, then bundles of exports given as instantiation arguments, then the aliases its
// references need, then the field; exports written inline on definitions come at the end of the component.
// Consecutive items of one kind share a section; the `component-name` section closes each component.

extension ComponentLowering {
    /// Lowers a whole component (the top-level one, or a nested one) to its model.
    mutating func component(_ comp: TComponent, depthAt: Int) throws(TextError) -> Component {
        guard stack.count < Cursor.maxDepth else { throw TextError("nesting too deep", at: depthAt) }
        let scope = TScope(.component, id: comp.name.id)
        stack.append(scope)
        defer { stack.removeLast() }
        var appended: [TExport] = []
        for f in comp.fields { try field(f, &appended) }
        for e in appended { try field(.export(e), &appended) }
        var sections: [ComponentSection] = []
        for item in scope.items { add(item, to: &sections) }
        var names = ComponentNameSection()
        if let n = comp.name.name { names.subsections.append(.component(n)) }
        for s in TSpace.nameOrder where !scope.names[s.rawValue].isEmpty {
            names.subsections.append(.sort(s.sort, scope.names[s.rawValue]))
        }
        if !names.subsections.isEmpty {
            sections.append(.custom(CustomSection(name: ComponentNameSection.sectionName,
                                                  data: ByteSlice(copying: names.encode()))))
        }
        return Component(sections: sections)
    }

    func add(_ item: TItem, to sections: inout [ComponentSection]) {
        let last = sections.last
        switch item {
        case .section(let s): sections.append(s)
        case .coreInstance(let i):
            if case .coreInstances(var l) = last { l.append(i); sections[sections.count - 1] = .coreInstances(l) }
            else { sections.append(.coreInstances([i])) }
        case .coreType(let t):
            if case .coreTypes(var l) = last { l.append(t); sections[sections.count - 1] = .coreTypes(l) }
            else { sections.append(.coreTypes([t])) }
        case .instance(let i):
            if case .instances(var l) = last { l.append(i); sections[sections.count - 1] = .instances(l) }
            else { sections.append(.instances([i])) }
        case .alias(let a):
            if case .aliases(var l) = last { l.append(a); sections[sections.count - 1] = .aliases(l) }
            else { sections.append(.aliases([a])) }
        case .type(let t):
            if case .types(var l) = last { l.append(t); sections[sections.count - 1] = .types(l) }
            else { sections.append(.types([t])) }
        case .canon(let f):
            if case .canons(var l) = last { l.append(f); sections[sections.count - 1] = .canons(l) }
            else { sections.append(.canons([f])) }
        case .import(let i):
            if case .imports(var l) = last { l.append(i); sections[sections.count - 1] = .imports(l) }
            else { sections.append(.imports([i])) }
        case .export(let e):
            if case .exports(var l) = last { l.append(e); sections[sections.count - 1] = .exports(l) }
            else { sections.append(.exports([e])) }
        }
    }

    /// Queues the inline exports of a definition named `name` (given a gensym if it has no `$id`).
    mutating func inlineExports(_ exports: [ExternName], _ name: inout TDefName, _ kind: ComponentExternalKind,
                                _ appended: inout [TExport]) {
        guard !exports.isEmpty else { return }
        name = filled(name)
        for e in exports {
            appended.append(TExport(name: .none(at: name.at), externName: e, kind: kind, item: ref(to: name), type: nil))
        }
    }

    mutating func field(_ f: TField, _ appended: inout [TExport]) throws(TextError) {
        var types: [TTypeField] = []
        var cores: [TCoreTypeField] = []
        var bundles: [TField] = []
        var f = f
        switch f {
        case .coreModule(var name, let exports, let kind):
            inlineExports(exports, &name, .module, &appended)
            if case .import(let imp, let use) = kind {
                var sig = TItemSig(name: TDefName(id: name.id, name: name.id, at: name.at, gen: name.gen), kind: .module(use))
                expand(&sig, &types, &cores)
                f = .import(TImport(name: imp, sig: sig), exports: [])
            } else {
                f = .coreModule(name, exports: [], kind)
            }
        case .coreInstance(let name, .instantiate(let module, var args)):
            for i in args.indices {
                guard case .bundle(let list) = args[i].1 else { continue }
                let g = TDefName(id: nil, name: nil, at: name.at, gen: fresh())
                bundles.append(.coreInstance(g, .bundle(list)))
                args[i].1 = .instance(TCoreRef(index: TIndex(ref: .gen(g.gen ?? 0), at: name.at)))
            }
            f = .coreInstance(name, .instantiate(module: module, args: args))
        case .component(var name, let exports, let kind):
            inlineExports(exports, &name, .component, &appended)
            if case .import(let imp, var use) = kind {
                expandDeclsUse(&use, component: true, &types)
                let sig = TItemSig(name: TDefName(id: name.id, name: name.id, at: name.at, gen: name.gen), kind: .component(use))
                f = .import(TImport(name: imp, sig: sig), exports: [])
            } else {
                f = .component(name, exports: [], kind)
            }
        case .instance(var name, let exports, let kind):
            inlineExports(exports, &name, .instance, &appended)
            switch kind {
            case .import(let imp, var use):
                expandDeclsUse(&use, component: false, &types)
                let sig = TItemSig(name: TDefName(id: name.id, name: name.id, at: name.at, gen: name.gen), kind: .instance(use))
                f = .import(TImport(name: imp, sig: sig), exports: [])
            case .instantiate(let comp, var args):
                for i in args.indices {
                    guard case .bundle(let list) = args[i].1 else { continue }
                    let g = TDefName(id: nil, name: nil, at: name.at, gen: fresh())
                    bundles.append(.instance(g, exports: [], .bundle(list)))
                    args[i].1 = .item(.instance, ref(to: g))
                }
                f = .instance(name, exports: [], .instantiate(component: comp, args: args))
            case .bundle:
                f = .instance(name, exports: [], kind)
            }
        case .alias(let a, let exports):
            var name = a.name
            inlineExports(exports, &name, .func, &appended)
            f = .alias(TAlias(name: name, target: a.target), exports: [])
        case .type(var t):
            expand(&t.def, &types)
            t.name = filled(t.name)
            for e in t.exports {
                appended.append(TExport(name: .none(at: t.name.at), externName: e, kind: .type, item: ref(to: t.name), type: nil))
            }
            t.exports = []
            f = .type(t)
        case .canon(var name, var canon, let exports):
            inlineExports(exports, &name, .func, &appended)
            switch canon {
            case .lift(let core, let options, var use):
                expandFuncUse(&use, &types)
                canon = .lift(coreFunc: core, options: options, type: use)
            case .core(let op, let at, var args):
                for i in args.indices {
                    if case .result(var t) = args[i] { expand(&t, &types); args[i] = .result(t) }
                }
                canon = .core(opcode: op, at: at, args: args)
            }
            f = .canon(name, canon, exports: [])
        case .import(var imp, let exports):
            inlineExports(exports, &imp.sig.name, .func, &appended)
            expand(&imp.sig, &types, &cores)
            f = .import(imp, exports: [])
        case .export(var e):
            if var sig = e.type {
                expand(&sig, &types, &cores)
                e.type = sig
            }
            f = .export(e)
        case .coreInstance, .coreType, .start, .custom: break
        }
        for t in cores { try coreTypeField(t) }
        for t in types { try typeField(t) }
        for b in bundles { try resolved(b) }
        try resolved(f)
    }

    /// A field whose abbreviations are expanded: its references resolved (adding aliases), then the field.
    mutating func resolved(_ f: TField) throws(TextError) {
        let s = current
        switch f {
        case .coreModule(let name, _, .inline(let bytes)):
            s.items.append(.section(.coreModule(CoreModule(bytes: ByteSlice(copying: bytes)))))
            _ = try s.register(.coreModule, name)
        case .coreModule(let name, _, .deferred(let k)):
            guard modules.indices.contains(k) else { throw TextError("internal error: a module was not parsed", at: name.at) }
            s.items.append(.section(.coreModule(CoreModule(bytes: ByteSlice(copying: modules[k])))))
            modules[k] = []
            _ = try s.register(.coreModule, name)
        case .coreModule: throw TextError("internal error: unexpanded core module import", at: 0)
        case .coreInstance(let name, .instantiate(let module, let args)):
            let m = try itemRef(module, .coreModule)
            var out: [CoreInstantiateArg] = []
            for (n, a) in args {
                guard case .instance(let r) = a else { throw TextError("internal error: unexpanded bundle", at: name.at) }
                out.append(CoreInstantiateArg(name: n, instance: try coreRef(r, .coreInstance)))
            }
            s.items.append(.coreInstance(.instantiate(module: m, args: out)))
            _ = try s.register(.coreInstance, name)
        case .coreInstance(let name, .bundle(let list)):
            var out: [CoreInlineExport] = []
            for (n, sort, r) in list {
                out.append(CoreInlineExport(name: n, sort: sort, index: try coreRef(r, TSpace(.core(sort)))))
            }
            s.items.append(.coreInstance(.fromExports(out)))
            _ = try s.register(.coreInstance, name)
        case .coreType(let t): try coreTypeField(t)
        case .component(let name, _, .inline(let comp)):
            let nested = try component(comp, depthAt: name.at)
            s.items.append(.section(.component(nested)))
            _ = try s.register(.component, name)
        case .component: throw TextError("internal error: unexpanded component import", at: 0)
        case .instance(let name, _, .instantiate(let comp, let args)):
            let ci = try itemRef(comp, .component)
            var out: [InstantiateArg] = []
            for (n, a) in args {
                guard case .item(let kind, let r) = a else { throw TextError("internal error: unexpanded bundle", at: name.at) }
                out.append(InstantiateArg(name: n, kind: kind, index: try itemRef(r, TSpace(kind))))
            }
            s.items.append(.instance(.instantiate(component: ci, args: out)))
            _ = try s.register(.instance, name)
        case .instance(let name, _, .bundle(let list)):
            var out: [InlineExport] = []
            for e in list { out.append(InlineExport(name: e.externName, kind: e.kind, index: try itemRef(e.item, TSpace(e.kind)))) }
            s.items.append(.instance(.fromExports(out)))
            _ = try s.register(.instance, name)
        case .instance: throw TextError("internal error: unexpanded instance import", at: 0)
        case .alias(let a, _): try alias(a)
        case .type(let t): try typeField(t)
        case .canon(let name, let canon, _):
            let (lowered, space) = try self.canon(canon)
            s.items.append(.canon(lowered))
            _ = try s.register(space, name)
        case .start(let fn, let args, let results):
            let fi = try resolve(fn, .func)
            var vs: [UInt32] = []
            for a in args { vs.append(try itemRef(a, .value)) }
            s.items.append(.section(.start(ComponentStart(function: fi, arguments: vs, results: UInt32(results.count)))))
            for r in results { _ = try s.register(.value, r) }
        case .import(let imp, _):
            let desc = try externDesc(imp.sig)
            s.items.append(.import(ComponentImport(name: imp.name, type: desc)))
            _ = try s.register(TSpace(desc.kind), imp.sig.name)
        case .export(let e):
            let desc: ExternDesc? = if let sig = e.type { try externDesc(sig) } else { nil }
            let i = try itemRef(e.item, TSpace(e.kind))
            s.items.append(.export(ComponentExport(name: e.externName, kind: e.kind, index: i, type: desc)))
            _ = try s.register(TSpace(e.kind), e.name)
        case .custom(let cs):
            s.items.append(.section(.custom(cs)))
        }
    }

    mutating func alias(_ a: TAlias) throws(TextError) {
        let lowered: Alias
        switch a.target {
        case .export(let inst, let n, let kind):
            lowered = .instanceExport(kind: kind, instance: try resolve(inst, .instance), name: n)
        case .coreExport(let inst, let n, let sort):
            lowered = .coreInstanceExport(sort: sort, instance: try resolve(inst, .coreInstance), name: n)
        case .outer(let outer, let index, let kind):
            let (o, i) = try outerAlias(outer, index, kind)
            lowered = .outer(kind: kind, count: o, index: i)
        }
        _ = try emitAlias(lowered, a.name)
    }

    mutating func externDesc(_ sig: TItemSig) throws(TextError) -> ExternDesc {
        switch sig.kind {
        case .module(.ref(let r)): return .module(try coreRef(r, .coreType))
        case .module(.inline): throw TextError("internal error: unexpanded module type", at: sig.name.at)
        case .func(.ref(let r)): return .func(try itemRef(r, .type))
        case .component(.ref(let r)): return .component(try itemRef(r, .type))
        case .instance(.ref(let r)): return .instance(try itemRef(r, .type))
        case .func(.inline), .component(.inline), .instance(.inline):
            throw TextError("internal error: unexpanded type use", at: sig.name.at)
        case .value(let t): return .value(try valType(t))
        case .type(.eq(let i)): return .type(.eq(try resolve(i, .type)))
        case .type(.subResource): return .type(.subResource)
        }
    }

    /// A type definition in the current scope (a component, or a component or instance type).
    mutating func typeField(_ t: TTypeField) throws(TextError) {
        let lowered: ComponentType
        switch t.def {
        case .defined(let d): lowered = .defined(try definedType(d))
        case .func(let f): lowered = .func(try funcType(f))
        case .component(let decls): lowered = .component(try self.decls(decls, .componentType, id: t.name.id, at: t.name.at))
        case .instance(let decls): lowered = .instance(try self.decls(decls, .instanceType, id: t.name.id, at: t.name.at))
        case .resource(let rep, let dtor):
            lowered = .resource(rep: rep, destructor: try dtor.map { (r) throws(TextError) in try coreRef(r, .coreFunc) })
        }
        let s = current
        if s.kind == .component { s.items.append(.type(lowered)) } else { s.decls.append(.type(lowered)) }
        _ = try s.register(.type, t.name)
    }

    /// The declarations of a component or instance type, in their own scope.
    mutating func decls(_ list: [TDecl], _ kind: TScope.Kind, id: String?, at: Int) throws(TextError) -> [TypeDeclaration] {
        guard stack.count < Cursor.maxDepth else { throw TextError("nesting too deep", at: at) }
        let scope = TScope(kind, id: id)
        stack.append(scope)
        defer { stack.removeLast() }
        for d in list {
            var types: [TTypeField] = []
            var cores: [TCoreTypeField] = []
            var d = d
            switch d {
            case .type(var t): expand(&t.def, &types); d = .type(t)
            case .import(var i): expand(&i.sig, &types, &cores); d = .import(i)
            case .export(let n, var sig): expand(&sig, &types, &cores); d = .export(n, sig)
            case .coreType, .alias: break
            }
            for t in cores { try coreTypeField(t) }
            for t in types { try typeField(t) }
            switch d {
            case .coreType(let t): try coreTypeField(t)
            case .type(let t): try typeField(t)
            case .alias(let a): try alias(a)
            case .import(let i):
                let desc = try externDesc(i.sig)
                scope.decls.append(.import(ComponentImport(name: i.name, type: desc)))
                _ = try scope.register(TSpace(desc.kind), i.sig.name)
            case .export(let n, let sig):
                let desc = try externDesc(sig)
                scope.decls.append(.export(name: n, type: desc))
                _ = try scope.register(TSpace(desc.kind), sig.name)
            }
        }
        return scope.decls
    }
}
