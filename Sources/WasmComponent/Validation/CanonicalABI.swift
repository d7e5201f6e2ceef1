import WasmBinary
import WasmCore

// The parts of the Canonical ABI (CanonicalABI.md, definitions.py) that validation needs: element
// sizes and alignments, "contains a pointer", flattening to core value types, and the core
// signature of a lifted or lowered function under a set of canonical options.

/// Flattening limits (CanonicalABI.md "Flattening").
enum FlatLimits {
    static let maxParams = 16
    static let maxAsyncParams = 4
    static let maxResults = 1
}

enum StringEncoding: String, Sendable {
    case utf8 = "utf8", utf16 = "utf16", compactUTF16 = "latin1-utf16"
}

/// Validated canonical options of one `canon` definition.
struct CanonOptions {
    var encoding: StringEncoding = .utf8
    /// The memory and whether it is 64-bit (`cm64`).
    var memory: (index: UInt32, is64: Bool)?
    var realloc: UInt32?
    var postReturn: UInt32?
    var isAsync = false
    var callback: UInt32?
    var coreType: Int?
    var gc = false

    var pointer: CVal { memory?.is64 == true ? .i64 : .i32 }

    func requireMemory() throws(WasmError) {
        if memory == nil { throw invalid(.invalidCanonOption, "canonical option `memory` is required") }
    }

    func requireRealloc() throws(WasmError) {
        try requireMemory()
        if realloc == nil { throw invalid(.invalidCanonOption, "canonical option `realloc` is required") }
    }

    func requireMemory(if condition: Bool) throws(WasmError) { if condition { try requireMemory() } }
    func requireRealloc(if condition: Bool) throws(WasmError) { if condition && realloc == nil { try requireRealloc() } }

    func requireSync(_ what: String) throws(WasmError) {
        if isAsync { throw invalid(.invalidCanonOption, "cannot specify `async` option on `\(what)`") }
    }

    /// The rules for options of a lowering (`canon lower` and built-ins that lower).
    func checkLower() throws(WasmError) {
        if postReturn != nil {
            throw invalid(.invalidCanonOption, "canonical option `post-return` cannot be specified for lowerings")
        }
        if callback != nil {
            throw invalid(.invalidCanonOption, "canonical option `callback` cannot be specified for lowerings")
        }
        if gc && coreType == nil {
            throw invalid(.invalidCanonOption, "cannot specify `gc` without also specifying a `core-type` for lowerings")
        }
    }
}

/// A list of flattened core types that refuses to grow past `max`.
struct Flattened {
    var types: [CVal] = []
    var max: Int

    init(max: Int) {
        self.max = max
        types.reserveCapacity(Swift.min(max, 17))
    }

    mutating func push(_ v: CVal) -> Bool {
        if types.count >= max { return false }
        types.append(v)
        return true
    }
}

enum ABI { case lift, lower }

extension TypeArena {
    // MARK: Sizes

    static func elemSize(_ p: PrimitiveValType) -> UInt64 {
        switch p {
        case .bool, .s8, .u8: 1
        case .s16, .u16: 2
        case .s32, .u32, .f32, .char, .errorContext: 4
        case .s64, .u64, .f64: 8
        case .string: 16
        }
    }

    static func alignment(_ p: PrimitiveValType) -> UInt64 {
        switch p {
        case .string: 8
        default: elemSize(p)
        }
    }

    func elemSize(_ v: VT) -> UInt64 {
        switch v {
        case .primitive(let p): TypeArena.elemSize(p)
        case .type(let t): defined[t.index].elemSize
        }
    }

    func alignment(_ v: VT) -> UInt64 {
        switch v {
        case .primitive(let p): TypeArena.alignment(p)
        case .type(let t): defined[t.index].alignment
        }
    }

    func containsPointer(_ v: VT) -> Bool {
        switch v {
        case .primitive(let p): p == .string
        case .type(let t): defined[t.index].containsPointer
        }
    }

