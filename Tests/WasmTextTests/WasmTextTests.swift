import XCTest
@testable import WasmText

final class WasmTextTargetTests: XCTestCase {
    func testTargetLinks() {
        XCTAssertEqual(String(describing: WasmText.self), "WasmText")
    }
}
