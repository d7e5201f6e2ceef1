import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmComponent

/// Every component under testdata/ (real wit-component, componentize-py and wac output, and build/'s
/// componentize-py guests when they have been built) decodes in
/// both modes, re-encodes byte for byte, and resolves without unresolved references.
final class TestdataTests: XCTestCase {
    func testTestdataComponents() throws {
        let root = Repo.testdata
        var count = 0
        // testdata/bench/ is the benchmark's scratch space (it holds a deliberately corrupt file). Of the
        // fixtures, only the real wit-component output (those with a wasm-tools verdict beside them):
        // the others are written by hand, many broken on purpose.
        for rel in try Repo.files(under: root, suffix: ".wasm") where !rel.hasPrefix("bench/") {
            if rel.hasPrefix("fixtures/"), !Repo.exists(root.appendingPathComponent(rel).deletingPathExtension().path + ".verdict") {
                continue
            }
            let storage = try ByteStorage.load(path: root.appendingPathComponent(rel).path)
            guard BinaryKind.detect(storage.all) == .component else { continue }
            count += 1
            let full = try Component.decode(storage.all, mode: .full)
            XCTAssertEqual(try Component.decode(storage.all, mode: .shallow), full, rel)
            XCTAssertEqual(full.encode(reuseNestedBytes: false), storage.all.array, rel)
            let space = TypeSpace(full)
            XCTAssertEqual(space.errors, [], rel)
            XCTAssertFalse(TypePrinter(space).renderWorld().contains("<unknown"), rel)
        }
        XCTAssertGreaterThan(count, 0)
    }
}
