import WasmBinary
import WasmCore

// Canonical definitions (CanonicalABI.md "Canonical Definitions"): option validation, `lift` and
// `lower` against the Canonical ABI's flattened signatures, and the core signature and feature gate
// of every built-in.

extension ValidationRun {
    func addCanon(_ c: Canon) throws(WasmError) {
        if case .lift(let f, let opts, let t) = c {
            try checkMax(cur.functionCount, ValidationLimits.maxFunctions, "functions")
            cur.funcs.append(try lift(f, opts, t))
            return
        }
        try checkMax(cur.functionCount, ValidationLimits.maxFunctions, "functions")
        cur.coreFuncs.append(try coreFunc(for: c))
    }

    private func sig(_ params: [CVal], _ results: [CVal], shared: Bool = false) throws(WasmError) -> Int {
        try arena.core.internFunc(params, results, shared: shared)
    }

    private func gate(_ f: Features, _ what: String) throws(WasmError) { try require(f, in: features, "`\(what)`") }

    /// The core function type a built-in (or `canon lower`) defines. The feature gates and the fixed
    /// signatures come from the canon table (`Model/canon.txt`); this checks the immediates and computes
    /// the `special` signatures.
    private func coreFunc(for c: Canon) throws(WasmError) -> Int {
        for f in c.requiredFeatures { try gate(f, c.name) }
        var pointer: CVal = .i32
        var declared: CanonOptions?  // options whose `core-type` the fixed signature must match
        switch c {
        case .lift:
            throw invalid(.sortMismatch, "`canon lift` defines a component function")
        case .lower(let f, let opts):
            let ft = arena.funcs[try funcAt(f).index]
            let o = try options(opts)
            try o.checkLower()
            try checkAsync(o, ft)
            if o.gc, let declared = o.coreType {
                try arena.checkGC(ft, coreType: declared, encoding: o.encoding)
                return declared
            }
            let l = try arena.lowered(ft, o, .lower)
            return try sig(l.params, l.results)
        case .resourceNew(let t):
            return try sig([try localResource(t)], [.i32])
        case .resourceDrop(let t):
            _ = try resourceAt(t)
        case .resourceRep(let t):
            return try sig([.i32], [try localResource(t)])
        case .taskReturn(let result, let opts):
            var params: [Field] = []
            if let r = result { params.append(Field(name: "v", type: .type(try definedTypeOrPrimitive(r)))) }
            let o = try options(opts)
            if o.realloc != nil { throw invalid(.invalidCanonOption, "cannot specify `realloc` option on `task.return`") }
            if o.postReturn != nil { throw invalid(.invalidCanonOption, "cannot specify `post-return` option on `task.return`") }
            try o.checkLower()
            try o.requireSync("task.return")
            let ft = FuncTy(isAsync: false, params: params, result: nil, info: TypeInfo())
            if o.gc, let declared = o.coreType {
                try arena.checkGC(ft, coreType: declared, encoding: o.encoding)
                return declared
            }
            let l = try arena.lowered(ft, o, .lower)
            return try coreType(o, l.params, l.results)
        case .contextGet(let t, let slot), .contextSet(let t, let slot):
            let v = try contextType(t, c.name)
            if slot > 0 {
                try require(.cmThreading, in: features, "`\(c.name)` immediate must be zero: \(slot)")
                if slot > 1 { throw invalid(.invalidCanonOption, "`\(c.name)` immediate must be zero or one: \(slot)") }
            }
            if case .contextGet = c { return try sig([], [v]) }
            return try sig([v], [])
        case .subtaskCancel(let isAsync):
            if isAsync { try require(.cmMoreAsyncBuiltins, in: features, "async `subtask.cancel`") }
        case .streamNew(let t), .futureNew(let t), .streamDropReadable(let t), .streamDropWritable(let t),
             .futureDropReadable(let t), .futureDropWritable(let t), .streamForward(let t), .futureForward(let t):
            _ = try asyncPayload(t, c)
        case .streamRead(let t, let opts), .streamWrite(let t, let opts), .futureRead(let t, let opts),
             .futureWrite(let t, let opts):
            let payload = try asyncPayload(t, c)
            let o = try options(opts)
            if !o.isAsync { try require(.cmMoreAsyncBuiltins, in: features, "synchronous `\(c.name)`") }
            try o.requireMemory(if: payload != nil)
            var isRead = false
            if case .streamRead = c { isRead = true }
            if case .futureRead = c { isRead = true }
            if isRead { try o.requireRealloc(if: payload.map { arena.containsPointer($0) } ?? false) }
            try o.checkLower()
            (pointer, declared) = (o.pointer, o)
        case .streamCancelRead(let t, let isAsync), .streamCancelWrite(let t, let isAsync),
             .futureCancelRead(let t, let isAsync), .futureCancelWrite(let t, let isAsync):
            if isAsync { try require(.cmMoreAsyncBuiltins, in: features, "async `\(c.name)`") }
            _ = try asyncPayload(t, c)
        case .errorContextNew(let opts), .errorContextDebugMessage(let opts):
            let o = try options(opts)
            try o.requireMemory()
            if case .errorContextDebugMessage = c { try o.requireRealloc() }
            try o.requireSync(c.name)
            try o.checkLower()
            (pointer, declared) = (o.pointer, o)
        case .waitableSetWait(let m), .waitableSetPoll(let m):
            pointer = try canonicalMemory(m) ? .i64 : .i32
        case .threadNewIndirect(let ft, let table):
            let (_, closure) = try startFunctionType(ft, what: "start", shared: false)
            let index: CVal = try checkFuncTable(table, shared: false) ? .i64 : .i32
            return try sig([index, closure], [.i32])
        case .threadSpawnRef(let ft):
            let (id, closure) = try startFunctionType(ft, what: "spawn", shared: true)
            // The spawn built-ins' own types are shared function types (as in wasm-tools 1.262).
            return try sig([CVal.ref(nullable: true, typeID: UInt32(truncatingIfNeeded: id)), closure], [.i32], shared: true)
        case .threadSpawnIndirect(let ft, let table):
            let (_, closure) = try startFunctionType(ft, what: "spawn", shared: true)
            let index: CVal = try checkFuncTable(table, shared: true) ? .i64 : .i32
            return try sig([index, closure], [.i32], shared: true)
        case .taskCancel, .backpressureInc, .backpressureDec, .subtaskDrop, .errorContextDrop, .waitableSetNew,
             .waitableSetDrop, .waitableJoin, .threadYield, .threadIndex, .threadSuspend, .threadResumeLater,
             .threadSuspendThenResume, .threadYieldThenResume, .threadSuspendThenPromote, .threadYieldThenPromote,
             .threadAvailableParallelism:
            break  // no immediates to check
        }
        guard let s = c.fixedCoreSignature(pointer: pointer) else {
            throw invalid(.invalidCanonOption, "`\(c.name)`: the canon table gives no core signature")
        }
        if let o = declared { return try coreType(o, s.params, s.results) }
        return try sig(s.params, s.results, shared: s.shared)
    }

