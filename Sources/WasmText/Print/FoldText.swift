import WasmBinary
import WasmCore

/// `--fold-instructions`: instructions as folded s-expressions, built as wasm-tools builds them. Each
/// instruction is printed flat into a side buffer; its operands (by the instruction's arity) become its
/// children; blocks collect their bodies; the tree prints when the expression ends.
final class FoldedInstruction {
    let plain: [UInt8]
    var folded: [FoldedInstruction]
    let results: UInt32
    let offset: Int
    let hint: Bool?
    /// Levels of nesting below and including this one (printing recurses this deep).
    let depth: Int
    init(plain: [UInt8], folded: [FoldedInstruction], results: UInt32, offset: Int, hint: Bool? = nil) {
        self.plain = plain
        self.folded = folded
        var d = 0
        for f in folded where f.depth > d { d = f.depth }
        self.depth = d + 1
        self.results = results
        self.offset = offset
        self.hint = hint
    }
}

struct FoldingPrinter {
    enum Kind { case block, loop, tryTable, `if`, `else` }
    struct Frame {
        var type: BlockType
        var kind: Kind
        var plain: [UInt8]
        var folded: [FoldedInstruction] = []
        var predicate: [FoldedInstruction]?
        var consequent: ([FoldedInstruction], Int)?
        var offset: Int
        var hint: Bool?
    }

    let p: Printer
    let s: CoreState
    let capture: Printer
    let ops: OperatorPrinter
    let separator: OperatorPrinter.Separator
    var control: [Frame] = []
    var hint: Bool?
    var buffer: [UInt8] = []

    /// `funcType`: the function's type index (nil for a constant expression).
    init(_ p: Printer, _ s: CoreState, separator: OperatorPrinter.Separator, funcType: UInt32?) {
        self.p = p
        self.s = s
        self.separator = separator
        let box = CaptureBox()
        let out = TextOutput(chunkSize: 1 << 16) { b in box.bytes.append(contentsOf: b) }
        capture = Printer(out: out, options: PrintOptions(nameUnnamed: p.options.nameUnnamed))
        capture.nesting = p.nesting
        capture.line = p.line
        captureBox = box
        ops = OperatorPrinter(capture, s, separator: .none)
        control.append(Frame(type: funcType.map { .type($0) } ?? .empty, kind: .block, plain: [], offset: 0))
        isFunction = funcType != nil
    }
    let captureBox: CaptureBox
    let isFunction: Bool

    final class CaptureBox { var bytes: [UInt8] = [] }

    /// The arity of type `type` as wasmparser counts it: a function's params and results, a struct's fields
    /// (both), a continuation's function type; nil for an array or an unknown index.
    func funcArity(_ type: UInt32) -> (UInt32, UInt32)? {
        guard let k = kind(type) else { return nil }
        switch k {
        case .func(let f): return (UInt32(truncatingIfNeeded: f.params.count), UInt32(truncatingIfNeeded: f.results.count))
        case .struct(let fields): return (UInt32(truncatingIfNeeded: fields.count), UInt32(truncatingIfNeeded: fields.count))
        case .cont(let f):
            guard case .func(let ft)? = kind(f) else { return nil }
            return (UInt32(truncatingIfNeeded: ft.params.count), UInt32(truncatingIfNeeded: ft.results.count))
        case .array: return nil
        }
    }

    func kind(_ type: UInt32) -> CompositeKind? {
        Int(type) < s.types.count ? s.types[Int(type)].composite.kind : nil
    }

    func tagArity(_ tag: UInt32) -> (UInt32, UInt32)? {
        Int(tag) < s.tagTypes.count ? funcArity(s.tagTypes[Int(tag)]) : nil
    }

    /// Stack switching, as wasmparser's arity table has it (`cont.bind`: the argument type's extra params
    /// and the continuation; `switch`: the results are the params of the continuation type that the last
    /// param of the type refers to).
    func continuationArity(_ op: Operator) -> (UInt32, UInt32)? {
        switch op.opcode {
        case .contNew: return (1, 1)
        case .contBind:
            guard let a = funcArity(op.index), let b = funcArity(op.index2), a.0 >= b.0, a.1 >= b.1 else { return nil }
            return (a.0 - b.0 + 1, 1)
        case .suspend: return tagArity(op.index)
        case .resume:
            guard let c = funcArity(op.index) else { return nil }
            return (c.0 &+ 1, c.1)
        case .resumeThrow:
            guard let t = tagArity(op.index2), let c = funcArity(op.index) else { return nil }
            return (t.0 &+ 1, c.1)
        case .switch:
            guard let c = funcArity(op.index), case .cont(let f)? = kind(op.index), case .func(let ft)? = kind(f),
                  case .ref(let r)? = ft.params.last else { return nil }
            let target: UInt32
            switch r.heapType {
            case .concrete(let i), .exact(let i): target = i
            case .abstract: return nil
            }
            guard let o = funcArity(target) else { return nil }
            return (c.0, o.0)
        default: return nil
        }
    }

