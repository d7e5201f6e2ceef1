import WasmBinary
import WasmCore

// Nested core modules: the one place component validation looks inside them, and the module type
// (imports and exports) a module contributes to its component.

/// Validates the nested core module `bytes` and returns its module type.
///
/// This is the single hook for WasmCore's module validator: until it exists, the module is decoded in
/// full (every malformed construct, bodies included, is rejected) and its imports and exports are
/// checked as far as the component needs them (type indices, duplicate names, limits).
func validateNestedCoreModule(_ bytes: ByteSlice, features: Features, types: inout CoreTypeTable)
    throws(WasmError) -> ModuleTy
{
    let module = try Module.decode(bytes, options: ModuleDecodeOptions(bodies: .decoded))
    return try types.summarize(module, features: features)
}

extension CoreTypeTable {
    /// The module type of a decoded module: its imports (which must be unique, as components require)
    /// and its exports with their types.
    mutating func summarize(_ m: Module, features: Features) throws(WasmError) -> ModuleTy {
        var typeIDs: [Int] = []
        var funcs: [Int] = [], tables: [CTable] = [], memories: [MemoryType] = [], globals: [CGlobal] = []
        var tags: [Int] = []
        var ty = ModuleTy()
        func typeAt(_ i: UInt32) throws(WasmError) -> Int {
            guard Int(i) < typeIDs.count else {
                throw invalid(.indexOutOfBounds, "unknown type \(i): type index out of bounds")
            }
            return typeIDs[Int(i)]
        }
        func add(_ e: CoreEntity) {
            switch e {
            case .func(let id), .funcExact(let id): funcs.append(id)
            case .table(let t): tables.append(t)
            case .memory(let mt): memories.append(mt)
            case .global(let g): globals.append(g)
            case .tag(let id): tags.append(id)
            }
        }
        for section in m.sections {
            switch section {
            case .type(let groups):
                for g in groups {
                    let ids = try internRecGroup(g, start: typeIDs.count, features: features, earlier: typeAt)
                    typeIDs.append(contentsOf: ids)
                }
            case .import(let groups):
                for g in groups {
                    for imp in g.imports {
                        let e = try entity(imp.type, features: features, typeAt: typeAt)
                        if !ty.imports.insertNew(CoreImportKey(module: imp.module, name: imp.name), e) {
                            throw invalid(.nameConflict, "module has a duplicate import name `\(imp.module):\(imp.name)` "
                                          + "that is not allowed in components")
                        }
                        add(e)
                    }
                }
            case .function(let indices):
                for i in indices {
                    let id = try typeAt(i)
                    guard funcType(id) != nil else { throw invalid(.sortMismatch, "type index \(i) is not a function type") }
                    funcs.append(id)
                }
            case .table(let ts):
                for t in ts { add(try entity(.table(t.type), features: features, typeAt: typeAt)) }
            case .memory(let ms):
                for mt in ms { add(try entity(.memory(mt), features: features, typeAt: typeAt)) }
            case .global(let gs):
                for g in gs { add(try entity(.global(g.type), features: features, typeAt: typeAt)) }
            case .tag(let ts):
                for t in ts { add(try entity(.tag(t), features: features, typeAt: typeAt)) }
            case .export(let exports):
                for e in exports {
                    let i = Int(e.index)
                    let entity: CoreEntity
                    switch e.kind {
                    case .func, .funcExact:
                        guard i < funcs.count else { throw outOfBounds("function", e.index) }
                        entity = .func(funcs[i])
                    case .table:
                        guard i < tables.count else { throw outOfBounds("table", e.index) }
                        entity = .table(tables[i])
                    case .memory:
                        guard i < memories.count else { throw outOfBounds("memory", e.index) }
                        entity = .memory(memories[i])
                    case .global:
                        guard i < globals.count else { throw outOfBounds("global", e.index) }
                        entity = .global(globals[i])
                    case .tag:
                        guard i < tags.count else { throw outOfBounds("tag", e.index) }
                        entity = .tag(tags[i])
                    }
                    if !ty.exports.insertNew(e.name, entity) {
                        throw invalid(.nameConflict, "duplicate export name `\(e.name)` already defined")
                    }
                }
            default:
                break
            }
        }
        return ty
    }

    private func outOfBounds(_ what: String, _ i: UInt32) -> WasmError {
        invalid(.indexOutOfBounds, "unknown \(what) \(i): \(what) index out of bounds")
    }
}
