import WasmBinary
import WasmCore

// The vector sections of a component: a count, then the items. Each item is decoded inside a frame
// naming it by its index in its index space ("type 7", "core instance 2") or by its name
// (`export "cache"`), and its start offset is recorded in the section layout.

extension ComponentDecoder {
    func decodeVectorSection(
        id: UInt8, _ r: inout ByteReader, depth: Int, counts: inout IndexCounts, offsets: inout [Int]
    ) throws(WasmError) -> ComponentSection {
        let n = try r.readCount(minimumItemSize: 1, "\(ComponentSection.name(id: id)) item")
        offsets.reserveCapacity(n)
        switch id {
        case 2:
            var items: [CoreInstance] = []
            items.reserveCapacity(n)
            for _ in 0..<n {
                offsets.append(r.position)
                items.append(try withFrame(.item("core instance", counts.coreInstances)) { () throws(WasmError) in
                    try r.readCoreInstance()
                })
                counts.coreInstances += 1
            }
            return .coreInstances(items)
        case 3:
            var items: [CoreType] = []
            items.reserveCapacity(n)
            for _ in 0..<n {
                offsets.append(r.position)
                let t = try withFrame(.item("core type", counts.coreTypes)) { () throws(WasmError) in try r.readCoreType(depth: depth, maxDepth: options.maxDepth) }
                counts.coreTypes += t.indexCount
                items.append(t)
            }
            return .coreTypes(items)
        case 5:
            var items: [ComponentInstance] = []
            items.reserveCapacity(n)
            for _ in 0..<n {
                offsets.append(r.position)
                items.append(try withFrame(.item("instance", counts.instances)) { () throws(WasmError) in
                    try r.readComponentInstance()
                })
                counts.instances += 1
            }
            return .instances(items)
        case 6:
            var items: [Alias] = []
            items.reserveCapacity(n)
            for _ in 0..<n {
                offsets.append(r.position)
                let a = try withFrame(.item("alias", counts.aliases)) { () throws(WasmError) in try r.readAlias() }
                counts.aliases += 1
                counts.add(a.sort)
                items.append(a)
            }
            return .aliases(items)
        case 7:
            var items: [ComponentType] = []
            items.reserveCapacity(n)
            for _ in 0..<n {
                offsets.append(r.position)
                items.append(try withFrame(.item("type", counts.types)) { () throws(WasmError) in
                    try r.readComponentType(depth: depth, maxDepth: options.maxDepth)
                })
                counts.types += 1
            }
            return .types(items)
        case 8:
            var items: [Canon] = []
            items.reserveCapacity(n)
            for _ in 0..<n {
                offsets.append(r.position)
                let c = try withFrame(.item("canon", counts.canons)) { () throws(WasmError) in try r.readCanon() }
                counts.canons += 1
                counts.add(c.definesComponentFunc ? .func : .core(.func))
                items.append(c)
            }
            return .canons(items)
        case 10:
            var items: [ComponentImport] = []
            items.reserveCapacity(n)
            for _ in 0..<n {
                offsets.append(r.position)
                let name = try withFrame(.item("import", counts.imports)) { () throws(WasmError) in try r.readExternName() }
                let i = ComponentImport(name: name, type: try withFrame(.quoted("import", name.name)) {
                    () throws(WasmError) in try r.readExternDesc()
                })
                counts.imports += 1
                counts.add(i.type.kind.sort)
                items.append(i)
            }
            return .imports(items)
        case 11:
            var items: [ComponentExport] = []
            items.reserveCapacity(n)
            for _ in 0..<n {
                offsets.append(r.position)
                let name = try withFrame(.item("export", counts.exports)) { () throws(WasmError) in try r.readExternName() }
                let e = try withFrame(.quoted("export", name.name)) { () throws(WasmError) in
                    try r.readComponentExport(name: name)
                }
                counts.exports += 1
                counts.add(e.kind.sort)
                items.append(e)
            }
            return .exports(items)
        case 12:
            var items: [ComponentValue] = []
            items.reserveCapacity(n)
            for _ in 0..<n {
                offsets.append(r.position)
                items.append(try withFrame(.item("value", counts.values)) { () throws(WasmError) in
                    try r.readComponentValue()
                })
                counts.values += 1
            }
            return .values(items)
        default:
            throw WasmError(.unknownSection, "malformed section id: \(id)", offset: r.position)
        }
    }
}
