import WasmBinary

// Structured control, branches, calls, exceptions (try_table and the legacy try/catch/delegate/rethrow),
// and the parametric instructions.

extension FunctionValidator {
    mutating func control(_ op: Operator, _ reader: inout OperatorReader) throws(WasmError) {
        switch op.opcode {
        case .block, .loop:
            let t = try blockType(op.blockType)
            try popParams(t)
            pushCtrl(op.opcode == .block ? .block : .loop, t)
        case .if:
            let t = try blockType(op.blockType)
            try pop(.i32)
            try popParams(t)
            pushCtrl(.if, t)
        case .else:
            let frame = try popCtrl()
            pushCtrl(.else, frame.type)
        case .end:
            var frame = try popCtrl()
            if frame.kind == .if {
                pushCtrl(.else, frame.type)
                frame = try popCtrl()
            }
            let n = resultCount(frame.type)
            for i in 0..<n { push(result(frame.type, i)) }
        case .br:
            try popLabel(try frame(op.index))
            setUnreachable()
        case .brIf:
            try pop(.i32)
            let f = try frame(op.index)
            try popPushLabel(f, count: labelCount(f))
        case .brTable:
            try brTable(op, reader)
        case .return:
            try checkReturn()
        case .unreachable:
            setUnreachable()
        case .call:
            try call(try functionType(ofFunction: op.index))
        case .returnCall:
            try features.require(.tailCall, "`return_call`", at: offset)
            try returnCall(try functionType(ofFunction: op.index))
        case .callIndirect, .returnCallIndirect:
            if op.opcode == .returnCallIndirect {
                try features.require(.tailCall, "`return_call_indirect`", at: offset)
            } else if !features.contains(.callIndirectOverlong) {
                try zeroByteTableIndex(op, reader)
            }
            let t = try table(op.index2)
            if !ctx.isSubtype(t.element, .funcref) {
                throw mismatch("indirect calls must go through a table with type <= funcref (table \(op.index2) "
                               + "has type \(typeName(t.element)))")
            }
            try pop(t.addr)
            let f = try funcType(op.index)
            if op.opcode == .callIndirect { try call(f) } else { try returnCall(f) }
        case .callRef, .returnCallRef:
            try features.require(.functionReferences, "`\(op.opcode.mnemonic)`", at: offset)
            if op.opcode == .returnCallRef { try features.require(.tailCall, "`return_call_ref`", at: offset) }
            let id = try subtypeID(op.index)
            _ = try popRef(.ref(nullable: true, typeID: id))
            let f = try funcType(op.index)
            if op.opcode == .callRef { try call(f) } else { try returnCall(f) }
        case .drop:
            try popAny()
        case .select:
            try pop(.i32)
            let a = try popAny()
            let b = try popAny()
            if a.isRefLike || b.isRefLike {
                throw mismatch("select only takes integral types (use a typed `select` for references)")
            }
            if a.isBottom {
                push(b)
            } else if b.isBottom {
                push(a)
            } else {
                if a != b { throw mismatch("select operands have different types (\(typeName(b)) and \(typeName(a)))") }
                push(a)
            }
        case .typedSelect:
            try features.require(.referenceTypes, "a typed `select`", at: offset)
            guard op.count == 1, let t = reader.selectTypes(op).first(where: { _ in true }) else {
                throw fail(.invalid, "invalid result arity: a typed `select` has exactly one result type")
            }
            let vt = try ctx.types.vt(t, features, at: offset)
            try pop(.i32)
            try pop(vt)
            try pop(vt)
            push(vt)
        case .tryTable:
            try features.require(.exceptions, "`try_table`", at: offset)
            try tryTable(op, reader)
        case .throw:
            try features.require(.exceptions, "`throw`", at: offset)
            let id = try exceptionTag(op.index)
            var i = Int(ctx.types.entries[Int(id)].count)
            let params = ctx.types.params(id)
            while i > 0 {
                i -= 1
                try pop(params[params.startIndex + i])
            }
            setUnreachable()
        case .throwRef:
            try features.require(.exceptions, "`throw_ref`", at: offset)
            try pop(.exnref)
            setUnreachable()
        case .try:
            try features.require(.legacyExceptions, "`try`", at: offset)
            let t = try blockType(op.blockType)
            try popParams(t)
            pushCtrl(.legacyTry, t)
        case .catch:
            try features.require(.legacyExceptions, "`catch`", at: offset)
            let frame = try popCtrl()
            pushBareCtrl(.legacyCatch, frame.type)
            let id = try exceptionTag(op.index)
            for p in ctx.types.params(id) { push(p) }
        case .catchAll:
            try features.require(.legacyExceptions, "`catch_all`", at: offset)
            let frame = try popCtrl()
            pushBareCtrl(.legacyCatchAll, frame.type)
        case .delegate:
            try features.require(.legacyExceptions, "`delegate`", at: offset)
            let frame = try popCtrl()
            _ = try self.frame(op.index)
            for i in 0..<resultCount(frame.type) { push(result(frame.type, i)) }
        case .rethrow:
            try features.require(.legacyExceptions, "`rethrow`", at: offset)
            let f = try frame(op.index)
            if f.kind != .legacyCatch && f.kind != .legacyCatchAll {
                throw fail(.invalid, "invalid rethrow label: target was not a `catch` block")
            }
            setUnreachable()
        default:
            throw fail(.invalid, "internal error: `\(op.opcode.mnemonic)` is not a control instruction")
        }
    }

