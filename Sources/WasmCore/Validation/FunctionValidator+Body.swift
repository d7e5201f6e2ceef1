import WasmBinary

extension FunctionValidator {
    /// Checks one function body (`body` is the bytes after the body size: locals, then instructions) of
    /// the function whose canonical type is `typeID`. Throws the first error; on error `lastOpcode` names
    /// the instruction being checked (nil when the error is in the locals or the bytes).
    mutating func validateFunction(typeID: UInt32, body: ByteSlice, lastOpcode: inout Opcode?) throws(WasmError) {
        isConst = false
        opsCount = 0
        ctrlCount = 0
        height = 0
        resetLocals()
        lastOpcode = nil
        let entry = ctx.types.entries[Int(typeID)]
        shared = entry.shared
        for p in ctx.types.params(typeID) { defineLocals(1, p, initialized: true) }
        var r = body.reader
        offset = r.position
        let groups = try r.readCount(minimumItemSize: 1, "local group")
        var total = UInt64(localCount)
        for _ in 0..<groups {
            offset = r.position
            let n = try r.readU32()
            let t = try r.readValType()
            total += UInt64(n)
            if total > UInt64(ValidationLimits.locals) {
                throw fail(.limitExceeded, "too many locals: locals exceed maximum (\(ValidationLimits.locals))")
            }
            let vt = try ctx.types.vt(t, features, at: offset)
            if n > 0 { defineLocals(Int(n), vt, initialized: false) }
        }
        pushBareCtrl(.block, .function(typeID))
        var reader = OperatorReader(body.slice((r.position - body.offset)..<body.count),
                                    requireDataCount: ctx.dataCount == nil)
        while true {
            if ctrlCount != 0, try fastStep(&reader, &lastOpcode) { continue }
            lastOpcode = nil  // errors while reading name no instruction
            guard let op = try reader.next() else { break }
            lastOpcode = op.opcode
            offset = op.offset
            try step(op, &reader)
        }
        lastOpcode = nil
    }

    /// Checks the constant expression starting at `reader.position` (up to and including its `end`) against
    /// the expected result type, and advances `reader` past it. Returns the functions it references.
    mutating func validateConst(_ reader: inout ByteReader, expected: VT) throws(WasmError) -> [UInt32] {
        isConst = true
        shared = false
        opsCount = 0
        ctrlCount = 0
        height = 0
        resetLocals()
        constRefs.removeAll(keepingCapacity: true)
        pushBareCtrl(.block, expected.isBottom ? .empty : .single(expected))
        var ops = OperatorReader(expressionAt: reader)
        while let op = try ops.next() {
            offset = op.offset
            try checkConstant(op)
            try step(op, &ops)
        }
        reader = ops.reader
        isConst = false
        return constRefs
    }

    /// Which instructions a constant expression may use (wasm-tools' rules, with the features that allow them).
    mutating func checkConstant(_ op: Operator) throws(WasmError) {
        func notConstant() -> WasmError {
            fail(.constantExpressionRequired, "constant expression required: non-constant operator `\(op.opcode.mnemonic)`")
        }
        switch op.opcode {
        case .i32Const, .i64Const, .f32Const, .f64Const, .v128Const, .refNull, .end, .refFunc:
            return
        case .i32Add, .i32Sub, .i32Mul, .i64Add, .i64Sub, .i64Mul:
            if !features.contains(.extendedConst) { throw notConstant() }
        case .structNew, .structNewDefault, .structNewDesc, .structNewDefaultDesc, .arrayNew, .arrayNewDefault,
             .arrayNewFixed, .refI31, .externConvertAny, .anyConvertExtern:
            if !features.contains(.gc) { throw notConstant() }
        case .refI31Shared:
            if !features.contains(.sharedEverythingThreads) { throw notConstant() }
        case .globalGet:
            let g = try global(op.index)
            if Int(op.index) >= ctx.importedGlobals && !features.contains(.gc) {
                throw fail(.constantExpressionRequired,
                           "constant expression required: global.get of locally defined global \(op.index)")
            }
            if g.mutable {
                throw fail(.constantExpressionRequired,
                           "constant expression required: global.get of mutable global \(op.index)")
            }
        default:
            throw notConstant()
        }
    }

    // MARK: Dispatch

    @inline(__always)
    mutating func step(_ op: Operator, _ reader: inout OperatorReader) throws(WasmError) {
        switch op.opcode {
        // Hot, fixed-type instructions first.
        case .localGet:
            let t = try local(op.index)
            if isUninitialized(op.index) { throw fail(.uninitializedLocal, "uninitialized local: \(op.index)") }
            push(t)
        case .localSet:
            let t = try local(op.index)
            try pop(t)
            setInitialized(op.index)
        case .localTee:
            let t = try local(op.index)
            try pop(t)
            setInitialized(op.index)
            push(t)
        case .i32Const:
            push(.i32)
        case .globalGet:
            push(try global(op.index).type)
        case .globalSet:
            let g = try global(op.index)
            if !g.mutable { throw fail(.immutable, "immutable global: global \(op.index) cannot be modified by `global.set`") }
            try pop(g.type)
        case .block, .loop, .if, .end, .else, .br, .brIf, .brTable, .return, .unreachable, .call, .callIndirect,
             .returnCall, .returnCallIndirect, .callRef, .returnCallRef, .drop, .select, .typedSelect, .tryTable,
             .throw, .throwRef, .try, .catch, .catchAll, .delegate, .rethrow:
            try control(op, &reader)
        default:
            let info = OpTable.info[Int(op.opcode.rawValue)]
            if info.feature & ~features.rawValue != 0 {
                throw WasmError.featureRequired("`\(op.opcode.mnemonic)`", Features(rawValue: info.feature), at: offset)
            }
            if info.generic {
                try fixed(op, info, reader)
            } else {
                try special(op, &reader)
            }
        }
    }

