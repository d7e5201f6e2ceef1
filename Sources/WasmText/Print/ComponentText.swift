import WasmBinary
import WasmCore
import WasmComponent

extension Printer {
    /// Components: not printed yet.
    func component(_ bytes: ByteSlice) throws(WasmError) {
        throw WasmError(.usage, "printing components is not supported yet", offset: nil, kind: .usage)
    }
}
