import WasmBinary

/// Kinds of control frames.
enum FrameKind: UInt8 {
    case block, loop, `if`, `else`, tryTable, legacyTry, legacyCatch, legacyCatchAll
}

/// A block type resolved against the module: empty, one value type, or a canonical function type id.
struct BlockT: Equatable {
    enum Tag: UInt8 { case empty, value, function }
    var tag: Tag
    var value: UInt32
    static let empty = BlockT(tag: .empty, value: 0)
    static func single(_ t: VT) -> BlockT { BlockT(tag: .value, value: t.raw) }
    static func function(_ id: UInt32) -> BlockT { BlockT(tag: .function, value: id) }
}

/// A control frame (the spec's `ctrl_frame`).
struct Ctrl {
    var kind: FrameKind
    var unreachable: Bool
    var height: Int
    var initHeight: Int
    var type: BlockT
}

/// The operand-stack type checker for one function body or constant expression at a time (the spec's
/// validation algorithm, with wasm-tools' refinements for unreachable code and references). A worker thread
/// owns one and reuses its stacks for every function it checks; nothing is allocated per instruction.
struct FunctionValidator: ~Copyable {
    var ctx: ModuleContext
    var features: Features

    // Operand stack.
    var ops: UnsafeMutablePointer<VT>
    var opsCount = 0
    var opsCapacity: Int
    // Control stack.
    var ctrls: UnsafeMutablePointer<Ctrl>
    var ctrlCount = 0
    var ctrlCapacity: Int
    /// Height of the innermost frame (cached for the fast pop path).
    var height = 0
    // Locals: types, initialization flags, and the stack of locals initialized since each frame began.
    var locals: UnsafeMutablePointer<VT>
    var localCount = 0
    var localCapacity: Int
    var localInit: UnsafeMutablePointer<Bool>
    var inits: UnsafeMutablePointer<UInt32>
    var initCount = 0
    var firstNonDefaultable = Int.max
    /// Whether the function's type is shared (shared-everything-threads).
    var shared = false
    /// Constant-expression mode: only constant instructions are accepted, and `ref.func` declares.
    var isConst = false
    /// Functions referenced by `ref.func` in a constant expression (they become declared).
    var constRefs: [UInt32] = []
    /// Offset of the instruction being checked (for errors).
    var offset = 0
    /// Fast-path tables for the features this validator was created with (function bodies only).
    let fast: FastTable
    /// Memory 0 for the fast path: 0 none, 1 32-bit, 2 64-bit.
    var memory0: UInt8 = 0

    init(ctx: ModuleContext) {
        self.ctx = ctx
        self.features = ctx.features
        fast = FastTable(features: ctx.features)
        if let m = ctx.memories.first { memory0 = m.is64 ? 2 : 1 }
        opsCapacity = 256
        ops = .allocate(capacity: opsCapacity)
        ctrlCapacity = 64
        ctrls = .allocate(capacity: ctrlCapacity)
        localCapacity = 64
        locals = .allocate(capacity: localCapacity)
        localInit = .allocate(capacity: localCapacity)
        inits = .allocate(capacity: localCapacity)
    }

    deinit {
        ops.deallocate()
        ctrls.deallocate()
        locals.deallocate()
        localInit.deallocate()
        inits.deallocate()
    }

    // MARK: Errors

    mutating func mismatch(_ message: String) -> WasmError {
        WasmError.invalid(.typeMismatch, "type mismatch: \(message)", at: offset)
    }

    mutating func fail(_ code: WasmError.Code, _ message: String) -> WasmError {
        WasmError.invalid(code, message, at: offset)
    }

    mutating func typeName(_ t: VT) -> String { ctx.types.name(t) }

    // MARK: Operand stack

    @inline(__always)
    mutating func push(_ t: VT) {
        if opsCount == opsCapacity { growOperands() }
        ops[opsCount] = t
        opsCount &+= 1
    }

    mutating func growOperands() {
        let bigger = UnsafeMutablePointer<VT>.allocate(capacity: opsCapacity * 2)
        bigger.moveInitialize(from: ops, count: opsCount)
        ops.deallocate()
        ops = bigger
        opsCapacity *= 2
    }

    /// Pops a value that must be a subtype of `expected`; returns the popped (possibly bottom) type.
    @inline(__always) @discardableResult
    mutating func pop(_ expected: VT) throws(WasmError) -> VT {
        if opsCount > height {
            let top = ops[opsCount &- 1]
            if top == expected {
                opsCount &-= 1
                return top
            }
        }
        return try popSlow(expected, any: false)
    }

