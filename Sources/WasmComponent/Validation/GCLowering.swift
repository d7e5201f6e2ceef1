import WasmBinary
import WasmCore

// 🛸 The GC ABI (`cm-gc`): with the `gc` option, a lifted or lowered function uses a declared core
// function type whose parameters and results are checked against the component types one by one
// (following wasm-tools: integers to i32/i64 or packed fields, strings to i8/i16 arrays, records and
// tuples to structs, variants to empty structs, lists to arrays, handles to externref).

/// Where a component value goes: a function argument/result, or a struct field or array element.
struct GCSlot {
    /// A value type, or (fields only) a packed `i8`/`i16`.
    var storage: CVal
    var isField: Bool

    static func arg(_ v: CVal) -> GCSlot { GCSlot(storage: v, isField: false) }

    /// The value type (nil for a packed storage type).
    var value: CVal? { storage.isPacked ? nil : storage }
}

extension TypeArena {
    /// Checks component function `f` against the declared core function type `id`.
    func checkGC(_ f: FuncTy, coreType id: Int, encoding: StringEncoding) throws(WasmError) {
        guard let core = self.core.funcType(id) else {
            throw invalid(.invalidCanonOption, "canonical option `core type` must reference a core function type")
        }
        if core.params.count != f.params.count {
            throw invalid(.abiMismatch, "declared `core-type` has \(core.params.count) parameters, but component "
                          + "function has \(f.params.count) parameters")
        }
        for (c, p) in zip(core.params, f.params) {
            try withFrame(.quoted("param", p.name)) { () throws(WasmError) in try checkGC(p.type, .arg(c), encoding) }
        }
        let results = f.result == nil ? 0 : 1
        if core.results.count != results {
            throw invalid(.abiMismatch, "declared `core-type` has \(core.results.count) results, but component "
                          + "function has \(results) results")
        }
        if let r = f.result, let c = core.results.first {
            try withFrame(.text("result")) { () throws(WasmError) in try checkGC(r, .arg(c), encoding) }
        }
    }

    private func render(_ slot: GCSlot) -> String { core.render(slot.storage) }

    /// The struct or array type `slot` refers to (a concrete reference), if any.
    private func composite(_ slot: GCSlot) -> CComposite? {
        guard let v = slot.value, v.isRef, v.isConcrete else { return nil }
        return core.sub(Int(v.typeID))?.composite
    }

    private func isExternRef(_ slot: GCSlot) -> Bool {
        guard let v = slot.value, v.isRef, !v.isConcrete else { return false }
        return v.abstract == .extern
    }

    func checkGC(_ v: VT, _ slot: GCSlot, _ encoding: StringEncoding) throws(WasmError) {
        func fail(_ what: String, _ expected: String) -> WasmError {
            invalid(.abiMismatch, "expected to lower component `\(what)` type to core `\(expected)` type, found `\(render(slot))`")
        }
        let d: DefType
        switch v {
        case .primitive(let p): d = .primitive(p)
        case .type(let t): d = defined[t.index].type
        }
        switch d {
        case .primitive(let p):
            switch p {
            case .bool, .s8, .u8, .s16, .u16:
                let packed: CVal = (p == .s16 || p == .u16) ? .i16 : .i8
                if slot.isField ? slot.storage == packed : slot.value == .i32 { return }
                throw fail(p.description, slot.isField ? (packed == .i8 ? "i8" : "i16") : "i32")
            case .s32, .u32, .char: if slot.value != .i32 { throw fail(p.description, "i32") }
            case .s64, .u64: if slot.value != .i64 { throw fail(p.description, "i64") }
            case .f32: if slot.value != .f32 { throw fail(p.description, "f32") }
            case .f64: if slot.value != .f64 { throw fail(p.description, "f64") }
            case .string:
                let element: CVal = encoding == .utf16 ? .i16 : .i8
                guard case .array(let f)? = composite(slot), f.storage == element else {
                    throw fail("string", "(ref null? (array (mut? \(element == .i8 ? "i8" : "i16"))))")
                }
            case .errorContext:
                if !isExternRef(slot) { throw fail("error-context", "(ref null? extern)") }
            }
        case .record(let fs): try checkProduct(fs.map(\.type), slot, "record", encoding)
        case .tuple(let ts): try checkProduct(ts, slot, "tuple", encoding)
        case .variant, .option, .result:
            guard case .struct(let fields)? = composite(slot), fields.isEmpty else {
                throw fail(d.desc, "(ref null? (struct))")
            }
        case .list(let e), .fixedList(let e, _):
            guard case .array(let f)? = composite(slot) else { throw fail("list", "(ref null? (array ...))") }
            try checkGC(e, GCSlot(storage: f.storage, isField: true), encoding)
        case .map:
            throw invalid(.abiMismatch, "GC lowering for component `map` type is not yet implemented")
        case .flags, .enum:
            if slot.value != .i32 { throw fail(d.desc, "i32") }
        case .own, .borrow, .future, .stream:
            if !isExternRef(slot) { throw fail(d.desc, "(ref null? extern)") }
        }
    }

    private func checkProduct(_ members: [VT], _ slot: GCSlot, _ kind: String, _ encoding: StringEncoding) throws(WasmError) {
        guard case .struct(let fields)? = composite(slot) else {
            throw invalid(.abiMismatch, "expected to lower component `\(kind)` type to core `(ref null? (struct ...))`, "
                          + "found `\(render(slot))`")
        }
        if fields.count != members.count {
            throw invalid(.abiMismatch, "core `struct` has \(fields.count) fields, but component `\(kind)` has "
                          + "\(members.count) fields")
        }
        for (f, m) in zip(fields, members) { try checkGC(m, GCSlot(storage: f.storage, isField: true), encoding) }
    }
}
