import XCTest

@testable import Compose

final class NameTests: XCTestCase {
    func testVersionsParseAndCompare() throws {
        let v = try XCTUnwrap(SemanticVersion("0.2.9"))
        XCTAssertEqual([v.major, v.minor, v.patch], [0, 2, 9])
        XCTAssertEqual(SemanticVersion("1.0.0-rc.1+b7")?.prerelease, "rc.1")
        XCTAssertEqual(SemanticVersion("1.0.0-rc.1+b7")?.build, "b7")
        for bad in ["1.2", "1.2.3.4", "01.2.3", "1.x.3", "", "1.2.3-", "1.2.3+", "-1.2.3"] {
            XCTAssertNil(SemanticVersion(Substring(bad)), bad)
        }
        XCTAssertLessThan(SemanticVersion("0.1.9")!, SemanticVersion("0.1.10")!)
        XCTAssertLessThan(SemanticVersion("1.0.0-rc.1")!, SemanticVersion("1.0.0")!)
        XCTAssertEqual(SemanticVersion("1.0.0+a"), SemanticVersion("1.0.0+b"))
    }

    func testCompatibility() {
        func compatible(_ a: String, _ b: String) -> Bool { InterfaceName(a).isCompatible(with: InterfaceName(b)) }
        XCTAssertTrue(compatible("example:cache/cache@0.1.0", "example:cache/cache@0.1.3"))
        XCTAssertTrue(compatible("wasi:io/streams@0.2.8", "wasi:io/streams@0.2.9"))
        XCTAssertFalse(compatible("wasi:io/streams@0.2.8", "wasi:io/streams@0.3.0"))
        XCTAssertTrue(compatible("a:b/c@1.0.0", "a:b/c@1.7.2"))
        XCTAssertFalse(compatible("a:b/c@1.0.0", "a:b/c@2.0.0"))
        XCTAssertFalse(compatible("a:b/c@0.0.1", "a:b/c@0.0.2"), "0.0.z is only compatible with itself")
        XCTAssertFalse(compatible("a:b/c@1.0.0-rc.1", "a:b/c@1.0.0"), "pre-releases match exactly")
        XCTAssertFalse(compatible("a:b/c@0.1.0", "a:b/d@0.1.0"))
        XCTAssertTrue(compatible("cache", "cache"))
        XCTAssertFalse(compatible("cache", "cache@0.1.0"))
        XCTAssertEqual(InterfaceName("wasi:io/streams@0.2.9").compatibilityKey, "wasi:io/streams@0.2")
        XCTAssertEqual(InterfaceName("a:b/c@3.1.4").compatibilityKey, "a:b/c@3")
        XCTAssertEqual(InterfaceName("a:b/c@0.0.4").compatibilityKey, "a:b/c@0.0.4")
        XCTAssertEqual(InterfaceName("run").base, "run")
        XCTAssertNil(InterfaceName("a:b/c@latest").version)
    }

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
