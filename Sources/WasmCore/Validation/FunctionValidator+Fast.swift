import WasmBinary

// The fast path of function-body validation: the most frequent single-byte instructions (locals,
// globals, constants, numeric operators, plain loads and stores, calls, branches) are decoded and checked
// straight from the bytes, without building an `Operator` or going through the general dispatch. Every
// other instruction, and every case these paths do not fully cover, goes through `OperatorReader.next()`
// and `step`, which remain the reference behaviour (the fast paths produce the same verdicts and errors).

/// Per-byte facts for the fast path, filtered by the enabled features (an entry of 0 means "not fast").
struct FastTable: ~Copyable {
    /// Numeric single-byte operators: bits 0-7 first operand, 8-15 second operand (0: none), 16-23 result.
    let numeric: UnsafeMutablePointer<UInt32>
    /// Plain loads and stores (0x28-0x3e): bits 0-7 natural alignment + 1, 8-15 stored value type (0 for
    /// loads), 16-23 loaded type (0 for stores).
    let memory: UnsafeMutablePointer<UInt32>

    init(features: Features) {
        numeric = .allocate(capacity: 256)
        numeric.initialize(repeating: 0, count: 256)
        memory = .allocate(capacity: 256)
        memory.initialize(repeating: 0, count: 256)
        for b in 0..<256 {
            guard let op = Opcode.single(UInt8(b)) else { continue }
            let info = OpTable.info[Int(op.rawValue)]
            guard info.generic, features.rawValue & info.feature == info.feature,
                  !info.usesFloats || features.contains(.floats) else { continue }
            let params = OperandTypes(packed: info.params), results = OperandTypes(packed: info.results)
            func raw(_ t: OperandType) -> UInt32? {
                switch t {
                case .i32: VT.i32.raw
                case .i64: VT.i64.raw
                case .f32: VT.f32.raw
                case .f64: VT.f64.raw
                default: nil
                }
            }
            switch op.shape {
            case .none:
                guard params.count >= 1, params.count <= 2, results.count == 1,
                      let r = raw(results[0]), let p0 = raw(params[0]) else { continue }
                var e = p0 | r << 16
                if params.count == 2 {
                    guard let p1 = raw(params[1]) else { continue }
                    e |= p1 << 8
                }
                numeric[b] = e
            case .memarg:
                guard b >= 0x28 && b <= 0x3e, params.count >= 1, params[0] == .addr else { continue }
                var e = UInt32(info.align) + 1
                if params.count == 2, let v = raw(params[1]) { e |= v << 8 }
                if results.count == 1, let r = raw(results[0]) { e |= r << 16 }
                memory[b] = e
            default:
                continue
            }
        }
    }

    deinit {
        numeric.deallocate()
        memory.deallocate()
    }
}

