import TestSupport
import XCTest
@testable import WasmText

/// `ModuleParser` against the bytes `wasm-tools parse` 1.262 wrote for the same text (fixtures in
/// testdata/fixtures/WasmTextTests/ParseTests).
final class ParseTests: XCTestCase {
    func check(_ name: String) throws {
        let text = [UInt8](try Fixture.data(fixtureFolder.appendingPathComponent(name + ".wat")))
        XCTAssertEqual(try ModuleParser.parse(text), try fixture(name), name)
    }

    func testBasicModule() throws { try check("basic") }
    func testSIMD() throws { try check("simd") }
    func testSegments() throws { try check("segments") }
    func testGCExceptionsDescriptorsAnnotations() throws { try check("gc") }
    func testToolSectionAnnotations() throws { try check("dylink") }

    func error(_ text: String) -> String {
        do {
            _ = try ModuleParser.parse(Array(text.utf8))
            return "no error"
        } catch {
            return error.render(source: Array(text.utf8), file: "x.wat")
        }
    }

    func testErrorsPointAtTheToken() {
        XCTAssertEqual(error("(module\n  (func (i32.bogus)))"),
                       """
                       x.wat:2:10: error: unknown operator `i32.bogus`
                            |
                          2 |   (func (i32.bogus)))
                            |          ^

                       """)
        XCTAssertTrue(error("(module (func (call $nope)))").contains("unknown func $nope"))
        XCTAssertTrue(error("(module (func").contains("expected"))
        XCTAssertTrue(error("(module \"unterminated").contains("unterminated string"))
    }

    func testDeepNestingIsRefused() {
        let deep = String(repeating: "(block ", count: 5000) + String(repeating: ")", count: 5000)
        XCTAssertTrue(error("(module (func \(deep)))").contains("nesting too deep"))
    }

    func testNumbers() {
        XCTAssertEqual(TextNumber.int("-0x8000_0000", bits: 32), 0x8000_0000)
        XCTAssertNil(TextNumber.int("0x1_0000_0000", bits: 32))
        XCTAssertEqual(TextNumber.f32("nan:0x200000"), 0x7FA0_0000)
        XCTAssertEqual(TextNumber.f64("0x1p-3"), (0.125).bitPattern)
        XCTAssertNil(TextNumber.u32("1__0"))
    }
}
