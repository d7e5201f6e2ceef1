import WasmBinary
import WasmComponent
import WasmCore

/// The two validations a composition runs, each a single call so the validator behind them can be
/// switched in one place.
enum Checks {
    /// Validates a component given as a model (the composed shell around interface-only inputs):
    /// this is where every wire is type-checked, by the validator's instantiation check (component
    /// subtyping, resources by identity).
    static func validateShell(_ component: Component) throws(WasmError) {
        // Until the component validator lands: decode what was encoded and resolve every reference.
        let bytes = ByteSlice(copying: component.encode())
        let decoded = try Component.decode(bytes, mode: .full)
        let space = TypeSpace(decoded)
        if let e = space.errors.first { throw e }
    }

    /// Validates an input in full (its core modules included).
    static func validateInput(_ input: DecodedInput) throws(WasmError) {
        // Until the component validator lands: a full decode (every core module, bodies included).
        _ = try Component.decode(input.input.bytes, mode: .full)
    }
}