    // MARK: lift

    private func lift(_ coreIndex: UInt32, _ opts: [CanonOption], _ typeIndex: UInt32) throws(WasmError) -> TypeRef {
        let t = try typeAt(typeIndex)
        guard t.kind == .func else { throw invalid(.sortMismatch, "type index \(typeIndex) is not a function type") }
        let ft = arena.funcs[t.index]
        let core = try coreFuncAt(coreIndex)
        var o = try options(opts)
        guard let actual = arena.core.funcType(core) else {
            throw invalid(.sortMismatch, "core function \(coreIndex) is not a function")
        }
        if let pr = o.postReturn {
            let p = arena.core.funcType(try coreFuncAt(pr))
            if p?.params != actual.results || p?.results.isEmpty != true {
                throw invalid(.abiMismatch, "canonical option `post-return` uses a core function with an incorrect "
                              + "signature: expected \(arena.core.renderFunc(actual.results, [])), found "
                              + "\(p.map { arena.core.renderFunc($0.params, $0.results) } ?? "a non-function")")
            }
        }
        if o.isAsync {
            if let cb = o.callback {
                let f = arena.core.funcType(try coreFuncAt(cb))
                if (f?.params != [.i32, .i32, .i32] && f?.params != [.i32]) || f?.results != [.i32] {
                    throw invalid(.abiMismatch, "canonical option `callback` uses a core function with an incorrect "
                                  + "signature: expected (func (param i32 i32 i32) (result i32)), found "
                                  + "\(f.map { arena.core.renderFunc($0.params, $0.results) } ?? "a non-function")")
                }
            } else {
                try require(.cmAsyncStackful, in: features, "`async` lifts without a `callback`")
            }
        }
        if o.coreType != nil {
            throw invalid(.invalidCanonOption, "canonical option `core-type` is not allowed in `canon lift`")
        }
        o.coreType = core
        try checkAsync(o, ft)
        if o.gc {
            try arena.checkGC(ft, coreType: core, encoding: o.encoding)
            return t
        }
        let lowered = try arena.lowered(ft, o, .lift)
        if lowered.params != actual.params || lowered.results != actual.results {
            throw invalid(.abiMismatch, "core function \(coreIndex) does not have the Canonical ABI signature of "
                          + "this function type: expected \(arena.core.renderFunc(lowered.params, lowered.results)), "
                          + "found \(arena.core.renderFunc(actual.params, actual.results))")
        }
        return t
    }