    /// Fills in the Canonical ABI facts of `d` from its (already computed) members.
    func computeLayout(_ d: inout DefinedTy) {
        let cap: UInt64 = 1 << 40
        func alignTo(_ x: UInt64, _ a: UInt64) -> UInt64 { a <= 1 ? x : ((x + a - 1) / a) * a }
        func record(_ members: [VT]) -> (UInt64, UInt64) {
            var s: UInt64 = 0, a: UInt64 = 1
            for m in members {
                let ma = alignment(m)
                s = Swift.min(alignTo(s, ma) + elemSize(m), cap)
                a = Swift.max(a, ma)
            }
            return (alignTo(s, a), a)
        }
        func variant(_ count: Int, _ payloads: [VT]) -> (UInt64, UInt64) {
            let disc: UInt64 = count <= 256 ? 1 : (count <= 65536 ? 2 : 4)
            var caseAlign: UInt64 = 1, caseSize: UInt64 = 0
            for p in payloads {
                caseAlign = Swift.max(caseAlign, alignment(p))
                caseSize = Swift.max(caseSize, elemSize(p))
            }
            let a = Swift.max(disc, caseAlign)
            return (alignTo(alignTo(disc, caseAlign) + caseSize, a), a)
        }
        let (size, align): (UInt64, UInt64)
        var pointer = false
        switch d.type {
        case .primitive(let p):
            (size, align) = (TypeArena.elemSize(p), TypeArena.alignment(p))
            pointer = p == .string
        case .record(let fs):
            (size, align) = record(fs.map(\.type))
            pointer = fs.contains { containsPointer($0.type) }
        case .tuple(let ts):
            (size, align) = record(ts)
            pointer = ts.contains { containsPointer($0) }
        case .variant(let cs):
            let ps = cs.compactMap(\.type)
            (size, align) = variant(cs.count, ps)
            pointer = ps.contains { containsPointer($0) }
        case .option(let t):
            (size, align) = variant(2, [t])
            pointer = containsPointer(t)
        case .result(let ok, let err):
            let ps = [ok, err].compactMap { $0 }
            (size, align) = variant(2, ps)
            pointer = ps.contains { containsPointer($0) }
        case .enum(let ls):
            (size, align) = variant(ls.count, [])
        case .flags(let ls):
            let n: UInt64 = ls.count <= 8 ? 1 : (ls.count <= 16 ? 2 : 4)
            (size, align) = (n, n)
        case .list, .map:
            (size, align) = (16, 8)
            pointer = true
        case .fixedList(let t, let n):
            let (p, overflow) = elemSize(t).multipliedReportingOverflow(by: UInt64(n))
            (size, align) = (overflow ? cap : Swift.min(p, cap), alignment(t))
            pointer = containsPointer(t)
        case .own, .borrow, .future, .stream:
            (size, align) = (4, 4)
        }
        d.elemSize = size
        d.alignment = align
        d.containsPointer = pointer
        var free = Set<ResourceID>()
        switch d.type {
        case .own(let r), .borrow(let r): free.insert(r.resource)
        default: forEachMember(d.type) { freeVariables($0, into: &free) }
        }
        d.freeResources = free.sorted()
    }

    /// Calls `body` with every value type `t` directly contains.
    func forEachMember(_ t: DefType, _ body: (VT) -> Void) {
        switch t {
        case .primitive, .flags, .enum, .own, .borrow: break
        case .record(let fs): for f in fs { body(f.type) }
        case .variant(let cs): for c in cs { if let v = c.type { body(v) } }
        case .tuple(let ts): for v in ts { body(v) }
        case .list(let v), .fixedList(let v, _), .option(let v): body(v)
        case .map(let k, let v):
            body(k)
            body(v)
        case .result(let ok, let err):
            if let ok { body(ok) }
            if let err { body(err) }
        case .future(let v), .stream(let v): if let v { body(v) }
        }
    }

    // MARK: Flattening

    static func flatten(_ p: PrimitiveValType, pointer: CVal, into out: inout Flattened) -> Bool {
        switch p {
        case .bool, .s8, .u8, .s16, .u16, .s32, .u32, .char, .errorContext: out.push(.i32)
        case .s64, .u64: out.push(.i64)
        case .f32: out.push(.f32)
        case .f64: out.push(.f64)
        case .string: out.push(pointer) && out.push(pointer)
        }
    }

