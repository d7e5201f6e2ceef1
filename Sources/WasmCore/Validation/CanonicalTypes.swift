import WasmBinary

/// The type section, canonicalized: every recursion group is hash-consed (after rewriting references into
/// the group as group-local indices and references out of it as canonical ids), so that two types are
/// equivalent exactly when their canonical ids are equal. Subtyping follows declared supertype chains;
/// structural matching is checked once, when a subtype is declared.
package struct CanonicalTypes: Sendable {
    package enum Kind: UInt8, Sendable { case `func`, `struct`, array, cont }

    package struct Entry: Sendable {
        package var kind: Kind = .func
        package var shared = false
        package var isFinal = true
        /// Canonical id of the declared supertype, or -1.
        package var supertype: Int32 = -1
        var depth: UInt8 = 0
        /// Canonical ids of the descriptor / described type, or -1.
        var descriptor: Int32 = -1
        var describes: Int32 = -1
        /// `func`: params and results in `values`; `struct`/`array`: fields in `fields`.
        var start = 0
        var count = 0
        var resultCount = 0
        /// `cont`: the canonical id of its function type.
        package var contFunc: Int32 = -1
    }

    // Grow-only columns: the copies the function bodies are checked against share them (see
    // `GrowOnlyArray`).
    var entries = GrowOnlyArray<Entry>()
    /// Parameters then results of function types.
    var values = GrowOnlyArray<VT>()
    var fields = GrowOnlyArray<FieldT>()
    /// Module type index → canonical id.
    package internal(set) var moduleTypes: [UInt32] = []
    /// Canonical key of each interned group → the canonical id of its first type.
    private var groups: [[UInt64]: Int] = [:]
    /// While `intern` checks a group: its ids and the index of its first type (messages name types by it).
    var naming: (ids: Range<UInt32>, start: UInt32)?

    package init() {}

    var count: Int { moduleTypes.count }

    /// The number of interned types (canonical ids are below it).
    package var typeCount: Int { entries.count }

    /// A copy to check function bodies against: without the interning table, which only the owner uses,
    /// so the owner's next intern does not have to copy it while the copy is alive.
    var forReading: CanonicalTypes {
        var copy = self
        copy.groups = [:]
        return copy
    }

    /// Empties the module type index space, keeping the interned types (for the next module that shares
    /// this store).
    mutating func startModule() { moduleTypes = [] }

    @inline(__always) package func entry(_ id: UInt32) -> Entry { entries[Int(id)] }

    /// Parameters of function type `id` (canonical).
    @inline(__always) package func params(_ id: UInt32) -> GrowOnlyArray<VT>.Elements {
        let e = entries[Int(id)]
        return values[e.start..<(e.start + e.count)]
    }

    @inline(__always) package func results(_ id: UInt32) -> GrowOnlyArray<VT>.Elements {
        let e = entries[Int(id)]
        let s = e.start + e.count
        return values[s..<s + e.resultCount]
    }

    package func structFields(_ id: UInt32) -> GrowOnlyArray<FieldT>.Elements {
        let e = entries[Int(id)]
        return fields[e.start..<(e.start + e.count)]
    }

    package func arrayField(_ id: UInt32) -> FieldT { fields[entries[Int(id)].start] }

    // MARK: Subtyping

    /// `a <: b` for known value types (canonical).
    func isSubtype(_ a: VT, _ b: VT) -> Bool {
        if a == b { return true }
        guard a.isRef, b.isRef else { return false }
        if a.nullable && !b.nullable { return false }
        return isHeapSubtype(a, b)
    }

    /// Heap-type part of reference subtyping (nullability ignored).
    func isHeapSubtype(_ a: VT, _ b: VT) -> Bool {
        switch (a.isConcrete, b.isConcrete) {
        case (false, false):
            return a.abstractShared == b.abstractShared && a.abstract.isSubtype(of: b.abstract)
        case (true, false):
            let e = entries[Int(a.typeID)]
            if e.shared != b.abstractShared { return false }
            switch b.abstract {
            case .any, .eq: return e.kind == .struct || e.kind == .array
            case .struct: return e.kind == .struct
            case .array: return e.kind == .array
            case .func: return e.kind == .func
            case .cont: return e.kind == .cont
            default: return false
            }
        case (false, true):
            let e = entries[Int(b.typeID)]
            if e.shared != a.abstractShared { return false }
            switch a.abstract {
            case .none: return e.kind == .struct || e.kind == .array
            case .nofunc: return e.kind == .func
            case .nocont: return e.kind == .cont
            default: return false
            }
        case (true, true):
            if b.isExact { return a.isExact && a.typeID == b.typeID }
            return idIsSubtype(a.typeID, b.typeID)
        }
    }

    /// Whether `a` is `b` or declares it (transitively) as a supertype.
    package func idIsSubtype(_ a: UInt32, _ b: UInt32) -> Bool {
        var x = Int32(bitPattern: a)
        let target = Int32(bitPattern: b)
        var steps = 0
        while x >= 0 && steps <= 64 {
            if x == target { return true }
            x = entries[Int(x)].supertype
            steps += 1
        }
        return false
    }

    func isShared(_ t: VT) -> Bool {
        if !t.isRefLike { return true }
        if t.isUnknownRef { return false }
        return t.isConcrete ? entries[Int(t.typeID)].shared : t.abstractShared
    }

    /// The top abstract heap type of a reference type's hierarchy, and whether it is shared.
    func top(_ t: VT) -> (AbsHeap, shared: Bool) {
        if t.isConcrete {
            let e = entries[Int(t.typeID)]
            switch e.kind {
            case .func: return (.func, e.shared)
            case .struct, .array: return (.any, e.shared)
            case .cont: return (.cont, e.shared)
            }
        }
        return (t.abstract.top, t.abstractShared)
    }

    /// Structural matching of one declared subtype link (`a` declares `b` as its supertype).
    func matches(_ a: UInt32, _ b: UInt32) -> Bool {
        let ea = entries[Int(a)], eb = entries[Int(b)]
        if ea.shared != eb.shared || ea.kind != eb.kind { return false }
        switch ea.kind {
        case .func:
            if ea.count != eb.count || ea.resultCount != eb.resultCount { return false }
            for (pa, pb) in zip(params(a), params(b)) where !isSubtype(pb, pa) { return false }
            for (ra, rb) in zip(results(a), results(b)) where !isSubtype(ra, rb) { return false }
            return true
        case .struct:
            if ea.count < eb.count { return false }
            for (fa, fb) in zip(structFields(a), structFields(b)) where !fieldMatches(fa, fb) { return false }
            return true
        case .array:
            return fieldMatches(arrayField(a), arrayField(b))
        case .cont:
            let ca = UInt32(ea.contFunc), cb = UInt32(eb.contFunc)
            return ca == cb || idIsSubtype(ca, cb)
        }
    }

    private func storageMatches(_ a: VT, _ b: VT) -> Bool {
        if a.isPacked || b.isPacked { return a == b }
        return isSubtype(a, b)
    }

    private func fieldMatches(_ a: FieldT, _ b: FieldT) -> Bool {
        if !storageMatches(a.storage, b.storage) { return false }
        if !a.mutable && !b.mutable { return true }
        return a.mutable && b.mutable && storageMatches(b.storage, a.storage)
    }

    // MARK: Module types

    /// The canonical id of module type `index`.
    func id(ofTypeIndex index: UInt32, at offset: Int) throws(WasmError) -> UInt32 {
        guard Int(index) < moduleTypes.count else {
            throw WasmError.invalid(.unknownIndex, "unknown type \(index): type index out of bounds", at: offset)
        }
        return moduleTypes[Int(index)]
    }

    /// Converts a value type of the model (module type indices) to a canonical packed type, checking that
    /// its indices exist and its features are enabled.
    func vt(_ t: ValType, _ features: Features, at offset: Int) throws(WasmError) -> VT {
        switch t {
        case .i32: return .i32
        case .i64: return .i64
        case .f32:
            try features.require(.floats, "the f32 value type", at: offset)
            return .f32
        case .f64:
            try features.require(.floats, "the f64 value type", at: offset)
            return .f64
        case .v128:
            try features.require(.simd, "the v128 value type", at: offset)
            return .v128
        case .ref(let r): return try vt(r, features, at: offset)
        }
    }

    func vt(_ r: RefType, _ features: Features, at offset: Int) throws(WasmError) -> VT {
        try checkRefFeatures(r, features, at: offset)
        switch r.heapType {
        case .abstract(let a, let shared):
            return .ref(nullable: r.nullable, abstract: AbsHeap(a), shared: shared)
        case .concrete(let i):
            return .ref(nullable: r.nullable, typeID: try id(ofTypeIndex: i, at: offset))
        case .exact(let i):
            return .ref(nullable: r.nullable, typeID: try id(ofTypeIndex: i, at: offset), exact: true)
        }
    }

    /// The feature rules of reference types (wasm-tools' `check_ref_type`).
    @inline(__always)
    func checkRefFeatures(_ r: RefType, _ features: Features, at offset: Int) throws(WasmError) {
        try features.checkRefType(r, at: offset)
    }

    /// A readable name of a canonical type: its first module type index (`$3`), for messages.
    func name(_ t: VT) -> String {
        guard t.isRef, t.isConcrete else { return t.description }
        let id = t.typeID
        let index = naming != nil ? typeIndexName(id) : moduleTypes.firstIndex(of: id).map(String.init) ?? "#\(id)"
        let heap = t.isExact ? "(exact \(index))" : index
        return t.nullable ? "(ref null \(heap))" : "(ref \(heap))"
    }

    // MARK: Interning

    /// Appends a recursion group (module indices) to the module's types: canonicalizes, hash-conses and, when
    /// the group is new, checks every type in it (features, subtyping, descriptors).
    mutating func add(_ group: RecGroup, features: Features, at offset: Int) throws(WasmError) {
        let interned: (ids: Range<UInt32>, isNew: Bool)
        do {
            let known = moduleTypes
            interned = try internUnchecked(group, start: UInt32(known.count), features: features, at: offset) {
                (i) throws(WasmError) in known[Int(i)]
            }
        }
        moduleTypes.append(contentsOf: interned.ids)
        // Checked once the module indices exist (messages name types by them).
        if interned.isNew { try check(interned.ids, features: features, at: offset) }
    }

    /// Interns a recursion group whose first type has index `start` in an index space where the indices
    /// below `start` are canonical ids given by `earlier` (a module's types, or a component's core type
    /// index space, which can share one store with its nested modules). A new group has each of its types
    /// checked (features, subtyping, descriptors). Returns the canonical ids of the group's types.
    package mutating func intern(
        _ group: RecGroup, start: UInt32, features: Features, at offset: Int,
        earlier: (UInt32) throws(WasmError) -> UInt32
    ) throws(WasmError) -> Range<UInt32> {
        let interned = try internUnchecked(group, start: start, features: features, at: offset, earlier: earlier)
        if interned.isNew {
            naming = (interned.ids, start)
            defer { naming = nil }
            try check(interned.ids, features: features, at: offset)
        }
        return interned.ids
    }

    /// Checks the types of a newly interned group.
    private mutating func check(_ ids: Range<UInt32>, features: Features, at offset: Int) throws(WasmError) {
        for id in ids { try checkNewType(id, group: ids, features: features, at: offset) }
    }

    /// `intern` without the checks of the new types; `isNew`: they need them.
    private mutating func internUnchecked(
        _ group: RecGroup, start: UInt32, features: Features, at offset: Int,
        earlier: (UInt32) throws(WasmError) -> UInt32
    ) throws(WasmError) -> (ids: Range<UInt32>, isNew: Bool) {
        if group.isExplicit { try features.require(.gc, "a rec group", at: offset) }
        let n = UInt32(group.types.count)
        guard Int(start) + Int(n) <= ValidationLimits.types else {
            throw WasmError.limit("types count exceeds limit of \(ValidationLimits.types)", at: offset)
        }
        // Canonical form: [header, supertype, describes, descriptor, counts..., values...] per type.
        var key: [UInt64] = []
        func ref(_ index: UInt32, self position: UInt32) throws(WasmError) -> UInt64 {
            if index < start { return UInt64(try earlier(index)) }
            if index - start < n {
                if !features.contains(.gc) {
                    throw WasmError.invalid(.unknownIndex, "unknown type \(index): type index out of bounds "
                                            + "(recursive types need the `gc` feature)", at: offset)
                }
                return UInt64(index - start) | (1 << 32)
            }
            throw WasmError.invalid(.unknownIndex, "unknown type \(index): type index out of bounds", at: offset)
        }
        func value(_ t: ValType, _ position: UInt32) throws(WasmError) -> UInt64 {
            switch t {
            case .i32: return UInt64(VT.i32.raw)
            case .i64: return UInt64(VT.i64.raw)
            case .f32: return UInt64(VT.f32.raw)
            case .f64: return UInt64(VT.f64.raw)
            case .v128: return UInt64(VT.v128.raw)
            case .ref(let r):
                switch r.heapType {
                case .abstract(let a, let shared):
                    return UInt64(VT.ref(nullable: r.nullable, abstract: AbsHeap(a), shared: shared).raw)
                case .concrete(let i), .exact(let i):
                    let target = try ref(i, self: position)
                    var exact = false
                    if case .exact = r.heapType { exact = true }
                    let base = VT.ref(nullable: r.nullable, typeID: 0, exact: exact).raw
                    return UInt64(base) | ((target & 0xFFFF_FFFF) << 8) | (target & (1 << 32))
                }
            }
        }
        func storage(_ s: StorageType, _ position: UInt32) throws(WasmError) -> UInt64 {
            switch s {
            case .i8: return UInt64(VT.i8.raw)
            case .i16: return UInt64(VT.i16.raw)
            case .val(let v): return try value(v, position)
            }
        }
        for (k, sub) in group.types.enumerated() {
            let position = start + UInt32(k)
            if sub.supertypes.count > 1 {
                throw WasmError.invalid(.invalidSubtype, "sub type: multiple supertypes not supported", at: offset)
            }
            if let s = sub.supertypes.first, s >= position {
                throw WasmError.invalid(.invalidSubtype, "sub type: supertypes must be defined before subtypes", at: offset)
            }
            // A descriptor and the type it describes refer to each other, so both live in one rec group.
            if let d = sub.composite.descriptor, d < start || d - start >= n {
                throw WasmError.invalid(.invalidSubtype, "descriptor type is outside rec group (descriptor type \(d) of "
                                        + "type \(position))", at: offset)
            }
            if let d = sub.composite.describes, d < start || d - start >= n {
                throw WasmError.invalid(.invalidSubtype, "described type is outside rec group (described type \(d) of "
                                        + "type \(position))", at: offset)
            }
            if let d = sub.composite.describes, d >= position {
                throw WasmError.invalid(.invalidSubtype, "forward use of described type \(d)", at: offset)
            }
            let c = sub.composite
            var header: UInt64 = sub.isFinal ? 1 : 0
            if c.shared { header |= 2 }
            let none: UInt64 = 0xFFFF_FFFF
            let sup = try sub.supertypes.first.map { s throws(WasmError) in try ref(s, self: position) } ?? none
            let describes = try c.describes.map { d throws(WasmError) in try ref(d, self: position) } ?? none
            let descriptor = try c.descriptor.map { d throws(WasmError) in try ref(d, self: position) } ?? none
            switch c.kind {
            case .func(let f):
                if f.params.count > ValidationLimits.params {
                    throw WasmError.limit("function params size is out of bounds", at: offset)
                }
                if f.results.count > ValidationLimits.results {
                    throw WasmError.limit("function returns size is out of bounds", at: offset)
                }
                key += [header | 0 << 4, sup, describes, descriptor, UInt64(f.params.count), UInt64(f.results.count)]
                for p in f.params { key.append(try value(p, position)) }
                for r in f.results { key.append(try value(r, position)) }
            case .struct(let fs):
                if fs.count > ValidationLimits.structFields {
                    throw WasmError.limit("struct fields size is out of bounds", at: offset)
                }
                key += [header | 1 << 4, sup, describes, descriptor, UInt64(fs.count)]
                for f in fs { key.append(try storage(f.storage, position) | (f.mutable ? 1 << 40 : 0)) }
            case .array(let f):
                key += [header | 2 << 4, sup, describes, descriptor, try storage(f.storage, position) | (f.mutable ? 1 << 40 : 0)]
            case .cont(let i):
                key += [header | 3 << 4, sup, describes, descriptor, try ref(i, self: position)]
            }
        }
        return try internKey(key, count: n, at: offset)
    }

    /// Interns `[params] -> [results]` (canonical value types) as a final function type of its own group,
    /// as the component model's built-ins define them. Such a type is not checked, and a module declaring
    /// the same type later finds it interned and does not check it either, as in wasmparser, whose
    /// components and nested modules share one type list too (so with `floats` off, a module declaring
    /// `(func (param f32))` after a `canon lower` made that type validates there as here).
    package mutating func internFunc(params: [VT], results: [VT], shared: Bool, at offset: Int) throws(WasmError) -> UInt32 {
        let none: UInt64 = 0xFFFF_FFFF
        var key: [UInt64] = [1 | (shared ? 2 : 0), none, none, none, UInt64(params.count), UInt64(results.count)]
        for v in params { key.append(UInt64(v.raw)) }
        for v in results { key.append(UInt64(v.raw)) }
        return try internKey(key, count: 1, at: offset).ids.lowerBound
    }

    /// Looks `key` (a canonical group of `n` types) up, or materializes it (`isNew`: its types are to be
    /// checked).
    private mutating func internKey(_ key: [UInt64], count n: UInt32, at offset: Int)
        throws(WasmError) -> (ids: Range<UInt32>, isNew: Bool)
    {
        if let existing = groups[key] {
            return (UInt32(existing)..<(UInt32(existing) + n), false)
        }
        let first = UInt32(entries.count)
        guard Int(first) + Int(n) <= Int(VT.maxTypeID) else {
            throw WasmError.limit("implementation limit: too many types", at: offset)
        }
        groups[key] = Int(first)
        // Materialize, resolving group-local references to the new ids.
        func resolve(_ w: UInt64) -> UInt32 {
            guard w & (1 << 32) != 0 else { return UInt32(truncatingIfNeeded: w) }
            return first + UInt32(truncatingIfNeeded: w)
        }
        func resolveValue(_ w: UInt64) -> VT {
            let raw = UInt32(truncatingIfNeeded: w & 0xFFFF_FFFF)
            guard w & (1 << 32) != 0 else { return VT(raw: raw) }
            return VT(raw: (raw & 0xFF) | ((first + (raw >> 8)) << 8))
        }
        var p = 0
        for _ in 0..<n {
            let header = key[p]
            let optional = { (w: UInt64) -> Int32 in w == 0xFFFF_FFFF ? -1 : Int32(bitPattern: resolve(w)) }
            var e = Entry()
            e.shared = header & 2 != 0
            e.isFinal = header & 1 != 0
            e.supertype = optional(key[p + 1])
            e.describes = optional(key[p + 2])
            e.descriptor = optional(key[p + 3])
            switch header >> 4 {
            case 0:
                e.kind = .func
                let np = Int(key[p + 4]), nr = Int(key[p + 5])
                e.start = values.count
                e.count = np
                e.resultCount = nr
                for w in key[(p + 6)..<(p + 6 + np + nr)] { values.append(resolveValue(w)) }
                p += 6 + np + nr
            case 1:
                e.kind = .struct
                let nf = Int(key[p + 4])
                e.start = fields.count
                e.count = nf
                for w in key[(p + 5)..<(p + 5 + nf)] {
                    fields.append(FieldT(storage: resolveValue(w & 0xFF_FFFF_FFFF), mutable: w & (1 << 40) != 0))
                }
                p += 5 + nf
            case 2:
                e.kind = .array
                e.start = fields.count
                e.count = 1
                let w = key[p + 4]
                fields.append(FieldT(storage: resolveValue(w & 0xFF_FFFF_FFFF), mutable: w & (1 << 40) != 0))
                p += 5
            default:
                e.kind = .cont
                e.contFunc = Int32(bitPattern: resolve(key[p + 4]))
                p += 5
            }
            entries.append(e)
        }
        return (first..<(first + n), true)
    }
}

extension VT {
    /// The text name of a model reference type (module indices), for messages.
    static func refTypeName(_ r: RefType) -> String {
        switch r.heapType {
        case .abstract(let a, let shared): return refName(AbsHeap(a), nullable: r.nullable, shared: shared)
        case .concrete(let i): return r.nullable ? "(ref null \(i))" : "(ref \(i))"
        case .exact(let i): return r.nullable ? "(ref null (exact \(i)))" : "(ref (exact \(i)))"
        }
    }
}