    mutating func popParams(_ t: BlockT) throws(WasmError) {
        var i = paramCount(t)
        while i > 0 {
            i -= 1
            try pop(param(t, i))
        }
    }

    mutating func checkReturn() throws(WasmError) {
        let t = ctrls[0].type
        var i = resultCount(t)
        while i > 0 {
            i -= 1
            try pop(result(t, i))
        }
        setUnreachable()
    }

    mutating func call(_ id: UInt32) throws(WasmError) {
        let e = ctx.types.entries[Int(id)]
        let base = Int(e.start)
        var i = Int(e.count)
        while i > 0 {
            i -= 1
            try pop(ctx.types.values[base + i])
        }
        for k in 0..<Int(e.resultCount) { push(ctx.types.values[base + Int(e.count) + k]) }
    }

    mutating func returnCall(_ id: UInt32) throws(WasmError) {
        let own = ctrls[0].type
        let callee = ctx.types.results(id)
        let n = resultCount(own)
        var ok = callee.count == n
        if ok {
            for (k, r) in callee.enumerated() where !ctx.isSubtype(r, result(own, k)) { ok = false }
        }
        if !ok {
            let mine = (0..<n).map { typeName(result(own, $0)) }.joined(separator: " ")
            let theirs = callee.map { typeName($0) }.joined(separator: " ")
            throw mismatch("current function requires result type [\(mine)] but callee returns [\(theirs)]")
        }
        try call(id)
        try checkReturn()
    }

    /// Without call-indirect-overlong (reference types), the table index of `call_indirect` is one zero byte.
    mutating func zeroByteTableIndex(_ op: Operator, _ reader: OperatorReader) throws(WasmError) {
        let bytes = reader.reader.storage.buffer
        let last = reader.position - 1
        if op.index2 != 0 || bytes[last] != 0 || bytes[last - 1] & 0x80 != 0 {
            throw WasmError(.invalidLeadingByte, "zero byte expected (a table index in `call_indirect` needs "
                            + "the `reference-types` feature)", offset: last)
        }
    }

    mutating func brTable(_ op: Operator, _ reader: OperatorReader) throws(WasmError) {
        try pop(.i32)
        let def = try frame(op.index)
        let n = labelCount(def)
        if op.count > 0 {
            var r = reader.reader
            r.position = op.listOffset
            for _ in 0..<op.count {
                let depth = try r.readU32()
                let f = try frame(depth)
                if labelCount(f) != n {
                    throw mismatch("br_table target labels have different number of types (label \(depth) has "
                                   + "\(labelCount(f)), the default label \(op.index) has \(n))")
                }
                try matchStack(f, count: n)
            }
        }
        try popLabel(def)
        setUnreachable()
    }

    /// Checks that the top of the stack matches the label types of `frame`, leaving the stack as it was
    /// (the values actually popped, possibly more precise than the label types, are pushed back).
    mutating func matchStack(_ frame: Ctrl, count: Int) throws(WasmError) {
        if count == 0 { return }
        // The popped values are parked just above the current top, which the pushes below never reach.
        let top = opsCount
        while opsCapacity < top + count { growOperands() }
        var i = count
        var k = 0
        while i > 0 {
            i -= 1
            let t = try pop(label(frame, i))
            ops[top + k] = t
            k += 1
        }
        while k > 0 {
            k -= 1
            push(ops[top + k])
        }
    }

    mutating func tryTable(_ op: Operator, _ reader: OperatorReader) throws(WasmError) {
        let t = try blockType(op.blockType)
        try popParams(t)
        if op.count > UInt32(ValidationLimits.catches) {
            throw WasmError.limit("catches size is out of bounds", at: offset)
        }
        let exn = VT.ref(nullable: false, abstract: .exn)
        for c in reader.catches(op) {
            switch c {
            case .one(let tag, let labelIndex):
                let id = try exceptionTag(tag)
                let f = try frame(labelIndex)
                let params = ctx.types.params(id)
                if labelCount(f) != params.count {
                    throw mismatch("catch label must have same number of types as tag (label \(labelIndex) has "
                                   + "\(labelCount(f)), tag \(tag) has \(params.count))")
                }
                for (k, p) in params.enumerated() { try matches(p, label(f, k)) }
            case .oneRef(let tag, let labelIndex):
                let id = try exceptionTag(tag)
                let f = try frame(labelIndex)
                let params = ctx.types.params(id)
                if labelCount(f) != params.count + 1 {
                    throw mismatch("catch_ref label must have one more type than tag types")
                }
                for (k, p) in params.enumerated() { try matches(p, label(f, k)) }
                try matches(exn, label(f, params.count))
            case .all(let labelIndex):
                let f = try frame(labelIndex)
                if labelCount(f) != 0 { throw mismatch("catch_all label must have no result types") }
            case .allRef(let labelIndex):
                let f = try frame(labelIndex)
                if labelCount(f) != 1 { throw mismatch("catch_all_ref label must have exactly one result type") }
                if !ctx.isSubtype(exn, label(f, 0)) {
                    throw mismatch("catch_all_ref label must be a supertype of (ref exn)")
                }
            }
        }
        pushCtrl(.tryTable, t)
    }

    /// `actual <: expected`, as a stack check would see it.
    mutating func matches(_ actual: VT, _ expected: VT) throws(WasmError) {
        if !ctx.isSubtype(actual, expected) {
            throw mismatch("expected \(typeName(expected)), found \(typeName(actual))")
        }
    }
}
