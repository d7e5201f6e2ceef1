import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmCore

final class CustomSectionTests: XCTestCase {
    typealias B = Bytes

    func testNameSectionFromWasmTools() throws {
        let bytes = try fixture("name-section-from-wasm-tools")
        let m = try decode(bytes)
        guard let custom = m.customSection(named: "name") else { return XCTFail("no name section") }
        let names = try NameSection.decode(custom.content)
        XCTAssertEqual(names.moduleName, "mod")
        XCTAssertEqual(names.functionNames?[0], "imp")
        XCTAssertEqual(names.functionNames?[1], "add")
        XCTAssertEqual(names.localNames?[1]?[0], "a")
        XCTAssertEqual(names.localNames?[1]?[2], "tmp")
        var kinds: Set<UInt8> = []
        for s in names.subsections { kinds.insert(s.id) }
        XCTAssertTrue(kinds.isSuperset(of: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), "\(kinds.sorted())")
        for case .fields(let fields) in names.subsections {
            XCTAssertEqual(fields[0]?[1], "right")
        }
        for case .labels(let labels) in names.subsections {
            XCTAssertEqual(labels[1]?[0], "exit")
        }
        XCTAssertEqual(names.encode(), custom.content.array)
        XCTAssertEqual(m.nameSection, names)
        if case .name(let decoded) = try custom.decoded() { XCTAssertEqual(decoded, names) } else { XCTFail() }
    }

    func testUnknownNameSubsectionIsKept() throws {
        let content = [0x00] + B.u32(3) + B.name("ab") + [0x2A] + B.u32(2) + [0xDE, 0xAD]
        let names = try NameSection.decode(ByteSlice(copying: content))
        XCTAssertEqual(names.subsections.count, 2)
        XCTAssertEqual(names.subsections[1], .unknown(id: 0x2A, content: ByteSlice(copying: [0xDE, 0xAD])))
        XCTAssertEqual(names.encode(), content)
    }

    func testProducers() throws {
        let content = B.vec([
            B.name("language") + B.vec([B.name("Python") + B.name("3.14")]),
            B.name("processed-by") + B.vec([B.name("wasm-ld") + B.name("19"), B.name("componentize-py") + B.name("0.25")]),
        ])
        let p = try ProducersSection.decode(ByteSlice(copying: content))
        XCTAssertEqual(p.values(of: "processed-by").map(\.name), ["wasm-ld", "componentize-py"])
        XCTAssertEqual(p.fields[0].values, [ProducersSection.Value(name: "Python", version: "3.14")])
        XCTAssertEqual(p.encode(), content)
        let bad = B.vec([B.name("compiler") + B.vec([])])
        XCTAssertThrowsError(try ProducersSection.decode(ByteSlice(copying: bad))) {
            XCTAssertEqual(($0 as? WasmError)?.code, .malformedCustomSection)
        }
    }

    func testTargetFeatures() throws {
        let content = B.vec([[0x2B] + B.name("simd128"), [0x2D] + B.name("atomics"), [0x3D] + B.name("mutable-globals")])
        let t = try TargetFeaturesSection.decode(ByteSlice(copying: content))
        XCTAssertEqual(t.entries.map(\.prefix), [.used, .disallowed, .required])
        XCTAssertEqual(t.entries.map(\.name), ["simd128", "atomics", "mutable-globals"])
        XCTAssertEqual(t.encode(), content)
        XCTAssertThrowsError(try TargetFeaturesSection.decode(ByteSlice(copying: B.vec([[0x21] + B.name("x")])))) {
            XCTAssertEqual(($0 as? WasmError)?.offset, 1)
        }
    }

    func testBrokenCustomContentDoesNotBreakTheModule() throws {
        let broken = B.section(0, B.name("name") + [0x01, 0x7F])  // subsection size beyond the section
        let bytes = B.module(broken, B.section(0, B.name("mystery") + [1, 2, 3]))
        let m = try decode(bytes)
        XCTAssertEqual(m.customSections.map(\.name), ["name", "mystery"])
        XCTAssertNil(m.nameSection)
        XCTAssertThrowsError(try m.customSections[0].decoded()) {
            XCTAssertEqual(($0 as? WasmError)?.path.first, "name section")
        }
        if case .raw(let raw) = try m.customSections[1].decoded() {
            XCTAssertEqual(raw.content.array, [1, 2, 3])
        } else {
            XCTFail("unknown custom sections stay raw")
        }
        assertRoundTrip(bytes)
    }
}
