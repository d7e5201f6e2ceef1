import WasmBinary
import WasmCore
import WasmComponent

extension Printer {
    /// Components: not printed yet. Refused (exit 2) rather than printed differently from wasm-tools.
    func component(_ bytes: ByteSlice) throws(WasmError) {
        throw Printer.unsupported("components")
    }

    /// The error for a construct the printer does not print yet: `not supported yet: <what>`, exit 2.
    static func unsupported(_ what: String) -> WasmError {
        WasmError(.usage, "not supported yet: " + what, offset: nil, kind: .usage)
    }
}
