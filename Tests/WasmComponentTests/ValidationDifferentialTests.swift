import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Real components (testdata's scenarios and the components built from every WIT world of the WIT
/// tests): the validator's verdict agrees with `wasm-tools validate --features all`, recorded beside
/// each as `<name>.verdict` by testdata/regenerate. (The componentize-py guest is checked against the
/// live tool by RoundTripTests.testComponentizePyComponent.)
final class ValidationDifferentialTests: XCTestCase {
    /// Every component under testdata/ with a verdict beside it (build/ and bench/ are not committed).
    func components() throws -> [URL] {
        var found: [URL] = []
        for rel in try Repo.files(under: Repo.testdata, suffix: ".wasm")
        where !rel.hasPrefix("build/") && !rel.hasPrefix("bench/") {
            let url = Repo.testdata.appendingPathComponent(rel)
            guard let data = try? Data(contentsOf: url), data.count >= 8,
                  BinaryKind.detect(ByteSlice(copying: data.prefix(8))) == .component else { continue }
            let isScenario = !rel.hasPrefix("fixtures/")
            let hasVerdict = Repo.exists(url.deletingPathExtension().path + ".verdict")
            if isScenario { XCTAssertTrue(hasVerdict, "\(rel) has no .verdict: run testdata/regenerate") }
            if hasVerdict { found.append(url) }
        }
        return found
    }

    func testVerdictsAgreeWithWasmTools() throws {
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
            let theirs = try Fixture.text(atPath: url.deletingPathExtension().path + ".verdict")
            XCTAssertEqual(ours == nil, theirs.hasPrefix("valid\n"), "\(url.lastPathComponent): wcomp \(ours.map { "\($0)" } ?? "valid"), "
                           + "wasm-tools \(theirs)")
        }
    }
}
