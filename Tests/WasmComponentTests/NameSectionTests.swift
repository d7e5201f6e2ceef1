import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmComponent

final class NameSectionTests: XCTestCase {
    func testNamesFromWasmTools() throws {
        let c = try Component.decode(bytes: try Samples.app())
        guard let section = c.customSections(named: "component-name").first else { return XCTFail("no name section") }
        let names = try ComponentNameSection.decode(section.data)
        XCTAssertEqual(names.componentName, "C")
        XCTAssertEqual(names.name(of: .core(.module), 0), "m")
        XCTAssertEqual(names.name(of: .core(.instance), 0), "i")
        XCTAssertEqual(names.name(of: .core(.memory), 0), "mem")
        XCTAssertEqual(names.names(of: .func)[0], "log")
        XCTAssertEqual(names.name(of: .type, 0), "r")
        XCTAssertEqual(names.name(of: .instance, 0), "host")
        XCTAssertEqual(names.name(of: .component, 0), "inner")
        XCTAssertEqual(names.encode(), section.data.array)
        XCTAssertEqual(c.names, names)
    }

    func testUnknownSubsectionsAndSortsAreKept() throws {
        // subsection 0 "x"; subsection 1 with unknown sort 0x09; subsection 7 (unknown); sort names for core tags.
        let payload: [UInt8] = [0x00, 0x02, 0x01, 0x78,
                                0x01, 0x03, 0x09, 0x00, 0x00,
                                0x07, 0x01, 0xAA,
                                0x01, 0x06, 0x00, 0x04, 0x01, 0x02, 0x01, 0x74]
        let names = try ComponentNameSection.decode(ByteSlice(copying: payload))
        XCTAssertEqual(names.subsections.count, 4)
        XCTAssertEqual(names.componentName, "x")
        XCTAssertEqual(names.name(of: .core(.tag), 2), "t")
        if case .unknown(let id, let data) = names.subsections[1] {
            XCTAssertEqual(id, 1)
            XCTAssertEqual(data.array, [0x09, 0x00, 0x00])
        } else {
            XCTFail("\(names.subsections[1])")
        }
        XCTAssertEqual(names.encode(), payload)
    }

    func testBadNameSectionsThrow() {
        XCTAssertThrowsError(try ComponentNameSection.decode(ByteSlice(copying: [0x00, 0x05, 0x01])))
        XCTAssertThrowsError(try ComponentNameSection.decode(ByteSlice(copying: [0x01, 0x04, 0x01, 0x01, 0xFF, 0xFF])))
    }
}
