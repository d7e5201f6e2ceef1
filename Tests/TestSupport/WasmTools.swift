import Foundation
import WasmBinary
import WasmComponent
import WasmCore
import XCTest

/// `wasm-tools validate` (with its default features unless `features` is given) on `bytes` a test made:
/// nil when valid, else its message. Only where wasm-tools must be there (in a test gated on
/// componentize-py, say) or through `assertValidComponent`. Tests never assemble text with wasm-tools:
/// their inputs are fixtures (see Fixture).
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
