import WasmBinary

// Shared-everything-threads atomics on globals, tables, structs and arrays, and stack switching.

extension FunctionValidator {
    mutating func atomicOrContinuation(_ op: Operator, _ reader: inout OperatorReader) throws(WasmError) {
        switch op.opcode {
        case .globalAtomicGet, .globalAtomicSet:
            let g = try global(op.index)
            if op.opcode == .globalAtomicGet {
                push(g.type)
            } else {
                if !g.mutable { throw fail(.immutable, "immutable global: global \(op.index) cannot be modified") }
                try pop(g.type)
            }
            if !(g.type == .i32 || g.type == .i64 || ctx.isSubtype(g.type, .anyref)) {
                throw fail(.invalid, "invalid type: `\(op.opcode.mnemonic)` only allows `i32`, `i64` and subtypes of `anyref`")
            }
        case .globalAtomicRmwAdd, .globalAtomicRmwSub, .globalAtomicRmwAnd, .globalAtomicRmwOr, .globalAtomicRmwXor,
             .globalAtomicRmwXchg, .globalAtomicRmwCmpxchg:
            let g = try global(op.index)
            if !g.mutable { throw fail(.immutable, "immutable global: global \(op.index) cannot be modified") }
            let t = g.type
            let allowed: Bool
            switch op.opcode {
            case .globalAtomicRmwXchg: allowed = t == .i32 || t == .i64 || ctx.isSubtype(t, .anyref)
            case .globalAtomicRmwCmpxchg: allowed = t == .i32 || t == .i64 || ctx.isSubtype(t, .eqref)
            default: allowed = t == .i32 || t == .i64
            }
            if !allowed { throw fail(.invalid, "invalid type: `\(op.opcode.mnemonic)` does not allow \(typeName(t))") }
            if op.opcode == .globalAtomicRmwCmpxchg { try pop(t) }
            try pop(t)
            push(t)
        case .tableAtomicGet, .tableAtomicSet, .tableAtomicRmwXchg, .tableAtomicRmwCmpxchg:
            let t = try table(op.index)
            let top: VT = .ref(nullable: true, abstract: op.opcode == .tableAtomicRmwCmpxchg ? .eq : .any, shared: true)
            if !ctx.isSubtype(t.element, top) {
                throw fail(.invalid, "invalid type: `\(op.opcode.mnemonic)` only allows subtypes of \(typeName(top))")
            }
            switch op.opcode {
            case .tableAtomicGet:
                try pop(t.addr)
                push(t.element)
            case .tableAtomicSet:
                try pop(t.element)
                try pop(t.addr)
            default:
                if op.opcode == .tableAtomicRmwCmpxchg { try pop(t.element) }
                try pop(t.element)
                try pop(t.addr)
                push(t.element)
            }
        case .structAtomicGet, .structAtomicGetS, .structAtomicGetU, .structAtomicSet, .structAtomicRmwAdd,
             .structAtomicRmwSub, .structAtomicRmwAnd, .structAtomicRmwOr, .structAtomicRmwXor, .structAtomicRmwXchg,
             .structAtomicRmwCmpxchg:
            let f = try structField(op.index, op.index2)
            try checkAtomicStorage(op, f)
            let ref = VT.ref(nullable: true, typeID: try subtypeID(op.index))
            switch op.opcode {
            case .structAtomicGet, .structAtomicGetS, .structAtomicGetU:
                if (op.opcode == .structAtomicGet) == f.storage.isPacked {
                    throw fail(.invalid, "`\(op.opcode.mnemonic)` does not apply to a field of type \(typeName(f.storage))")
                }
                try pop(ref)
                push(f.storage.unpacked)
            case .structAtomicSet:
                if !f.mutable { throw fail(.immutable, "immutable field: field \(op.index2) of struct type \(op.index)") }
                try pop(f.storage.unpacked)
                try pop(ref)
            default:
                if !f.mutable { throw fail(.immutable, "immutable field: field \(op.index2) of struct type \(op.index)") }
                if op.opcode == .structAtomicRmwCmpxchg { try pop(f.storage) }
                try pop(f.storage)
                try pop(ref)
                push(f.storage)
            }
        case .arrayAtomicGet, .arrayAtomicGetS, .arrayAtomicGetU, .arrayAtomicSet, .arrayAtomicRmwAdd,
             .arrayAtomicRmwSub, .arrayAtomicRmwAnd, .arrayAtomicRmwOr, .arrayAtomicRmwXor, .arrayAtomicRmwXchg,
             .arrayAtomicRmwCmpxchg:
            let f = try arrayField(op.index)
            try checkAtomicStorage(op, f)
            let ref = VT.ref(nullable: true, typeID: try subtypeID(op.index))
            switch op.opcode {
            case .arrayAtomicGet, .arrayAtomicGetS, .arrayAtomicGetU:
                if (op.opcode == .arrayAtomicGet) == f.storage.isPacked {
                    throw fail(.invalid, "`\(op.opcode.mnemonic)` does not apply to elements of type \(typeName(f.storage))")
                }
                try pop(.i32)
                try pop(ref)
                push(f.storage.unpacked)
            case .arrayAtomicSet:
                if !f.mutable { throw fail(.immutable, "immutable array: array type \(op.index) cannot be modified") }
                try pop(f.storage.unpacked)
                try pop(.i32)
                try pop(ref)
            default:
                if !f.mutable { throw fail(.immutable, "immutable array: array type \(op.index) cannot be modified") }
                if op.opcode == .arrayAtomicRmwCmpxchg { try pop(f.storage) }
                try pop(f.storage)
                try pop(.i32)
                try pop(ref)
                push(f.storage)
            }
        case .contNew, .contBind, .suspend, .resume, .resumeThrow, .resumeThrowRef, .switch:
            try continuation(op, reader)
        default:
            throw fail(.invalid, "internal error: no typing rule for `\(op.opcode.mnemonic)`")
        }
    }

