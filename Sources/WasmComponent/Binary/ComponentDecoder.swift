import WasmBinary
import WasmCore

/// How much of a component to decode.
public enum ComponentDecodeMode: Sendable {
    /// Everything, including every nested core module (conformance, validation).
    case full
    /// Nested core modules are only located (their preamble is checked), not decoded (inspect).
    case shallow
}

public struct ComponentDecodeOptions: Sendable {
    public var mode: ComponentDecodeMode
    /// Maximum nesting of components and component/instance types (each level counts one).
    public var maxDepth: Int
    public init(mode: ComponentDecodeMode = .full, maxDepth: Int = 100) {
        self.mode = mode
        self.maxDepth = maxDepth
    }
}

/// What the 8-byte preamble of a binary says it is.
public enum BinaryKind: Hashable, Sendable {
    /// Version 1, layer 0.
    case coreModule
    /// Version 0x0d, layer 1.
    case component
    /// The magic number is there but the version/layer pair is not one wcomp reads.
    case unknown(version: UInt16, layer: UInt16)
    /// Too short or no `\0asm` magic.
    case notWasm

    public static let magic: [UInt8] = [0x00, 0x61, 0x73, 0x6D]
    public static let componentVersion: UInt16 = 0x0D

    /// Classifies `bytes` by their first 8 bytes.
    public static func detect(_ bytes: ByteSlice) -> BinaryKind {
        bytes.withUnsafeBytes { b in
            guard b.count >= 8, b[0] == 0x00, b[1] == 0x61, b[2] == 0x73, b[3] == 0x6D else { return .notWasm }
            let version = UInt16(b[4]) | UInt16(b[5]) << 8
            let layer = UInt16(b[6]) | UInt16(b[7]) << 8
            switch (version, layer) {
            case (1, 0): return .coreModule
            case (componentVersion, 1): return .component
            default: return .unknown(version: version, layer: layer)
            }
        }
    }
}

extension Component {
    /// Decodes a component binary (the whole slice).
    public static func decode(_ bytes: ByteSlice, options: ComponentDecodeOptions = .init())
        throws(WasmError) -> Component
    {
        var r = bytes.reader
        let decoder = ComponentDecoder(options: options)
        return try withFrame(.component) { () throws(WasmError) in
            try decoder.decodeComponent(&r, depth: 0, nested: false)
        }
    }

    /// Decodes a component binary in the given mode.
    public static func decode(_ bytes: ByteSlice, mode: ComponentDecodeMode) throws(WasmError) -> Component {
        try decode(bytes, options: ComponentDecodeOptions(mode: mode))
    }

    /// Decodes a component from an in-memory byte array (copied once).
    public static func decode(bytes: [UInt8], mode: ComponentDecodeMode = .full) throws(WasmError) -> Component {
        try decode(ByteSlice(copying: bytes), options: ComponentDecodeOptions(mode: mode))
    }

    /// Maps `path` and decodes it.
    public static func decode(path: String, mode: ComponentDecodeMode = .full) throws(WasmError) -> Component {
        let storage = try ByteStorage.load(path: path)
        do {
            return try decode(storage.all, options: ComponentDecodeOptions(mode: mode))
        } catch {
            var e = error
            e.file = path
            throw e
        }
    }
}

extension CoreModule {
    /// Decodes this module with WasmCore's module decoder (errors carry absolute offsets).
    public func decodeModule(options: ModuleDecodeOptions = .init()) throws(WasmError) -> Module {
        try Module.decode(bytes, options: options)
    }
}

/// The one place nested core modules are decoded during a full component decode.
func decodeNestedCoreModule(_ bytes: ByteSlice) throws(WasmError) {
    _ = try Module.decode(bytes)
}

struct ComponentDecoder {
    let options: ComponentDecodeOptions

    enum Layer {
        case module, component
        var name: String { self == .module ? "module" : "component" }
    }

