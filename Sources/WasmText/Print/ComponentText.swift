import WasmBinary
import WasmCore
import WasmComponent

/// What the printer knows of one component scope (a component, a component type, an instance type or a
/// core module type): the counter and the names of every index space. Core spaces live in `core`.
final class ComponentScope {
    let core = CoreState()
    var coreModules: UInt32 = 0, coreInstances: UInt32 = 0
    var types: UInt32 = 0, funcs: UInt32 = 0, instances: UInt32 = 0, components: UInt32 = 0, values: UInt32 = 0
    var coreModuleNames = NameSpace("module"), coreInstanceNames = NameSpace("instance")
    var typeNames = NameSpace("type"), funcNames = NameSpace("func"), instanceNames = NameSpace("instance")
    var componentNames = NameSpace("component"), valueNames = NameSpace("value")
    /// The component's own name (subsection 0 of its `component-name` section).
    var name: Naming?

    init() {}

    /// Names from the `component-name` sections of `c` (a malformed one is ignored).
    init(namesOf c: Component) {
        for section in c.customSections(named: ComponentNameSection.sectionName) {
            guard let names = try? ComponentNameSection.decode(section.data) else { continue }
            for sub in names.subsections {
                switch sub {
                case .component(let n):
                    var none: Set<String>? = nil
                    name = Naming(n, index: 0, group: "component", used: &none)
                case .sort(let sort, let assocs):
                    let map = NameMap(assocs.map { NameMap.Entry(index: $0.index, name: $0.name) })
                    switch sort {
                    case .core(.func): core.names.funcs.add(map, group: "core-func")
                    case .core(.table): core.names.tables.add(map, group: "core-table")
                    case .core(.memory): core.names.memories.add(map, group: "core-memory")
                    case .core(.global): core.names.globals.add(map, group: "core-global")
                    case .core(.tag): core.names.tags.add(map, group: "core-tag")
                    case .core(.type): core.names.types.add(map, group: "core-type")
                    case .core(.module): coreModuleNames.add(map, group: "core-module")
                    case .core(.instance): coreInstanceNames.add(map, group: "core-instance")
                    case .type: typeNames.add(map)
                    case .func: funcNames.add(map)
                    case .instance: instanceNames.add(map)
                    case .component: componentNames.add(map)
                    case .value: valueNames.add(map)
                    }
                case .unknown: break
                }
            }
        }
    }

    /// A core type that is not a function type (module types and aliased core types), so that references to
    /// it print as `(type N)` alone.
    static let opaqueCoreType = SubType(composite: CompositeType(.struct([])))
}

extension Printer {
    /// Prints the component in `bytes`, nested components and core modules included.
    func component(_ bytes: ByteSlice) throws(WasmError) {
        let c = try Component.decode(bytes, options: ComponentDecodeOptions(mode: .shallow))
        var scopes: [ComponentScope] = []
        try component(c, &scopes)
    }

    /// The error for a construct the printer does not print yet: `not supported yet: <what>`, exit 2.
    static func unsupported(_ what: String) -> WasmError {
        WasmError(.usage, "not supported yet: " + what, offset: nil, kind: .usage)
    }

