// swift-tools-version:6.0
import PackageDescription

// wcomp: a pure-Swift toolchain for WebAssembly components.
// Data flows one way and the targets show it:
//   WasmBinary (bytes, LEB128, errors) → WasmCore (core modules) → WasmComponent (components)
//   → WasmText (text format: print, parse) → WIT (text ⇄ types) → Compose → WcompCLI (commands, rendering) → wcomp (executable)
// No package dependencies: only the toolchain's Foundation / XCTest.

let package = Package(
    name: "wcomp",
    products: [
        .library(name: "WasmBinary", targets: ["WasmBinary"]),
        .library(name: "WasmCore", targets: ["WasmCore"]),
        .library(name: "WasmComponent", targets: ["WasmComponent"]),
        .library(name: "WasmText", targets: ["WasmText"]),
        .library(name: "WIT", targets: ["WIT"]),
        .library(name: "Compose", targets: ["Compose"]),
        .executable(name: "wcomp", targets: ["wcomp"]),
    ],
    targets: [
        .target(name: "WasmBinary"),
        .target(
            name: "WasmCore", dependencies: ["WasmBinary"],
            exclude: ["Instructions/instructions.txt", "Instructions/generate.py"]),
        .target(name: "WasmComponent", dependencies: ["WasmBinary", "WasmCore"]),
        .target(name: "WasmText", dependencies: ["WasmBinary", "WasmCore", "WasmComponent"]),
        .target(name: "WIT", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "WasmText"]),
        .target(name: "Compose", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "WIT"]),
        .target(name: "WcompCLI", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "WasmText", "WIT", "Compose"]),
        .executableTarget(name: "wcomp", dependencies: ["WcompCLI"]),
        // Corpus conformance runner used by .ci/conformance (not a product).
        .executableTarget(name: "conformance", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "WasmText"]),

        .testTarget(name: "WasmBinaryTests", dependencies: ["WasmBinary"]),
        .testTarget(name: "WasmCoreTests", dependencies: ["WasmBinary", "WasmCore"]),
        .testTarget(name: "WasmComponentTests", dependencies: ["WasmBinary", "WasmCore", "WasmComponent"]),
        .testTarget(name: "WasmTextTests", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "WasmText"]),
        .testTarget(name: "WITTests", dependencies: ["WIT", "WasmComponent"]),
        .testTarget(name: "ComposeTests", dependencies: ["Compose", "WIT", "WasmComponent"]),
        .testTarget(name: "WcompCLITests", dependencies: ["WcompCLI"]),
    ]
)
