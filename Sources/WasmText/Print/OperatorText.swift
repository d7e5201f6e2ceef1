import WasmBinary
import WasmCore

/// Prints instructions in the flat form (`block`, `end` on their own lines), driven by the instruction
/// table: the mnemonic comes from `Opcode.mnemonic`, the immediates from `Opcode.shape`.
struct OperatorPrinter {
    enum Separator { case newline, none, noneThenSpace, space }
    let p: Printer
    let s: CoreState
    /// The mutable part, in a class so that the printing methods are not `mutating` (reading `names`
    /// through an inout `self` would copy, and retain, a name space per instruction).
    final class State {
        @exclusivity(unchecked) var sep: Separator
        @exclusivity(unchecked) var label: UInt32 = 0
        @exclusivity(unchecked) var labelIndices: [UInt32] = []
        init(_ sep: Separator) { self.sep = sep }
    }
    let st: State
    let nestingStart: Int
    /// The function whose locals and labels are named (`s.funcs` while its body prints).
    let funcIndex: UInt32
    /// `s.names`, copied once (reading it through the class on every instruction costs).
    let names: CoreNames
    let nameUnnamed: Bool

    init(_ p: Printer, _ s: CoreState, separator: Separator) {
        self.p = p
        self.s = s
        self.names = s.names
        self.nameUnnamed = p.options.nameUnnamed
        self.st = State(separator)
        self.nestingStart = p.nesting
        self.funcIndex = s.funcs
    }

    /// The mnemonics as bytes, by opcode (computed once).
    static let mnemonics: [[UInt8]] = Opcode.allCases.sorted { $0.rawValue < $1.rawValue }.map { Array($0.mnemonic.utf8) }
    static let mnemonicIndex: [Int] = {
        let sorted = Opcode.allCases.sorted { $0.rawValue < $1.rawValue }
        var table = [Int](repeating: 0, count: Int(sorted.last?.rawValue ?? 0) + 1)
        for (i, op) in sorted.enumerated() { table[Int(op.rawValue)] = i }
        return table
    }()