    func component(_ c: Component, _ scopes: inout [ComponentScope]) throws(WasmError) {
        let scope = ComponentScope(namesOf: c)
        startGroup("component")
        if let parent = scopes.last {
            w(" ")
            name(parent.componentNames, parent.components)
        } else if let n = scope.name {
            w(" ")
            writeName(n)
        }
        scopes.append(scope)
        defer { scopes.removeLast() }
        let layout = c.layout
        for (k, section) in c.sections.enumerated() {
            let l = layout.flatMap { k < $0.count ? $0[k] : nil }
            let at = l?.contents.lowerBound
            func item(_ i: Int) -> Int? {
                guard let l, i < l.itemOffsets.count else { return nil }
                return l.itemOffsets[i]
            }
            switch section {
            case .custom(let cs):
                try componentCustomSection(scope, cs, offset: at)
            case .coreModule(let m):
                newline(at)
                try module(m.bytes) { self.name(scope.coreModuleNames, scope.coreModules) }
                scope.coreModules += 1
                // Printed: its pages need not stay resident (bounded memory for large components).
                m.bytes.storage.dropPages(m.bytes.range)
            case .component(let inner):
                newline(at)
                try component(inner, &scopes)
                scope.components += 1
            case .coreInstances(let list):
                for (i, inst) in list.enumerated() { coreInstance(scope, inst, offset: item(i)) }
            case .coreTypes(let list):
                for (i, t) in list.enumerated() {
                    newline(item(i))
                    try coreTypeDefinition(t, &scopes)
                }
            case .instances(let list):
                for (i, inst) in list.enumerated() { componentInstance(scope, inst, offset: item(i)) }
            case .aliases(let list):
                for (i, a) in list.enumerated() {
                    newline(item(i))
                    alias(a, scopes)
                }
            case .types(let list):
                for (i, t) in list.enumerated() {
                    newline(item(i))
                    try componentTypeDefinition(t, &scopes)
                }
            case .canons(let list):
                for (i, f) in list.enumerated() {
                    newline(item(i))
                    canon(scope, f)
                }
            case .start(let s):
                newline(at)
                start(scope, s)
            case .imports(let list):
                for (i, imp) in list.enumerated() {
                    newline(item(i))
                    componentImport(scope, imp, index: true)
                }
            case .exports(let list):
                for (i, e) in list.enumerated() {
                    newline(item(i))
                    componentExport(scope, e)
                }
            case .values:
                throw Printer.unsupported("component value sections")
            }
            try out.maybeFlush()
        }
        endGroup(at: c.originalBytes?.range.upperBound ?? 0)
    }

    /// A custom section inside a component: as in a module, without the `(after ...)` place.
    func componentCustomSection(_ scope: ComponentScope, _ c: WasmComponent.CustomSection, offset: Int?) throws(WasmError) {
        try customSection(scope.core, WasmCore.CustomSection(name: c.name, content: c.data), offset: offset, withPlace: false)
    }

    func coreInstance(_ scope: ComponentScope, _ inst: CoreInstance, offset: Int?) {
        newline(offset)
        startGroup("core instance ")
        name(scope.coreInstanceNames, scope.coreInstances)
        switch inst {
        case .instantiate(let m, let args):
            w(" ")
            startGroup("instantiate ")
            idx(scope.coreModuleNames, m)
            for a in args {
                newline(offset)
                startGroup("with ")
                str(a.name)
                w(" ")
                startGroup("instance ")
                idx(scope.coreInstanceNames, a.instance)
                endGroup()
                endGroup()
            }
            endGroup()
        case .fromExports(let exports):
            for e in exports {
                newline(offset)
                startGroup("export ")
                str(e.name)
                w(" ")
                coreSortRef(scope.core, e.sort, e.index)
                endGroup()
            }
        }
        scope.coreInstances += 1
        endGroup()
    }

    /// `(func i)`, `(table i)`, ... as a core export names them.
    func coreSortRef(_ s: CoreState, _ sort: CoreSort, _ i: UInt32) {
        switch sort {
        case .func: startGroup("func "); idx(s.names.funcs, i)
        case .table: startGroup("table "); idx(s.names.tables, i)
        case .memory: startGroup("memory "); idx(s.names.memories, i)
        case .global: startGroup("global "); idx(s.names.globals, i)
        case .tag: startGroup("tag "); int(i)
        case .type: startGroup("type "); idx(s.names.types, i)
        case .module: startGroup("module "); int(i)
        case .instance: startGroup("instance "); int(i)
        }
        endGroup()
    }

    func componentInstance(_ scope: ComponentScope, _ inst: ComponentInstance, offset: Int?) {
        newline(offset)
        startGroup("instance ")
        name(scope.instanceNames, scope.instances)
        scope.instances += 1
        switch inst {
        case .instantiate(let c, let args):
            w(" ")
            startGroup("instantiate ")
            idx(scope.componentNames, c)
            for a in args {
                newline(offset)
                startGroup("with ")
                str(a.name)
                w(" ")
                externalKindRef(scope, a.kind, a.index)
                endGroup()
            }
            endGroup()
        case .fromExports(let exports):
            for e in exports {
                newline(offset)
                startGroup("export ")
                externName(e.name)
                w(" ")
                externalKindRef(scope, e.kind, e.index)
                endGroup()
            }
        }
        endGroup()
    }

    func startKindGroup(_ kind: ComponentExternalKind) {
        switch kind {
        case .module: startGroup("core module ")
        case .component: startGroup("component ")
        case .instance: startGroup("instance ")
        case .func: startGroup("func ")
        case .value: startGroup("value ")
        case .type: startGroup("type ")
        }
    }

