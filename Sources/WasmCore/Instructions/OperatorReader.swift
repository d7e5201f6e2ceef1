import WasmBinary

extension WasmError.Code {
    /// A byte (or prefixed sub-opcode) that is not an instruction.
    public static let illegalOpcode = Self("illegal-opcode")
    /// An instruction sequence ended without its closing `end`.
    public static let endOpcodeExpected = Self("end-opcode-expected")
    /// Bytes after the `end` that closes a function body.
    public static let operatorsAfterEnd = Self("operators-after-end")
    /// `else`, `catch`, `catch_all` or `delegate` outside the block that admits it.
    public static let misplacedOperator = Self("misplaced-operator")
    /// `memory.init`, `data.drop`, `array.new_data` or `array.init_data` without a data count section.
    public static let dataCountRequired = Self("data-count-required")
}

/// A streaming decoder for an instruction sequence (a function body's code or a constant expression).
///
/// `next()` yields one ``Operator`` at a time and allocates nothing per instruction: immediates are plain
/// values, and the variable-length ones (br_table targets, select types, catch clauses, resume handlers)
/// are exposed lazily over the bytes (``brTableTargets(_:)`` and friends). The reader tracks block
/// structure, so a sequence that runs out before its final `end` ("END opcode expected"), bytes after it,
/// and `else`/`catch`/`delegate` outside their blocks are reported as malformed.
///
/// Typical use (the validator's loop):
/// ```swift
/// var ops = body.operatorReader(requireDataCount: !module.hasDataCount)  // or OperatorReader(bytes, ...)
/// while let op = try ops.next() { ... switch op.opcode ... }
/// ```
public struct OperatorReader {
    /// The underlying cursor (absolute offsets); `reader.position` is where the next instruction starts.
    public var reader: ByteReader
    /// `reader.storage.base`, cached for the inline fast paths (valid while `reader` holds the storage).
    @usableFromInline var base: UnsafeRawPointer
    /// Frame kinds of the open blocks: 16 in a word, deeper ones in `overflow`.
    @usableFromInline var inlineFrames: UInt64 = 0
    @usableFromInline var overflow: [UInt8] = []
    @usableFromInline var frameCount: Int = 1
    /// Number of open blocks, including the implicit outermost one (0 once the final `end` was read).
    @inlinable public var depth: Int { frameCount }
    /// Whether the sequence must be the whole of `reader` (function bodies) rather than a prefix of it
    /// (constant expressions embedded in a section).
    public let isWholeInput: Bool
    /// Set for code bodies of modules without a data count section: data-index instructions are malformed.
    public var requireDataCount: Bool

    @usableFromInline enum Frame: UInt8 {
        case block = 0, loop, `if`, `else`, `try`, `catch`, catchAll, tryTable
    }

    /// A reader over `code`, the instructions of a function body (after its locals), ending in `end`.
    public init(_ code: ByteSlice, requireDataCount: Bool = false) {
        self.reader = code.reader
        self.base = code.storage.base
        self.isWholeInput = true
        self.requireDataCount = requireDataCount
    }

    /// A reader for a constant expression starting at `reader.position`; it stops after the matching
    /// `end`, leaving the rest of `reader` unread. Use ``finish()`` to get the advanced reader back.
    public init(expressionAt reader: ByteReader) {
        self.reader = reader
        self.base = reader.storage.base
        self.isWholeInput = false
        self.requireDataCount = false
    }

    /// Restarts on another function body, keeping the frame storage.
    public mutating func reset(_ code: ByteSlice, requireDataCount: Bool = false) {
        reader = code.reader
        base = code.storage.base
        inlineFrames = 0
        overflow.removeAll(keepingCapacity: true)
        frameCount = 1
        self.requireDataCount = requireDataCount
    }

    /// Whether the final `end` has been read.
    @inlinable public var isFinished: Bool { depth == 0 }
    /// Absolute offset of the next instruction.
    @inlinable public var position: Int { reader.position }

    /// Reads the whole sequence, checking it, and returns the reader positioned after it.
    public mutating func finish() throws(WasmError) -> ByteReader {
        while try next() != nil {}
        return reader
    }

    // MARK: Frames

    @inlinable mutating func push(_ f: Frame) {
        if frameCount < 16 {
            inlineFrames = (inlineFrames & ~(0xF << (4 * UInt64(frameCount)))) | (UInt64(f.rawValue) << (4 * UInt64(frameCount)))
        } else {
            overflow.append(f.rawValue)
        }
        frameCount += 1
    }

