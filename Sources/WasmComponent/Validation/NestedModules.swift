import WasmBinary
import WasmCore

// Nested core modules: the one place component validation looks inside them (through WasmCore's
// validator), and the module type (imports and exports) a module contributes to its component.

/// Validates the nested core module `bytes` with WasmCore's `ModuleValidator` and returns its
/// module type (its recursion groups interned, so that core types get their canonical identities).
/// With a `pool`, the function bodies are only handed to it (checked while validation goes on;
/// their errors carry `context` as the path in front).
func validateNestedCoreModule(_ bytes: ByteSlice, features: Features, types: inout CoreTypeTable,
                              pool: BodyPool? = nil, context: [PathFrame] = [])
    throws(WasmError) -> (type: ModuleTy, functions: Int)
{
    let info: ValidatedModule
    if let pool {
        info = try ModuleValidator.validate(bytes, features: features, deferringBodiesTo: pool, context: context)
    } else {
        info = try ModuleValidator.validate(bytes, features: features)
    }
    let ty = try types.summarize(groups: info.recGroups, imports: info.imports,
                                 exports: info.exports.map { ($0.name, info.type(of: $0)) }, features: features)
    return (ty, info.functionTypeIndices.count)
}

extension CoreTypeTable {
    /// The module type of a validated module: its imports (which must be unique, as components
    /// require) and its exports with their types (in module terms).
    mutating func summarize(groups: [RecGroup], imports: [Import], exports: [(String, ExternType?)],
                            features: Features) throws(WasmError) -> ModuleTy {
        // Only the recursion groups the imports and exports reach are interned: `ModuleValidator` has
        // checked every group already (with the same features), and the others play no part in the
        // module's type. References point only to earlier groups (or into their own), so one pass
        // from the last group back finds them all.
        var groupOf: [Int] = []
        var starts: [Int] = []
        for (g, group) in groups.enumerated() {
            starts.append(groupOf.count)
            groupOf.append(contentsOf: repeatElement(g, count: group.types.count))
        }
        var needed = [Bool](repeating: false, count: groups.count)
        func mark(_ i: UInt32) { if Int(i) < groupOf.count { needed[groupOf[Int(i)]] = true } }
        for imp in imports { imp.type.forEachTypeIndex(mark) }
        for (_, t) in exports { t?.forEachTypeIndex(mark) }
        for g in groups.indices.reversed() where needed[g] {
            for t in groups[g].types { t.forEachTypeIndex(mark) }
        }
        var typeIDs = [Int](repeating: -1, count: groupOf.count)
        func typeAt(_ i: UInt32) throws(WasmError) -> Int {
            guard Int(i) < typeIDs.count, typeIDs[Int(i)] >= 0 else {
                throw invalid(.indexOutOfBounds, "unknown type \(i): type index out of bounds")
            }
            return typeIDs[Int(i)]
        }
        for (g, group) in groups.enumerated() where needed[g] {
            let ids = try internRecGroup(group, start: starts[g], features: features, earlier: typeAt)
            for (k, id) in ids.enumerated() { typeIDs[starts[g] + k] = id }
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

extension ExternType {
    /// Calls `body` with every type index this import or export type refers to.
    func forEachTypeIndex(_ body: (UInt32) -> Void) {
        switch self {
        case .func(let i), .funcExact(let i): body(i)
        case .table(let t): RefType.forEach(t.element, body)
        case .memory: break
        case .global(let g): g.value.forEachTypeIndex(body)
        case .tag(let t): body(t.typeIndex)
        }
    }
}

extension SubType {
    /// Calls `body` with every type index this type refers to (supertypes and the composite's).
    func forEachTypeIndex(_ body: (UInt32) -> Void) {
        supertypes.forEach(body)
        func storage(_ s: StorageType) { if case .val(let v) = s { v.forEachTypeIndex(body) } }
        switch composite.kind {
        case .func(let f):
            for p in f.params { p.forEachTypeIndex(body) }
            for r in f.results { r.forEachTypeIndex(body) }
        case .struct(let fields): for f in fields { storage(f.storage) }
        case .array(let f): storage(f.storage)
        case .cont(let i): body(i)
        }
        if let d = composite.describes { body(d) }
        if let d = composite.descriptor { body(d) }
    }
}

extension ValType {
    func forEachTypeIndex(_ body: (UInt32) -> Void) {
        if case .ref(let r) = self { RefType.forEach(r, body) }
    }
}

extension RefType {
    static func forEach(_ r: RefType, _ body: (UInt32) -> Void) {
        switch r.heapType {
        case .abstract: break
        case .concrete(let i), .exact(let i): body(i)
        }
    }
}