    func blockArity(_ t: BlockType) -> (UInt32, UInt32)? {
        switch t {
        case .empty: return (0, 0)
        case .value: return (0, 1)
        case .type(let i): return funcArity(i)
        }
    }

    /// The function's outermost frame uses its type's results (a block type `.type`).
    func label(_ depth: UInt32) -> Frame? {
        let i = control.count - 1 - Int(depth)
        return i >= 0 && Int(depth) < control.count ? control[i] : nil
    }

    /// A branch's operand count (0 when the label or its type is unknown, as wasm-tools counts it).
    func br(_ depth: UInt32) -> UInt32 {
        guard let f = label(depth), let (params, results) = blockArity(f.type) else { return 0 }
        return f.kind == .loop ? params : results
    }

    func funcArityOrZero(_ type: UInt32) -> (UInt32, UInt32) { funcArity(type) ?? (0, 0) }

    func arity(_ op: Operator, _ r: inout OperatorReader) -> (UInt32, UInt32)? {
        switch op.opcode {
        case .unreachable, .nop: return (0, 0)
        case .drop: return (1, 0)
        case .select: return (3, 1)
        case .typedSelect:
            let n = UInt32(truncatingIfNeeded: r.selectTypes(op).count)
            return (1 &+ 2 &* n, n)
        case .localGet, .globalGet: return (0, 1)
        case .localSet, .globalSet: return (1, 0)
        case .localTee: return (1, 1)
        case .br: return (br(op.index), 0)
        case .brIf: let n = br(op.index); return (n &+ 1, n)
        case .brTable: return (br(op.index) &+ 1, 0)
        case .return:
            guard let f = control.first, let (_, results) = blockArity(f.type) else { return (0, 0) }
            return (results, 0)
        case .call:
            guard Int(op.index) < s.funcTypes.count else { return (0, 0) }
            return funcArityOrZero(s.funcTypes[Int(op.index)])
        case .returnCall:
            guard Int(op.index) < s.funcTypes.count, let (pa, _) = funcArity(s.funcTypes[Int(op.index)]) else { return (0, 0) }
            return (pa, 0)
        case .callIndirect, .callRef:
            guard let (pa, re) = funcArity(op.index) else { return (0, 0) }
            return (pa &+ 1, re)
        case .returnCallIndirect, .returnCallRef:
            guard let (pa, _) = funcArity(op.index) else { return (0, 0) }
            return (pa &+ 1, 0)
        case .throw:
            guard Int(op.index) < s.tagTypes.count, let (pa, _) = funcArity(s.tagTypes[Int(op.index)]) else { return (0, 0) }
            return (pa, 0)
        case .throwRef: return (1, 0)
        case .refAsNonNull, .refTestNonNull, .refTestNullable, .refCastNonNull, .refCastNullable, .anyConvertExtern,
             .externConvertAny, .structNewDefaultDesc, .refGetDesc, .refI31Shared, .contNew, .arrayNewDefault:
            return (1, 1)
        case .brOnNull: let n = br(op.index); return (n &+ 1, n &+ 1)
        case .brOnNonNull:
            let n = br(op.index)
            return n == 0 ? (0, 0) : (n, n - 1)
        case .brOnCast, .brOnCastFail: let n = br(op.index); return (n, n)
        case .brOnCastDescEq, .brOnCastDescEqFail: let n = br(op.index); return (n &+ 1, n)
        case .refCastDescEqNonNull, .refCastDescEqNullable: return (2, 1)
        case .structNew, .structNewDesc:
            guard Int(op.index) < s.types.count, case .struct(let fields) = s.types[Int(op.index)].composite.kind else { return (0, 0) }
            return (UInt32(truncatingIfNeeded: fields.count) &+ (op.opcode == .structNewDesc ? 1 : 0), 1)
        case .structNewDefault: return (0, 1)
        case .structGet, .structGetS, .structGetU, .structAtomicGet, .structAtomicGetS, .structAtomicGetU: return (1, 1)
        case .structSet, .structAtomicSet: return (2, 0)
        case .structAtomicRmwAdd, .structAtomicRmwSub, .structAtomicRmwAnd, .structAtomicRmwOr, .structAtomicRmwXor,
             .structAtomicRmwXchg: return (2, 1)
        case .structAtomicRmwCmpxchg: return (3, 1)
        case .arrayNew, .arrayNewData, .arrayNewElem: return (2, 1)
        case .arrayNewFixed: return (op.index2, 1)
        case .arrayGet, .arrayGetS, .arrayGetU, .arrayAtomicGet, .arrayAtomicGetS, .arrayAtomicGetU: return (2, 1)
        case .arraySet, .arrayAtomicSet: return (3, 0)
        case .arrayAtomicRmwAdd, .arrayAtomicRmwSub, .arrayAtomicRmwAnd, .arrayAtomicRmwOr, .arrayAtomicRmwXor,
             .arrayAtomicRmwXchg: return (3, 1)
        case .arrayAtomicRmwCmpxchg: return (4, 1)
        case .arrayFill, .arrayInitData, .arrayInitElem: return (4, 0)
        case .arrayCopy: return (5, 0)
        case .memoryCopy, .tableCopy: return (3, 0)
        case .globalAtomicGet: return (0, 1)
        case .globalAtomicSet: return (1, 0)
        case .globalAtomicRmwAdd, .globalAtomicRmwSub, .globalAtomicRmwAnd, .globalAtomicRmwOr, .globalAtomicRmwXor,
             .globalAtomicRmwXchg: return (1, 1)
        case .globalAtomicRmwCmpxchg: return (2, 1)
        case .tableAtomicGet: return (1, 1)
        case .tableAtomicSet: return (2, 0)
        case .tableAtomicRmwXchg: return (2, 1)
        case .tableAtomicRmwCmpxchg: return (3, 1)
        case .contBind, .suspend, .resume, .resumeThrow, .switch: return continuationArity(op)
        case .refNull, .refFunc, .tableSize: return (0, 1)
        case .refIsNull, .tableGet: return (1, 1)
        case .tableSet: return (2, 0)
        case .tableGrow: return (2, 1)
        case .tableFill: return (3, 0)
        default:
            guard let sig = op.opcode.signature else { return nil }
            return (UInt32(truncatingIfNeeded: sig.params.count), UInt32(truncatingIfNeeded: sig.results.count))
        }
    }

