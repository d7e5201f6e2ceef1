import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Real components (testdata/, and the componentize-py builds when present): the validator's verdict
/// agrees with `wasm-tools validate --features all`.
final class ValidationDifferentialTests: XCTestCase {
    func components() throws -> [URL] {
        let root = Repo.testdata
        var found: [URL] = []
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = e?.nextObject() as? URL {
            guard url.pathExtension == "wasm", !url.lastPathComponent.hasPrefix("corrupt"),
                  let data = try? Data(contentsOf: url), data.count >= 8,
                  BinaryKind.detect(ByteSlice(copying: data.prefix(8))) == .component else { continue }
            found.append(url)
        }
        return found.sorted { $0.path < $1.path }
    }

    func testVerdictsAgreeWithWasmTools() throws {
        try Oracle.require(.wasmTools)
        let files = try components()
        XCTAssertGreaterThan(files.count, 20)
        for url in files {
            let storage = try ByteStorage.load(path: url.path)
            var ours: WasmError?
            do {
                try ComponentValidator(features: .all).validate(bytes: storage.all)
            } catch let e {
                ours = e
            }
            let theirs = try runProcess(Repo.wasmTools, ["validate", "--features", "all", url.path])
            XCTAssertEqual(ours == nil, theirs.status == 0, "\(url.lastPathComponent): wcomp \(ours.map { "\($0)" } ?? "valid"), "
                           + "wasm-tools \(theirs.status == 0 ? "valid" : theirs.err)")
        }
    }
}
