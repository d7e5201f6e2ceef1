import WasmBinary

// Sorts (index spaces) and the byte codes that name them in the component binary format.
// Binary.md allows any `core:sort` after a `0x00` sort byte; wasm-tools restricts each position to
// the sorts that can appear there, and the decoder follows wasm-tools (see ComponentDecoder).

/// A core sort: one of the 8 core index spaces. Raw values are the `core:sort` bytes.
public enum CoreSort: UInt8, Hashable, Sendable, CaseIterable {
    case `func` = 0x00
    case table = 0x01
    case memory = 0x02
    case global = 0x03
    case tag = 0x04
    case type = 0x10
    case module = 0x11
    case instance = 0x12

    /// The text-format keyword (`func`, `table`, ..., `module`, `instance`).
    public var name: String {
        switch self {
        case .func: "func"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        case .tag: "tag"
        case .type: "type"
        case .module: "module"
        case .instance: "instance"
        }
    }

    /// Whether this sort can be exported by a core module instance (func/table/memory/global/tag).
    public var isCoreExternal: Bool { rawValue <= 0x04 }
}

/// Any of the 13 index spaces: a core sort or a component sort.
public enum Sort: Hashable, Sendable, CustomStringConvertible {
    case core(CoreSort)
    case `func`
    case value
    case type
    case component
    case instance

    /// The `sort` byte(s): `0x00 <core:sort>` or one component byte.
    public var bytes: [UInt8] {
        switch self {
        case .core(let s): [0x00, s.rawValue]
        case .func: [0x01]
        case .value: [0x02]
        case .type: [0x03]
        case .component: [0x04]
        case .instance: [0x05]
        }
    }

    /// `core func`, `func`, `value`, ...
    public var description: String {
        switch self {
        case .core(let s): "core \(s.name)"
        case .func: "func"
        case .value: "value"
        case .type: "type"
        case .component: "component"
        case .instance: "instance"
        }
    }
}

/// The kind of a component import, export or instantiation argument (wasm-tools'
/// `ComponentExternalKind`): the component sorts plus `core module`.
public enum ComponentExternalKind: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case module
    case `func`
    case value
    case type
    case component
    case instance

    public var sort: Sort {
        switch self {
        case .module: .core(.module)
        case .func: .func
        case .value: .value
        case .type: .type
        case .component: .component
        case .instance: .instance
        }
    }

    /// `module` (for core modules), `func`, `value`, `type`, `component`, `instance`.
    public var description: String {
        switch self {
        case .module: "module"
        case .func: "func"
        case .value: "value"
        case .type: "type"
        case .component: "component"
        case .instance: "instance"
        }
    }
}

/// The sorts an `outer` alias may name.
public enum OuterAliasKind: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case coreModule
    case coreType
    case type
    case component

    public var sort: Sort {
        switch self {
        case .coreModule: .core(.module)
        case .coreType: .core(.type)
        case .type: .type
        case .component: .component
        }
    }

    public var description: String { sort.description }
}

/// An import or export name with its name attributes (`nameattributes`). The form byte written is
/// kept: `0x00` (plain), `0x01` (the legacy "interface" marker, read like `0x00`) or `0x02`
/// (followed by attributes: `implements`, `versionsuffix`, `external-id`).
public struct ExternName: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public enum Form: UInt8, Hashable, Sendable {
        case plain = 0x00
        case legacy = 0x01
        case attributed = 0x02
    }

    public var name: String
    public var form: Form
    /// Attributes in the order written (form `0x02` only).
    public var attributes: [NameAttribute]

    public init(_ name: String, form: Form = .plain, attributes: [NameAttribute] = []) {
        self.name = name
        self.form = attributes.isEmpty ? form : .attributed
        self.attributes = attributes
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// `(implements "i")`, when present.
    public var implements: String? {
        for a in attributes { if case .implements(let s) = a { return s } }
        return nil
    }

    /// `(versionsuffix "v")`, when present.
    public var versionSuffix: String? {
        for a in attributes { if case .versionSuffix(let s) = a { return s } }
        return nil
    }

    /// `(external-id "n")`, when present.
    public var externalId: String? {
        for a in attributes { if case .externalId(let s) = a { return s } }
        return nil
    }

    public var description: String { name }
}

/// One name attribute (Binary.md `attribute`).
public enum NameAttribute: Hashable, Sendable {
    case implements(String)
    case versionSuffix(String)
    case externalId(String)

    public var code: UInt8 {
        switch self {
        case .implements: 0x00
        case .versionSuffix: 0x01
        case .externalId: 0x02
        }
    }
}
