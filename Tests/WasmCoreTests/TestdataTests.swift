import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmCore

/// Round trips and custom sections of the committed real modules in testdata/core.
final class TestdataTests: XCTestCase {
    private func load(_ name: String) throws -> ByteStorage {
        try ByteStorage.load(path: Repo.testdata("core/\(name)"))
    }

    func testModulesRoundTripByteForByte() throws {
        for name in ["names.wasm", "custom.wasm", "features.wasm"] {
            let bytes = try load(name).all
            for bodies in [ModuleDecodeOptions.Bodies.decoded, .lazy] {
                var report = ModuleDecodeReport()
                let m = try Module.decode(bytes, options: .init(bodies: bodies), report: &report)
                XCTAssertFalse(report.sawNonMinimalEncoding, name)
                XCTAssertEqual(m.encode(), bytes.array, "\(name) (\(bodies))")
            }
        }
    }

    func testCustomSectionPlacementAndContent() throws {
        let m = try Module.decode(try load("custom.wasm").all)
        let ids = m.sections.map { s -> String in
            if case .custom(let c) = s { return c.name } else { return s.id.name }
        }
        XCTAssertEqual(ids.first, "wcomp-before-type")
        let code = try XCTUnwrap(ids.firstIndex(of: "code"))
        XCTAssertEqual(ids[code + 1], "wcomp-after-code")
        XCTAssertEqual(m.customSection(named: "wcomp-after-code")?.content.array, [0x00, 0x01, 0x02, 0xFF])
        let producers = try XCTUnwrap(m.producers)
        XCTAssertEqual(producers.values(of: "processed-by").map(\.name), ["wcomp-testdata", "wasm-tools"])
        XCTAssertEqual(producers.values(of: "sdk"), [ProducersSection.Value(name: "wasi-sdk", version: "25.0")])
        let features = try XCTUnwrap(m.targetFeatures)
        XCTAssertEqual(features.entries.map(\.name), ["mutable-globals", "sign-ext", "bulk-memory-opt", "reference-types"])
        XCTAssertTrue(features.entries.allSatisfy { $0.prefix == .used })
    }

    func testNameSection() throws {
        let m = try Module.decode(try load("names.wasm").all)
        let names = try XCTUnwrap(m.nameSection)
        XCTAssertEqual(names.moduleName, "names")
        XCTAssertEqual(names.functionNames?.entries.map(\.name).prefix(3), ["log", "add", "bump"])
        XCTAssertEqual(names.localNames?[1]?.entries.map(\.name), ["lhs", "rhs", "sum"])
        for case .types(let t) in names.subsections { XCTAssertEqual(t[1], "pair") }
        for case .fields(let f) in names.subsections { XCTAssertEqual(f[1]?[1], "second") }
        for case .tags(let t) in names.subsections { XCTAssertEqual(t[0], "oops") }
    }
}
