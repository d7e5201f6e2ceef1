import WasmBinary

// Error codes of `wcomp compose` (stable: tests and `--json` consumers match on them).

extension WasmError.Code {
    /// A `--wire` names an import no included component has, or an export the provider lacks.
    public static let composeNoMatch = Self("compose-no-match")
    /// Several providers offer an import and no `--wire` chooses between them.
    public static let composeAmbiguous = Self("compose-ambiguous")
    /// Providers depend on each other in a cycle.
    public static let composeCycle = Self("compose-cycle")
    /// A provider's export is not a subtype of the import it is wired to.
    public static let composeTypeMismatch = Self("compose-type-mismatch")
    /// Remaining imports with the same (or a semver-compatible) name cannot be merged.
    public static let composeImportConflict = Self("compose-import-conflict")
    /// An import nothing satisfies cannot become an import of the result (its type uses a resource a
    /// provider defines).
    public static let composeUnresolvableImport = Self("compose-unresolvable-import")
    /// The inputs use a construct the composer cannot carry into the result.
    public static let composeUnsupported = Self("compose-unsupported")
    /// An input is not a component or is invalid.
    public static let composeBadInput = Self("compose-bad-input")
    /// The composed component failed validation (a composer bug if the inputs are valid).
    public static let composeInvalidOutput = Self("compose-invalid-output")
}

extension WasmError {
    static func compose(_ code: Code, _ message: String, path: [PathFrame] = []) -> WasmError {
        WasmError(code, message, offset: nil, kind: .invalid, path: path)
    }
}
