import WasmBinary

// The feature rules of types as written in the binary (model types, before canonicalization), shared by
// module validation and the core types and module types that components declare, so that `--features`
// reaches inside components.

extension Features {
    /// wasm-tools' `check_ref_type`: which features a reference type needs.
    public func checkRefType(_ r: RefType, at offset: Int?) throws(WasmError) {
        func name() -> String { VT.refTypeName(r) }
        try need(.referenceTypes, "the reference type \(name())", at: offset)
        switch r.heapType {
        case .concrete:
            if !contains(.gc) { try need(.functionReferences, "the typed reference \(name())", at: offset) }
        case .exact:
            try need(.customDescriptors, "the exact reference type \(name())", at: offset)
        case .abstract(let a, let shared):
            if shared { try need(.sharedEverythingThreads, "the shared reference type \(name())", at: offset) }
            if a != .func && a != .exn { try need(.gcTypes, "the reference type \(name())", at: offset) }
            switch a {
            case .func, .extern:
                if !r.nullable { try need(.functionReferences, "the non-nullable type \(name())", at: offset) }
            case .any, .none, .eq, .struct, .array, .i31, .noextern, .nofunc:
                try need(.gc, "the reference type \(name())", at: offset)
            case .exn, .noexn:
                try need(.exceptions, "the reference type \(name())", at: offset)
            case .cont, .nocont:
                try need(.stackSwitching, "the reference type \(name())", at: offset)
            }
        }
    }

    /// Which features a value type needs (floats, SIMD, reference types).
    public func checkValType(_ v: ValType, at offset: Int?) throws(WasmError) {
        switch v {
        case .i32, .i64: break
        case .f32: try need(.floats, "the f32 value type", at: offset)
        case .f64: try need(.floats, "the f64 value type", at: offset)
        case .v128: try need(.simd, "the v128 value type", at: offset)
        case .ref(let r): try checkRefType(r, at: offset)
        }
    }

    /// Which features a declared sub type needs: its composite kind, `shared`, the types it mentions,
    /// several results, a non-final type or a supertype, descriptor clauses (as module validation
    /// checks each new type).
    public func checkSubType(_ t: SubType, at offset: Int?) throws(WasmError) {
        if !t.isFinal || !t.supertypes.isEmpty { try need(.gc, "a non-final type or a supertype", at: offset) }
        let c = t.composite
        if c.shared { try need(.sharedEverythingThreads, "a shared composite type", at: offset) }
        func field(_ f: FieldType) throws(WasmError) {
            if case .val(let v) = f.storage { try checkValType(v, at: offset) }
        }
        switch c.kind {
        case .func(let f):
            for p in f.params { try checkValType(p, at: offset) }
            for r in f.results { try checkValType(r, at: offset) }
            if f.results.count > 1 { try need(.multiValue, "a function type with several results", at: offset) }
        case .array(let f):
            try need(.gc, "an array type", at: offset)
            try need(.gcTypes, "an array type", at: offset)
            try field(f)
        case .struct(let fields):
            try need(.gc, "a struct type", at: offset)
            try need(.gcTypes, "a struct type", at: offset)
            for f in fields { try field(f) }
        case .cont:
            try need(.stackSwitching, "a continuation type", at: offset)
            try need(.gcTypes, "a continuation type", at: offset)
        }
        if c.describes != nil || c.descriptor != nil {
            try need(.customDescriptors, "a descriptor or describes clause", at: offset)
        }
    }

    @inline(__always)
    private func need(_ feature: Features, _ what: @autoclosure () -> String, at offset: Int?) throws(WasmError) {
        if !contains(feature) {
            throw WasmError(.featureDisabled, "\(what()) requires the `\(feature.name)` feature", offset: offset,
                            kind: .invalid)
        }
    }
}