    private func checkAsync(_ o: CanonOptions, _ ft: FuncTy) throws(WasmError) {
        if o.isAsync && !ft.isAsync {
            throw invalid(.invalidCanonOption, "the `async` canonical option requires an async function type")
        }
    }

    // MARK: Options

    /// Validates a list of canonical options: each at most once, memories that the Canonical ABI can
    /// use, `realloc` of the right signature, and the async/callback/post-return combinations.
    func options(_ opts: [CanonOption]) throws(WasmError) -> CanonOptions {
        var o = CanonOptions()
        var encoding: StringEncoding?
        func once(_ seen: Bool, _ name: String) throws(WasmError) {
            if seen { throw invalid(.invalidCanonOption, "canonical option `\(name)` is specified more than once") }
        }
        for opt in opts {
            switch opt {
            case .utf8, .utf16, .compactUTF16:
                let e: StringEncoding = opt == .utf8 ? .utf8 : (opt == .utf16 ? .utf16 : .compactUTF16)
                if let existing = encoding {
                    throw invalid(.invalidCanonOption,
                                  "canonical encoding option `\(existing.rawValue)` conflicts with option `\(e.rawValue)`")
                }
                encoding = e
            case .memory(let i):
                try once(o.memory != nil, "memory")
                o.memory = (i, try canonicalMemory(i))
            case .realloc(let i):
                try once(o.realloc != nil, "realloc")
                o.realloc = i
            case .postReturn(let i):
                try once(o.postReturn != nil, "post-return")
                o.postReturn = i
            case .async:
                try once(o.isAsync, "async")
                try require(.cmAsync, in: features, "canonical option `async`")
                o.isAsync = true
            case .callback(let i):
                try once(o.callback != nil, "callback")
                o.callback = i
            case .coreType(let i):
                try once(o.coreType != nil, "core type")
                try require(.cmGC, in: features, "canonical option `core type`")
                guard Int(i) < cur.coreTypes.count, case .sub(let id) = cur.coreTypes[Int(i)],
                      arena.core.funcType(id) != nil else {
                    throw invalid(.invalidCanonOption, "canonical option `core type` must reference a core function type")
                }
                o.coreType = id
            case .gc:
                try once(o.gc, "gc")
                try require(.cmGC, in: features, "canonical option `gc`")
                o.gc = true
            }
        }
        o.encoding = encoding ?? .utf8
        if !o.isAsync && o.callback != nil { throw invalid(.invalidCanonOption, "cannot specify callback without async") }
        if o.isAsync && o.postReturn != nil {
            throw invalid(.invalidCanonOption, "cannot specify post-return function in async")
        }
        if !o.gc && o.coreType != nil { throw invalid(.invalidCanonOption, "cannot specify `core-type` without `gc`") }
        if let r = o.realloc {
            guard o.memory != nil else {
                throw invalid(.invalidCanonOption, "canonical option `realloc` requires `memory` to also be specified")
            }
            let p = o.pointer
            let f = arena.core.funcType(try coreFuncAt(r))
            if f?.params != [p, p, p, p] || f?.results != [p] {
                throw invalid(.abiMismatch, "canonical option `realloc` uses a core function with an incorrect signature: "
                              + "expected \(arena.core.renderFunc([p, p, p, p], [p])), found "
                              + "\(f.map { arena.core.renderFunc($0.params, $0.results) } ?? "a non-function")")
            }
        }
        return o
    }

    /// The memory at `i` as a Canonical ABI memory (not shared); returns whether it is 64-bit.
    func canonicalMemory(_ i: UInt32) throws(WasmError) -> Bool {
        let m = try memoryAt(i)
        if m.limits.is64 { try require(.cm64, in: features, "64-bit memories in canonical options") }
        let plain = MemoryType(limits: Limits(min: 0, max: nil, is64: m.limits.is64, shared: false,
                                              pageSizeLog2: m.limits.pageSizeLog2))
        try arena.core.checkMemory(m, plain)
        return m.limits.is64
    }