    /// Checks the 8-byte preamble for `expected`. `nested` selects wasm-tools' wording for module and
    /// component sections ("expected a version header for a module").
    static func readPreamble(_ r: inout ByteReader, expected: Layer, nested: Bool) throws(WasmError) {
        let start = r.position
        for (i, m) in BinaryKind.magic.enumerated() {
            guard let b = r.peekByte(ahead: i) else {
                if r.remaining == 0 && !nested && i == 0 {
                    throw WasmError(.unexpectedEnd, "unexpected end-of-file: empty input", offset: start)
                }
                throw WasmError(.unexpectedEnd, "unexpected end-of-file in the preamble", offset: r.position + i)
            }
            if b != m { throw WasmError(.badMagic, "magic header not detected", offset: start) }
        }
        try r.skip(4)
        guard r.remaining >= 4 else {
            throw WasmError(.unexpectedEnd, "unexpected end-of-file in the preamble (version and layer)", offset: r.end)
        }
        let b = try r.readBuffer(4)
        let version = UInt16(b[0]) | UInt16(b[1]) << 8
        let layer = UInt16(b[2]) | UInt16(b[3]) << 8
        let at = start + 4
        switch (version, layer, expected) {
        case (1, 0, .module), (BinaryKind.componentVersion, 1, .component):
            return
        case (1, 0, .component), (BinaryKind.componentVersion, 1, .module):
            let found = expected == .module ? "a component (version 0x0d, layer 1)" : "a core module (version 1, layer 0)"
            let message = nested
                ? "expected a version header for a \(expected.name), found \(found)"
                : "expected a \(expected.name), found \(found)"
            throw WasmError(.layerMismatch, message, offset: at)
        default:
            let want = expected == .module ? "version 1, layer 0" : "version 0x0d, layer 1"
            throw WasmError(
                .unknownVersion,
                "unknown binary version \(hex2(version)) (layer \(layer)); a \(expected.name) has \(want)",
                offset: at)
        }
    }

    private static func hex2(_ v: UInt16) -> String {
        let h = String(v, radix: 16)
        return "0x" + (h.count < 2 ? "0" + h : h)
    }

