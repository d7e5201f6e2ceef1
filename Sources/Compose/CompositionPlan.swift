import WasmBinary
import WasmComponent

/// What `wcomp compose` will build: which inputs take part, how every import is satisfied (a wire to
/// a provider's export, or an import of the result), what the result exports, and warnings.
///
/// Inputs are numbered as on the command line: 0 is the consumer, 1...n the providers in order.
public struct CompositionPlan: Sendable, Equatable {
    public struct Input: Sendable, Equatable {
        public var label: String
        /// Whether the input is part of the result (the consumer always is; a provider when it
        /// satisfies an import of a component that is).
        public var used: Bool
    }

    /// How a wire was chosen.
    public enum Match: String, Sendable, Equatable {
        /// The provider exports the import's exact name.
        case exact
        /// The provider exports a semver-compatible version (the highest one offered).
        case semver
        /// A `--wire` option chose it.
        case explicit
        /// A type import bound to a type of a satisfied import (`(eq t)`, as WIT's `use` makes): it
        /// is satisfied by that type, from the same provider.
        case derived
    }

    /// An import of one input satisfied by an export of a provider.
    public struct Wire: Sendable, Equatable {
        public var importer: Int
        public var importName: String
        public var kind: ComponentExternalKind
        public var provider: Int
        public var exportName: String
        public var match: Match
        /// For a derived type: the type's name in the provider's export, when it is one of its
        /// type exports (`error` of `example:cache/cache`).
        public var member: String? = nil
    }

    /// An import of the result: the imports of the inputs that nothing satisfies, merged by name
    /// (semver-compatible names unify to the highest version).
    public struct Import: Sendable, Equatable {
        public struct Importer: Sendable, Equatable {
            public var input: Int
            public var name: String
        }
        /// The name the result imports it under.
        public var name: String
        public var kind: ComponentExternalKind
        /// Every input import it stands for (the first one with `name` supplies the type).
        public var importers: [Importer]
    }

    /// An export of the result: one of the consumer's, or a provider's export added so that the
    /// types the consumer's exports use keep a name (see ``neededBy``).
    public struct Export: Sendable, Equatable {
        public var name: String
        public var kind: ComponentExternalKind
        /// The input it comes from: 0 (the consumer) or the provider that was added.
        public var input: Int = 0
        /// For an added export: the exports of the result whose types it names (the consumer's, or
        /// other added ones).
        public var neededBy: [String] = []
        /// What it exports when it is not `input`'s export `name` (a composition document's
        /// `export … as …`, `export instance`, `export import`).
        public var origin: Origin? = nil

        public enum Origin: Sendable, Equatable {
            /// Export `name` of `input`'s instance.
            case export(String)
            /// `input`'s instance itself.
            case instance
            /// The result's import number `g`.
            case imported(Int)
            /// A type a composition document declares (helper types by position, then the type).
            case type([ComponentType])
        }
    }

    public var inputs: [Input]
    /// Inputs in instantiation order (every provider before the components it satisfies; the
    /// consumer last).
    public var order: [Int]
    public var wires: [Wire]
    public var imports: [Import]
    public var exports: [Export]
    public var warnings: [String]

    /// The label of input `i` (`consumer.wasm`, `provider.wasm`).
    public func label(_ i: Int) -> String { i >= 0 && i < inputs.count ? inputs[i].label : "input \(i)" }

    /// How import `name` of input `importer` is satisfied.
    public func binding(of name: String, in importer: Int) -> Binding? {
        if let w = wires.first(where: { $0.importer == importer && $0.importName == name }) { return .wire(w) }
        if let i = imports.first(where: { $0.importers.contains(Import.Importer(input: importer, name: name)) }) {
            return .imported(i)
        }
        return nil
    }

    public enum Binding: Sendable, Equatable {
        case wire(Wire)
        case imported(Import)
    }
}

/// A `--wire IMPORT=PROVIDER[:EXPORT]` request: satisfy `IMPORT` (of every component that imports it,
/// except the provider itself) with `PROVIDER`'s export `EXPORT` (by default the export with the
/// import's name, or the highest semver-compatible one).
public struct WireRequest: Sendable, Equatable {
    /// An exact import name, or an unversioned one (`example:cache/cache`) matching every version.
    public var importName: String
    /// The provider, as an input number (1-based position among the providers).
    public var provider: Int
    public var exportName: String?
    /// The text as given (for messages).
    public var text: String

    public init(importName: String, provider: Int, exportName: String?, text: String) {
        self.importName = importName
        self.provider = provider
        self.exportName = exportName
        self.text = text
    }

    /// Parses `IMPORT=PROVIDER[:EXPORT]`, where PROVIDER is a provider's path exactly as given or its
    /// 1-based position among the providers. Errors are usage errors.
    public static func parse(_ text: String, providers: [String]) throws(WasmError) -> WireRequest {
        guard let eq = text.firstIndex(of: "=") else {
            throw usage("--wire \(text): expected IMPORT=PROVIDER[:EXPORT]")
        }
        let importName = String(text[..<eq])
        let rhs = String(text[text.index(after: eq)...])
        if importName.isEmpty { throw usage("--wire \(text): the import name is empty") }
        func provider(_ s: Substring) -> Int? {
            if let i = providers.firstIndex(where: { $0 == s }) { return i + 1 }
            if let n = Int(s), n >= 1, n <= providers.count { return n }
            return nil
        }
        if let p = provider(Substring(rhs)) {
            return WireRequest(importName: importName, provider: p, exportName: nil, text: text)
        }
        var i = rhs.startIndex
        while let colon = rhs[i...].firstIndex(of: ":") {
            if let p = provider(rhs[..<colon]) {
                let export = String(rhs[rhs.index(after: colon)...])
                if export.isEmpty { throw usage("--wire \(text): the export name after `:` is empty") }
                return WireRequest(importName: importName, provider: p, exportName: export, text: text)
            }
            i = rhs.index(after: colon)
        }
        let list = providers.enumerated().map { "\($0.offset + 1) = \($0.element)" }.joined(separator: ", ")
        throw usage("--wire \(text): `\(rhs)` is not a provider (give a provider's path as on the command line "
                    + "or its position: \(list.isEmpty ? "there are no providers" : list))")
    }

    static func usage(_ message: String) -> WasmError {
        WasmError(.usage, message, offset: nil, kind: .usage)
    }

    /// Whether this request is about import `name`.
    func applies(to name: String) -> Bool {
        if name == importName { return true }
        let requested = InterfaceName(importName)
        return requested.version == nil && InterfaceName(name).base == importName
    }
}