    mutating func visit(_ op: Operator, _ r: inout OperatorReader) throws(WasmError) {
        let code = op.opcode
        var arityReader = r
        var (params, results) = (UInt32(0), UInt32(0))
        switch code {
        case .block, .loop, .if, .tryTable, .else, .end: break
        case .try, .catch, .catchAll, .delegate, .rethrow:
            // wasm-tools 1.262 stops here too ("legacy-exceptions not supported"), after the same text.
            throw WasmError(.foldUnsupported, "legacy exception handling (`\(code.mnemonic)`) cannot be printed folded "
                            + "(as in wasm-tools: legacy-exceptions not supported)", offset: op.offset, kind: .invalid)
        default:
            guard let a = arity(op, &arityReader) else {
                throw Printer.unsupported("--fold-instructions for \(code.mnemonic)")
            }
            (params, results) = a
        }
        ops.print(op, &r)
        try capture.out.flush()
        // A fresh array each time: keeping the capacity would give every later instruction's text the
        // largest buffer seen so far.
        let plain = captureBox.bytes
        captureBox.bytes = []
        p.nesting = capture.nesting
        p.line = capture.line
        switch code {
        case .block, .loop, .tryTable:
            guard hint == nil else { throw Printer.unsupported("--fold-instructions with a branch hint on a block") }
            let kind: Kind = code == .block ? .block : code == .loop ? .loop : .tryTable
            control.append(Frame(type: op.blockType, kind: kind, plain: plain, offset: op.offset))
        case .if:
            var predicate: [FoldedInstruction] = []
            if let last = control[control.count - 1].folded.popLast() { predicate.append(last) }
            control.append(Frame(type: op.blockType, kind: .if, plain: plain, predicate: predicate, offset: op.offset, hint: hint))
            hint = nil
        case .else:
            guard hint == nil, var f = control.popLast(), f.kind == .if else {
                throw Printer.unsupported("--fold-instructions for this else")
            }
            f.consequent = (f.folded, f.offset)
            f.folded = []
            f.kind = .else
            f.offset = op.offset
            control.append(f)
        case .end:
            guard hint == nil, control.count > 1, let f = control.popLast(), let (_, res) = blockArity(f.type) else {
                throw Printer.unsupported("--fold-instructions for this end")
            }
            let inst: FoldedInstruction
            switch f.kind {
            case .block, .loop, .tryTable:
                inst = FoldedInstruction(plain: f.plain, folded: f.folded, results: res, offset: f.offset)
            case .if:
                let then = FoldedInstruction(plain: Array("then".utf8), folded: f.folded, results: res, offset: f.offset)
                inst = FoldedInstruction(plain: f.plain, folded: (f.predicate ?? []) + [then], results: res,
                                         offset: f.offset, hint: f.hint)
            case .else:
                let (consequent, ifOffset) = f.consequent ?? ([], f.offset)
                let then = FoldedInstruction(plain: Array("then".utf8), folded: consequent, results: res, offset: ifOffset)
                let els = FoldedInstruction(plain: Array("else".utf8), folded: f.folded, results: res, offset: f.offset)
                inst = FoldedInstruction(plain: f.plain, folded: (f.predicate ?? []) + [then, els], results: res,
                                         offset: ifOffset, hint: f.hint)
            }
            try checkDepth(inst, op.offset)
            control[control.count - 1].folded.append(inst)
        default:
            let k = control.count - 1
            var first = control[k].folded.count
            var count: UInt32 = 0
            if params > 0 {
                for pos in control[k].folded.indices.reversed() {
                    count = count &+ control[k].folded[pos].results
                    if count == params { first = pos; break }
                    if count > params { results = UInt32.max; break }
                }
            }
            let children = Array(control[k].folded[first...])
            control[k].folded.removeSubrange(first...)
            let inst = FoldedInstruction(plain: plain, folded: children, results: results, offset: op.offset, hint: hint)
            try checkDepth(inst, op.offset)
            control[k].folded.append(inst)
            hint = nil
        }
    }