    /// Decodes one component from `r` (preamble first) to the end of `r`.
    func decodeComponent(_ r: inout ByteReader, depth: Int, nested: Bool) throws(WasmError) -> Component {
        let start = r.position
        try ComponentDecoder.readPreamble(&r, expected: .component, nested: nested)
        var sections: [ComponentSection] = []
        var layout: [SectionLayout] = []
        var counts = IndexCounts()
        var sawStart = false
        var nonMinimal = false

        while !r.isAtEnd {
            if r.remaining >= 4, (0..<4).allSatisfy({ r.peekByte(ahead: $0) == BinaryKind.magic[$0] }) {
                throw WasmError(.unknownSection, "expected a section, found the magic number of another binary",
                                offset: r.position)
            }
            let idAt = r.position
            let id = try r.readByte()
            if id > 12 {
                throw WasmError(.unknownSection, "malformed section id: \(id) (component sections are 0 to 12)",
                                offset: idAt)
            }
            let sizeAt = r.position
            let size: Int
            do {
                size = Int(try r.readU32())
            } catch {
                var e = error
                if e.code == .unexpectedEnd { e.message = "unexpected end-of-file in the size of a \(ComponentSection.name(id: id))" }
                throw e
            }
            guard size <= r.remaining else {
                throw WasmError(.unexpectedEnd,
                                "\(ComponentSection.name(id: id)) size \(size) exceeds the \(r.remaining) bytes left",
                                offset: sizeAt)
            }
            let contents = r.position..<(r.position + size)
            var sub = ByteReader(storage: r.storage, range: contents)
            var itemOffsets: [Int] = []
            let section: ComponentSection
            switch id {
            case 0:
                section = try withFrame(.section("custom")) { () throws(WasmError) in
                    let name = try sub.readLimitedName()
                    return .custom(CustomSection(name: name, data: try sub.readSlice(sub.remaining)))
                }
            case 1:
                section = try withFrame(.item("core module", counts.coreModules)) { () throws(WasmError) in
                    try decodeModuleSection(&sub, size: size, sizeAt: sizeAt)
                }
                counts.coreModules += 1
            case 4:
                section = try withFrame(.item("component", counts.components)) { () throws(WasmError) in
                    if size > ComponentLimits.maxNestedSize {
                        throw WasmError(.limitExceeded, "component section is too large", offset: sizeAt)
                    }
                    guard depth < options.maxDepth else {
                        throw WasmError(.nestingTooDeep, "components nested deeper than \(options.maxDepth) levels",
                                        offset: idAt)
                    }
                    return .component(try decodeComponent(&sub, depth: depth + 1, nested: true))
                }
                counts.components += 1
            case 9:
                if sawStart {
                    throw WasmError(.duplicateSection, "component cannot have more than one start function", offset: idAt)
                }
                sawStart = true
                section = try withFrame(.section("start")) { () throws(WasmError) in
                    let s = try sub.readComponentStart()
                    counts.values += Int(s.results)
                    return .start(s)
                }
            case 2, 3, 5, 6, 7, 8, 10, 11, 12:
                section = try withFrame(.text(ComponentSection.name(id: id))) { () throws(WasmError) in
                    try decodeVectorSection(id: id, &sub, depth: depth, counts: &counts, offsets: &itemOffsets)
                }
            default:
                throw WasmError(.unknownSection, "malformed section id: \(id) (component sections are 0 to 12)",
                                offset: idAt)
            }
            if !sub.isAtEnd {
                throw WasmError(.sectionSizeMismatch,
                                "\(ComponentSection.name(id: id)): \(sub.remaining) unexpected bytes at the end of the section",
                                offset: sub.position)
            }
            if sub.sawNonMinimalEncoding { nonMinimal = true }
            if case .component(let c) = section, c.sawNonMinimalEncoding { nonMinimal = true }
            sections.append(section)
            layout.append(SectionLayout(id: id, contents: contents, itemOffsets: itemOffsets))
            r.position = contents.upperBound
        }
        if r.sawNonMinimalEncoding { nonMinimal = true }
        var component = Component(sections: sections)
        component.originalBytes = ByteSlice(storage: r.storage, range: start..<r.position)
        component.layout = layout
        component.sawNonMinimalEncoding = nonMinimal
        return component
    }

    private func decodeModuleSection(_ sub: inout ByteReader, size: Int, sizeAt: Int) throws(WasmError) -> ComponentSection {
        if size > ComponentLimits.maxNestedSize {
            throw WasmError(.limitExceeded, "module section is too large", offset: sizeAt)
        }
        let bytes = try sub.readSlice(size)
        var pre = bytes.reader
        try ComponentDecoder.readPreamble(&pre, expected: .module, nested: true)
        if options.mode == .full { try decodeNestedCoreModule(bytes) }
        return .coreModule(CoreModule(bytes: bytes))
    }

    /// Running counts of the index spaces, used to name items in error paths ("type 7").
    struct IndexCounts {
        var coreModules = 0, coreInstances = 0, coreTypes = 0, components = 0, instances = 0, types = 0
        var funcs = 0, coreFuncs = 0, values = 0
        var aliases = 0, imports = 0, exports = 0, canons = 0

        mutating func add(_ sort: Sort) {
            switch sort {
            case .core(.module): coreModules += 1
            case .core(.instance): coreInstances += 1
            case .core(.type): coreTypes += 1
            case .core(.func): coreFuncs += 1
            case .core: break
            case .func: funcs += 1
            case .value: values += 1
            case .type: types += 1
            case .component: components += 1
            case .instance: instances += 1
            }
        }
    }
}
