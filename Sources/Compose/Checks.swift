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
        // Until the component validator lands: every core module, at any depth, with the core validator.
        try withFrame("component") { () throws(WasmError) in try modules(in: input.component, depth: 0) }
    }

    /// The features inputs are validated with (as `wasm-tools compose` does: everything).
    static let features: Features = .all

    private static func modules(in component: Component, depth: Int) throws(WasmError) {
        guard depth < 100 else { throw .compose(.composeUnsupported, "components nested too deeply") }
        var moduleIndex = 0, componentIndex = 0
        for section in component.sections {
            switch section {
            case .coreModule(let m):
                _ = try withFrame("core module \(moduleIndex)") { () throws(WasmError) in
                    try ModuleValidator.validate(m.bytes, features: features)
                }
                moduleIndex += 1
            case .component(let c):
                try withFrame("component \(componentIndex)") { () throws(WasmError) in try modules(in: c, depth: depth + 1) }
                componentIndex += 1
            default:
                break
            }
        }
    }
}
