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
        .library(name: "WAC", targets: ["WAC"]),
        .executable(name: "wcomp", targets: ["wcomp"]),
    ],
    targets: [
        .target(name: "WasmBinary"),
        .target(
            name: "WasmCore", dependencies: ["WasmBinary"],
            exclude: ["Instructions/instructions.txt", "Instructions/generate.py"]),
        .target(
            name: "WasmComponent", dependencies: ["WasmBinary", "WasmCore"],
            exclude: ["Model/canon.txt", "Model/generate.py"]),
        .target(name: "WasmText", dependencies: ["WasmBinary", "WasmCore", "WasmComponent"]),
        .target(name: "WIT", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "WasmText"]),
        .target(name: "Compose", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "WasmText", "WIT"]),
        // WAC composition documents (`wcomp compose app.wac`): parsed with WIT's lexer, built with Compose.
        .target(name: "WAC", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "WIT", "Compose"]),
        .target(name: "WcompCLI", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "WasmText", "WIT", "Compose", "WAC"]),
        .executableTarget(name: "wcomp", dependencies: ["WcompCLI"]),
        // Corpus conformance runner used by .ci/conformance (not a product).
        .executableTarget(name: "conformance", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "WasmText"]),

        // What every test target shares (not a product): paths to testdata, fixtures and the corpus, the
        // process runner, the oracle gate, the byte builder.
        .target(name: "TestSupport", dependencies: ["WasmBinary", "WasmCore", "WasmComponent"], path: "Tests/TestSupport"),

        .testTarget(name: "WasmBinaryTests", dependencies: ["WasmBinary", "TestSupport"]),
        .testTarget(name: "WasmCoreTests", dependencies: ["WasmBinary", "WasmCore", "TestSupport"]),
        .testTarget(name: "WasmComponentTests", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "TestSupport"]),
        .testTarget(name: "WasmTextTests", dependencies: ["WasmBinary", "WasmCore", "WasmComponent", "WasmText", "TestSupport"]),
        .testTarget(name: "WITTests", dependencies: ["WIT", "WasmComponent", "TestSupport"]),
        .testTarget(name: "ComposeTests", dependencies: ["Compose", "WIT", "WasmComponent", "WasmText", "TestSupport"]),
        .testTarget(name: "WACTests", dependencies: ["WAC", "WIT", "Compose", "WasmComponent", "TestSupport"]),
        .testTarget(name: "WcompCLITests", dependencies: ["WcompCLI", "TestSupport"]),
    ]
)