extension FunctionValidator {
    /// Checks the instruction at the reader's position if it is one of the fast ones; returns false (with
    /// the reader where it was) otherwise. `lastOpcode` names the instruction for error paths.
    @inline(__always)
    mutating func fastStep(_ reader: inout OperatorReader, _ lastOpcode: inout Opcode?) throws(WasmError) -> Bool {
        let p = reader.reader.position
        guard p < reader.reader.end else { return false }
        let b = reader.base.load(fromByteOffset: p, as: UInt8.self)
        let numeric = fast.numeric[Int(b)]
        if numeric != 0 {
            reader.reader.position = p &+ 1
            let p0 = VT(raw: numeric & 0xFF), p1 = VT(raw: (numeric >> 8) & 0xFF), r = VT(raw: numeric >> 16)
            if p1.raw != 0 {
                // Binary: both operands in place is the common case.
                if opsCount >= height &+ 2 && ops[opsCount &- 1] == p1 && ops[opsCount &- 2] == p0 {
                    opsCount &-= 1
                    ops[opsCount &- 1] = r
                    return true
                }
                offset = p
                lastOpcode = Opcode.single(b)
                try pop(p1)
                try pop(p0)
            } else {
                if opsCount > height && ops[opsCount &- 1] == p0 {
                    ops[opsCount &- 1] = r
                    return true
                }
                offset = p
                lastOpcode = Opcode.single(b)
                try pop(p0)
            }
            push(r)
            return true
        }
        offset = p
        switch b {
        case 0x20: // local.get
            lastOpcode = .localGet
            reader.reader.position = p &+ 1
            let index = try reader.fastU32()
            guard Int(index) < localCount, Int(index) < firstNonDefaultable || localInit[Int(index)] else {
                _ = try local(index)
                throw fail(.uninitializedLocal, "uninitialized local: \(index)")
            }
            push(locals[Int(index)])
        case 0x21, 0x22: // local.set, local.tee
            lastOpcode = b == 0x21 ? .localSet : .localTee
            reader.reader.position = p &+ 1
            let index = try reader.fastU32()
            let t = try local(index)
            try pop(t)
            setInitialized(index)
            if b == 0x22 { push(t) }
        case 0x41: // i32.const
            lastOpcode = .i32Const
            reader.reader.position = p &+ 1
            _ = try reader.fastS32()
            push(.i32)
        case 0x23: // global.get
            lastOpcode = .globalGet
            reader.reader.position = p &+ 1
            push(try global(try reader.fastU32()).type)
        case 0x28...0x3e: // plain loads and stores on memory 0
            let m = fast.memory[Int(b)]
            guard m != 0, memory0 != 0 else { return false }
            lastOpcode = Opcode.single(b)
            reader.reader.position = p &+ 1
            let flags = try reader.fastU32()
            let offsetValue = try reader.fastU64()
            if flags >= 0x40 || (memory0 == 1 && offsetValue > UInt64(UInt32.max)) {
                reader.reader.position = p
                return false
            }
            if flags &+ 1 > m & 0xFF {
                let natural = (m & 0xFF) - 1
                throw fail(.invalidMemoryAccess, "alignment must not be larger than natural "
                           + "(\(1 << flags) > \(1 << natural) bytes)")
            }
            let stored = VT(raw: (m >> 8) & 0xFF)
            if stored.raw != 0 { try pop(stored) }
            try pop(memory0 == 2 ? .i64 : .i32)
            let loaded = VT(raw: m >> 16)
            if loaded.raw != 0 { push(loaded) }
        case 0x10: // call
            lastOpcode = .call
            reader.reader.position = p &+ 1
            try call(try functionType(ofFunction: try reader.fastU32()))
        case 0x0d: // br_if
            lastOpcode = .brIf
            reader.reader.position = p &+ 1
            let depth = try reader.fastU32()
            try pop(.i32)
            let f = try frame(depth)
            try popPushLabel(f, count: labelCount(f))
        case 0x0c: // br
            lastOpcode = .br
            reader.reader.position = p &+ 1
            let depth = try reader.fastU32()
            try popLabel(try frame(depth))
            setUnreachable()
        case 0x1a: // drop
            lastOpcode = .drop
            reader.reader.position = p &+ 1
            try popAny()
        case 0x02, 0x03, 0x04: // block, loop, if with an empty or single numeric block type
            guard p &+ 1 < reader.reader.end else { return false }
            let t: BlockT
            switch reader.base.load(fromByteOffset: p &+ 1, as: UInt8.self) {
            case 0x40: t = .empty
            case 0x7f: t = .single(.i32)
            case 0x7e: t = .single(.i64)
            case 0x7d where features.contains(.floats): t = .single(.f32)
            case 0x7c where features.contains(.floats): t = .single(.f64)
            default: return false
            }
            reader.reader.position = p &+ 2
            switch b {
            case 0x02:
                lastOpcode = .block
                reader.push(.block)
                pushCtrl(.block, t)
            case 0x03:
                lastOpcode = .loop
                reader.push(.loop)
                pushCtrl(.loop, t)
            default:
                lastOpcode = .if
                try pop(.i32)
                reader.push(.if)
                pushCtrl(.if, t)
            }
        case 0x0b: // end
            lastOpcode = .end
            reader.reader.position = p &+ 1
            reader.pop()
            var frame = try popCtrl()
            if frame.kind == .if {
                pushCtrl(.else, frame.type)
                frame = try popCtrl()
            }
            let n = resultCount(frame.type)
            var i = 0
            while i < n {
                push(result(frame.type, i))
                i &+= 1
            }
        case 0x24: // global.set
            lastOpcode = .globalSet
            reader.reader.position = p &+ 1
            let index = try reader.fastU32()
            let g = try global(index)
            if !g.mutable { throw fail(.immutable, "immutable global: global \(index) cannot be modified by `global.set`") }
            try pop(g.type)
        case 0x42: // i64.const
            lastOpcode = .i64Const
            reader.reader.position = p &+ 1
            _ = try reader.reader.readS64()
            push(.i64)
        case 0x0f: // return
            lastOpcode = .return
            reader.reader.position = p &+ 1
            try checkReturn()
        default:
            return false
        }
        return true
    }
}