    @inlinable var top: Frame {
        let d = frameCount - 1
        if d < 16 { return Frame(rawValue: UInt8(truncatingIfNeeded: (inlineFrames >> (4 * UInt64(d))) & 0xF)) ?? .block }
        return Frame(rawValue: overflow.last ?? 0) ?? .block
    }

    @inlinable mutating func replaceTop(_ f: Frame) {
        frameCount -= 1
        if frameCount >= 16 { _ = overflow.popLast() }
        push(f)
    }

    @inlinable mutating func pop() {
        frameCount -= 1
        if frameCount >= 16 { _ = overflow.popLast() }
    }

    // MARK: Reading

    /// The next instruction, or nil after the final `end`.
    @inlinable @inline(__always)
    public mutating func next() throws(WasmError) -> Operator? {
        let start = reader.position
        guard frameCount != 0, start < reader.end else { return try endOfInput() }
        let byte = base.load(fromByteOffset: start, as: UInt8.self)
        reader.position = start &+ 1
        guard let opcode = Opcode.single(byte) else { return try prefixedOperator(byte, at: start) }
        var op = Operator(opcode: opcode, offset: start)
        if opcode.isStructural { try structure(opcode, at: start) }
        // The common shapes inline, tested with bit masks rather than a switch: a jump table's indirect
        // branch mispredicts on most instructions. The rest go to one out-of-line switch.
        let bit = UInt64(1) << UInt64(opcode.shape.rawValue)
        if bit & OperatorReader.noImmediates == 0 {
            if bit & OperatorReader.oneIndex != 0 {
                op.index = try fastU32()
            } else if bit == OperatorReader.i32Constant {
                op.bits = UInt64(bitPattern: Int64(try fastS32()))
            } else if bit == OperatorReader.memoryAccess {
                try readMemArg(&op)
            } else {
                try readImmediates(&op)
            }
        }
        return op
    }

    @inlinable static var noImmediates: UInt64 { 1 << UInt64(ImmediateShape.none.rawValue) }
    @inlinable static var oneIndex: UInt64 {
        1 << UInt64(ImmediateShape.local.rawValue) | 1 << UInt64(ImmediateShape.global.rawValue)
            | 1 << UInt64(ImmediateShape.func.rawValue) | 1 << UInt64(ImmediateShape.label.rawValue)
    }
    @inlinable static var i32Constant: UInt64 { 1 << UInt64(ImmediateShape.i32.rawValue) }
    @inlinable static var memoryAccess: UInt64 { 1 << UInt64(ImmediateShape.memarg.rawValue) }

    /// At the end of the input or after the final `end`.
    @usableFromInline
    mutating func endOfInput() throws(WasmError) -> Operator? {
        if frameCount != 0 {
            throw WasmError(.endOpcodeExpected, "END opcode expected", offset: reader.position)
        }
        if isWholeInput && !reader.isAtEnd {
            throw WasmError(.operatorsAfterEnd, "operators remaining after end of function body",
                            offset: reader.position)
        }
        return nil
    }

    @usableFromInline
    mutating func prefixedOperator(_ byte: UInt8, at start: Int) throws(WasmError) -> Operator? {
        guard Opcode.isPrefix(byte) else {
            throw WasmError(.illegalOpcode, "illegal opcode \(hex(byte))", offset: start)
        }
        let sub = try reader.readU32()
        guard let opcode = Opcode.prefixed(byte, sub) else {
            throw WasmError(.illegalOpcode, "illegal opcode \(hex(byte)) \(sub)", offset: start)
        }
        var op = Operator(opcode: opcode, offset: start)
        try readImmediates(&op)
        return op
    }

    /// Block bookkeeping for the structured-control opcodes.
    @usableFromInline
    mutating func structure(_ opcode: Opcode, at start: Int) throws(WasmError) {
        // `end` and `block` first, outside the switch (its indirect branch is hard to predict).
        if opcode == .end { return pop() }
        if opcode == .block { return push(.block) }
        switch opcode {
        case .block: push(.block)
        case .loop: push(.loop)
        case .if: push(.if)
        case .try: push(.try)
        case .tryTable: push(.tryTable)
        case .else:
            guard top == .if, depth > 1 else { throw misplaced("else", "if", start) }
            replaceTop(.else)
        case .catch:
            guard depth > 1, top == .try || top == .catch else { throw misplaced("catch", "try", start) }
            replaceTop(.catch)
        case .catchAll:
            guard depth > 1, top == .try || top == .catch else { throw misplaced("catch_all", "try", start) }
            replaceTop(.catchAll)
        case .delegate:
            guard depth > 1, top == .try else { throw misplaced("delegate", "try", start) }
            pop()
        case .end:
            pop()
        default:
            break
        }
    }

