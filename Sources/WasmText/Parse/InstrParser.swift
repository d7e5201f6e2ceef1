import WasmBinary
import WasmCore

// Instructions: plain (`block ... end`) and folded (`(op imm* folded*)`, `(if (then) (else))`) forms, labels
// by `$id` or depth, immediates by the opcode's shape from the instruction table.

extension ModuleParser {
    /// Instructions up to a `)` (or `end` / `else` / `catch...` of an enclosing plain block).
    mutating func instructions() throws(TextError) -> [Instruction] {
        var out: [Instruction] = []
        try instrList(&out)
        return out
    }

    mutating func instrList(_ out: inout [Instruction]) throws(TextError) {
        while true {
            if c.peek.kind == .lparen { try folded(&out); continue }
            if c.atAnnotation("metadata.code.branch_hint") { try branchHint(out); continue }
            guard c.peek.kind == .keyword else { return }
            let t = c.peek
            // The mnemonic is looked up once: the words that end a plain block's list are opcodes too.
            let op = c.withBytes(t, MnemonicTable.find)
            switch op {
            case .end, .else, .catch, .catchAll, .delegate: return
            default: try plain(&out, op)
            }
        }
    }

    mutating func pushLabel() {
        let id = c.optionalID()
        labels.append(id)
        if let id { currentLabelNames.append((labelCounter, id)) }
        labelCounter &+= 1
    }

    mutating func closeLabel() throws(TextError) {
        if c.peek.kind == .id {
            let t = c.advance()
            guard labels.last.flatMap({ $0 }) == c.idName(t) else { throw c.error("mismatching label", t) }
        }
    }

    mutating func blockType() throws(TextError) -> BlockType {
        if c.atList("type") || c.atList("param") {
            return .type(try typeUse(namedParams: false).index)
        }
        if c.atList("result") {
            let save = c.pos
            try c.openList("result")
            var rs: [ValType] = []
            while c.peek.kind != .rparen { rs.append(try valType()) }
            try c.rparen()
            if rs.count == 1, !c.atList("result") { return .value(rs[0]) }
            c.pos = save
            return .type(try typeUse(namedParams: false).index)
        }
        return .empty
    }

    /// A plain instruction whose mnemonic (the next token) names `op`.
    mutating func plain(_ out: inout [Instruction], _ op: Opcode?) throws(TextError) {
        let t = c.advance()
        guard let op else { throw c.error("unknown operator `\(c.text(t))`", t) }
        switch op {
        case .tryTable:
            let (bt, catches) = try tryTableHead()
            out.append(Instruction(.tryTable, .tryTable(bt, catches)))
            try instrList(&out)
            try c.keyword("end")
            try closeLabel()
            labels.removeLast()
            out.append(Instruction(.end))
        case .try:
            pushLabel()
            out.append(Instruction(.try, .blockType(try blockType())))
            try instrList(&out)
            while true {
                if c.eatKeyword("catch") {
                    out.append(Instruction(.catch, .index(try index(.tag))))
                } else if c.eatKeyword("catch_all") {
                    out.append(Instruction(.catchAll))
                } else { break }
                try instrList(&out)
            }
            if c.eatKeyword("delegate") {
                labels.removeLast()
                out.append(Instruction(.delegate, .index(try label())))
            } else {
                try c.keyword("end")
                try closeLabel()
                labels.removeLast()
                out.append(Instruction(.end))
            }
        case .block, .loop, .if:
            pushLabel()
            out.append(Instruction(op, .blockType(try blockType())))
            try instrList(&out)
            if op == .if, c.eatKeyword("else") {
                try closeLabel()
                out.append(Instruction(.else))
                try instrList(&out)
            }
            try c.keyword("end")
            try closeLabel()
            labels.removeLast()
            out.append(Instruction(.end))
        default:
            let (o, imm) = try operands(op)
            out.append(Instruction(o, imm))
        }
    }

    /// The opcode the text names (the mnemonic may stand for two: `select`, `ref.test`, `ref.cast`) and its
    /// immediates.
    mutating func operands(_ op: Opcode) throws(TextError) -> (Opcode, Immediates) {
        switch op {
        case .select:
            if c.atList("result") { return (.typedSelect, try immediates(.typedSelect)) }
            return (.select, .none)
        case .refTestNonNull, .refTestNullable, .refCastNonNull, .refCastNullable, .refCastDescEqNonNull,
             .refCastDescEqNullable:
            let r = try refType()
            let o: Opcode
            switch op {
            case .refTestNonNull, .refTestNullable: o = r.nullable ? .refTestNullable : .refTestNonNull
            case .refCastNonNull, .refCastNullable: o = r.nullable ? .refCastNullable : .refCastNonNull
            default: o = r.nullable ? .refCastDescEqNullable : .refCastDescEqNonNull
            }
            return (o, .heapType(r.heapType))
        default:
            return (op, try immediates(op))
        }
    }

