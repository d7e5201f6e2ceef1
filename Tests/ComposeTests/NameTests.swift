import XCTest

@testable import Compose

final class NameTests: XCTestCase {
    func testWireRequests() throws {
        let providers = ["p/one.wasm", "two.wasm"]
        XCTAssertEqual(try WireRequest.parse("x=2", providers: providers),
                       WireRequest(importName: "x", provider: 2, exportName: nil, text: "x=2"))
        XCTAssertEqual(try WireRequest.parse("x=p/one.wasm", providers: providers).provider, 1)
        let full = try WireRequest.parse("example:cache/cache@0.1.0=two.wasm:example:cache/cache@0.1.3", providers: providers)
        XCTAssertEqual(full.importName, "example:cache/cache@0.1.0")
        XCTAssertEqual(full.provider, 2)
        XCTAssertEqual(full.exportName, "example:cache/cache@0.1.3")
        XCTAssertEqual(try WireRequest.parse("a:b/c=1:store", providers: providers).exportName, "store")
        for bad in ["x", "=1", "x=3", "x=0", "x=nope.wasm", "x=1:"] {
            let e = assertComposeError(.usage) { _ = try WireRequest.parse(bad, providers: providers) }
            XCTAssertEqual(e?.kind, .usage, bad)
        }
        let e = assertComposeError(.usage) { _ = try WireRequest.parse("x=3", providers: providers) }
        XCTAssertTrue(e?.message.contains("1 = p/one.wasm, 2 = two.wasm") ?? false, e?.message ?? "")
    }
}
