import WasmBinary

// Checks run once per newly interned type: features of its parts, shared-ness, the declared supertype
// (finality, structural match, depth) and the custom-descriptors clauses.

extension CanonicalTypes {
    /// Feature rules of a canonical value type (as `checkRefFeatures` for model types).
    func checkFeatures(_ t: VT, _ features: Features, at offset: Int) throws(WasmError) {
        switch t {
        case .f32, .f64: try features.require(.floats, "the \(t) value type", at: offset)
        case .v128: try features.require(.simd, "the v128 value type", at: offset)
        default: break
        }
        guard t.isRef else { return }
        func name() -> String { self.name(t) }
        try features.require(.referenceTypes, "the reference type \(name())", at: offset)
        if t.isConcrete {
            if t.isExact { try features.require(.customDescriptors, "the exact reference type \(name())", at: offset) }
            if !features.contains(.gc) {
                try features.require(.functionReferences, "the typed reference \(name())", at: offset)
            }
            return
        }
        let a = t.abstract
        if t.abstractShared {
            try features.require(.sharedEverythingThreads, "the shared reference type \(name())", at: offset)
        }
        if a != .func && a != .exn { try features.require(.gcTypes, "the reference type \(name())", at: offset) }
        switch a {
        case .func, .extern:
            if !t.nullable { try features.require(.functionReferences, "the non-nullable type \(name())", at: offset) }
        case .any, .none, .eq, .struct, .array, .i31, .noextern, .nofunc:
            try features.require(.gc, "the reference type \(name())", at: offset)
        case .exn, .noexn:
            try features.require(.exceptions, "the reference type \(name())", at: offset)
        case .cont, .nocont:
            try features.require(.stackSwitching, "the reference type \(name())", at: offset)
        }
    }

    mutating func checkNewType(_ id: UInt32, group: Range<UInt32>, features: Features, at offset: Int) throws(WasmError) {
        let e = entries[Int(id)]
        if !e.isFinal || e.supertype >= 0 { try features.require(.gc, "a non-final type or a supertype", at: offset) }
        try checkComposite(id, features, at: offset)
        var depth: UInt8 = 0
        if e.supertype >= 0 {
            let sup = UInt32(e.supertype)
            let s = entries[Int(sup)]
            if s.isFinal {
                throw WasmError.invalid(.invalidSubtype, "sub type \(typeIndexName(id)) cannot have a final super type "
                                        + "\(typeIndexName(sup))", at: offset)
            }
            if !matches(id, sup) {
                throw WasmError.invalid(.invalidSubtype, "sub type \(typeIndexName(id)) does not match super type "
                                        + "\(typeIndexName(sup))", at: offset)
            }
            depth = s.depth &+ 1
            if Int(depth) > ValidationLimits.subtypingDepth {
                throw WasmError.invalid(.invalidSubtype, "sub type hierarchy too deep: found depth \(depth), cannot "
                                        + "exceed depth \(ValidationLimits.subtypingDepth)", at: offset)
            }
        }
        entries[Int(id)].depth = depth
        try checkDescriptors(id, features, at: offset)
    }

    /// The module type index of a canonical id, for messages.
    func typeIndexName(_ id: UInt32) -> String {
        if let naming {
            // A group `intern` checks: its own types by their index, others by canonical id.
            return naming.ids.contains(id) ? String(naming.start + (id - naming.ids.lowerBound)) : "#\(id)"
        }
        return moduleTypes.lastIndex(of: id).map(String.init) ?? "#\(id)"
    }

    private func checkComposite(_ id: UInt32, _ features: Features, at offset: Int) throws(WasmError) {
        let e = entries[Int(id)]
        if e.shared { try features.require(.sharedEverythingThreads, "a shared composite type", at: offset) }
        func check(_ t: VT) throws(WasmError) {
            if t.isPacked { return }
            try checkFeatures(t, features, at: offset)
            if e.shared && !isShared(t) {
                throw WasmError.invalid(.invalid, "shared composite type must contain shared types", at: offset)
            }
        }
        switch e.kind {
        case .func:
            for t in params(id) { try check(t) }
            for t in results(id) { try check(t) }
            if e.resultCount > 1 { try features.require(.multiValue, "a function type with several results", at: offset) }
        case .array:
            try features.require(.gc, "an array type", at: offset)
            try features.require(.gcTypes, "an array type", at: offset)
            try check(arrayField(id).storage)
        case .struct:
            try features.require(.gc, "a struct type", at: offset)
            try features.require(.gcTypes, "a struct type", at: offset)
            for f in structFields(id) { try check(f.storage) }
        case .cont:
            try features.require(.stackSwitching, "a continuation type", at: offset)
            try features.require(.gcTypes, "a continuation type", at: offset)
            if entries[Int(e.contFunc)].kind != .func {
                throw WasmError.invalid(.invalid, "non-function type \(typeIndexName(UInt32(e.contFunc))) in a "
                                        + "continuation type", at: offset)
            }
        }
    }

    private func checkDescriptors(_ id: UInt32, _ features: Features, at offset: Int) throws(WasmError) {
        let e = entries[Int(id)]
        if e.descriptor >= 0 || e.describes >= 0 {
            try features.require(.customDescriptors, "a descriptor or describes clause", at: offset)
            if e.kind != .struct {
                throw WasmError.invalid(.invalidSubtype, e.descriptor >= 0
                                        ? "descriptor type must be a struct: descriptor clause on a non-struct type"
                                        : "described type must be a struct: describes clause on a non-struct type",
                                        at: offset)
            }
        }
        func fail(_ m: String) -> WasmError { WasmError.invalid(.invalidSubtype, m, at: offset) }
        if e.supertype >= 0 {
            let sup = entries[Int(e.supertype)]
            // Descriptor rules of a declared supertype are part of the subtype check.
            func mismatch(_ detail: String) -> WasmError {
                fail("sub type \(typeIndexName(id)) does not match super type \(typeIndexName(UInt32(e.supertype))): \(detail)")
            }
            if e.descriptor >= 0 {
                if sup.descriptor >= 0 && entries[Int(e.descriptor)].supertype != sup.descriptor {
                    throw mismatch("the supertype of a described type must be described by the supertype of its "
                                   + "descriptor (descriptor type \(typeIndexName(UInt32(e.descriptor))))")
                }
            } else if sup.descriptor >= 0 {
                throw mismatch("a type without descriptor cannot have a supertype with a descriptor")
            }
            switch (e.describes >= 0, sup.describes >= 0) {
            case (true, true):
                if entries[Int(e.describes)].supertype != sup.describes {
                    throw mismatch("the supertype of a descriptor must describe the supertype of its described type "
                                   + "(described type \(typeIndexName(UInt32(e.describes))))")
                }
            case (false, true):
                throw mismatch("the supertype of a non-descriptor type cannot be a descriptor")
            case (true, false):
                throw mismatch("the supertype of a descriptor must be a descriptor")
            case (false, false):
                break
            }
        }
        if e.descriptor >= 0 && entries[Int(e.descriptor)].describes != Int32(id) {
            throw fail("type is not described by its descriptor (descriptor type "
                       + "\(typeIndexName(UInt32(e.descriptor))) does not describe it)")
        }
        if e.describes >= 0 && entries[Int(e.describes)].descriptor != Int32(id) {
            throw fail("described type is not described by descriptor (type "
                       + "\(typeIndexName(UInt32(e.describes))) has another descriptor)")
        }
    }
}
