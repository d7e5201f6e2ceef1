import WasmBinary

extension WasmError.Code {
    /// A binary whose layer is not the one expected: a core module where a component was expected
    /// (or the reverse, inside a module or component section).
    public static let layerMismatch = Self("layer-mismatch")
    /// A name attribute (`implements`, `versionsuffix`, `external-id`) given twice.
    public static let duplicateAttribute = Self("duplicate-attribute")
    /// An index that is out of range for its index space (type space resolution).
    public static let indexOutOfBounds = Self("index-out-of-bounds")
    /// An export looked up by name that the instance does not have.
    public static let unknownExport = Self("unknown-export")
    /// A reference that the type space cannot follow (e.g. an alias of a non-instance).
    public static let unresolvable = Self("unresolvable")
}

/// wasm-tools' decoding limits that apply to components (`wasmparser::limits`); exceeding one is
/// reported as `limit-exceeded` with wasm-tools' wording ("... size is out of bounds").
enum ComponentLimits {
    static let maxStringSize = 100_000
    static let maxModuleTypeDecls = 100_000
    static let maxComponentTypeDecls = 1_000_000
    static let maxInstanceTypeDecls = 1_000_000
    static let maxRecordFields = 10_000
    static let maxVariantCases = 10_000
    static let maxTupleTypes = 10_000
    static let maxFlagNames = 1_000
    static let maxEnumCases = 10_000
    static let maxInstantiationArgs = 100_000
    static let maxInstantiationExports = 100_000
    static let maxCanonicalOptions = 10
    static let maxStartArgs = 1_000
    static let maxFunctionParams = 1_000
    static let maxFunctionReturns = 1_000
    /// Nested component and module sections may not exceed 1 GiB.
    static let maxNestedSize = 1 << 30
}

extension ByteReader {
    /// A vector length checked against a wasm-tools limit and against the bytes left
    /// (`count * minimumItemSize` must fit), so allocation from it is safe.

    mutating func readVecCount(limit: Int, minimumItemSize: Int = 1, _ what: @autoclosure () -> String)
        throws(WasmError) -> Int
    {
        let at = position
        let n = Int(try readU32())
        if n > limit {
            throw WasmError(.limitExceeded, "\(what()) size is out of bounds (\(n) > \(limit))", offset: at)
        }
        if n > (end - position) / Swift.max(minimumItemSize, 1) {
            throw WasmError(
                .lengthOutOfBounds, "\(what()) count \(n) exceeds the \(end - position) bytes left", offset: at)
        }
        return n
    }

    /// A component-level name (`core:name`): UTF-8, at most 100,000 bytes like wasm-tools.

    mutating func readLimitedName() throws(WasmError) -> String {
        if let b = peekByte(ahead: 0), b < 0x80 { return try readName() }
        var probe = self
        let at = position
        let n = Int(try probe.readU32())
        if n > ComponentLimits.maxStringSize {
            throw WasmError(.limitExceeded, "string size out of bounds (\(n) bytes)", offset: at)
        }
        return try readName()
    }

    /// A `0x00`/`0x01` boolean immediate (`async?`).
    mutating func readBool() throws(WasmError) -> Bool {
        let at = position
        switch try readByte() {
        case 0: return false
        case 1: return true
        case let b: throw WasmError(.invalidLeadingByte, "invalid boolean value (0x\(String(b, radix: 16)))", offset: at)
        }
    }

    /// The byte that was the `cancellable?` immediate before component-model#716, now required to be 0x00.
    mutating func readFormerCancellable() throws(WasmError) {
        let at = position
        let b = try readByte()
        if b == 0 { return }
        let why = b == 1
            ? "; this was historically accepted as `cancellable` until WebAssembly/component-model#716" : ""
        throw WasmError(.invalidLeadingByte, "invalid leading byte (0x\(String(b, radix: 16))) for zero byte\(why)", offset: at)
    }
}