    /// `(func i)`, `(core module i)`, ...: a reference to an item of `kind`.
    func externalKindRef(_ scope: ComponentScope, _ kind: ComponentExternalKind, _ i: UInt32) {
        startKindGroup(kind)
        switch kind {
        case .module: idx(scope.coreModuleNames, i)
        case .component: idx(scope.componentNames, i)
        case .instance: idx(scope.instanceNames, i)
        case .func: idx(scope.funcNames, i)
        case .value: idx(scope.valueNames, i)
        case .type: idx(scope.typeNames, i)
        }
        endGroup()
    }

    /// The name and `(;N;)` of the next item of `kind`, which it then counts.
    func kindName(_ scope: ComponentScope, _ kind: ComponentExternalKind) {
        switch kind {
        case .func: name(scope.funcNames, scope.funcs); scope.funcs += 1
        case .module: name(scope.coreModuleNames, scope.coreModules); scope.coreModules += 1
        case .value: name(scope.valueNames, scope.values); scope.values += 1
        case .type: name(scope.typeNames, scope.types); scope.types += 1
        case .instance: name(scope.instanceNames, scope.instances); scope.instances += 1
        case .component: name(scope.componentNames, scope.components); scope.components += 1
        }
    }

    func externName(_ n: ExternName) {
        str(n.name)
        if let s = n.implements { w(" "); startGroup("implements "); str(s); endGroup() }
        if let s = n.versionSuffix { w(" "); startGroup("version-suffix "); str(s); endGroup() }
        if let s = n.externalId { w(" "); startGroup("external-id "); str(s); endGroup() }
    }

    func componentImport(_ scope: ComponentScope, _ imp: ComponentImport, index: Bool) {
        startGroup("import ")
        externName(imp.name)
        w(" ")
        externDesc(scope, imp.type, index: index)
        endGroup()
    }

    func componentExport(_ scope: ComponentScope, _ e: ComponentExport) {
        startGroup("export ")
        kindName(scope, e.kind)
        w(" ")
        externName(e.name)
        w(" ")
        externalKindRef(scope, e.kind, e.index)
        if let t = e.type {
            w(" ")
            externDesc(scope, t, index: false)
        }
        endGroup()
    }

    /// The type of an import or export; `index`: the item is defined here (named and counted).
    func externDesc(_ scope: ComponentScope, _ t: ExternDesc, index: Bool) {
        switch t {
        case .module(let i):
            startGroup("core module ")
            if index { name(scope.coreModuleNames, scope.coreModules); w(" "); scope.coreModules += 1 }
            typeRef(scope.core, i)
        case .func(let i):
            startGroup("func ")
            if index { name(scope.funcNames, scope.funcs); w(" "); scope.funcs += 1 }
            componentTypeRef(scope, i)
        case .value(let v):
            startGroup("value ")
            if index { name(scope.valueNames, scope.values); w(" "); scope.values += 1 }
            switch v {
            case .primitive(let p): w(p.description)
            case .index(let i): componentTypeRef(scope, i)
            }
        case .type(let bound):
            startGroup("type ")
            if index { name(scope.typeNames, scope.types); w(" "); scope.types += 1 }
            switch bound {
            case .eq(let i):
                startGroup("eq ")
                idx(scope.typeNames, i)
                endGroup()
            case .subResource:
                startGroup("sub ")
                w("resource")
                endGroup()
            }
        case .instance(let i):
            startGroup("instance ")
            if index { name(scope.instanceNames, scope.instances); w(" "); scope.instances += 1 }
            componentTypeRef(scope, i)
        case .component(let i):
            startGroup("component ")
            if index { name(scope.componentNames, scope.components); w(" "); scope.components += 1 }
            componentTypeRef(scope, i)
        }
        endGroup()
    }

    func componentTypeRef(_ scope: ComponentScope, _ i: UInt32) {
        startGroup("type ")
        idx(scope.typeNames, i)
        endGroup()
    }

    func start(_ scope: ComponentScope, _ s: ComponentStart) {
        startGroup("start ")
        idx(scope.funcNames, s.function)
        for a in s.arguments {
            w(" ")
            startGroup("value ")
            idx(scope.valueNames, a)
            endGroup()
        }
        for _ in 0..<s.results {
            w(" ")
            startGroup("result ")
            startGroup("value ")
            name(scope.valueNames, scope.values)
            endGroup()
            endGroup()
            scope.values += 1
        }
        endGroup()
    }
}