    /// The instructions whose typing is their table signature, plus immediate checks by shape.
    mutating func fixed(_ op: Operator, _ info: OpInfo, _ reader: OperatorReader) throws(WasmError) {
        if info.usesFloats && !features.contains(.floats) {
            throw WasmError.featureRequired("`\(op.opcode.mnemonic)`", .floats, at: offset)
        }
        var memory64 = false
        var table64 = false
        switch op.opcode.shape {
        case .none, .i32, .i64, .f32, .f64, .v128, .zero:
            break
        case .memarg, .memargLane:
            memory64 = try memArg(op, info)
            if op.opcode.shape == .memargLane { try lane(op.lane, info.lanes) }
        case .lane:
            try lane(op.lane, info.lanes)
        case .shuffle:
            var bits = op.bits
            for _ in 0..<8 { try lane(UInt8(truncatingIfNeeded: bits), 32); bits >>= 8 }
            bits = op.bits2
            for _ in 0..<8 { try lane(UInt8(truncatingIfNeeded: bits), 32); bits >>= 8 }
        case .memory:
            memory64 = try memory(op.index).is64
            if op.opcode == .memorySize || op.opcode == .memoryGrow { try zeroByteMemoryIndex(op, reader) }
        case .dataMemory:
            memory64 = try memory(op.index2).is64
            try checkData(op.index)
        case .data:
            try checkData(op.index)
        case .elem:
            _ = try elementType(op.index)
        case .elemTable:
            let t = try table(op.index2)
            table64 = t.is64
            let e = try elementType(op.index)
            if !ctx.isSubtype(e, t.element) {
                throw mismatch("element segment \(op.index) of type \(typeName(e)) does not fit table \(op.index2) "
                               + "of type \(typeName(t.element))")
            }
        case .table:
            table64 = try table(op.index).is64
        default:
            break
        }
        let params = OperandTypes(packed: info.params)
        var i = params.count
        while i > 0 {
            i -= 1
            try pop(params[i].vt(memory64: memory64, table64: table64))
        }
        let results = OperandTypes(packed: info.results)
        for k in 0..<results.count { push(results[k].vt(memory64: memory64, table64: table64)) }
    }

    /// Checks a memarg (memory, alignment, offset range) and returns whether the memory is 64-bit.
    mutating func memArg(_ op: Operator, _ info: OpInfo) throws(WasmError) -> Bool {
        if op.flags & 1 != 0 && !features.contains(.multiMemory) {
            throw WasmError(.invalidLeadingByte, "malformed memop flags: a memory index requires the "
                            + "`multi-memory` feature", offset: offset)
        }
        let m = try memory(op.index)
        let align = op.index2
        if info.isAtomic {
            if align != UInt32(info.align) {
                throw fail(.invalidMemoryAccess, "alignment must be equal to natural: atomic instructions must "
                           + "specify the natural alignment (\(1 << info.align) bytes)")
            }
        } else if align > UInt32(info.align) {
            throw fail(.invalidMemoryAccess, "alignment must not be larger than natural "
                       + "(\(align < 32 ? String(1 << align) : "2^\(align)") > \(1 << info.align) bytes)")
        }
        if !m.is64 && op.bits > UInt64(UInt32.max) {
            throw fail(.invalidMemoryAccess, "offset out of range: must be <= 2**32 for a 32-bit memory")
        }
        return m.is64
    }

    mutating func lane(_ lane: UInt8, _ count: UInt8) throws(WasmError) {
        if lane >= count {
            throw fail(.invalidLaneIndex, "invalid lane index \(lane) (must be below \(count))")
        }
    }

    /// Without multi-memory, the memory index of `memory.size` and `memory.grow` is a single zero byte
    /// (wasm-tools reads it as a byte, not a LEB128).
    mutating func zeroByteMemoryIndex(_ op: Operator, _ reader: OperatorReader) throws(WasmError) {
        if features.contains(.multiMemory) { return }
        if op.index != 0 || reader.position - op.offset != 2 {
            throw WasmError(.invalidLeadingByte, "zero byte expected (a memory index needs the `multi-memory` "
                            + "feature)", offset: op.offset + 1)
        }
    }
}

extension OperandTypes {
    @inline(__always) init(packed: UInt64) { self.packed = packed }
}
