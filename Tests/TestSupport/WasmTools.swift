import Foundation
import WasmBinary
import WasmComponent
import WasmCore
import XCTest

/// Transitional: assembles WebAssembly text with `wasm-tools parse`, skipping the test where
/// wasm-tools is missing. Tests must not assemble at test time (a fresh clone has no wasm-tools): commit
/// the text as a fixture under testdata/fixtures instead, and `testdata/regenerate` assembles it.
@available(*, deprecated, message: "commit the text as a fixture under testdata/fixtures (testdata/regenerate assembles it)")
public func assembleWithWasmTools(_ text: String) throws -> [UInt8] {
    try Oracle.require(.wasmTools)
    let r = try runProcess(Repo.wasmTools, ["parse", "-"], stdin: Data(text.utf8))
    guard r.status == 0 else { throw Oracle.Missing(description: "wasm-tools parse failed: \(r.err)") }
    return [UInt8](r.stdout)
}

/// `wasm-tools validate` (with its default features unless `features` is given) on `bytes`: nil when
/// valid, else its message. Gate first (`try Oracle.require(.wasmTools)` as the test's first statement).
public func wasmToolsVerdict(_ bytes: [UInt8], features: String? = nil) throws -> String? {
    let flags = features.map { ["--features", $0] } ?? []
    let r = try runProcess(Repo.wasmTools, ["validate"] + flags + ["-"], stdin: Data(bytes))
    return r.status == 0 ? nil : r.err
}

/// Asserts that `bytes`, made by the test (a composition, say), are a valid component: by wcomp's own
/// validator (with wasm-tools' default features) everywhere, and by `wasm-tools validate` too where
/// wasm-tools is installed; under WCOMP_REQUIRE_ORACLES=1 (CI) wasm-tools must be there. Call it as a
/// statement (`try assertValidComponent(bytes)`), not inside another assertion.
public func assertValidComponent(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws {
    do {
        try ComponentValidator(features: .default).validate(bytes: ByteSlice(copying: bytes))
    } catch {
        XCTFail("wcomp's validator rejects the component: \(error)", file: file, line: line)
    }
    guard Oracle.Requirement.wasmTools.isAvailable else {
        if Oracle.isRequired { throw Oracle.Missing(description: "WCOMP_REQUIRE_ORACLES=1 but wasm-tools is missing at \(Repo.wasmTools.path)") }
        return
    }
    if let message = try wasmToolsVerdict(bytes) {
        XCTFail("wasm-tools validate rejects the component: \(message)", file: file, line: line)
    }
}
