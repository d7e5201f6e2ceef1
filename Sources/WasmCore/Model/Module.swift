import WasmBinary

// The lossless model of a core module: sections in their original order (custom sections in place), each
// keeping the encoding form it was written in where the format offers several (compact imports, table
// initializers, element/data segment forms, local groups, explicit memory/table index 0). Large payloads
// (custom sections, data, lazily kept function bodies) borrow the input bytes.

/// Section ids as they appear in the binary.
public enum SectionID: UInt8, Hashable, Sendable, CaseIterable {
    case custom = 0, type, `import`, function, table, memory, global, export, start, element, code, data
    case dataCount = 12, tag = 13

    public var name: String {
        switch self {
        case .custom: "custom"
        case .type: "type"
        case .import: "import"
        case .function: "function"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        case .export: "export"
        case .start: "start"
        case .element: "element"
        case .code: "code"
        case .data: "data"
        case .dataCount: "data count"
        case .tag: "tag"
        }
    }

    /// Position in the required section order (custom sections may appear anywhere: 0).
    public var orderRank: Int {
        switch self {
        case .custom: 0
        case .type: 1
        case .import: 2
        case .function: 3
        case .table: 4
        case .memory: 5
        case .tag: 6
        case .global: 7
        case .export: 8
        case .start: 9
        case .element: 10
        case .dataCount: 11
        case .code: 12
        case .data: 13
        }
    }
}

/// A module: its sections in order.
public struct Module: Hashable, Sendable {
    public var sections: [Section]
    public init(sections: [Section] = []) { self.sections = sections }
}

public enum Section: Hashable, Sendable {
    case custom(CustomSection)
    case type([RecGroup])
    case `import`([ImportGroup])
    /// Type indices of the defined functions.
    case function([UInt32])
    case table([Table])
    case memory([MemoryType])
    case tag([TagType])
    case global([Global])
    case export([Export])
    case start(UInt32)
    case element([ElementSegment])
    case dataCount(UInt32)
    case code([FunctionBody])
    case data([DataSegment])

    public var id: SectionID {
        switch self {
        case .custom: .custom
        case .type: .type
        case .import: .import
        case .function: .function
        case .table: .table
        case .memory: .memory
        case .tag: .tag
        case .global: .global
        case .export: .export
        case .start: .start
        case .element: .element
        case .dataCount: .dataCount
        case .code: .code
        case .data: .data
        }
    }
}

/// A custom section: a name and uninterpreted bytes (see `NameSection`, `ProducersSection`,
/// `TargetFeaturesSection` for the ones wcomp understands).
public struct CustomSection: Hashable, Sendable {
    public var name: String
    public var content: ByteSlice
    public init(name: String, content: ByteSlice) {
        self.name = name
        self.content = content
    }
}

/// One entry of the import section, in the form it was written.
public enum ImportGroup: Hashable, Sendable {
    /// `module name type`
    case single(Import)
    /// Compact form `0x7F`: one module name, then (name, type) pairs.
    case compactItems(module: String, items: [CompactImportItem])
    /// Compact form `0x7E`: one module name and one type, then names.
    case compactType(module: String, type: ExternType, names: [String])

    /// The imports this entry declares, in order.
    public var imports: [Import] {
        switch self {
        case .single(let i): [i]
        case .compactItems(let m, let items): items.map { Import(module: m, name: $0.name, type: $0.type) }
        case .compactType(let m, let t, let names): names.map { Import(module: m, name: $0, type: t) }
        }
    }

    /// Number of imports in the entry.
    public var count: Int {
        switch self {
        case .single: 1
        case .compactItems(_, let items): items.count
        case .compactType(_, _, let names): names.count
        }
    }
}

public struct CompactImportItem: Hashable, Sendable {
    public var name: String
    public var type: ExternType
    public init(name: String, type: ExternType) {
        self.name = name
        self.type = type
    }
}

/// A constant expression (without its final `end`).
public struct ConstExpr: Hashable, Sendable {
    public var instructions: [Instruction]
    public init(_ instructions: [Instruction]) { self.instructions = instructions }
}

public struct Table: Hashable, Sendable {
    public var type: TableType
    /// The initializer of the `0x40 0x00` form; nil for the plain form (elements start null).
    public var initializer: ConstExpr?
    public init(type: TableType, initializer: ConstExpr? = nil) {
        self.type = type
        self.initializer = initializer
    }
}

public struct Global: Hashable, Sendable {
    public var type: GlobalType
    public var initializer: ConstExpr
    public init(type: GlobalType, initializer: ConstExpr) {
        self.type = type
        self.initializer = initializer
    }
}

public struct Export: Hashable, Sendable {
    public var name: String
    public var kind: ExternalKind
    public var index: UInt32
    public init(name: String, kind: ExternalKind, index: UInt32) {
        self.name = name
        self.kind = kind
        self.index = index
    }
}

public struct ElementSegment: Hashable, Sendable {
    public enum Mode: Hashable, Sendable {
        case passive
        case active(table: UInt32, offset: ConstExpr)
        case declarative
    }

    public enum Items: Hashable, Sendable {
        /// Function indices (forms 0-3; the element type is `funcref`).
        case functions([UInt32])
        /// Constant expressions (forms 4-7).
        case expressions([ConstExpr])

        public var count: Int {
            switch self {
            case .functions(let f): f.count
            case .expressions(let e): e.count
            }
        }
    }

    public var mode: Mode
    public var type: RefType
    public var items: Items
    /// Whether an active segment names its table explicitly (forms 2 and 6) even when it is table 0.
    public var explicitTable: Bool

