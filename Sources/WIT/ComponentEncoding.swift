import WasmBinary
import WasmComponent

/// WIT as component-model types (WIT.md "Package Format").
extension Resolve {
    /// The component type a component implementing `world` has: its imports and exports as
    /// instance, function and type declarations (wit-component's `encode_world`).
    public func componentType(of world: WorldID) -> ComponentType {
        var e = TypeEncoder(self)
        e.encodeWorld(world)
        return .component(e.outer.decls)
    }

    /// The import/export name of a world item: a plain name, or the interface's qualified name;
    /// with `(implements …)` for plain-named imports of named interfaces and `(external-id …)`.
    public func externName(_ key: WorldKey, _ item: WorldItem) -> ExternName {
        var implements: String?
        if case .name = key, case .interface(let id, _, _, _, _) = item, interfaces[id.index].name != nil {
            implements = qualifiedName(of: id)
        }
        var ext: String?
        switch item {
        case .interface(_, _, _, _, let e): ext = e
        case .function(let f): ext = f.externalID
        case .type(let t, _): ext = types[t.index].externalID
        }
        return TypeEncoder.name(name(of: key), externalID: ext, implements: implements)
    }

    /// The package as a component that exports one component type per interface and world,
    /// followed by the `package-docs` custom section with docs and feature gates (what
    /// `wasm-tools component wit --wasm` produces, minus its `producers` section).
    public func encodePackage(_ package: PackageID, metadata: Bool = true) -> Component {
        var sections: [ComponentSection] = []
        var typeIndex: UInt32 = 0
        let pkg = packages[package.index]
        for (name, iid) in pkg.interfaces {
            var e = TypeEncoder(self)
            e.encodeInterfaceComponent(iid)
            sections.append(.types([.component(e.outer.decls)]))
            sections.append(.exports([ComponentExport(name: ExternName(name), kind: .type, index: typeIndex)]))
            typeIndex += 2  // the definition, and the export (which adds a type index too)
        }
        for (name, wid) in pkg.worlds {
            let inner = componentType(of: wid)
            let wrapper = ComponentType.component([
                .type(inner),
                .export(name: ExternName(pkg.name.interfaceID(name)), type: .component(0)),
            ])
            sections.append(.types([wrapper]))
            sections.append(.exports([ComponentExport(name: ExternName(name), kind: .type, index: typeIndex)]))
            typeIndex += 2
        }
        if metadata {
            sections.append(.custom(CustomSection(name: PackageMetadata.sectionName,
                                                  data: ByteSlice(copying: PackageMetadata.encode(self, package)))))
        }
        return Component(sections: sections)
    }
}

extension TypeEncoder {
    mutating func encodeWorld(_ id: WorldID) {
        let w = r.worlds[id.index]
        for (key, item) in w.imports {
            let desc: ExternDesc
            switch item {
            case .interface(let iid, _, _, _, _):
                interface = iid
                desc = .instance(encodeInstance(iid))
                add(.import(ComponentImport(name: r.externName(key, item), type: desc)), instances: 1)
            case .function(let f):
                interface = nil
                desc = .func(encodeFuncType(f))
                add(.import(ComponentImport(name: r.externName(key, item), type: desc)))
            case .type(let tid, _):
                interface = nil
                importTypes = true
                _ = encodeValtype(.id(tid))
                importTypes = false
            }
        }
        for (key, item) in w.exports {
            switch item {
            case .interface(let iid, _, _, _, _):
                interface = iid
                let index = encodeInstance(iid)
                add(.export(name: r.externName(key, item), type: .instance(index)), instances: 1)
            case .function(let f):
                interface = nil
                let index = encodeFuncType(f)
                add(.export(name: r.externName(key, item), type: .func(index)))
            case .type:
                break
            }
        }
    }

    /// An interface as a component type: its dependencies imported as instances (all their
    /// types), the interface itself exported.
    mutating func encodeInterfaceComponent(_ id: InterfaceID) {
        var live: [InterfaceID] = []
        var seen: Set<InterfaceID> = []
        // Dependencies first, depth-first, iteratively.
        var stack: [(InterfaceID, [InterfaceID], Int)] = [(id, r.directDependencies(of: id), 0)]
        seen.insert(id)
        while let top = stack.last {
            if top.2 < top.1.count {
                let d = top.1[top.2]
                stack[stack.count - 1].2 += 1
                if seen.insert(d).inserted { stack.append((d, r.directDependencies(of: d), 0)) }
                continue
            }
            stack.removeLast()
            live.append(top.0)
        }
        for iid in live {
            interface = iid
            let name = ExternName(r.qualifiedName(of: iid) ?? "")
            if iid == id {
                let index = encodeInstance(iid)
                add(.export(name: name, type: .instance(index)), instances: 1)
            } else {
                pushInstance()
                for tid in r.interfaces[iid.index].types.values { _ = encodeValtype(.id(tid)) }
                let decls = popInstance()
                let index = outer.typeCount
                add(.type(.instance(decls)), types: 1)
                importMap[iid] = outer.instanceCount
                add(.import(ComponentImport(name: name, type: .instance(index))), instances: 1)
            }
        }
        interface = nil
    }
}
