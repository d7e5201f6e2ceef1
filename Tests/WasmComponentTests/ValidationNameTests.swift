import Foundation
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Import/export names: kebab case, annotations, interface names and versions, strong uniqueness,
/// attributes.
final class ValidationNameTests: XCTestCase {
    func testKebabCase() {
        for good in ["a", "a-b-c", "a1-2-3", "A", "A-B-C", "A1-2-3", "a11-w0rds", "A11-4CR0NYMS", "m1x3d-4CR0NYMS", "a-1b"] {
            XCTAssertTrue(ExternName.isKebabCase(good), good)
        }
        for bad in ["", "1-2-3", "aB", "a-", "-a", "a--b", "a_b", "é", "a-bC"] {
            XCTAssertFalse(ExternName.isKebabCase(bad), bad)
        }
    }

    func testSemver() {
        for good in ["1.2.3", "0.0.0+abcd", "0.0.0-abcd.1.2+efg.4.ee.5", "123456.7890.488", "1.0.0-0.3.7",
                     "18446744073709551615.0.0"] {
            XCTAssertNoThrow(try checkSemver(good), good)
        }
        let bad: [(String, String)] = [
            ("", "empty string, expected a semver version"),
            (".", "unexpected character '.' while parsing major version number"),
            ("1.", "unexpected end of input while parsing minor version number"),
            ("2.0x0", "unexpected character 'x' after minor version number"),
            ("1.0.0-a!", "unexpected character '!' after pre-release identifier"),
            ("1.0.0+b!", "unexpected character '!' after build metadata"),
            ("2.0.0+", "empty identifier segment in build metadata"),
            ("2.0.0-", "empty identifier segment in pre-release identifier"),
            ("01.2.3", "invalid leading zero in major version number"),
            ("1.2.3-01", "invalid leading zero in pre-release identifier"),
        ]
        for (text, message) in bad {
            XCTAssertThrowsError(try checkSemver(text), text) { XCTAssertEqual(($0 as? WasmError)?.message, message) }
        }
        XCTAssertTrue(isCanonVersion("1") && isCanonVersion("0.2") && isCanonVersion("0.0.1") && isCanonVersion("0.0.0"))
        XCTAssertFalse(isCanonVersion("0") || isCanonVersion("01") || isCanonVersion("1.2") || isCanonVersion("0.0.0.1"))
    }

    func testStrongUniquenessFollowsTheSpec() throws {
        func key(_ s: String) throws -> String { ParsedName.uniquenessKey(s, try ExternNameParser.parse(s, features: .all)) }
        let unique = ["foo", "foo-bar", "[constructor]foo", "[method]foo.bar", "[static]foo.baz", "foo:bar/baz", "a1", "a-1"]
        XCTAssertEqual(Set(try unique.map(key)).count, unique.count)
        for (a, b) in [("foo", "FOO"), ("foo-bar", "foo-BAR"), ("[method]foo.bar", "[static]foo.bar"),
                       ("foo", "[method]foo.foo"), ("foo-bar", "[static]foo-BAR.FOO-bar"), ("foo:bar/baz", "foo:bar/BAZ")] {
            XCTAssertEqual(try key(a), try key(b), "\(a) vs \(b)")
        }
        // wasm-tools 1.262 rejects this; the spec test (kebab.wast) accepts it.
        try assertValid("strong-uniqueness-follows-the-spec-1")
        try assertInvalid("strong-uniqueness-follows-the-spec-2", .nameConflict,
                          "import name `A` conflicts with previous name `a`", path: ["component", "import \"A\""])
        // Imports and exports are separate scopes.
        try assertValid("strong-uniqueness-follows-the-spec-3")
    }

    func testInterfaceNames() throws {
        try assertValid("interface-names-1")
        try assertInvalid("interface-names-2", .invalidName,
                          "import name `a:B/c` is not a valid extern name: character `B` is not lowercase in package name/namespace",
                          path: ["component", "import \"a:B/c\""])
        try assertInvalid("interface-names-3", .invalidName,
                          "import name `a:b/c@1.` is not valid: invalid interface version: unexpected end of input while parsing minor version number",
                          path: ["component", "import \"a:b/c@1.\""])
        try assertInvalid("interface-names-4", .invalidName,
                          "import name `foo:bar:baz/qux` is not a valid extern name: expected `/` after package name",
                          path: ["component", "import \"foo:bar:baz/qux\""], features: Features.all.subtracting(.cmNestedNames))
        try assertValid("interface-names-5")
        // 🔗 canonical versions
        try assertValid("interface-names-6")
        try assertInvalid("interface-names-7", .invalidName,
                          "import name `a:b/c@0.2` is not valid: invalid interface version: unexpected end of input while parsing patch version number",
                          path: ["component", "import \"a:b/c@0.2\""], features: .default)
    }

    func testAnnotatedNames() throws {
        try assertValid("annotated-names-1")
        try assertValid("annotated-names-2")
        try assertValid("annotated-names-3")
        try assertInvalid("annotated-names-4", .invalidName,
                          "import name `[constructor]r` is not valid: function should return one value",
                          path: ["component", "import \"[constructor]r\""])
        try assertInvalid("annotated-names-5",
                          .invalidName, "import name `[method]r.m` is not valid: function should have a first argument called `self`",
                          path: ["component", "import \"[method]r.m\""])
        try assertInvalid("annotated-names-6", .invalidName,
                          "import name `[static]q.s` is not valid: static resource name is not known in this context",
                          path: ["component", "import \"[static]q.s\""])
        try assertInvalid("annotated-names-7", .invalidName,
                          "import name `[method]r` is not a valid extern name: failed to find `.` character",
                          path: ["component", "import \"[method]r\""])
        try assertInvalid("annotated-names-8",
                          .nameConflict, "import name `[method]r.r` conflicts with previous name `r`",
                          path: ["component", "import \"[method]r.r\""])
    }

    func testAttributes() throws {
        try assertValid("attributes-1")
        try assertInvalid("attributes-2", .invalidName,
                          "only instances can have an `implements`", path: ["component", "import \"a\""])
        try assertInvalid("attributes-3", .invalidName,
                          "name `not-valid` must be an interface", path: ["component", "import \"a\""])
        try assertInvalid("attributes-4", .featureDisabled,
                          "`implements` attributes (the `cm-implements` feature is not enabled)",
                          path: ["component", "import \"a\""], features: Features.default.subtracting(.cmImplements))
        try assertValid("attributes-4", features: .default)  // implements is on by default in wasm-tools 1.262
    }
}