    public init(mode: Mode, type: RefType = .funcref, items: Items, explicitTable: Bool = false) {
        self.mode = mode
        self.type = type
        self.items = items
        self.explicitTable = explicitTable
    }

    /// The flags value (0-7) this segment encodes with.
    public var form: UInt32 {
        var flags: UInt32 = 0
        switch mode {
        case .passive: flags = 1
        case .declarative: flags = 3
        case .active(let table, _):
            // Form 4 implies funcref; any other type needs the explicit form 6.
            if table != 0 || explicitTable { flags = 2 }
            if case .expressions = items, type != .funcref { flags = 2 }
        }
        if case .expressions = items { flags |= 4 }
        return flags
    }
}

public struct DataSegment: Hashable, Sendable {
    public enum Mode: Hashable, Sendable {
        case passive
        case active(memory: UInt32, offset: ConstExpr)
    }
    public var mode: Mode
    public var bytes: ByteSlice
    /// Whether an active segment names its memory explicitly (form 2) even when it is memory 0.
    public var explicitMemory: Bool

    public init(mode: Mode, bytes: ByteSlice, explicitMemory: Bool = false) {
        self.mode = mode
        self.bytes = bytes
        self.explicitMemory = explicitMemory
    }
}

/// A run of locals of one type, as declared.
public struct LocalGroup: Hashable, Sendable {
    public var count: UInt32
    public var type: ValType
    public init(count: UInt32, type: ValType) {
        self.count = count
        self.type = type
    }
}

public struct FunctionBody: Hashable, Sendable {
    public enum Code: Hashable, Sendable {
        /// The raw instruction bytes after the locals, including the final `end` (read them with
        /// `OperatorReader`).
        case bytes(ByteSlice)
        /// Decoded instructions, without the final `end`.
        case instructions([Instruction])
    }
    public var locals: [LocalGroup]
    public var code: Code

    public init(locals: [LocalGroup] = [], code: Code) {
        self.locals = locals
        self.code = code
    }

    /// The number of locals declared (saturating).
    public var localCount: UInt64 { locals.reduce(0) { $0 + UInt64($1.count) } }

    /// A streaming reader over the code: the borrowed input bytes for lazy bodies (error offsets point into
    /// the input), a fresh encoding for decoded ones.
    public func operatorReader(requireDataCount: Bool = false) -> OperatorReader {
        switch code {
        case .bytes(let bytes):
            return OperatorReader(bytes, requireDataCount: requireDataCount)
        case .instructions(let list):
            var w = ByteWriter()
            w.instructions(list)
            w.opcode(.end)
            return OperatorReader(ByteSlice(copying: w.bytes), requireDataCount: requireDataCount)
        }
    }

    /// The decoded instructions (decoding the bytes if the body was kept lazily).
    public func instructions(requireDataCount: Bool = false) throws(WasmError) -> [Instruction] {
        switch code {
        case .instructions(let list): return list
        case .bytes(let bytes):
            var list = try Instruction.decodeAll(bytes, requireDataCount: requireDataCount)
            if list.last?.opcode == .end { list.removeLast() }
            return list
        }
    }
}

extension Module {
    /// All type definitions, flattened out of their recursion groups (module type index order).
    public var types: [SubType] {
        sections.flatMap { s -> [SubType] in if case .type(let g) = s { g.flatMap(\.types) } else { [] } }
    }

    /// All imports, flattened out of compact groups.
    public var imports: [Import] {
        sections.flatMap { s -> [Import] in if case .import(let g) = s { g.flatMap(\.imports) } else { [] } }
    }

    /// Type indices of the defined functions.
    public var functions: [UInt32] {
        sections.flatMap { s -> [UInt32] in if case .function(let f) = s { f } else { [] } }
    }

    public var tables: [Table] { sections.flatMap { s -> [Table] in if case .table(let t) = s { t } else { [] } } }
    public var memories: [MemoryType] {
        sections.flatMap { s -> [MemoryType] in if case .memory(let m) = s { m } else { [] } }
    }
    public var tags: [TagType] { sections.flatMap { s -> [TagType] in if case .tag(let t) = s { t } else { [] } } }
    public var globals: [Global] { sections.flatMap { s -> [Global] in if case .global(let g) = s { g } else { [] } } }
    public var exports: [Export] { sections.flatMap { s -> [Export] in if case .export(let e) = s { e } else { [] } } }
    public var start: UInt32? {
        for case .start(let f) in sections { return f }
        return nil
    }
    public var elements: [ElementSegment] {
        sections.flatMap { s -> [ElementSegment] in if case .element(let e) = s { e } else { [] } }
    }
    public var dataCount: UInt32? {
        for case .dataCount(let n) in sections { return n }
        return nil
    }
    /// Whether the module has a data count section (code bodies without one must not use data indices).
    public var hasDataCount: Bool { dataCount != nil }
    public var codes: [FunctionBody] {
        sections.flatMap { s -> [FunctionBody] in if case .code(let c) = s { c } else { [] } }
    }
    public var data: [DataSegment] {
        sections.flatMap { s -> [DataSegment] in if case .data(let d) = s { d } else { [] } }
    }
    public var customSections: [CustomSection] {
        sections.compactMap { s -> CustomSection? in if case .custom(let c) = s { c } else { nil } }
    }

    /// The first custom section called `name`.
    public func customSection(named name: String) -> CustomSection? {
        customSections.first { $0.name == name }
    }
}
