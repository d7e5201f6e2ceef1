import WasmBinary
import WasmCore

/// A component: its sections in their original order (custom sections in place).
///
/// Decoded components remember their exact bytes (``originalBytes``) and where each section and item
/// was (``layout``); both are dropped as soon as ``sections`` is modified, so the encoder re-emits an
/// unchanged nested component byte for byte and re-encodes a modified one. Equality compares the
/// sections only.
public struct Component: Hashable, Sendable {
    public var sections: [ComponentSection] {
        didSet {
            originalBytes = nil
            layout = nil
        }
    }
    /// The bytes this component was decoded from (preamble included), while unmodified.
    public internal(set) var originalBytes: ByteSlice?
    /// Byte positions of the sections and their items, while unmodified.
    public internal(set) var layout: [SectionLayout]?
    /// Whether any LEB128 in this component (nested ones included) was not minimally encoded, i.e.
    /// whether re-encoding may legitimately differ from the input bytes.
    public internal(set) var sawNonMinimalEncoding: Bool = false

    public init(sections: [ComponentSection] = []) {
        self.sections = sections
    }

    public static func == (a: Component, b: Component) -> Bool { a.sections == b.sections }
    public func hash(into h: inout Hasher) { h.combine(sections) }
}

/// One section of a component. Vector sections keep their items in a single section, as written.
public enum ComponentSection: Hashable, Sendable {
    case custom(CustomSection)
    case coreModule(CoreModule)
    case coreInstances([CoreInstance])
    case coreTypes([CoreType])
    case component(Component)
    case instances([ComponentInstance])
    case aliases([Alias])
    case types([ComponentType])
    case canons([Canon])
    case start(ComponentStart)
    case imports([ComponentImport])
    case exports([ComponentExport])
    case values([ComponentValue])

    /// The section id byte.
    public var id: UInt8 {
        switch self {
        case .custom: 0
        case .coreModule: 1
        case .coreInstances: 2
        case .coreTypes: 3
        case .component: 4
        case .instances: 5
        case .aliases: 6
        case .types: 7
        case .canons: 8
        case .start: 9
        case .imports: 10
        case .exports: 11
        case .values: 12
        }
    }

    /// A short name for messages (`core module section`, `alias section`, ...).
    public var name: String { ComponentSection.name(id: id) }

    public static func name(id: UInt8) -> String {
        switch id {
        case 0: "custom section"
        case 1: "core module section"
        case 2: "core instance section"
        case 3: "core type section"
        case 4: "component section"
        case 5: "instance section"
        case 6: "alias section"
        case 7: "type section"
        case 8: "canonical function section"
        case 9: "start section"
        case 10: "import section"
        case 11: "export section"
        case 12: "value section"
        default: "section \(id)"
        }
    }
}

/// Where a decoded section was: its id, the range of its contents (after the size) and the absolute
/// offset of each item (vector sections; empty otherwise). Validators use it for error offsets.
public struct SectionLayout: Hashable, Sendable {
    public var id: UInt8
    public var contents: Range<Int>
    public var itemOffsets: [Int]
    public init(id: UInt8, contents: Range<Int>, itemOffsets: [Int] = []) {
        self.id = id
        self.contents = contents
        self.itemOffsets = itemOffsets
    }
}

extension Component {
    /// Custom sections named `name`, in order.
    public func customSections(named name: String) -> [CustomSection] {
        sections.compactMap { if case .custom(let c) = $0, c.name == name { return c } else { return nil } }
    }

    /// All imports, in order (across import sections).
    public var imports: [ComponentImport] {
        sections.flatMap { s -> [ComponentImport] in if case .imports(let i) = s { return i } else { return [] } }
    }

    /// All exports, in order (across export sections).
    public var exports: [ComponentExport] {
        sections.flatMap { s -> [ComponentExport] in if case .exports(let e) = s { return e } else { return [] } }
    }

    /// Nested core modules, in order (their core module indices are *not* these positions when
    /// modules are also imported or aliased; see `TypeSpace`).
    public var coreModules: [CoreModule] {
        sections.compactMap { if case .coreModule(let m) = $0 { return m } else { return nil } }
    }

    /// Nested components, in order.
    public var components: [Component] {
        sections.compactMap { if case .component(let c) = $0 { return c } else { return nil } }
    }
}