    /// Appends the flattened core types of `v`; false when they do not fit in `out.max`.
    func flatten(_ v: VT, pointer: CVal, into out: inout Flattened) -> Bool {
        guard case .type(let t) = v else {
            if case .primitive(let p) = v { return TypeArena.flatten(p, pointer: pointer, into: &out) }
            return false
        }
        switch defined[t.index].type {
        case .primitive(let p): return TypeArena.flatten(p, pointer: pointer, into: &out)
        case .record(let fs): return fs.allSatisfy { flatten($0.type, pointer: pointer, into: &out) }
        case .tuple(let ts): return ts.allSatisfy { flatten($0, pointer: pointer, into: &out) }
        case .variant(let cs): return flattenVariant(cs.compactMap(\.type), pointer: pointer, into: &out)
        case .option(let x): return flattenVariant([x], pointer: pointer, into: &out)
        case .result(let ok, let err): return flattenVariant([ok, err].compactMap { $0 }, pointer: pointer, into: &out)
        case .list, .map: return out.push(pointer) && out.push(pointer)
        case .fixedList(let x, let n):
            var i: UInt32 = 0
            while i < n {
                if !flatten(x, pointer: pointer, into: &out) { return false }
                i += 1
            }
            return true
        case .flags(let ls):
            for _ in 0..<((ls.count + 31) / 32) where !out.push(.i32) { return false }
            return true
        case .enum, .own, .borrow, .future, .stream: return out.push(.i32)
        }
    }

    private func flattenVariant(_ payloads: [VT], pointer: CVal, into out: inout Flattened) -> Bool {
        if !out.push(.i32) { return false }
        let start = out.types.count
        for p in payloads {
            var temp = Flattened(max: out.max)
            if !flatten(p, pointer: pointer, into: &temp) { return false }
            for (i, t) in temp.types.enumerated() {
                if start + i < out.types.count {
                    out.types[start + i] = TypeArena.join(out.types[start + i], t)
                } else if !out.push(t) {
                    return false
                }
            }
        }
        return true
    }

    static func join(_ a: CVal, _ b: CVal) -> CVal {
        switch (a, b) {
        case (.i32, .i32), (.i64, .i64), (.f32, .f32), (.f64, .f64): a
        case (.i32, .f32), (.f32, .i32): .i32
        default: .i64
        }
    }

    /// The core signature of component function `f` lifted or lowered with `options`
    /// (CanonicalABI.md `flatten_functype`), checking the options the types require.
    func lowered(_ f: FuncTy, _ options: CanonOptions, _ abi: ABI) throws(WasmError) -> (params: [CVal], results: [CVal]) {
        let ptr = options.pointer
        var params = Flattened(max: abi == .lower && options.isAsync ? FlatLimits.maxAsyncParams : FlatLimits.maxParams)
        var results = Flattened(max: FlatLimits.maxResults)
        for p in f.params {
            switch abi {
            case .lower: try options.requireMemory(if: containsPointer(p.type))
            case .lift: try options.requireRealloc(if: containsPointer(p.type))
            }
            if !flatten(p.type, pointer: ptr, into: &params) {
                params.types = [ptr]
                try options.requireMemory()
                if abi == .lift { try options.requireRealloc() }
                break
            }
        }
        if let r = f.result { try options.requireRealloc(if: abi == .lower && containsPointer(r)) }
        switch (abi, options.isAsync) {
        case (_, false):
            if let r = f.result, !flatten(r, pointer: ptr, into: &results) {
                results.types = []
                try options.requireMemory()
                if abi == .lower { params.types.append(ptr) } else { results.types = [ptr] }
            }
        case (.lower, true):
            if f.result != nil {
                params.types.append(ptr)
                try options.requireMemory()
            }
            results.types = [.i32]
        case (.lift, true):
            if let r = f.result {
                var temp = Flattened(max: FlatLimits.maxParams)
                let overflow = !flatten(r, pointer: ptr, into: &temp)
                try options.requireMemory(if: overflow || containsPointer(r))
            }
            if options.callback != nil { results.types = [.i32] }
        }
        return (params.types, results.types)
    }
}