    /// Pops any value (bottom when the frame is unreachable and empty).
    @inline(__always) @discardableResult
    mutating func popAny() throws(WasmError) -> VT {
        if opsCount > height {
            opsCount &-= 1
            return ops[opsCount]
        }
        return try popSlow(.bottom, any: true)
    }

    mutating func popSlow(_ expected: VT, any: Bool) throws(WasmError) -> VT {
        let actual: VT
        if opsCount == height {
            guard ctrls[ctrlCount - 1].unreachable else {
                throw mismatch("expected \(any ? "a value" : typeName(expected)) but nothing on stack")
            }
            actual = .bottom
        } else {
            opsCount -= 1
            actual = ops[opsCount]
        }
        if any || actual.isBottom { return actual }
        if actual.isUnknownRef {
            guard expected.isRef else {
                throw mismatch("expected \(typeName(expected)), found a reference")
            }
            if let a = actual.unknownAbstract {
                let candidate = VT.ref(nullable: false, abstract: a, shared: ctx.types.isShared(expected))
                if !ctx.isSubtype(candidate, expected) {
                    throw mismatch("expected \(typeName(expected)), found \(typeName(candidate))")
                }
            }
            return actual
        }
        if !ctx.isSubtype(actual, expected) {
            throw mismatch("expected \(typeName(expected)), found \(typeName(actual))")
        }
        return actual
    }

    /// Pops a reference (any reference type, or a partially known one in unreachable code).
    mutating func popRef() throws(WasmError) -> VT {
        let t = try popAny()
        if t.isBottom { return .unknownRef(nil) }
        guard t.isRefLike else { throw mismatch("expected a reference, found \(typeName(t))") }
        return t
    }

    /// Pops a reference that must be a subtype of `expected` (nullable).
    mutating func popRef(_ expected: VT) throws(WasmError) -> VT {
        let t = try pop(expected)
        return t.isBottom ? .unknownRef(nil) : t
    }

    /// Pops a reference that must be a subtype of the nullable abstract type `a` or of its shared variant.
    mutating func popMaybeSharedRef(_ a: AbsHeap) throws(WasmError) -> VT {
        let t = try popRef()
        if t.isUnknownRef {
            if let known = t.unknownAbstract, !known.isSubtype(of: a) {
                throw mismatch("expected subtype of \(a.name), found \(known.name)")
            }
            return t
        }
        let expected = VT.ref(nullable: true, abstract: a, shared: ctx.types.isShared(t))
        if !ctx.isSubtype(t, expected) {
            throw mismatch("expected subtype of \(typeName(expected)), found \(typeName(t))")
        }
        return t
    }

    // MARK: Control stack

    mutating func pushCtrl(_ kind: FrameKind, _ type: BlockT) {
        pushBareCtrl(kind, type)
        let n = paramCount(type)
        var i = 0
        while i < n {
            push(param(type, i))
            i += 1
        }
    }

    mutating func pushBareCtrl(_ kind: FrameKind, _ type: BlockT) {
        if ctrlCount == ctrlCapacity {
            let bigger = UnsafeMutablePointer<Ctrl>.allocate(capacity: ctrlCapacity * 2)
            bigger.moveInitialize(from: ctrls, count: ctrlCount)
            ctrls.deallocate()
            ctrls = bigger
            ctrlCapacity *= 2
        }
        (ctrls + ctrlCount).initialize(to: Ctrl(kind: kind, unreachable: false, height: opsCount,
                                                initHeight: initCount, type: type))
        ctrlCount += 1
        height = opsCount
    }

    mutating func popCtrl() throws(WasmError) -> Ctrl {
        let frame = ctrls[ctrlCount - 1]
        var i = resultCount(frame.type)
        while i > 0 {
            i -= 1
            try pop(result(frame.type, i))
        }
        if opsCount != frame.height {
            throw mismatch("values remaining on stack at end of block")
        }
        ctrlCount -= 1
        height = ctrlCount > 0 ? ctrls[ctrlCount - 1].height : 0
        resetInits(to: frame.initHeight)
        return frame
    }

    /// Marks the rest of the current frame unreachable and drops its operands.
    mutating func setUnreachable() {
        ctrls[ctrlCount - 1].unreachable = true
        opsCount = ctrls[ctrlCount - 1].height
    }

