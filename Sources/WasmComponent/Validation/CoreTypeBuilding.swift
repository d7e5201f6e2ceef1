import WasmBinary
import WasmCore

// Building canonical core types (into the run's one store), module types (declared in components or
// summarized from nested modules) and the core subtyping rules used when core modules are instantiated.

extension CoreTypeTable {
    /// Canonicalizes and interns `group` into the store, whose first type has index `start` in an index
    /// space where indices below `start` resolve through `earlier`. Returns the canonical ids of its types.
    /// A new group is checked as module validation checks it (features, subtyping, descriptors).
    mutating func internRecGroup(
        _ group: RecGroup, start: Int, features: Features,
        earlier: (UInt32) throws(WasmError) -> Int
    ) throws(WasmError) -> Range<Int> {
        // The feature rules first, worded as for the component's other items.
        for t in group.types { try features.checkSubType(t, at: nil) }
        guard let first = UInt32(exactly: start) else {
            throw invalid(.indexOutOfBounds, "type index \(start) out of bounds")
        }
        do throws(WasmError) {
            let ids = try store.intern(group, start: first, features: features, at: 0) { (i) throws(WasmError) in
                UInt32(truncatingIfNeeded: try earlier(i))
            }
            return Int(ids.lowerBound)..<Int(ids.upperBound)
        } catch {
            throw withoutOffset(error)
        }
    }

    /// The canonical form of a value type of a module whose type indices map through `typeAt`.
    func canonical(_ v: ValType, typeAt: (UInt32) throws(WasmError) -> Int) throws(WasmError) -> CVal {
        switch v {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .v128: return .v128
        case .ref(let r): return try canonical(r, typeAt: typeAt)
        }
    }

    func canonical(_ r: RefType, typeAt: (UInt32) throws(WasmError) -> Int) throws(WasmError) -> CVal {
        switch r.heapType {
        case .abstract(let a, let shared):
            return .ref(nullable: r.nullable, abstract: AbsHeap(a), shared: shared)
        case .concrete(let i):
            return .ref(nullable: r.nullable, typeID: UInt32(truncatingIfNeeded: try typeAt(i)))
        case .exact(let i):
            return .ref(nullable: r.nullable, typeID: UInt32(truncatingIfNeeded: try typeAt(i)), exact: true)
        }
    }

    /// The entity an import (or a module type's export) of type `t` describes.
    func entity(_ t: ExternType, features: Features, typeAt: (UInt32) throws(WasmError) -> Int)
        throws(WasmError) -> CoreEntity
    {
        switch t {
        case .func(let i), .funcExact(let i):
            let id = try typeAt(i)
            guard funcType(id) != nil else { throw invalid(.sortMismatch, "type index \(i) is not a function type") }
            if case .funcExact = t { return .funcExact(id) }
            return .func(id)
        case .table(let tt):
            try features.checkRefType(tt.element, at: nil)
            try checkTable(tt, features: features)
            return .table(CTable(element: try canonical(tt.element, typeAt: typeAt), limits: tt.limits))
        case .memory(let m):
            try checkMemory(m, features: features)
            return .memory(m)
        case .global(let g):
            try features.checkValType(g.value, at: nil)
            if g.shared { try require(.sharedEverythingThreads, in: features, "shared globals") }
            return .global(CGlobal(value: try canonical(g.value, typeAt: typeAt), mutable: g.mutable, shared: g.shared))
        case .tag(let tag):
            try require(.exceptions, in: features, "tags")
            let id = try typeAt(tag.typeIndex)
            guard let f = funcType(id) else {
                throw invalid(.sortMismatch, "type index \(tag.typeIndex) is not a function type")
            }
            if !f.results.isEmpty { throw invalid(.invalidCoreType, "invalid exception type: non-empty tag result type") }
            return .tag(id)
        }
    }