    /// `$label? blocktype (catch x l | catch_ref x l | catch_all l | catch_all_ref l)*`; pushes the label after
    /// the catch clauses are read (their labels are outside the block).
    mutating func tryTableHead() throws(TextError) -> (BlockType, [Catch]) {
        let id = c.optionalID()
        let bt = try blockType()
        var catches: [Catch] = []
        while let k = c.listKeyword(), k.hasPrefix("catch") {
            try c.lparen()
            _ = c.advance()
            switch k {
            case "catch": catches.append(.one(tag: try index(.tag), label: try label()))
            case "catch_ref": catches.append(.oneRef(tag: try index(.tag), label: try label()))
            case "catch_all": catches.append(.all(label: try label()))
            case "catch_all_ref": catches.append(.allRef(label: try label()))
            default: throw c.error("unknown catch clause `\(k)`")
            }
            try c.rparen()
        }
        labels.append(id)
        if let id { currentLabelNames.append((labelCounter, id)) }
        labelCounter &+= 1
        return (bt, catches)
    }

    mutating func folded(_ out: inout [Instruction]) throws(TextError) {
        try c.lparen()
        let t = c.advance()
        let k = c.text(t)
        guard t.kind == .keyword, let op = Opcode.named(String(k)), op != .catch, op != .catchAll, op != .delegate,
              op != .end, op != .else else { throw c.error("unknown operator `\(k)`", t) }
        // A branch hint before a folded instruction is the hint of that instruction (written after its operands).
        let hint = foldedHint
        foldedHint = nil
        switch op {
        case .block, .loop:
            pushLabel()
            if let h = hint { pendingHints.append((out.count, h)) }
            out.append(Instruction(op, .blockType(try blockType())))
            try instrList(&out)
            labels.removeLast()
            out.append(Instruction(.end))
        case .if:
            let id = c.optionalID()
            let bt = try blockType()
            while c.peek.kind == .lparen, !c.atList("then") { try folded(&out) }
            labels.append(id)
            if let id { currentLabelNames.append((labelCounter, id)) }
            labelCounter &+= 1
            if let h = hint { pendingHints.append((out.count, h)) }
            out.append(Instruction(.if, .blockType(bt)))
            try c.openList("then")
            try instrList(&out)
            try c.rparen()
            if c.atList("else") {
                try c.openList("else")
                out.append(Instruction(.else))
                try instrList(&out)
                try c.rparen()
            }
            labels.removeLast()
            out.append(Instruction(.end))
        case .tryTable:
            let (bt, catches) = try tryTableHead()
            if let h = hint { pendingHints.append((out.count, h)) }
            out.append(Instruction(.tryTable, .tryTable(bt, catches)))
            try instrList(&out)
            labels.removeLast()
            out.append(Instruction(.end))
        case .try:
            pushLabel()
            if let h = hint { pendingHints.append((out.count, h)) }
            out.append(Instruction(.try, .blockType(try blockType())))
            try c.openList("do")
            try instrList(&out)
            try c.rparen()
            while c.atList("catch") || c.atList("catch_all") {
                try c.lparen()
                if c.eatKeyword("catch") {
                    out.append(Instruction(.catch, .index(try index(.tag))))
                } else {
                    _ = c.advance()
                    out.append(Instruction(.catchAll))
                }
                try instrList(&out)
                try c.rparen()
            }
            labels.removeLast()
            if c.atList("delegate") {
                try c.openList("delegate")
                out.append(Instruction(.delegate, .index(try label())))
                try c.rparen()
            } else {
                out.append(Instruction(.end))
            }
        default:
            let (o, imm) = try operands(op)
            while c.peek.kind == .lparen { try folded(&out) }
            if let h = hint { pendingHints.append((out.count, h)) }
            out.append(Instruction(o, imm))
        }
        try c.rparen()
    }

    mutating func label() throws(TextError) -> UInt32 {
        let t = c.peek
        if t.kind == .id {
            _ = c.advance()
            let name = c.idName(t)
            guard let i = labels.lastIndex(where: { $0 == name }) else { throw c.error("unknown label \(c.text(t))", t) }
            return UInt32(labels.count - 1 - i)
        }
        return try c.u32()
    }