    @usableFromInline
    func misplaced(_ what: String, _ block: String, _ at: Int) -> WasmError {
        WasmError(.misplacedOperator, "`\(what)` found outside `\(block)` block", offset: at)
    }

    @usableFromInline
    mutating func readImmediates(_ op: inout Operator) throws(WasmError) {
        switch op.opcode.shape {
        case .none:
            break
        case .label, .func, .type, .local, .global, .table, .memory, .tag, .elem:
            op.index = try fastU32()
        case .data:
            if requireDataCount { throw dataCountRequired(op) }
            op.index = try reader.readU32()
        case .typeTable, .memoryMemory, .elemTable, .tableTable, .typeField, .typeSize, .typeElem, .typeType,
             .typeTag:
            op.index = try fastU32()
            op.index2 = try fastU32()
        case .dataMemory, .typeData:
            if requireDataCount { throw dataCountRequired(op) }
            op.index = try reader.readU32()
            op.index2 = try reader.readU32()
        case .memarg:
            try readMemArg(&op)
        case .memargLane:
            try readMemArg(&op)
            op.lane = try reader.readByte()
        case .blockType:
            op.blockType = try readBlockType()
        case .i32:
            op.bits = UInt64(bitPattern: Int64(try reader.readS32()))
        case .i64:
            op.bits = UInt64(bitPattern: try reader.readS64())
        case .f32:
            op.bits = UInt64(try reader.readFixedU32())
        case .f64:
            op.bits = try reader.readFixedU64()
        case .v128, .shuffle:
            op.bits = try reader.readFixedU64()
            op.bits2 = try reader.readFixedU64()
        case .lane:
            op.lane = try reader.readByte()
        case .brTable:
            let n = try reader.readCount(minimumItemSize: 1, "br_table target")
            op.count = UInt32(truncatingIfNeeded: n)
            op.listOffset = reader.position
            for _ in 0..<n { _ = try reader.readU32() }
            op.index = try reader.readU32()
        case .selectTypes:
            let n = try reader.readCount(minimumItemSize: 1, "select type")
            op.count = UInt32(truncatingIfNeeded: n)
            op.listOffset = reader.position
            for _ in 0..<n { _ = try reader.readValType() }
        case .heapType:
            let nullable: Bool
            switch op.opcode {
            case .refNull, .refTestNullable, .refCastNullable, .refCastDescEqNullable: nullable = true
            default: nullable = false
            }
            op.refType = RefType(nullable: nullable, heapType: try reader.readHeapType())
        case .brOnCast:
            let at = reader.position
            let flags = try reader.readByte()
            guard flags <= 3 else {
                throw WasmError(.invalidLeadingByte, "invalid cast flags (0x\(String(flags, radix: 16)))", offset: at)
            }
            op.index = try reader.readU32()
            op.refType = RefType(nullable: flags & 1 != 0, heapType: try reader.readHeapType())
            op.refType2 = RefType(nullable: flags & 2 != 0, heapType: try reader.readHeapType())
        case .tryTable:
            op.blockType = try readBlockType()
            let n = try reader.readCount(minimumItemSize: 2, "catch clause")
            op.count = UInt32(truncatingIfNeeded: n)
            op.listOffset = reader.position
            for _ in 0..<n { _ = try reader.readCatch() }
        case .resume, .resumeThrow:
            op.index = try reader.readU32()
            if op.opcode.shape == .resumeThrow { op.index2 = try reader.readU32() }
            let n = try reader.readCount(minimumItemSize: 2, "resume handler")
            op.count = UInt32(truncatingIfNeeded: n)
            op.listOffset = reader.position
            for _ in 0..<n { _ = try reader.readResumeHandler() }
        case .zero:
            let at = reader.position
            let b = try reader.readByte()
            if b != 0 {
                throw WasmError(.invalidLeadingByte, "nonzero byte after `\(op.opcode.mnemonic)`", offset: at)
            }
        case .orderingGlobal, .orderingTable, .orderingType:
            op.flags = try readOrdering()
            op.index = try reader.readU32()
        case .orderingTypeField:
            op.flags = try readOrdering()
            op.index = try reader.readU32()
            op.index2 = try reader.readU32()
        }
    }

    @usableFromInline
    func dataCountRequired(_ op: Operator) -> WasmError {
        WasmError(.dataCountRequired, "data count section required (for `\(op.opcode.mnemonic)`)", offset: op.offset)
    }

