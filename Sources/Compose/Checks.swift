import WasmBinary
import WasmComponent
import WasmCore

/// The two validations a composition runs, each a single call to the component validator.
enum Checks {
    /// The features inputs and the result are validated with (as `wasm-tools compose` does: all).
    static let features: Features = .all

    /// Validates the composed shell around interface-only inputs: this is where every wire is
    /// type-checked, by the validator's instantiation check (component subtyping, resources by
    /// identity), along with everything else about the result's own top level.
    /// The shell has no core code of its own, and the inputs' interfaces have only `unreachable` bodies
    /// (valid for any signature), so function bodies are not checked here.
    static func validateShell(_ component: Component) throws(WasmError) {
        _ = try ComponentValidator(features: features).validated(component, checkingFunctionBodies: false)
    }

    /// Validates an input in full (its core modules included, by the core validator); with `shared`, the
    /// bodies of a module another input embeds too are checked by one of them.
    static func validateInput(_ input: DecodedInput, shared: SharedModuleChecks? = nil) throws(WasmError) {
        var v = ComponentValidator(features: features)
        v.shared = shared
        try v.validate(input.component)
    }
}
