import WasmBinary
import WasmCore

// The definitions that appear in component sections (other than types and canon built-ins).

/// A core instance definition.
public enum CoreInstance: Hashable, Sendable {
    /// `(instantiate m (with "name" (instance i))*)`.
    case instantiate(module: UInt32, args: [CoreInstantiateArg])
    /// An instance made of existing core definitions.
    case fromExports([CoreInlineExport])
}

/// `(with "name" (instance i))` (the only argument sort is `instance`, byte `0x12`).
public struct CoreInstantiateArg: Hashable, Sendable {
    public var name: String
    public var instance: UInt32
    public init(name: String, instance: UInt32) {
        self.name = name
        self.instance = instance
    }
}

/// `(export "name" (core sort idx))` inside a core instance. The sort is one of
/// func/table/memory/global/tag (wasm-tools rejects the others when decoding).
public struct CoreInlineExport: Hashable, Sendable {
    public var name: String
    public var sort: CoreSort
    public var index: UInt32
    public init(name: String, sort: CoreSort, index: UInt32) {
        self.name = name
        self.sort = sort
        self.index = index
    }
}

/// A component instance definition.
public enum ComponentInstance: Hashable, Sendable {
    /// `(instantiate c (with "name" (sort idx))*)`.
    case instantiate(component: UInt32, args: [InstantiateArg])
    /// An instance made of existing definitions.
    case fromExports([InlineExport])
}

public struct InstantiateArg: Hashable, Sendable {
    public var name: String
    public var kind: ComponentExternalKind
    public var index: UInt32
    public init(name: String, kind: ComponentExternalKind, index: UInt32) {
        self.name = name
        self.kind = kind
        self.index = index
    }
}

public struct InlineExport: Hashable, Sendable {
    public var name: ExternName
    public var kind: ComponentExternalKind
    public var index: UInt32
    public init(name: ExternName, kind: ComponentExternalKind, index: UInt32) {
        self.name = name
        self.kind = kind
        self.index = index
    }
}

/// An alias definition (or declarator).
public enum Alias: Hashable, Sendable {
    /// `(alias export i "name" (kind))`: an export of a component instance.
    case instanceExport(kind: ComponentExternalKind, instance: UInt32, name: String)
    /// `(alias core export i "name" (core sort))`: an export of a core instance
    /// (sort func/table/memory/global/tag).
    case coreInstanceExport(sort: CoreSort, instance: UInt32, name: String)
    /// `(alias outer ct idx (kind))`.
    case outer(kind: OuterAliasKind, count: UInt32, index: UInt32)

    /// The index space this alias adds to.
    public var sort: Sort {
        switch self {
        case .instanceExport(let k, _, _): k.sort
        case .coreInstanceExport(let s, _, _): .core(s)
        case .outer(let k, _, _): k.sort
        }
    }
}

public struct ComponentImport: Hashable, Sendable {
    public var name: ExternName
    public var type: ExternDesc
    public init(name: ExternName, type: ExternDesc) {
        self.name = name
        self.type = type
    }
}

public struct ComponentExport: Hashable, Sendable {
    public var name: ExternName
    public var kind: ComponentExternalKind
    public var index: UInt32
    /// The optional ascribed type.
    public var type: ExternDesc?
    public init(name: ExternName, kind: ComponentExternalKind, index: UInt32, type: ExternDesc? = nil) {
        self.name = name
        self.kind = kind
        self.index = index
        self.type = type
    }
}

/// 🪙 `(start f (value arg)* (result (value))ʳ)`.
public struct ComponentStart: Hashable, Sendable {
    public var function: UInt32
    public var arguments: [UInt32]
    public var results: UInt32
    public init(function: UInt32, arguments: [UInt32], results: UInt32) {
        self.function = function
        self.arguments = arguments
        self.results = results
    }
}

/// 🪙 A value definition: its type and its encoded bytes `val(t)` (kept, not interpreted).
public struct ComponentValue: Hashable, Sendable {
    public var type: ComponentValType
    public var bytes: ByteSlice
    public init(type: ComponentValType, bytes: ByteSlice) {
        self.type = type
        self.bytes = bytes
    }
}

/// A custom section: its name and payload (borrowed).
public struct CustomSection: Hashable, Sendable {
    public var name: String
    public var data: ByteSlice
    public init(name: String, data: ByteSlice) {
        self.name = name
        self.data = data
    }
}

/// A nested core module, kept as its original bytes (preamble included). Decode it on demand with
/// ``decodeModule(options:)``; the encoder re-emits `bytes` unchanged.
public struct CoreModule: Hashable, Sendable {
    public var bytes: ByteSlice
    public init(bytes: ByteSlice) { self.bytes = bytes }
}