    @inlinable @inline(__always)
    mutating func readMemArg(_ op: inout Operator) throws(WasmError) {
        let at = reader.position
        var flags = try fastU32()
        if flags & 0x40 != 0 {
            flags &= ~0x40
            op.flags = 1
            op.index = try fastU32()
        }
        if flags >= 0x40 {
            throw WasmError(.invalidLeadingByte, "malformed memop flags (alignment too large)", offset: at)
        }
        op.index2 = flags
        op.bits = try fastU64()
    }

    @usableFromInline
    mutating func readOrdering() throws(WasmError) -> UInt8 {
        let at = reader.position
        switch try reader.readU32() {
        case 0: return 0
        case 1: return 2
        case let x: throw WasmError(.invalidLeadingByte, "invalid atomic consistency ordering \(x)", offset: at)
        }
    }

    @inlinable
    mutating func readBlockType() throws(WasmError) -> BlockType {
        try reader.readBlockType()
    }

    // MARK: Variable-length immediates

    /// The targets of a `br_table` (without the default, which is `op.index`).
    public func brTableTargets(_ op: Operator) -> ImmediateList<UInt32> {
        ImmediateList(reader: listReader(op), count: op.count) { r throws(WasmError) in try r.readU32() }
    }

    /// The value types of a typed `select`.
    public func selectTypes(_ op: Operator) -> ImmediateList<ValType> {
        ImmediateList(reader: listReader(op), count: op.count) { r throws(WasmError) in try r.readValType() }
    }

    /// The catch clauses of a `try_table`.
    public func catches(_ op: Operator) -> ImmediateList<Catch> {
        ImmediateList(reader: listReader(op), count: op.count) { r throws(WasmError) in try r.readCatch() }
    }

    /// The handlers of `resume`, `resume_throw` and `resume_throw_ref`.
    public func resumeHandlers(_ op: Operator) -> ImmediateList<ResumeHandler> {
        ImmediateList(reader: listReader(op), count: op.count) { r throws(WasmError) in try r.readResumeHandler() }
    }

    func listReader(_ op: Operator) -> ByteReader {
        var r = reader
        let start = Swift.min(Swift.max(op.listOffset, 0), reader.end)
        r.position = op.count == 0 ? reader.end : start
        return r
    }

}

/// A lazily decoded list of immediates; the bytes were checked when the instruction was read.
public struct ImmediateList<Element>: Sequence {
    let reader: ByteReader
    public let count: UInt32
    let read: (inout ByteReader) throws(WasmError) -> Element

    public struct Iterator: IteratorProtocol {
        var reader: ByteReader
        var left: UInt32
        let read: (inout ByteReader) throws(WasmError) -> Element
        public mutating func next() -> Element? {
            guard left > 0 else { return nil }
            left -= 1
            do { return try read(&reader) } catch { left = 0; return nil }
        }
    }

    public func makeIterator() -> Iterator { Iterator(reader: reader, left: count, read: read) }
    public var underestimatedCount: Int { Int(count) }
}

@usableFromInline func hex(_ b: UInt8) -> String {
    let s = String(b, radix: 16)
    return "0x" + (s.count < 2 ? "0" + s : s)
}

extension ByteReader {
    /// A block type: `0x40` (empty), a value type, or a non-negative s33 type index.
    public mutating func readBlockType() throws(WasmError) -> BlockType {
        let b = try peekByte()
        // Negative one-byte s33 values are the empty type and the value types (which must not be read as
        // an over-long s33); everything else is a type index.
        if b & 0xC0 == 0x40 {
            if b == 0x40 {
                position += 1
                return .empty
            }
            return .value(try readValType())
        }
        let at = position
        let idx = try readS33()
        guard idx >= 0, idx <= Int64(UInt32.max) else {
            throw WasmError(.invalidLeadingByte, "invalid block type (type index \(idx))", offset: at)
        }
        return .type(UInt32(idx))
    }

    /// A `try_table` catch clause.
    public mutating func readCatch() throws(WasmError) -> Catch {
        let at = position
        switch try readByte() {
        case 0: return .one(tag: try readU32(), label: try readU32())
        case 1: return .oneRef(tag: try readU32(), label: try readU32())
        case 2: return .all(label: try readU32())
        case 3: return .allRef(label: try readU32())
        case let b: throw ByteReader.invalidByte(b, at: at, for: "catch clause")
        }
    }

    /// A resume table handler.
    public mutating func readResumeHandler() throws(WasmError) -> ResumeHandler {
        let at = position
        switch try readByte() {
        case 0: return .onLabel(tag: try readU32(), label: try readU32())
        case 1: return .onSwitch(tag: try readU32())
        case let b: throw ByteReader.invalidByte(b, at: at, for: "resume handler")
        }
    }
}