    /// The frame `depth` labels out (0 = innermost).
    @inline(__always) mutating func frame(_ depth: UInt32) throws(WasmError) -> Ctrl {
        guard Int(depth) < ctrlCount else {
            throw fail(.unknownIndex, "unknown label: branch depth \(depth) too large")
        }
        return ctrls[ctrlCount - 1 - Int(depth)]
    }

    // MARK: Block types

    @inline(__always) mutating func paramCount(_ t: BlockT) -> Int {
        t.tag == .function ? Int(ctx.types.entries[Int(t.value)].count) : 0
    }

    @inline(__always) mutating func param(_ t: BlockT, _ i: Int) -> VT {
        ctx.types.values[Int(ctx.types.entries[Int(t.value)].start) + i]
    }

    @inline(__always) mutating func resultCount(_ t: BlockT) -> Int {
        switch t.tag {
        case .empty: return 0
        case .value: return 1
        case .function: return Int(ctx.types.entries[Int(t.value)].resultCount)
        }
    }

    @inline(__always) mutating func result(_ t: BlockT, _ i: Int) -> VT {
        if t.tag == .value { return VT(raw: t.value) }
        let e = ctx.types.entries[Int(t.value)]
        return ctx.types.values[Int(e.start + e.count) + i]
    }

    /// The types a branch to `frame` carries: a loop's parameters, any other block's results.
    @inline(__always) mutating func labelCount(_ frame: Ctrl) -> Int {
        frame.kind == .loop ? paramCount(frame.type) : resultCount(frame.type)
    }

    @inline(__always) mutating func label(_ frame: Ctrl, _ i: Int) -> VT {
        frame.kind == .loop ? param(frame.type, i) : result(frame.type, i)
    }

    /// Pops the label types of `frame` (last first).
    mutating func popLabel(_ frame: Ctrl) throws(WasmError) {
        var i = labelCount(frame)
        while i > 0 {
            i -= 1
            try pop(label(frame, i))
        }
    }

    /// Pops the label types of `frame` and pushes them back (`br_if` and friends).
    mutating func popPushLabel(_ frame: Ctrl, count: Int) throws(WasmError) {
        var i = count
        while i > 0 {
            i -= 1
            try pop(label(frame, i))
        }
        for k in 0..<count { push(label(frame, k)) }
    }

    mutating func blockType(_ bt: BlockType) throws(WasmError) -> BlockT {
        switch bt {
        case .empty: return .empty
        case .value(let v): return .single(try ctx.types.vt(v, features, at: offset))
        case .type(let index):
            try features.require(.multiValue, "a block with a type index", at: offset)
            return .function(try funcType(index))
        }
    }

    // MARK: Module lookups

    @inline(__always) mutating func subtypeID(_ index: UInt32) throws(WasmError) -> UInt32 {
        guard Int(index) < ctx.types.moduleTypes.count else {
            throw fail(.unknownIndex, "unknown type \(index): type index out of bounds")
        }
        return ctx.types.moduleTypes[Int(index)]
    }

    mutating func kindName(_ k: CanonicalTypes.Kind) -> String {
        switch k {
        case .func: "func"
        case .struct: "struct"
        case .array: "array"
        case .cont: "cont"
        }
    }

    /// The canonical id of function type `index` (checking it is one, and shared-ness).
    @inline(__always) mutating func funcType(_ index: UInt32) throws(WasmError) -> UInt32 {
        try typeOf(kind: .func, index)
    }

    @inline(__always) mutating func typeOf(kind: CanonicalTypes.Kind, _ index: UInt32) throws(WasmError) -> UInt32 {
        let id = try subtypeID(index)
        let e = ctx.types.entries[Int(id)]
        guard e.kind == kind else {
            throw mismatch("expected \(kindName(kind)) type at index \(index), found \(kindName(e.kind)) type")
        }
        if shared && !e.shared {
            throw fail(.invalid, "shared functions cannot access unshared \(kindName(kind))s (type \(index))")
        }
        return id
    }

    @inline(__always) mutating func functionType(ofFunction index: UInt32) throws(WasmError) -> UInt32 {
        guard Int(index) < ctx.functionTypes.count else {
            throw fail(.unknownIndex, "unknown function \(index): function index out of bounds")
        }
        let id = ctx.functionTypes[Int(index)]
        if shared && !ctx.types.entries[Int(id)].shared {
            throw fail(.invalid, "shared functions cannot access unshared functions (function \(index))")
        }
        return id
    }

