import WasmBinary
import XCTest

@testable import Compose

/// Matching, ordering and merging, on components built from the model (no tools needed).
final class PlannerTests: XCTestCase {
    func testExactMatchAndExports() throws {
        let c = try Make.compose([
            ("app", Make.component(imports: ["a:b/cache@0.1.0"], exports: ["a:b/app@0.1.0"])),
            ("store", Make.component(exports: ["a:b/cache@0.1.0"])),
        ])
        XCTAssertEqual(c.plan.wires, [.init(importer: 0, importName: "a:b/cache@0.1.0", kind: .instance, provider: 1,
                                            exportName: "a:b/cache@0.1.0", match: .exact)])
        XCTAssertEqual(c.plan.imports, [])
        XCTAssertEqual(c.plan.exports, [.init(name: "a:b/app@0.1.0", kind: .instance)])
        XCTAssertEqual(c.plan.order, [1, 0])
        XCTAssertEqual(c.plan.warnings, [])
    }

    func testSemverPicksTheHighestCompatibleVersion() throws {
        let c = try Make.compose([
            ("app", Make.component(imports: ["a:b/c@0.1.0", "a:b/d@1.0.0"])),
            ("p1", Make.component(exports: ["a:b/c@0.1.1", "a:b/d@2.0.0"])),
            ("p2", Make.component(exports: ["a:b/c@0.1.5", "a:b/c@0.2.0", "a:b/d@1.4.0"])),
        ])
        XCTAssertEqual(c.plan.wires.map { "\($0.importName)←\($0.provider):\($0.exportName):\($0.match)" },
                       ["a:b/c@0.1.0←2:a:b/c@0.1.5:semver", "a:b/d@1.0.0←2:a:b/d@1.4.0:semver"])
        XCTAssertEqual(c.plan.inputs.map(\.used), [true, false, true])
        XCTAssertEqual(c.plan.warnings.count, 1)
        XCTAssertTrue(c.plan.warnings[0].contains("provider p1 satisfies no import"), c.plan.warnings[0])
    }

    func testExactNameBeatsSemver() throws {
        let c = try Make.compose([
            ("app", Make.component(imports: ["a:b/c@0.1.0"])),
            ("newer", Make.component(exports: ["a:b/c@0.1.9"])),
            ("exact", Make.component(exports: ["a:b/c@0.1.0"])),
        ])
        XCTAssertEqual(c.plan.wires.map(\.provider), [2])
        XCTAssertEqual(c.plan.wires.map(\.match), [.exact])
    }

    func testNoSemverLeavesTheImport() throws {
        let c = try Make.compose([
            ("app", Make.component(imports: ["a:b/c@0.1.0"])),
            ("p", Make.component(exports: ["a:b/c@0.1.3"])),
        ], options: ComposeOptions(semver: false))
        XCTAssertEqual(c.plan.wires, [])
        XCTAssertEqual(c.plan.imports.map(\.name), ["a:b/c@0.1.0"])
        XCTAssertEqual(c.plan.inputs.map(\.used), [true, false])
    }

    func testZeroZeroVersionsMatchOnlyThemselves() throws {
        let c = try Make.compose([
            ("app", Make.component(imports: ["a:b/c@0.0.1"])),
            ("p", Make.component(exports: ["a:b/c@0.0.2"])),
        ])
        XCTAssertEqual(c.plan.wires, [])
    }

    func testProvidersSatisfyEachOtherTransitively() throws {
        let c = try Make.compose([
            ("a", Make.component(imports: ["x:y/greeter"], exports: ["x:y/app"])),
            ("c", Make.component(exports: ["x:y/log"])),
            ("b", Make.component(imports: ["x:y/log"], exports: ["x:y/greeter"])),
        ])
        XCTAssertEqual(c.plan.wires.map { "\($0.importer)←\($0.provider)" }, ["0←2", "2←1"])
        XCTAssertEqual(c.plan.order, [1, 2, 0])
        XCTAssertEqual(c.plan.warnings, [])
    }

    func testAmbiguityListsEveryProviderAndWireChooses() throws {
        let specs = [
            ("app", Make.component(imports: ["a:b/c"])),
            ("one", Make.component(exports: ["a:b/c"])),
            ("two", Make.component(exports: ["a:b/c"])),
        ]
        let e = assertComposeError(.composeAmbiguous) { _ = try Make.compose(specs) }
        XCTAssertTrue(e?.message.contains("one (provider 1) exports `a:b/c`; two (provider 2) exports `a:b/c`") ?? false,
                      e?.message ?? "")
        XCTAssertTrue(e?.message.contains("--wire a:b/c=1") ?? false)
        let wired = try Make.compose(specs, options: ComposeOptions(wires: [
            try WireRequest.parse("a:b/c=two", providers: ["one", "two"]),
        ]))
        XCTAssertEqual(wired.plan.wires.map(\.provider), [2])
        XCTAssertEqual(wired.plan.wires.map(\.match), [.explicit])
        XCTAssertEqual(wired.plan.inputs.map(\.used), [true, false, true])
    }

    func testSemverTieBetweenProvidersIsAmbiguous() throws {
        assertComposeError(.composeAmbiguous) {
            _ = try Make.compose([
                ("app", Make.component(imports: ["a:b/c@0.1.0"])),
                ("one", Make.component(exports: ["a:b/c@0.1.2"])),
                ("two", Make.component(exports: ["a:b/c@0.1.2"])),
            ])
        }
    }