    mutating func memArg(_ op: Opcode) throws(TextError) -> MemArg {
        var mem: UInt32 = 0
        var explicit = false
        if atIndex() { mem = try index(.memory); explicit = mem != 0 }
        var offset: UInt64 = 0
        var align = UInt32(op.naturalAlignment)
        if c.peek.kind == .keyword, c.tokenHasPrefix(c.peek, "offset=") {
            let t = c.advance()
            guard let v = c.plainDecimal(t, skip: 7) ?? TextNumber.u64(c.text(t).dropFirst(7)) else {
                throw c.error("invalid offset")
            }
            offset = v
        }
        if c.peek.kind == .keyword, c.tokenHasPrefix(c.peek, "align=") {
            let t = c.advance()
            guard let v = c.plainDecimal(t, skip: 6) ?? TextNumber.u64(c.text(t).dropFirst(6)), v > 0, v & (v - 1) == 0 else {
                throw c.error("alignment must be a power of two")
            }
            align = UInt32(v.trailingZeroBitCount)
        }
        return MemArg(align: align, offset: offset, memory: mem, hasMemoryIndex: explicit)
    }

    mutating func immediates(_ op: Opcode) throws(TextError) -> Immediates {
        switch op.shape {
        case .none: return .none
        case .zero: return .none
        case .label: return .index(try label())
        case .func: return .index(try index(.func))
        case .local:
            let t = c.peek
            if t.kind == .id {
                _ = c.advance()
                guard let i = c.lookup(t, in: locals) else { throw c.error("unknown local \(c.text(t))", t) }
                return .index(i)
            }
            return .index(try c.u32())
        case .global: return .index(try index(.global))
        case .table: return .index(atIndex() ? try index(.table) : 0)
        case .memory: return .index(atIndex() ? try index(.memory) : 0)
        case .tag: return .index(try index(.tag))
        case .data: usesDataCount = usesDataCount || inBody; return .index(try index(.data))
        case .elem: return .index(try index(.elem))
        case .type: return .index(try index(.type))
        case .typeTable:
            let table = atIndex() ? try index(.table) : 0
            return .indices(try typeUse(namedParams: false).index, table)
        case .brTable:
            var ls: [UInt32] = []
            while c.peek.kind == .id || c.atU32 { ls.append(try label()) }
            guard let d = ls.popLast() else { throw c.expected("a label") }
            return .brTable(targets: ls, default: d)
        case .memarg: return .memArg(try memArg(op))
        case .i32:
            guard c.peek.kind == .keyword,
                  let v = c.plainInt(c.peek, bits: 32) ?? TextNumber.int(c.text(c.peek), bits: 32) else { throw c.expected("an i32") }
            _ = c.advance()
            return .i32(Int32(truncatingIfNeeded: v))
        case .i64:
            guard c.peek.kind == .keyword,
                  let v = c.plainInt(c.peek, bits: 64) ?? TextNumber.int(c.text(c.peek), bits: 64) else { throw c.expected("an i64") }
            _ = c.advance()
            return .i64(Int64(bitPattern: v))
        case .f32:
            guard c.peek.kind == .keyword, let v = TextNumber.f32(c.text(c.peek)) else { throw c.expected("an f32") }
            _ = c.advance()
            return .f32(v)
        case .f64:
            guard c.peek.kind == .keyword, let v = TextNumber.f64(c.text(c.peek)) else { throw c.expected("an f64") }
            _ = c.advance()
            return .f64(v)
        case .selectTypes:
            var ts: [ValType] = []
            while c.atList("result") {
                try c.openList("result")
                while c.peek.kind != .rparen { ts.append(try valType()) }
                try c.rparen()
            }
            return .selectTypes(ts)
        case .heapType: return .heapType(try heapType())
        case .dataMemory:
            usesDataCount = usesDataCount || inBody
            let save = c.pos
            _ = c.advance()
            if atIndex() {
                c.pos = save
                let m = try index(.memory)
                return .indices(try index(.data), m)
            }
            c.pos = save
            return .indices(try index(.data), 0)
        case .memoryMemory:
            if atIndex() { return .indices(try index(.memory), try index(.memory)) }
            return .indices(0, 0)
        case .elemTable:
            let save = c.pos
            _ = c.advance()
            if atIndex() {
                c.pos = save
                let t = try index(.table)
                return .indices(try index(.elem), t)
            }
            c.pos = save
            return .indices(try index(.elem), 0)
        case .lane: return .lane(try laneIndex())
        case .memargLane:
            // `x lane` vs `lane`: a memory index is followed by another number, offset= or align=
            let save = c.pos
            var m: MemArg
            if atIndex() {
                _ = c.advance()
                let nextIsIndex = c.atU32 || (c.peek.kind == .keyword && (c.text(c.peek).hasPrefix("offset=") || c.text(c.peek).hasPrefix("align=")))
                c.pos = save
                if nextIsIndex { m = try memArg(op) } else {
                    m = MemArg(align: UInt32(op.naturalAlignment), offset: 0)
                }
            } else {
                m = try memArg(op)
            }
            return .memArgLane(m, lane: try laneIndex())
        case .shuffle:
            var bytes: [UInt8] = []
            for _ in 0..<16 { bytes.append(try laneIndex()) }
            return .v128(V128(bytes: bytes))
        case .v128: return .v128(try v128Const())
        case .tableTable:
            if atIndex() { return .indices(try index(.table), try index(.table)) }
            return .indices(0, 0)
        case .typeField:
            let t = try index(.type)
            return .indices(t, try fieldIndex(t))
        case .typeSize: return .indices(try index(.type), try c.u32())
        case .typeType: return .indices(try index(.type), try index(.type))
        case .brOnCast:
            let l = try label()
            return .brOnCast(label: l, from: try refType(), to: try refType())
        case .resume, .resumeThrow:
            let t = try index(.type)
            let tag: UInt32? = op.shape == .resumeThrow ? try index(.tag) : nil
            var hs: [ResumeHandler] = []
            while c.atList("on") {
                try c.openList("on")
                let x = try index(.tag)
                if c.eatKeyword("switch") { hs.append(.onSwitch(tag: x)) } else { hs.append(.onLabel(tag: x, label: try label())) }
                try c.rparen()
            }
            return .resume(type: t, tag: tag, handlers: hs)
        case .orderingGlobal, .orderingTable, .orderingType, .orderingTypeField:
            var ord = Ordering.seqCst
            if c.eatKeyword("acq_rel") { ord = .acqRel } else { _ = c.eatKeyword("seq_cst") }
            switch op.shape {
            case .orderingGlobal: return .ordered(ord, try index(.global), field: nil)
            case .orderingTable: return .ordered(ord, atIndex() ? try index(.table) : 0, field: nil)
            case .orderingType: return .ordered(ord, try index(.type), field: nil)
            default:
                let t = try index(.type)
                return .ordered(ord, t, field: try fieldIndex(t))
            }
        case .typeData: usesDataCount = usesDataCount || inBody; return .indices(try index(.type), try index(.data))
        case .typeElem: return .indices(try index(.type), try index(.elem))
        case .typeTag: return .indices(try index(.type), try index(.tag))
        default:
            throw c.error("the text form of `\(op.mnemonic)` is not supported yet")
        }
    }