    /// Which field types the struct/array atomics accept.
    mutating func checkAtomicStorage(_ op: Operator, _ f: FieldT) throws(WasmError) {
        let t = f.storage
        let allowed: Bool
        switch op.opcode {
        case .structAtomicGetS, .structAtomicGetU, .arrayAtomicGetS, .arrayAtomicGetU:
            allowed = true
        case .structAtomicGet, .arrayAtomicGet, .structAtomicRmwXchg, .arrayAtomicRmwXchg:
            allowed = t.isPacked ? op.opcode == .structAtomicGet || op.opcode == .arrayAtomicGet
                : (t == .i32 || t == .i64 || ctx.isSubtype(t, .ref(nullable: true, abstract: .any, shared: true)))
        case .structAtomicSet, .arrayAtomicSet:
            allowed = t.isPacked || t == .i32 || t == .i64 || ctx.isSubtype(t, .ref(nullable: true, abstract: .any, shared: true))
        case .structAtomicRmwCmpxchg, .arrayAtomicRmwCmpxchg:
            allowed = t == .i32 || t == .i64 || ctx.isSubtype(t, .ref(nullable: true, abstract: .eq, shared: true))
        default:
            allowed = t == .i32 || t == .i64
        }
        if !allowed {
            throw fail(.invalid, "invalid type: `\(op.opcode.mnemonic)` does not allow \(typeName(t))")
        }
    }

    // MARK: Stack switching

    mutating func contFunc(_ index: UInt32) throws(WasmError) -> UInt32 {
        let id = try typeOf(kind: .cont, index)
        return UInt32(ctx.types.entries[Int(id)].contFunc)
    }

    /// `[p1] -> [r1] <: [p2] -> [r2]`
    mutating func isFuncSubtype(_ p1: some Collection<VT>, _ r1: some Collection<VT>, _ p2: some Collection<VT>,
                                _ r2: some Collection<VT>) -> Bool {
        p1.count == p2.count && zip(p1, p2).allSatisfy { ctx.isSubtype($1, $0) }
            && r1.count == r2.count && zip(r1, r2).allSatisfy { ctx.isSubtype($0, $1) }
    }