    func testMiddlewareWithWire() throws {
        // `logging` imports and exports the cache; `store` exports it. The consumer is wired to the
        // middleware; the middleware's own import goes to the only other provider.
        let specs = [
            ("app", Make.component(imports: ["a:b/cache@0.1.0"])),
            ("logging", Make.component(imports: ["a:b/cache@0.1.0"], exports: ["a:b/cache@0.1.0"])),
            ("store", Make.component(exports: ["a:b/cache@0.1.0"])),
        ]
        assertComposeError(.composeAmbiguous) { _ = try Make.compose(specs) }
        let c = try Make.compose(specs, options: ComposeOptions(wires: [
            try WireRequest.parse("a:b/cache=1", providers: ["logging", "store"]),
        ]))
        XCTAssertEqual(c.plan.wires.map { "\($0.importer)←\($0.provider)" }, ["0←1", "1←2"])
        XCTAssertEqual(c.plan.order, [2, 1, 0])
    }

    func testWireExportRenames() throws {
        let c = try Make.compose([
            ("app", Make.component(imports: ["cache"])),
            ("p", Make.component(exports: ["store", "other"])),
        ], options: ComposeOptions(wires: [try WireRequest.parse("cache=1:store", providers: ["p"])]))
        XCTAssertEqual(c.plan.wires.map(\.exportName), ["store"])
    }

    func testWireWithoutMatchFails() throws {
        let specs = [("app", Make.component(imports: ["cache"])), ("p", Make.component(exports: ["store"]))]
        var e = assertComposeError(.composeNoMatch) {
            _ = try Make.compose(specs, options: ComposeOptions(wires: [try WireRequest.parse("nothing=1", providers: ["p"])]))
        }
        XCTAssertTrue(e?.message.contains("no component in the composition imports `nothing` (imports: `cache`)") ?? false,
                      e?.message ?? "")
        e = assertComposeError(.composeNoMatch) {
            _ = try Make.compose(specs, options: ComposeOptions(wires: [try WireRequest.parse("cache=1", providers: ["p"])]))
        }
        XCTAssertTrue(e?.message.contains("p exports nothing named `cache`") ?? false, e?.message ?? "")
        XCTAssertTrue(e?.message.contains("its exports: `store`") ?? false, e?.message ?? "")
        e = assertComposeError(.composeNoMatch) {
            _ = try Make.compose(specs, options: ComposeOptions(wires: [try WireRequest.parse("cache=1:nope", providers: ["p"])]))
        }
        XCTAssertEqual(e?.kind, .invalid)
    }

    func testCycleIsNamed() throws {
        let e = assertComposeError(.composeCycle) {
            _ = try Make.compose([
                ("app", Make.component(imports: ["x"])),
                ("a", Make.component(imports: ["y"], exports: ["x"])),
                ("b", Make.component(imports: ["x"], exports: ["y"])),
            ])
        }
        XCTAssertEqual(e?.message, "the providers depend on each other in a cycle: a imports `y` from b imports `x` from a")
    }

    func testRemainingImportsMergeToTheHighestVersion() throws {
        let c = try Make.compose([
            ("app", Make.component(imports: ["w:io/streams@0.2.8", "w:io/poll@0.2.0", "cache"])),
            ("p", Make.component(imports: ["w:io/streams@0.2.9", "w:io/poll@0.3.0"], exports: ["cache"])),
        ])
        XCTAssertEqual(c.plan.imports.map(\.name), ["w:io/streams@0.2.9", "w:io/poll@0.2.0", "w:io/poll@0.3.0"])
        XCTAssertEqual(c.plan.imports[0].importers.map { "\($0.input):\($0.name)" },
                       ["0:w:io/streams@0.2.8", "1:w:io/streams@0.2.9"])
        let exact = try Make.compose([
            ("app", Make.component(imports: ["w:io/streams@0.2.8", "cache"])),
            ("p", Make.component(imports: ["w:io/streams@0.2.9"], exports: ["cache"])),
        ], options: ComposeOptions(semver: false))
        XCTAssertEqual(exact.plan.imports.map(\.name), ["w:io/streams@0.2.8", "w:io/streams@0.2.9"])
    }

    func testRemainingImportsOfDifferentKindsConflict() throws {
        let e = assertComposeError(.composeImportConflict) {
            _ = try Make.compose([
                ("app", Make.component(imports: ["log", "cache"])),
                ("p", Make.component(funcImports: ["log"], exports: ["cache"])),
            ])
        }
        XCTAssertTrue(e?.message.contains("`log` is imported as a func by p but as an instance `log` by app") ?? false,
                      e?.message ?? "")
    }

    func testCoreModulesAreNotComponents() throws {
        let module: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        let e = assertComposeError(.composeBadInput) {
            _ = try Make.compose([("m.wasm", module), ("p", Make.component(exports: ["x"]))])
        }
        XCTAssertTrue(e?.message.contains("m.wasm is a core module, not a component") ?? false)
        assertComposeError(.composeBadInput) { _ = try Make.compose([("t.txt", Array("hello".utf8))]) }
    }

    func testTruncatedInputIsMalformed() throws {
        let bytes = Array(Make.component(imports: ["x"]).dropLast(2))
        do {
            _ = try Make.compose([("cut.wasm", bytes)])
            XCTFail("expected an error")
        } catch let e as WasmError {
            XCTAssertEqual(e.kind, .malformed)
            XCTAssertEqual(e.file, "cut.wasm")
        }
    }
}
