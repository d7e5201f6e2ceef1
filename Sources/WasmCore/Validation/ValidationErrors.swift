import WasmBinary

// Error codes and message helpers of the core validator. Every validation failure is a `WasmError` of kind
// `.invalid` whose message starts with the spec test suite's wording ("type mismatch", "unknown memory",
// "alignment must not be larger than natural", ...) followed by the specifics.

extension WasmError.Code {
    /// An operand or result has the wrong type (the spec's "type mismatch").
    public static let typeMismatch = Self("type-mismatch")
    /// An index (type, function, table, memory, global, tag, local, label, data, element, field) that does
    /// not exist.
    public static let unknownIndex = Self("unknown-index")
    /// A construct needs a feature that is not enabled: a core proposal, or a component-model one
    /// (`cm-async`, `cm-values`, ...); core and component validation share this one code.
    public static let featureDisabled = Self("feature-disabled")
    /// A memory access whose alignment or offset is not allowed.
    public static let invalidMemoryAccess = Self("invalid-memory-access")
    /// Limits of a table or memory out of range (`size minimum must not be greater than maximum`, ...).
    public static let invalidLimits = Self("invalid-limits")
    /// A constant expression that uses a non-constant instruction or global.
    public static let constantExpressionRequired = Self("constant-expression-required")
    /// Two exports with the same name.
    public static let duplicateExport = Self("duplicate-export")
    /// A type definition that breaks a subtyping, finality or descriptor rule.
    public static let invalidSubtype = Self("invalid-subtype")
    /// An immutable global, field or array being written.
    public static let immutable = Self("immutable")
    /// `local.get` of a non-defaultable local before it is set.
    public static let uninitializedLocal = Self("uninitialized-local")
    /// A SIMD lane index out of range.
    public static let invalidLaneIndex = Self("invalid-lane-index")
    /// `ref.func` of a function that is not declared in an element segment, export or global.
    public static let undeclaredFunctionReference = Self("undeclared-function-reference")
    /// Any other validation rule (start function type, result arity, shared-ness, ...).
    public static let invalid = Self("invalid")
}

extension WasmError {
    /// A validation error (kind `.invalid`).
    static func invalid(_ code: Code, _ message: String, at offset: Int) -> WasmError {
        WasmError(code, message, offset: offset, kind: .invalid)
    }

    /// "`<what>` requires the `<feature>` feature".
    static func featureRequired(_ what: String, _ feature: Features, at offset: Int) -> WasmError {
        WasmError(.featureDisabled, "\(what) requires the `\(feature.name)` feature", offset: offset, kind: .invalid)
    }

    /// An implementation limit of wasm-tools (counts and sizes), reported as invalid.
    static func limit(_ message: String, at offset: Int) -> WasmError {
        WasmError(.limitExceeded, message, offset: offset, kind: .invalid)
    }
}

extension Features {
    /// Throws "`what` requires the `feature` feature" unless every flag of `feature` is enabled.
    @inline(__always)
    func require(_ feature: Features, _ what: @autoclosure () -> String, at offset: Int) throws(WasmError) {
        if !contains(feature) { throw WasmError.featureRequired(what(), feature, at: offset) }
    }
}

/// Implementation limits shared with wasm-tools (wasmparser's `limits.rs`), so both tools accept the same
/// modules.
enum ValidationLimits {
    static let types = 1_000_000
    static let functions = 1_000_000
    static let imports = 1_000_000
    static let exports = 1_000_000
    static let globals = 1_000_000
    static let elementSegments = 100_000
    static let dataSegments = 100_000
    static let functionSize = 7_654_321
    static let locals: UInt32 = 50_000
    static let params = 1_000
    static let results = 1_000
    static let tableEntries = 10_000_000
    static let tables = 100
    static let memories = 100
    static let tags = 1_000_000
    static let structFields = 10_000
    static let subtypingDepth = 63
    static let stringSize = 100_000
    static let catches = 10_000
    static let handlers = 10_000
    /// The "effective type size" of a module's imports and exports.
    static let typeSize = 1_000_000
}
