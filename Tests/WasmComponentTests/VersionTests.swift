import XCTest

@testable import WasmComponent

/// Semantic versions and versioned names (one implementation for validation, WIT and compose).
final class VersionTests: XCTestCase {
    func v(_ s: String) -> Version? { if case .success(let x) = Version.parse(s) { return x } else { return nil } }

    func testVersionsParseAndCompare() throws {
        XCTAssertEqual(v("1.2.3-rc.1+build.5")?.description, "1.2.3-rc.1+build.5")
        XCTAssertEqual(v("0.2.0-rc-2023-11-10")?.pre, ["rc-2023-11-10"])
        let p = try XCTUnwrap(v("0.2.9"))
        XCTAssertEqual([p.major, p.minor, p.patch], [0, 2, 9])
        XCTAssertEqual(v("1.0.0-rc.1+b7")?.pre, ["rc", "1"])
        XCTAssertEqual(v("1.0.0-rc.1+b7")?.build, ["b7"])
        for bad in ["1.2", "1.2.3.4", "01.2.3", "1.x.3", "", "1.2.3-", "1.2.3+", "-1.2.3", "1.2.3-01"] {
            XCTAssertNil(v(bad), bad)
        }
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                       "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"].compactMap(v)
        XCTAssertEqual(ordered.count, 11)
        XCTAssertEqual(ordered.sorted(), ordered)
        XCTAssertLessThan(try XCTUnwrap(v("0.1.9")), try XCTUnwrap(v("0.1.10")))
        // Build metadata plays no part in compatibility.
        XCTAssertTrue(try XCTUnwrap(v("1.0.0+a")).isCompatible(with: try XCTUnwrap(v("1.0.0+b"))))
        XCTAssertTrue(try XCTUnwrap(v("0.0.1+a")).isCompatible(with: try XCTUnwrap(v("0.0.1+b"))))
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
}