    mutating func branchHint(_ taken: Bool) { hint = taken }

    /// Folded expressions nest as deep as their operands chain; printing them recurses, so the depth is bounded.
    static let maxDepth = 10_000

    func checkDepth(_ inst: FoldedInstruction, _ offset: Int) throws(WasmError) {
        if inst.depth > FoldingPrinter.maxDepth || control.count > FoldingPrinter.maxDepth {
            throw WasmError(.nestingTooDeep, "instructions nest more than \(FoldingPrinter.maxDepth) levels deep when folded",
                            offset: offset)
        }
    }

    /// Prints the tree (at the expression's end).
    func finish() throws(WasmError) {
        guard control.count == 1 else { throw Printer.unsupported("--fold-instructions for an unclosed block") }
        var sep = separator
        for inst in control[0].folded { print(inst, &sep) }
    }

    func sep(_ sep: inout OperatorPrinter.Separator, _ offset: Int) {
        switch sep {
        case .newline: p.newline(offset)
        case .none: break
        case .noneThenSpace: sep = .space
        case .space: p.w(" ")
        }
    }

    func print(_ inst: FoldedInstruction, _ s: inout OperatorPrinter.Separator) {
        if let h = inst.hint {
            sep(&s, inst.offset)
            p.w(h ? "(@metadata.code.branch_hint \"\\01\")" : "(@metadata.code.branch_hint \"\\00\")")
        }
        sep(&s, inst.offset)
        p.w("(")
        p.out.write(bytes: inst.plain)
        if inst.folded.isEmpty && inst.plain.contains(UInt8(ascii: ";")) && containsLineComment(inst.plain) {
            p.newline(inst.offset)
        }
        p.nesting += 1
        for f in inst.folded { print(f, &s) }
        p.nesting -= 1
        p.w(")")
    }

    func containsLineComment(_ b: [UInt8]) -> Bool {
        guard b.count >= 2 else { return false }
        for i in 0..<(b.count - 1) where b[i] == UInt8(ascii: ";") && b[i &+ 1] == UInt8(ascii: ";") { return true }
        return false
    }
}

extension WasmError.Code {
    /// `print --fold` of code the folded form has no syntax for (legacy exception handling), as wasm-tools.
    public static let foldUnsupported = Self("fold-unsupported")
}
