import WasmBinary
import WasmCore
import WasmComponent

// WasmText: the WebAssembly text format over the same models the binary reader and writer use.
//   Print/  binary (decoded Module / Component) → text, identical to `wasm-tools print` 1.262
//   Parse/  text (.wat, .wast) → Module / Component models → the existing encoders, identical to
//           `wasm-tools parse` 1.262
// Data flows WasmBinary → WasmCore → WasmComponent → WasmText → WIT → Compose → WcompCLI.

/// Namespace of the text format.
public enum WasmText {}
