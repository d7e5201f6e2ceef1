import WasmBinary

// Reference instructions, tables, bulk copies, GC structs and arrays, casts and custom descriptors.

extension FunctionValidator {
    mutating func special(_ op: Operator, _ reader: inout OperatorReader) throws(WasmError) {
        switch op.opcode {
        case .refNull:
            push(try ctx.types.vt(op.refType, features, at: offset))
        case .refIsNull:
            _ = try popRef()
            push(.i32)
        case .refFunc:
            let id = try functionTypeOfRefFunc(op.index)
            if isConst {
                constRefs.append(op.index)
            } else if !ctx.isDeclared(function: op.index) {
                throw fail(.undeclaredFunctionReference, "undeclared function reference: function \(op.index) must be "
                           + "declared in an element segment, export or global initializer")
            }
            let exact = features.contains(.customDescriptors) && ctx.hasExactType(function: op.index)
            push(.ref(nullable: false, typeID: id, exact: exact))
        case .refAsNonNull:
            push(nonNull(try popRef()))
        case .brOnNull:
            let t = nonNull(try popRef())
            let f = try frame(op.index)
            try popPushLabel(f, count: labelCount(f))
            push(t)
        case .brOnNonNull:
            let f = try frame(op.index)
            let n = labelCount(f)
            guard n > 0 else { throw mismatch("br_on_non_null target has no label types") }
            let last = label(f, n - 1)
            guard last.isRef else { throw mismatch("br_on_non_null target does not end with a reference type") }
            _ = try popRef(last.withNullable(true))
            try popPushLabel(f, count: n - 1)
        case .refEq:
            let a = try popMaybeSharedRef(.eq)
            let b = try popMaybeSharedRef(.eq)
            if a.isRef && b.isRef && ctx.types.isShared(a) != ctx.types.isShared(b) {
                throw mismatch("expected `ref.eq` types to match `shared`-ness")
            }
            push(.i32)
        case .tableGet:
            let t = try table(op.index)
            try pop(t.addr)
            push(t.element)
        case .tableSet:
            let t = try table(op.index)
            try pop(t.element)
            try pop(t.addr)
        case .tableGrow:
            let t = try table(op.index)
            try pop(t.addr)
            try pop(t.element)
            push(t.addr)
        case .tableFill:
            let t = try table(op.index)
            try pop(t.addr)
            try pop(t.element)
            try pop(t.addr)
        case .tableCopy:
            let dst = try table(op.index)
            let src = try table(op.index2)
            if !ctx.isSubtype(src.element, dst.element) {
                throw mismatch("table \(op.index2) of type \(typeName(src.element)) cannot be copied into table "
                               + "\(op.index) of type \(typeName(dst.element))")
            }
            try pop(src.is64 ? dst.addr : .i32)
            try pop(src.addr)
            try pop(dst.addr)
        case .memoryCopy:
            let dst = try memory(op.index)
            let src = try memory(op.index2)
            try pop(src.is64 ? dst.addr : .i32)
            try pop(src.addr)
            try pop(dst.addr)
        case .refI31:
            try pop(.i32)
            push(.ref(nullable: false, abstract: .i31))
        case .refI31Shared:
            try pop(.i32)
            push(.ref(nullable: false, abstract: .i31, shared: true))
        case .i31GetS, .i31GetU:
            _ = try popMaybeSharedRef(.i31)
            push(.i32)
        case .anyConvertExtern, .externConvertAny:
            let (from, to): (AbsHeap, AbsHeap) = op.opcode == .anyConvertExtern ? (.extern, .any) : (.any, .extern)
            let t = try popMaybeSharedRef(from)
            if t.isRef {
                push(.ref(nullable: t.nullable, abstract: to, shared: ctx.types.isShared(t)))
            } else {
                push(.unknownRef(to))
            }
        case .structNew, .structNewDefault, .structNewDesc, .structNewDefaultDesc, .structGet, .structGetS,
             .structGetU, .structSet:
            try structOp(op)
        case .arrayNew, .arrayNewDefault, .arrayNewFixed, .arrayNewData, .arrayNewElem, .arrayGet, .arrayGetS,
             .arrayGetU, .arraySet, .arrayLen, .arrayFill, .arrayCopy, .arrayInitData, .arrayInitElem:
            try arrayOp(op)
        case .refTestNonNull, .refTestNullable, .refCastNonNull, .refCastNullable:
            let target = try heapVT(op.refType)
            try downcast(target)
            push(op.opcode == .refTestNonNull || op.opcode == .refTestNullable ? .i32 : target)
        case .brOnCast, .brOnCastFail, .brOnCastDescEq, .brOnCastDescEqFail:
            try brOnCast(op)
        case .refGetDesc:
            let id = try subtypeID(op.index)
            let exact = try popConcreteOrExact(id)
            let d = ctx.types.entries[Int(id)].descriptor
            guard d >= 0 else { throw fail(.invalid, "type \(op.index) does not have a descriptor") }
            push(.ref(nullable: false, typeID: UInt32(d), exact: exact))
        case .refCastDescEqNonNull, .refCastDescEqNullable:
            let target = try heapVT(op.refType)
            let exact = try popDescriptor(of: target)
            try downcast(target)
            push(exact ? VT(raw: target.raw | VT.exactBit) : target)
        default:
            try atomicOrContinuation(op, &reader)
        }
    }