    /// The same, all in one buffer, and by raw opcode (start, count) into it: no reference counting per
    /// instruction.
    nonisolated(unsafe) static let mnemonicBytes: UnsafeMutablePointer<UInt8> = {
        let all = mnemonics.flatMap { $0 }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(all.count, 1))
        p.initialize(from: all, count: all.count)
        return p
    }()
    nonisolated(unsafe) static let mnemonicTable: UnsafeMutablePointer<(start: Int32, count: Int32)> = {
        let n = mnemonicIndex.count
        let t = UnsafeMutablePointer<(start: Int32, count: Int32)>.allocate(capacity: max(n, 1))
        var starts: [Int] = []
        var at = 0
        for m in mnemonics { starts.append(at); at += m.count }
        for raw in 0..<n {
            let i = mnemonicIndex[raw]
            (t + raw).initialize(to: (Int32(starts[i]), Int32(mnemonics[i].count)))
        }
        return t
    }()

    func separator(_ offset: Int) {
        switch st.sep {
        case .newline: p.newline(offset)
        case .none: break
        case .noneThenSpace: st.sep = .space
        case .space: p.w(" ")
        }
    }

    var curDepth: Int { p.nesting - nestingStart }

    func blockStart(_ offset: Int) {
        separator(offset)
        p.nesting += 1
        st.labelIndices.append(st.label)
    }

    func blockMid(_ offset: Int) {
        p.nesting -= 1
        separator(offset)
        p.nesting += 1
    }

    func blockEnd(_ offset: Int) {
        if p.nesting > nestingStart { p.nesting -= 1 }
        separator(offset)
    }

    func blockTypeWithoutComment(_ bt: BlockType) -> Bool {
        var hasName = false
        if let n = names.labels[funcIndex, st.label] {
            p.w(" ")
            p.writeName(n)
            hasName = true
        } else if p.options.nameUnnamed {
            p.w(" $#label"); p.int(curDepth - 1)
            hasName = true
        }
        switch bt {
        case .empty: break
        case .value(let v):
            p.w(" ")
            p.startGroup("result ")
            p.valType(s, v)
            p.endGroup()
        case .type(let i):
            p.w(" ")
            p.funcTypeIndex(s, i, namesFor: nil)
        }
        return hasName
    }

    func labelComment(_ hasName: Bool) {
        if !hasName {
            p.w(" ")
            if st.sep == .newline || st.sep == .none { p.w(";; label = @"); p.int(curDepth) }
            else { p.w(" (; label = @"); p.int(curDepth); p.w(" ;)") }
        }
        st.label += 1
    }

    func relativeDepth(_ depth: UInt32) {
        p.w(" ")
        let cur = curDepth
        guard Int(depth) <= cur else {
            p.int(depth); p.w(" (; INVALID ;)")
            return
        }
        let i = cur - Int(depth)
        var name: Naming?
        if i >= 1, i - 1 < st.labelIndices.count { name = names.labels[funcIndex, st.labelIndices[i - 1]] }
        var conflict = false
        if let name, i <= st.labelIndices.count {
            for other in st.labelIndices[i...] {
                if let o = names.labels[funcIndex, other], o.name == name.name { conflict = true; break }
            }
        }
        if let name, !conflict {
            p.writeName(name)
        } else if name == nil && p.options.nameUnnamed && i > 0 {
            p.w("$#label"); p.int(i - 1)
        } else {
            p.int(depth)
            if !conflict && i > 0 { p.w(" (;@"); p.int(i); p.w(";)") }
        }
    }

    func memArg(_ m: MemArg, natural: UInt8) {
        if m.memory != 0 { p.w(" "); p.idx(names.memories, m.memory) }
        if m.offset != 0 { p.w(" offset="); p.int(m.offset) }
        if m.align != UInt32(natural) {
            p.w(" align=")
            if m.align < 64 { p.int(UInt64(1) << UInt64(m.align)) } else { p.w("0") }
        }
    }

    func index(_ space: NameSpace, _ i: UInt32) {
        p.w(" ")
        p.idx(space, i)
    }

    func local(_ i: UInt32) {
        p.w(" ")
        if let n = names.locals[funcIndex, i] { p.writeIdentifier(n) }
        else if p.options.nameUnnamed { p.w("$#local"); p.int(i) }
        else { p.int(i) }
    }

    func field(_ type: UInt32, _ i: UInt32) {
        p.w(" ")
        if let n = names.fields[type, i] { p.writeIdentifier(n) }
        else if p.options.nameUnnamed { p.w("$#field"); p.int(i) }
        else { p.int(i) }
    }

    func ordering(_ o: Ordering) { p.w(" "); p.w(o.name) }

    /// Prints one instruction (not the final `end` of a body).
    func print(_ op: Operator, _ r: inout OperatorReader) {
        let code = op.opcode
        switch code {
        case .block, .loop, .if, .try, .tryTable: blockStart(op.offset)
        case .else, .catch, .catchAll: blockMid(op.offset)
        case .end, .delegate: blockEnd(op.offset)
        default: separator(op.offset)
        }
        let m = OperatorPrinter.mnemonicTable[Int(code.rawValue)]
        p.out.write(UnsafeRawBufferPointer(start: OperatorPrinter.mnemonicBytes + Int(m.start), count: Int(m.count)))
        switch code.shape {
        case .none, .zero: break
        case .blockType:
            let has = blockTypeWithoutComment(op.blockType)
            labelComment(has)
        case .label: relativeDepth(op.index)
        case .brTable:
            for t in r.brTableTargets(op) { relativeDepth(t) }
            relativeDepth(op.index)
        case .func: index(names.funcs, op.index)
        case .typeTable:
            if op.index2 != 0 { index(names.tables, op.index2) }
            p.w(" ")
            p.typeRef(s, op.index)
        case .type: index(names.types, op.index)
        case .local: local(op.index)
        case .global: index(names.globals, op.index)
        case .table: index(names.tables, op.index)
        case .memory: if op.index != 0 { index(names.memories, op.index) }
        case .memarg: memArg(op.memArg, natural: code.naturalAlignment)
        case .memargLane:
            memArg(op.memArg, natural: code.naturalAlignment)
            p.w(" "); p.int(op.lane)
        case .i32: p.w(" "); p.int(op.i32)
        case .i64: p.w(" "); p.int(op.i64)
        case .f32: p.w(" "); p.w(FloatText.f32(op.f32Bits))
        case .f64: p.w(" "); p.w(FloatText.f64(op.f64Bits))
        case .v128:
            p.w(" i32x4")
            let b = op.v128.bytes
            for c in 0..<4 {
                p.w(" 0x")
                for k in (0..<4).reversed() {
                    let byte = b[c * 4 + k]
                    p.out.write(byte: Printer.hexDigits[Int(byte >> 4)])
                    p.out.write(byte: Printer.hexDigits[Int(byte & 15)])
                }
            }
        case .shuffle:
            for lane in op.v128.bytes { p.w(" "); p.int(lane) }
        case .lane: p.w(" "); p.int(op.lane)
        case .selectTypes:
            let types = Array(r.selectTypes(op))
            p.w(" ")
            if types.count == 1 { p.startGroup("result ") } else { p.startGroup("result") }
            if types.count == 1 { p.valType(s, types[0]) } else { for t in types { p.w(" "); p.valType(s, t) } }
            p.endGroup()
        case .heapType:
            p.w(" ")
            switch code {
            case .refNull: p.heapType(s, op.heapType)
            case .refTestNullable, .refCastNullable, .refCastDescEqNullable:
                p.refType(s, RefType(nullable: true, heapType: op.heapType))
            default:
                p.refType(s, RefType(nullable: false, heapType: op.heapType))
            }
        case .brOnCast:
            relativeDepth(op.index)
            p.w(" "); p.refType(s, op.refType)
            p.w(" "); p.refType(s, op.refType2)
        case .tryTable:
            let has = blockTypeWithoutComment(op.blockType)
            p.nesting -= 1
            let own = st.labelIndices.popLast()
            for c in r.catches(op) {
                p.w(" ")
                switch c {
                case .one(let tag, let l):
                    p.startGroup("catch"); p.nesting -= 1; index(names.tags, tag); relativeDepth(l); p.nesting += 1; p.endGroup()
                case .oneRef(let tag, let l):
                    p.startGroup("catch_ref"); p.nesting -= 1; index(names.tags, tag); relativeDepth(l); p.nesting += 1; p.endGroup()
                case .all(let l):
                    p.startGroup("catch_all"); p.nesting -= 1; relativeDepth(l); p.nesting += 1; p.endGroup()
                case .allRef(let l):
                    p.startGroup("catch_all_ref"); p.nesting -= 1; relativeDepth(l); p.nesting += 1; p.endGroup()
                }
            }
            if let own { st.labelIndices.append(own) }
            p.nesting += 1
            labelComment(has)
        case .tag: index(names.tags, op.index)
        case .data: index(names.data, op.index)
        case .elem: index(names.elems, op.index)
        case .dataMemory:
            if op.index2 != 0 { index(names.memories, op.index2) }
            index(names.data, op.index)
        case .memoryMemory:
            if op.index != 0 || op.index2 != 0 { index(names.memories, op.index); index(names.memories, op.index2) }
        case .elemTable:
            if op.index2 != 0 { index(names.tables, op.index2) }
            index(names.elems, op.index)
        case .tableTable:
            if op.index != 0 || op.index2 != 0 { index(names.tables, op.index); index(names.tables, op.index2) }
        case .typeField:
            index(names.types, op.index)
            field(op.index, op.index2)
        case .typeSize:
            index(names.types, op.index)
            p.w(" "); p.int(op.index2)
        case .typeData:
            index(names.types, op.index)
            index(names.data, op.index2)
        case .typeElem:
            index(names.types, op.index)
            index(names.elems, op.index2)
        case .typeType:
            index(names.types, op.index)
            index(names.types, op.index2)
        case .typeTag:
            index(names.types, op.index)
            index(names.tags, op.index2)
        case .resume, .resumeThrow:
            index(names.types, op.index)
            if code.shape == .resumeThrow { index(names.tags, op.index2) }
            for h in r.resumeHandlers(op) {
                p.w(" ")
                p.startGroup("on")
                p.nesting -= 1
                switch h {
                case .onLabel(let tag, let l): index(names.tags, tag); relativeDepth(l)
                case .onSwitch(let tag): index(names.tags, tag); p.w(" switch")
                }
                p.nesting += 1
                p.endGroup()
            }
        case .orderingGlobal: ordering(op.ordering); index(names.globals, op.index)
        case .orderingTable: ordering(op.ordering); index(names.tables, op.index)
        case .orderingType: ordering(op.ordering); index(names.types, op.index)
        case .orderingTypeField:
            ordering(op.ordering)
            index(names.types, op.index)
            field(op.index, op.index2)
        }
        if code == .end { _ = st.labelIndices.popLast() }
    }
}