    mutating func continuation(_ op: Operator, _ reader: OperatorReader) throws(WasmError) {
        switch op.opcode {
        case .contNew:
            let f = try contFunc(op.index)
            try pop(.ref(nullable: true, typeID: f))
            push(.ref(nullable: false, typeID: try subtypeID(op.index)))
        case .contBind:
            let arg = try contFunc(op.index)
            let res = try contFunc(op.index2)
            let ap = ctx.types.params(arg), rp = ctx.types.params(res)
            if ap.count < rp.count { throw mismatch("continuation arguments: the result type takes more parameters") }
            let bound = ap.count - rp.count
            if !isFuncSubtype(ap.dropFirst(bound), ctx.types.results(arg), rp, ctx.types.results(res)) {
                throw mismatch("continuation types do not match in `cont.bind`")
            }
            try pop(.ref(nullable: true, typeID: try subtypeID(op.index)))
            for t in ap.prefix(bound).reversed() { try pop(t) }
            push(.ref(nullable: false, typeID: try subtypeID(op.index2)))
        case .suspend:
            let t = try tag(op.index)
            for p in ctx.types.params(t).reversed() { try pop(p) }
            for r in ctx.types.results(t) { push(r) }
        case .resume, .resumeThrow, .resumeThrowRef:
            let f = try resumeTable(op, reader)
            if op.count > UInt32(ValidationLimits.handlers) { throw WasmError.limit("handlers size is out of bounds", at: offset) }
            try pop(.ref(nullable: true, typeID: try subtypeID(op.index)))
            switch op.opcode {
            case .resume:
                for p in ctx.types.params(f).reversed() { try pop(p) }
            case .resumeThrow:
                let t = try exceptionTag(op.index2)
                for p in ctx.types.params(t).reversed() { try pop(p) }
            default:
                try pop(.exnref)
            }
            for r in ctx.types.results(f) { push(r) }
        default: // switch
            let f = try contFunc(op.index)
            let t = try tag(op.index2)
            if !ctx.types.params(t).isEmpty { throw mismatch("non-empty tag parameter type in `switch`") }
            let params = ctx.types.params(f)
            guard let last = params.last else { throw mismatch("`switch` needs a continuation reference parameter") }
            guard last.isRef, last.isConcrete, ctx.types.entries[Int(last.typeID)].kind == .cont else {
                throw mismatch("expected a continuation reference, found \(typeName(last))")
            }
            let other = UInt32(ctx.types.entries[Int(last.typeID)].contFunc)
            if !isFuncSubtype(ctx.types.results(t), ctx.types.results(t), ctx.types.results(f), ctx.types.results(other)) {
                throw mismatch("continuation types do not match in `switch`")
            }
            try pop(.ref(nullable: true, typeID: try subtypeID(op.index)))
            for p in params.dropLast().reversed() { try pop(p) }
            for p in ctx.types.params(other) { push(p) }
        }
    }

    /// Checks a resume table; returns the continuation's function type.
    mutating func resumeTable(_ op: Operator, _ reader: OperatorReader) throws(WasmError) -> UInt32 {
        let old = try contFunc(op.index)
        for h in reader.resumeHandlers(op) {
            switch h {
            case .onLabel(let tagIndex, let labelIndex):
                let t = try tag(tagIndex)
                let f = try frame(labelIndex)
                let n = labelCount(f)
                guard n > 0 else { throw mismatch("handler label must end with a continuation reference") }
                let last = label(f, n - 1)
                guard last.isRef, last.isConcrete, ctx.types.entries[Int(last.typeID)].kind == .cont else {
                    throw mismatch("handler label must end with a continuation reference, found \(typeName(last))")
                }
                let newFunc = UInt32(ctx.types.entries[Int(last.typeID)].contFunc)
                let tp = ctx.types.params(t)
                if tp.count != n - 1 { throw mismatch("handler label arity does not match tag \(tagIndex)") }
                for (k, p) in tp.enumerated() where !ctx.isSubtype(p, label(f, k)) {
                    throw mismatch("handler label types do not match tag \(tagIndex)")
                }
                if !isFuncSubtype(ctx.types.results(t), ctx.types.results(old), ctx.types.params(newFunc),
                                  ctx.types.results(newFunc)) {
                    throw mismatch("continuation type of the handler does not match")
                }
            case .onSwitch(let tagIndex):
                let t = try tag(tagIndex)
                let empty = EmptyCollection<VT>()
                let r = ctx.types.results(old)
                let ok = isFuncSubtype(ctx.types.params(t), ctx.types.results(t), empty, r)
                    && isFuncSubtype(empty, r, ctx.types.params(t), ctx.types.results(t))
                if !ok { throw mismatch("switch tag does not match continuation") }
            }
        }
        return old
    }
}