    mutating func laneIndex() throws(TextError) -> UInt8 {
        guard c.peek.kind == .keyword, let v = TextNumber.u32(c.text(c.peek)), v < 256 else { throw c.expected("a lane index") }
        _ = c.advance()
        return UInt8(v)
    }

    mutating func v128Const() throws(TextError) -> V128 {
        guard c.peek.kind == .keyword else { throw c.expected("a v128 shape") }
        let shape = c.text(c.advance())
        let (lanes, bits): (Int, Int)
        switch shape {
        case "i8x16": (lanes, bits) = (16, 8)
        case "i16x8": (lanes, bits) = (8, 16)
        case "i32x4": (lanes, bits) = (4, 32)
        case "i64x2": (lanes, bits) = (2, 64)
        case "f32x4": (lanes, bits) = (4, 32)
        case "f64x2": (lanes, bits) = (2, 64)
        default: throw c.error("unknown v128 shape `\(shape)`")
        }
        var bytes: [UInt8] = []
        for _ in 0..<lanes {
            guard c.peek.kind == .keyword else { throw c.expected("a lane value") }
            let t = c.text(c.peek)
            var v: UInt64
            if shape == "f32x4" {
                guard let f = TextNumber.f32(t) else { throw c.expected("an f32") }
                v = UInt64(f)
            } else if shape == "f64x2" {
                guard let f = TextNumber.f64(t) else { throw c.expected("an f64") }
                v = f
            } else {
                guard let i = TextNumber.int(t, bits: bits) else { throw c.expected("an i\(bits)") }
                v = i
            }
            _ = c.advance()
            for _ in 0..<(bits / 8) { bytes.append(UInt8(truncatingIfNeeded: v)); v >>= 8 }
        }
        return V128(bytes: bytes)
    }

    /// Instructions of a constant expression up to `)`.
    mutating func constExprBody() throws(TextError) -> ConstExpr {
        ConstExpr(try instructions())
    }
}
