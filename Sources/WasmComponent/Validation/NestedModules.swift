import WasmBinary
import WasmCore

// Nested core modules: the one place component validation looks inside them (through WasmCore's
// validator), and the module type (imports and exports) a module contributes to its component.

/// Validates the nested core module `bytes` with WasmCore's `ModuleValidator` and returns its
/// module type. The module's recursion groups are interned into the run's one store of core types
/// (`types.store`) by the module validator itself, so the module type reads its canonical ids as they are.
/// With a `pool`, the function bodies are only handed to it (checked while validation goes on;
/// their errors carry `context` as the path in front).
func validateNestedCoreModule(_ bytes: ByteSlice, features: Features, types: inout CoreTypeTable,
                              pool: BodyPool? = nil, context: [PathFrame] = [])
    throws(WasmError) -> (type: ModuleTy, functions: Int)
{
    let (info, ids) = try ModuleValidator.validate(bytes, features: features, types: &types.store,
                                                   deferringBodiesTo: pool, context: context)
    let ty = try types.summarize(typeIDs: ids, imports: info.imports,
                                 exports: info.exports.map { ($0.name, info.type(of: $0)) }, features: features)
    return (ty, info.functionTypeIndices.count)
}

extension CoreTypeTable {
    /// The module type of a validated module: its imports (which must be unique, as components
    /// require) and its exports with their types (in module terms; `typeIDs`: the canonical id of each
    /// module type index).
    func summarize(typeIDs: [UInt32], imports: [Import], exports: [(String, ExternType?)],
                   features: Features) throws(WasmError) -> ModuleTy {
        func typeAt(_ i: UInt32) throws(WasmError) -> Int {
            guard Int(i) < typeIDs.count else {
                throw invalid(.indexOutOfBounds, "unknown type \(i): type index out of bounds")
            }
            return Int(typeIDs[Int(i)])
        }
        var ty = ModuleTy()
        for imp in imports {
            let e = try entity(imp.type, features: features, typeAt: typeAt)
            if !ty.imports.insertNew(CoreImportKey(module: imp.module, name: imp.name), e) {
                throw invalid(.nameConflict, "module has a duplicate import name `\(imp.module):\(imp.name)` "
                              + "that is not allowed in components")
            }
        }
        for (name, t) in exports {
            guard let t else { throw invalid(.indexOutOfBounds, "export `\(name)`: index out of bounds") }
            if !ty.exports.insertNew(name, try entity(t, features: features, typeAt: typeAt)) {
                throw invalid(.nameConflict, "duplicate export name `\(name)` already defined")
            }
        }
        return ty
    }
}
