import WasmBinary
import WasmComponent
import WasmCore

/// The two validations a composition runs, each a single call to the component validator.
enum Checks {
    /// The features inputs and the result are validated with (as `wasm-tools compose` does: all).
    static let features: Features = .all

    /// Validates the composed shell around the inputs: this is where every wire is type-checked, by the
    /// validator's instantiation check (component subtyping, resources by identity), along with
    /// everything else about the result's own top level. An input validated already is not validated
    /// again: its section (by position in `component.sections`) takes that validation's types
    /// (`given`); the others are embedded as interfaces, which have only `unreachable` bodies (valid for
    /// any signature), so function bodies are not checked here.
    static func validateShell(_ component: Component, adopting given: [Int: ValidatedComponent] = [:]) throws(WasmError) {
        _ = try ComponentValidator(features: features).validated(component, checkingFunctionBodies: false, adopting: given)
    }

    /// Validates an input in full, on its own (its core modules included, by the core validator): the
    /// error an invalid input gives (``ValidatedInterfaces`` validated it once already, sharing body checks).
    static func validateInput(_ input: DecodedInput) throws(WasmError) {
        try ComponentValidator(features: features).validate(input.component)
    }
}