    mutating func nonNull(_ t: VT) -> VT { t.isRef ? t.withNullable(false) : t }

    mutating func functionTypeOfRefFunc(_ index: UInt32) throws(WasmError) -> UInt32 {
        guard Int(index) < ctx.functionTypes.count else {
            throw fail(.unknownIndex, "unknown function \(index): function index out of bounds")
        }
        return ctx.functionTypes[Int(index)]
    }

    /// A heap-type immediate as a reference type (indices and features checked).
    mutating func heapVT(_ r: RefType) throws(WasmError) -> VT {
        try ctx.types.checkRefFeatures(r, features, at: offset)
        switch r.heapType {
        case .abstract(let a, let shared): return .ref(nullable: r.nullable, abstract: AbsHeap(a), shared: shared)
        case .concrete(let i): return .ref(nullable: r.nullable, typeID: try subtypeID(i))
        case .exact(let i): return .ref(nullable: r.nullable, typeID: try subtypeID(i), exact: true)
        }
    }

    /// `ref.test` / `ref.cast`: pops a reference of the target's hierarchy.
    mutating func downcast(_ target: VT) throws(WasmError) {
        let (top, shared) = ctx.types.top(target)
        if top == .cont { throw fail(.invalid, "invalid cast: cannot cast to a continuation type") }
        _ = try popRef(.ref(nullable: true, abstract: top, shared: shared))
    }

    // MARK: Casts with branches

    mutating func brOnCast(_ op: Operator) throws(WasmError) {
        let from = try heapVT(op.refType)
        let to = try heapVT(op.refType2)
        if features.contains(.customDescriptors) {
            if ctx.types.top(from) != ctx.types.top(to) {
                throw mismatch("\(typeName(from)) and \(typeName(to)) have different heap type hierarchies")
            }
        } else {
            if ctx.types.top(to).0 == .cont { throw fail(.invalid, "invalid cast: cannot cast to a continuation type") }
            if !ctx.isSubtype(to, from) { throw mismatch("expected \(typeName(from)), found \(typeName(to))") }
        }
        if op.opcode == .brOnCastDescEq || op.opcode == .brOnCastDescEqFail {
            _ = try popDescriptor(of: to)
        }
        let f = try frame(op.index)
        let n = labelCount(f)
        guard n > 0 else { throw mismatch("\(op.opcode.mnemonic) to a label without types: it must end with a reference type") }
        let last = label(f, n - 1)
        let diff = from.nullable && to.nullable ? from.withNullable(false) : from
        let failing = op.opcode == .brOnCastFail || op.opcode == .brOnCastDescEqFail
        let branched = failing ? diff : to
        if !ctx.isSubtype(branched, last) {
            throw mismatch("expected label result type \(typeName(last)), found \(typeName(branched))")
        }
        try pop(from)
        try popPushLabel(f, count: n - 1)
        push(failing ? to : diff)
    }

    // MARK: Custom descriptors

    /// Pops `(ref null id)` and tells whether the value is known to be exact (wasm-tools' rule).
    mutating func popConcreteOrExact(_ id: UInt32) throws(WasmError) -> Bool {
        let t = try pop(.ref(nullable: true, typeID: id))
        if t.isBottom { return true }
        guard t.isRef else { return false }
        if t.isExact || (!t.isConcrete && t.abstract == .none) {
            return ctx.isSubtype(t, .ref(nullable: true, typeID: id, exact: true))
        }
        return false
    }

    /// For the descriptor casts: pops the descriptor of `target`'s type; returns whether the cast result is
    /// exact (an exact target with an exact descriptor).
    mutating func popDescriptor(of target: VT) throws(WasmError) -> Bool {
        guard target.isConcrete else {
            throw fail(.invalid, "type \(typeName(target.withNullable(true)).replacingRefNull()) does not have a "
                       + "descriptor: cast target must have a descriptor")
        }
        let d = ctx.types.entries[Int(target.typeID)].descriptor
        guard d >= 0 else {
            throw fail(.invalid, "type \(ctx.types.typeIndexName(target.typeID)) does not have a descriptor: cast "
                       + "target must have a descriptor")
        }
        let descriptor = UInt32(d)
        let t = try pop(.ref(nullable: true, typeID: descriptor))
        if target.isExact {
            let exactDescriptor = VT.ref(nullable: true, typeID: descriptor, exact: true)
            if t.isRef && !ctx.isSubtype(t, exactDescriptor) {
                throw mismatch("expected descriptor of exact type \(typeName(exactDescriptor)), found \(typeName(t))")
            }
            return true
        }
        return false
    }
}

extension String {
    /// `(ref null any)` → `any` (for "type any does not have a descriptor").
    func replacingRefNull() -> String {
        if hasPrefix("(ref null ") && hasSuffix(")") { return String(dropFirst(10).dropLast()) }
        if hasSuffix("ref") && !hasPrefix("(") {
            switch self {
            case "nullref": return "none"
            case "nullfuncref": return "nofunc"
            case "nullexternref": return "noextern"
            case "nullexnref": return "noexn"
            default: return String(dropLast(3))
            }
        }
        return self
    }
}