    @inline(__always) mutating func table(_ index: UInt32) throws(WasmError) -> ModuleContext.Table {
        guard Int(index) < ctx.tables.count else {
            throw fail(.unknownIndex, "unknown table \(index): table index out of bounds")
        }
        let t = ctx.tables[Int(index)]
        if shared && !t.shared { throw fail(.invalid, "shared functions cannot access unshared tables") }
        return t
    }

    @inline(__always) mutating func memory(_ index: UInt32) throws(WasmError) -> ModuleContext.Memory {
        guard Int(index) < ctx.memories.count else {
            throw fail(.unknownIndex, "unknown memory \(index): memory index out of bounds")
        }
        return ctx.memories[Int(index)]
    }

    @inline(__always) mutating func global(_ index: UInt32) throws(WasmError) -> ModuleContext.Global {
        guard Int(index) < ctx.globals.count else {
            throw fail(.unknownIndex, "unknown global \(index): global index out of bounds")
        }
        let g = ctx.globals[Int(index)]
        if shared && !g.shared { throw fail(.invalid, "shared functions cannot access unshared globals") }
        return g
    }

    mutating func tag(_ index: UInt32) throws(WasmError) -> UInt32 {
        guard Int(index) < ctx.tags.count else {
            throw fail(.unknownIndex, "unknown tag \(index): tag index out of bounds")
        }
        return ctx.tags[Int(index)]
    }

    /// A tag usable for exceptions (no results).
    mutating func exceptionTag(_ index: UInt32) throws(WasmError) -> UInt32 {
        let id = try tag(index)
        if ctx.types.entries[Int(id)].resultCount != 0 {
            throw fail(.invalid, "invalid exception type: non-empty tag result type (tag \(index))")
        }
        return id
    }

    mutating func elementType(_ index: UInt32) throws(WasmError) -> VT {
        guard Int(index) < ctx.elementTypes.count else {
            throw fail(.unknownIndex, "unknown elem segment \(index): segment index out of bounds")
        }
        return ctx.elementTypes[Int(index)]
    }

    mutating func checkData(_ index: UInt32) throws(WasmError) {
        guard let n = ctx.dataCount else {
            throw WasmError(.dataCountRequired, "data count section required", offset: offset)
        }
        if index >= n { throw fail(.unknownIndex, "unknown data segment \(index)") }
    }

    @inline(__always) mutating func local(_ index: UInt32) throws(WasmError) -> VT {
        guard Int(index) < localCount else {
            throw fail(.unknownIndex, "unknown local \(index): local index out of bounds")
        }
        return locals[Int(index)]
    }

    // MARK: Locals

    mutating func resetLocals() {
        localCount = 0
        initCount = 0
        firstNonDefaultable = Int.max
    }

    /// Appends `count` locals of type `t` (parameters are always initialized).
    mutating func defineLocals(_ count: Int, _ t: VT, initialized: Bool) {
        if localCount + count > localCapacity {
            var capacity = localCapacity
            while capacity < localCount + count { capacity *= 2 }
            let l = UnsafeMutablePointer<VT>.allocate(capacity: capacity)
            l.moveInitialize(from: locals, count: localCount)
            locals.deallocate()
            locals = l
            let b = UnsafeMutablePointer<Bool>.allocate(capacity: capacity)
            b.moveInitialize(from: localInit, count: localCount)
            localInit.deallocate()
            localInit = b
            let s = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
            s.moveInitialize(from: inits, count: initCount)
            inits.deallocate()
            inits = s
            localCapacity = capacity
        }
        let isSet = initialized || t.isDefaultable
        if !isSet && firstNonDefaultable == Int.max { firstNonDefaultable = localCount }
        (locals + localCount).initialize(repeating: t, count: count)
        (localInit + localCount).initialize(repeating: isSet, count: count)
        localCount += count
    }

    @inline(__always) mutating func isUninitialized(_ index: UInt32) -> Bool {
        Int(index) >= firstNonDefaultable && !localInit[Int(index)]
    }

    @inline(__always) mutating func setInitialized(_ index: UInt32) {
        if Int(index) >= firstNonDefaultable && !localInit[Int(index)] {
            localInit[Int(index)] = true
            inits[initCount] = index
            initCount += 1
        }
    }

    mutating func resetInits(to h: Int) {
        while initCount > h {
            initCount -= 1
            localInit[Int(inits[initCount])] = false
        }
    }
}
