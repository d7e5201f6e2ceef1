import WasmBinary
import WasmCore
import WasmComponent

// Component types, core types inside components, and aliases, as wasm-tools prints them.

extension Printer {
    /// A core type definition of a component (or of a component/instance type): a rec group or a module type.
    func coreTypeDefinition(_ t: CoreType, _ scopes: inout [ComponentScope]) throws(WasmError) {
        guard let scope = scopes.last else { return }
        switch t {
        case .rec(let g):
            recGroup(scope.core, g, offset: nil, inComponent: true)
        case .module(let decls):
            startGroup("core type ")
            name(scope.core.names.types, UInt32(truncatingIfNeeded: scope.core.types.count))
            moduleType(decls, &scopes)
            endGroup()
            scope.core.types.append(ComponentScope.opaqueCoreType)
        }
    }

    func moduleType(_ decls: [ModuleTypeDeclaration], _ scopes: inout [ComponentScope]) {
        let scope = ComponentScope()
        scopes.append(scope)
        defer { scopes.removeLast() }
        newline(nil)
        startGroup("module")
        for d in decls {
            newline(nil)
            switch d {
            case .type(let g):
                recGroup(scope.core, g, offset: nil, inComponent: false)
            case .outerAlias(let count, let index):
                let outer = outerScope(scopes, count)
                startGroup("alias outer ")
                if let n = outer.name { writeName(n) } else { int(count) }
                w(" ")
                idx(outer.core.names.types, index)
                w(" ")
                startGroup("type ")
                name(scope.core.names.types, UInt32(truncatingIfNeeded: scope.core.types.count))
                endGroup()
                endGroup()
                scope.core.types.append(ComponentScope.opaqueCoreType)
            case .export(let n, let t):
                startGroup("export ")
                str(n)
                w(" ")
                importType(scope.core, t, index: false, paramNames: true)
                endGroup()
            case .import(let i):
                startGroup("import ")
                str(i.module)
                w(" ")
                str(i.name)
                w(" ")
                importType(scope.core, i.type, index: false, paramNames: true)
                endGroup()
            }
        }
        endGroup()
    }

    /// The scope `count` levels out; an invalid count prints wasm-tools' comment and gives an empty scope.
    func outerScope(_ scopes: [ComponentScope], _ count: UInt32) -> ComponentScope {
        guard Int(count) < scopes.count else {
            w("(; invalid outer alias count "); int(count); w(" ;) ")
            return ComponentScope()
        }
        return scopes[scopes.count - Int(count) - 1]
    }

    func componentTypeDefinition(_ t: ComponentType, _ scopes: inout [ComponentScope]) throws(WasmError) {
        guard let scope = scopes.last else { return }
        startGroup("type ")
        name(scope.typeNames, scope.types)
        switch t {
        case .defined(let d):
            w(" ")
            definedType(scope, d)
        case .func(let f):
            w(" ")
            componentFuncType(scope, f)
        case .component(let decls):
            try typeDeclarations(decls, "component", &scopes)
        case .instance(let decls):
            try typeDeclarations(decls, "instance", &scopes)
        case .resource(let rep, let dtor):
            w(" ")
            startGroup("resource ")
            startGroup("rep ")
            valType(scope.core, rep)
            endGroup()
            if let dtor {
                w(" ")
                startGroup("dtor ")
                idx(scope.core.names.funcs, dtor)
                endGroup()
            }
            endGroup()
        }
        endGroup()
        scope.types += 1
    }

    /// The declarators of a component type (`component`) or an instance type (`instance`), in a new scope.
    func typeDeclarations(_ decls: [TypeDeclaration], _ keyword: StaticString, _ scopes: inout [ComponentScope]) throws(WasmError) {
        let scope = ComponentScope()
        scopes.append(scope)
        defer { scopes.removeLast() }
        newline(nil)
        startGroup(keyword)
        for d in decls {
            newline(nil)
            switch d {
            case .coreType(let t): try coreTypeDefinition(t, &scopes)
            case .type(let t): try componentTypeDefinition(t, &scopes)
            case .alias(let a): alias(a, scopes)
            case .export(let n, let t):
                startGroup("export ")
                kindName(scope, t.kind)
                w(" ")
                externName(n)
                w(" ")
                externDesc(scope, t, index: false)
                endGroup()
            case .import(let i):
                componentImport(scope, i, index: true)
            }
        }
        endGroup()
    }

    func componentValType(_ scope: ComponentScope, _ t: ComponentValType) {
        switch t {
        case .primitive(let p): w(p.description)
        case .index(let i): idx(scope.typeNames, i)
        }
    }

    func componentFuncType(_ scope: ComponentScope, _ f: ComponentFuncType) {
        startGroup("func")
        if f.isAsync { w(" async") }
        for p in f.params {
            w(" ")
            startGroup("param ")
            str(p.name)
            w(" ")
            componentValType(scope, p.type)
            endGroup()
        }
        if let r = f.result {
            w(" ")
            startGroup("result ")
            componentValType(scope, r)
            endGroup()
        }
        endGroup()
    }