    func checkMemory(_ m: MemoryType, features: Features) throws(WasmError) {
        let l = m.limits
        if l.is64 { try require(.memory64, in: features, "64-bit memories") }
        if l.shared {
            try require(.threads, in: features, "shared memories")
            if l.max == nil { throw invalid(.invalidCoreType, "shared memory must have maximum size") }
        }
        let log2 = l.pageSizeLog2 ?? 16
        if l.pageSizeLog2 != nil {
            try require(.customPageSizes, in: features, "custom page sizes")
            if log2 != 0 && log2 != 16 { throw invalid(.invalidCoreType, "invalid custom page size") }
        }
        let maxPages: UInt64 = l.is64 ? (log2 == 0 ? UInt64.max : UInt64(1) << (64 - UInt64(log2)))
            : UInt64(1) << (32 - UInt64(log2))
        let what = l.is64 ? "memory size must be at most 2**\(64 - log2) pages"
            : "memory size must be at most \(maxPages) pages (4GiB)"
        if l.min > maxPages { throw invalid(.invalidCoreType, what) }
        if let max = l.max {
            if max > maxPages { throw invalid(.invalidCoreType, what) }
            if l.min > max { throw invalid(.invalidCoreType, "size minimum must not be greater than maximum") }
        }
    }

    func checkTable(_ t: TableType, features: Features) throws(WasmError) {
        let l = t.limits
        if l.is64 { try require(.memory64, in: features, "64-bit tables") }
        if l.shared { try require(.sharedEverythingThreads, in: features, "shared tables") }
        if !l.is64 && (l.min > UInt64(UInt32.max) || (l.max ?? 0) > UInt64(UInt32.max)) {
            throw invalid(.invalidCoreType, "table size must be at most 2**32-1")
        }
        if let max = l.max, l.min > max {
            throw invalid(.invalidCoreType, "size minimum must not be greater than maximum")
        }
    }

    // MARK: Core subtyping (instantiation arguments, module type subtyping)

    /// Checks that `a` can be supplied where `b` is expected.
    func checkEntity(_ a: CoreEntity, _ b: CoreEntity) throws(WasmError) {
        switch (a, b) {
        case (.func(let x), .func(let y)), (.funcExact(let x), .func(let y)):
            try checkFunc(x, y)
        case (.funcExact(let x), .funcExact(let y)):
            try checkFunc(y, x)
            try checkFunc(x, y)
        case (.table(let x), .table(let y)):
            if x.element != y.element {
                throw invalid(.incompatibleType,
                              "expected table element type \(render(y.element)), found \(render(x.element))")
            }
            if x.limits.shared != y.limits.shared {
                throw invalid(.incompatibleType, "mismatch in the shared flag for tables")
            }
            if !limitsMatch(x.limits, y.limits) { throw invalid(.incompatibleType, "mismatch in table limits") }
        case (.memory(let x), .memory(let y)):
            try checkMemory(x, y)
        case (.global(let x), .global(let y)):
            if x.mutable != y.mutable { throw invalid(.incompatibleType, "global types differ in mutability") }
            if x.value != y.value {
                throw invalid(.incompatibleType, "expected global type \(render(y.value)), found \(render(x.value))")
            }
        case (.tag(let x), .tag(let y)):
            try checkFunc(x, y)
        default:
            throw invalid(.incompatibleType, "expected \(b.desc), found \(a.desc)")
        }
    }

    func checkFunc(_ a: Int, _ b: Int) throws(WasmError) {
        if isSubtype(a, b) { return }
        let (want, got) = (render(type: b), render(type: a))
        // Types with the same structure differ by their rec groups (or finality and supertypes).
        let hint = want == got ? " (the same structure, but distinct types: their rec groups or supertypes differ)" : ""
        throw invalid(.incompatibleType, "expected \(want), found \(got)\(hint)")
    }

    /// The `memory` subtyping rule (also used for the Canonical ABI's "plain memory" check).
    func checkMemory(_ x: MemoryType, _ y: MemoryType) throws(WasmError) {
        if x.limits.shared != y.limits.shared {
            throw invalid(.incompatibleType, "mismatch in the shared flag for memories")
        }
        if x.limits.is64 != y.limits.is64 {
            throw invalid(.incompatibleType, "mismatch in index type used for memories")
        }
        if (x.limits.pageSizeLog2 ?? 16) != (y.limits.pageSizeLog2 ?? 16) {
            throw invalid(.incompatibleType, "mismatch in page size for memories")
        }
        if !limitsMatch(x.limits, y.limits) { throw invalid(.incompatibleType, "mismatch in memory limits") }
    }

    func limitsMatch(_ a: Limits, _ b: Limits) -> Bool {
        guard a.min >= b.min else { return false }
        guard let bmax = b.max else { return true }
        guard let amax = a.max else { return false }
        return amax <= bmax
    }
}
