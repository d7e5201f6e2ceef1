import WasmBinary
import WasmComponent
import WasmText

/// One component to compose: a label for messages (the path as the user gave it) and its bytes
/// (usually a mapped file; the composed output borrows them, so they must stay alive).
public struct ComposeInput: Sendable {
    public var label: String
    public var bytes: ByteSlice

    public init(label: String, bytes: ByteSlice) {
        self.label = label
        self.bytes = bytes
    }

    /// Maps `path` (errors are I/O errors naming it).
    public static func load(path: String) throws(WasmError) -> ComposeInput {
        let storage: ByteStorage
        do {
            storage = try WasmText.binary(of: try ByteStorage.load(path: path, expect: .wasmOrText), label: path)
        } catch {
            var e = error
            e.file = path
            throw e
        }
        return ComposeInput(label: path, bytes: storage.all)
    }
}

/// A decoded input: the component (nested core modules only located) and where each top-level
/// index of the index spaces the composer re-creates in the result came from.
struct DecodedInput: Sendable {
    var input: ComposeInput
    let component: Component
    let imports: [ComponentImport]
    let exports: [ComponentExport]
    /// Top-level type index → origin.
    var types: [Origin] = []
    /// Top-level instance index → origin.
    var instances: [Origin] = []
    /// Top-level core type index → origin.
    var coreTypes: [CoreTypeOrigin] = []

    var label: String { input.label }

    /// Where a top-level type or instance came from.
    enum Origin: Sendable {
        /// Defined by a type section (types only).
        case defined(ComponentType)
        /// `(alias export i "name")` of instance `i`.
        case aliasExport(instance: UInt32, name: String)
        /// The input's import number `k`.
        case imported(Int)
        /// The same item as an earlier index (an export, or `alias outer 0`).
        case same(UInt32)
        /// Created inside the input (an instantiation, an instance of its own exports).
        case local
    }

    enum CoreTypeOrigin: Sendable {
        case defined(CoreType, member: Int)
        case same(UInt32)
        case local
    }

    init(_ input: ComposeInput) throws(WasmError) {
        self.input = input
        switch BinaryKind.detect(input.bytes) {
        case .component: break
        case .coreModule:
            throw WasmError(.composeBadInput, "\(input.label) is a core module, not a component "
                            + "(make it a component first, e.g. with `wasm-tools component new`)",
                            offset: nil, kind: .invalid, file: input.label)
        default:
            throw WasmError(.composeBadInput, "\(input.label) is not a WebAssembly component", offset: 0,
                            kind: .malformed, file: input.label)
        }
        do {
            component = try Component.decode(input.bytes, mode: .shallow)
        } catch {
            var e = error
            e.file = input.label
            throw e
        }
        imports = component.imports
        exports = component.exports
        try withFrame(.component) { () throws(WasmError) in try index() }
    }

    /// Walks the top-level sections once, recording the origin of every type, instance and core type.
    private mutating func index() throws(WasmError) {
        var importNumber = 0
        func earlier(_ i: UInt32, _ count: Int, _ what: String) throws(WasmError) -> UInt32 {
            guard Int(i) < count else {
                throw WasmError(.composeBadInput, "\(input.label) is invalid: unknown \(what) \(i) "
                                + "(\(count) defined)", offset: nil, kind: .invalid, file: input.label)
            }
            return i
        }
        for section in component.sections {
            switch section {
            case .types(let items):
                for t in items { types.append(.defined(t)) }
            case .coreTypes(let items):
                for t in items {
                    for m in 0..<t.indexCount { coreTypes.append(.defined(t, member: m)) }
                }
            case .imports(let items):
                for i in items {
                    switch i.type.kind {
                    case .type: types.append(.imported(importNumber))
                    case .instance: instances.append(.imported(importNumber))
                    default: break
                    }
                    importNumber += 1
                }
            case .exports(let items):
                for e in items {
                    switch e.kind {
                    case .type: types.append(.same(try earlier(e.index, types.count, "type")))
                    case .instance: instances.append(.same(try earlier(e.index, instances.count, "instance")))
                    default: break
                    }
                }
            case .instances(let items):
                for _ in items { instances.append(.local) }
            case .aliases(let items):
                for a in items {
                    switch a {
                    case .instanceExport(.type, let i, let name):
                        types.append(.aliasExport(instance: try earlier(i, instances.count, "instance"), name: name))
                    case .instanceExport(.instance, let i, let name):
                        instances.append(.aliasExport(instance: try earlier(i, instances.count, "instance"), name: name))
                    case .outer(.type, let count, let i):
                        types.append(count == 0 ? .same(try earlier(i, types.count, "type")) : .local)
                    case .outer(.coreType, let count, let i):
                        coreTypes.append(count == 0 ? .same(try earlier(i, coreTypes.count, "core type")) : .local)
                    default: break
                    }
                }
            case .custom, .coreModule, .coreInstances, .component, .canons, .start, .values:
                break
            }
        }
    }
}