    /// With a declared `core-type` (🛸 gc), the lowering must match it; otherwise `[params] -> [results]`.
    private func coreType(_ o: CanonOptions, _ params: [CVal], _ results: [CVal]) throws(WasmError) -> Int {
        guard let declared = o.coreType, let d = arena.core.funcType(declared) else { return try sig(params, results) }
        if d.params != params || d.results != results {
            throw invalid(.abiMismatch, "declared core type \(arena.core.renderFunc(d.params, d.results)) does not match "
                          + "the lowering \(arena.core.renderFunc(params, results))")
        }
        return declared
    }

    private func localResource(_ i: UInt32) throws(WasmError) -> CVal {
        let r = try resourceAt(i)
        guard case .some(.some(let rep)) = cur.definedResources[r.resource] else {
            throw invalid(.resourceMisuse, "type \(i) is not a local resource")
        }
        return rep
    }

    private func definedTypeOrPrimitive(_ v: ComponentValType) throws(WasmError) -> TypeRef {
        switch v {
        case .index(let i): return try definedTypeAt(i)
        case .primitive(let p):
            try checkPrimitive(p)
            var d = DefinedTy(type: .primitive(p), info: TypeInfo())
            arena.computeLayout(&d)
            return arena.push(d)
        }
    }

    private func contextType(_ t: ValType, _ name: String) throws(WasmError) -> CVal {
        let v: CVal
        switch t {
        case .i32: v = .i32
        case .i64:
            try require(.cm64, in: features, "64-bit `\(name)`")
            v = .i64
        default: throw invalid(.invalidCanonOption, "`\(name)` only supports `i32` or `i64`")
        }
        if let prev = cur.contextType, prev != v {
            throw invalid(.invalidCanonOption, "`\(name)` type must match previous context type")
        }
        cur.contextType = v
        return v
    }

    /// The payload of the stream or future type `t` a stream/future built-in names.
    private func asyncPayload(_ t: UInt32, _ c: Canon) throws(WasmError) -> VT? {
        let d = arena.defined[try definedTypeAt(t).index].type
        let wantsStream = c.name.hasPrefix("stream")
        switch d {
        case .stream(let p) where wantsStream: return p
        case .future(let p) where !wantsStream: return p
        default: throw invalid(.sortMismatch, "`\(c.name)` requires a \(wantsStream ? "stream" : "future") type")
        }
    }

    /// A `[T] -> []` function type for thread start/spawn functions (shared for spawns), where `T` is
    /// `i32` (or 🐘 `i64`); returns its id and `T`.
    private func startFunctionType(_ i: UInt32, what: String, shared: Bool) throws(WasmError) -> (Int, CVal) {
        guard Int(i) < cur.coreTypes.count else { throw invalid(.indexOutOfBounds, "unknown type \(i): type index out of bounds") }
        guard case .sub(let id) = cur.coreTypes[Int(i)], let s = arena.core.sub(id) else {
            throw invalid(.sortMismatch, "expected a core function type")
        }
        if shared && !s.shared { throw invalid(.invalidCanonOption, "spawn type must be shared") }
        guard case .func(let p, let r) = s.composite else { throw invalid(.sortMismatch, "\(what) type must be a function") }
        if p != [.i32] && !(p == [.i64] && features.contains(.cm64)) {
            throw invalid(.abiMismatch, "\(what) function must take a single `i32` argument (currently)")
        }
        if !r.isEmpty { throw invalid(.abiMismatch, "\(what) function must not return any values") }
        return (id, p[0])
    }

    /// Checks that table `i` holds (shared) funcrefs; returns whether it is a 64-bit table.
    private func checkFuncTable(_ i: UInt32, shared: Bool) throws(WasmError) -> Bool {
        let t = try tableAt(i)
        if t.limits.is64 { try require(.cm64, in: features, "64-bit tables in thread built-ins") }
        let want = CTable(element: CVal.ref(nullable: true, abstract: .func, shared: shared),
                          limits: Limits(min: 0, max: nil, is64: false, shared: shared))
        do throws(WasmError) {
            try arena.core.checkEntity(.table(t), .table(want))
        } catch {
            throw invalid(.incompatibleType, "table is not a 32-bit \(shared ? "shared " : "")table of "
                          + "(ref null (\(shared ? "shared " : "")func)): \(error.message)")
        }
        return t.limits.is64
    }
}