    func definedType(_ scope: ComponentScope, _ d: DefinedType) {
        func optional(_ keyword: StaticString, _ t: ComponentValType?) {
            startGroup(keyword)
            if let t { w(" "); componentValType(scope, t) }
            endGroup()
        }
        switch d {
        case .primitive(let p): w(p.description)
        case .record(let fields):
            startGroup("record")
            for f in fields {
                w(" ")
                startGroup("field ")
                str(f.name)
                w(" ")
                componentValType(scope, f.type)
                endGroup()
            }
            endGroup()
        case .variant(let cases):
            startGroup("variant")
            for c in cases {
                w(" ")
                startGroup("case ")
                str(c.name)
                if let t = c.type { w(" "); componentValType(scope, t) }
                endGroup()
            }
            endGroup()
        case .list(let t):
            startGroup("list ")
            componentValType(scope, t)
            endGroup()
        case .fixedList(let t, let n):
            startGroup("list ")
            componentValType(scope, t)
            w(" "); int(n)
            endGroup()
        case .map(let k, let v):
            startGroup("map ")
            componentValType(scope, k)
            w(" ")
            componentValType(scope, v)
            endGroup()
        case .tuple(let ts):
            startGroup("tuple")
            for t in ts { w(" "); componentValType(scope, t) }
            endGroup()
        case .flags(let names):
            startGroup("flags")
            for n in names { w(" "); str(n) }
            endGroup()
        case .enum(let names):
            startGroup("enum")
            for n in names { w(" "); str(n) }
            endGroup()
        case .option(let t):
            startGroup("option ")
            componentValType(scope, t)
            endGroup()
        case .result(let ok, let error):
            startGroup("result")
            if let ok { w(" "); componentValType(scope, ok) }
            if let error {
                w(" ")
                startGroup("error ")
                componentValType(scope, error)
                endGroup()
            }
            endGroup()
        case .own(let i):
            startGroup("own ")
            idx(scope.typeNames, i)
            endGroup()
        case .borrow(let i):
            startGroup("borrow ")
            idx(scope.typeNames, i)
            endGroup()
        case .future(let t): optional("future", t)
        case .stream(let t): optional("stream", t)
        }
    }

    /// An alias, in the innermost scope.
    func alias(_ a: Alias, _ scopes: [ComponentScope]) {
        guard let scope = scopes.last else { return }
        switch a {
        case .instanceExport(let kind, let instance, let n):
            startGroup("alias export ")
            idx(scope.instanceNames, instance)
            w(" ")
            str(n)
            w(" ")
            startKindGroup(kind)
            kindName(scope, kind)
            endGroup()
            endGroup()
        case .coreInstanceExport(let sort, let instance, let n):
            startGroup("alias core export ")
            idx(scope.coreInstanceNames, instance)
            w(" ")
            str(n)
            w(" ")
            let s = scope.core
            switch sort {
            case .func: startGroup("core func "); name(s.names.funcs, s.funcs); s.funcs += 1
            case .table: startGroup("core table "); name(s.names.tables, s.tables); s.tables += 1
            case .memory: startGroup("core memory "); name(s.names.memories, s.memories); s.memories += 1
            case .global: startGroup("core global "); name(s.names.globals, s.globals); s.globals += 1
            case .tag: startGroup("core tag "); name(s.names.tags, s.tags); s.tags += 1
            case .type:
                startGroup("core type ")
                name(s.names.types, UInt32(truncatingIfNeeded: s.types.count))
                s.types.append(ComponentScope.opaqueCoreType)
            case .module: startGroup("core module "); name(scope.coreModuleNames, scope.coreModules); scope.coreModules += 1
            case .instance:
                startGroup("core instance ")
                name(scope.coreInstanceNames, scope.coreInstances)
                scope.coreInstances += 1
            }
            endGroup()
            endGroup()
        case .outer(let kind, let count, let index):
            let outer = outerScope(scopes, count)
            startGroup("alias outer ")
            if let n = outer.name { writeName(n) } else { int(count) }
            w(" ")
            switch kind {
            case .coreModule:
                idx(outer.coreModuleNames, index)
                w(" ")
                startGroup("core module ")
                name(scope.coreModuleNames, scope.coreModules)
                scope.coreModules += 1
            case .coreType:
                idx(outer.core.names.types, index)
                w(" ")
                startGroup("core type ")
                name(scope.core.names.types, UInt32(truncatingIfNeeded: scope.core.types.count))
                scope.core.types.append(ComponentScope.opaqueCoreType)
            case .type:
                idx(outer.typeNames, index)
                w(" ")
                startGroup("type ")
                name(scope.typeNames, scope.types)
                scope.types += 1
            case .component:
                idx(outer.componentNames, index)
                w(" ")
                startGroup("component ")
                name(scope.componentNames, scope.components)
                scope.components += 1
            }
            endGroup()
            endGroup()
        }
    }
}
