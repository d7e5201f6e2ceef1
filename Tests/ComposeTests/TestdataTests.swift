import Foundation
import TestSupport
import WasmBinary
import WasmComponent
import XCTest

@testable import Compose

/// The compositions of testdata/compositions.tsv, composed by wcomp, validated by wasm-tools and run
/// with wasmtime (testdata/check-cache.py), plus the componentize-py guests.
final class TestdataTests: XCTestCase {
    struct Row {
        var name, root, result, interface, function, output: String
        var definitions: [String]
    }

    static func rows() throws -> [Row] {
        let text = try String(contentsOf: Repo.testdata.appendingPathComponent("compositions.tsv"), encoding: .utf8)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func col(_ n: String) -> String { header.firstIndex(of: n).flatMap { $0 < cols.count ? cols[$0] : nil } ?? "" }
            return Row(name: col("name"), root: col("root"), result: col("result"), interface: col("interface"),
                       function: col("func"), output: col("output"),
                       definitions: col("definitions").split(separator: " ").map(String.init))
        }
    }

    func composition(_ root: String, _ definitions: [String], options: ComposeOptions = .init()) throws -> Composition {
        let path = { (p: String) in Repo.testdata(p) }
        return try Composition(consumer: .load(path: path(root)), providers: try definitions.map { try .load(path: path($0)) },
                               options: options)
    }

    /// Runs `check-cache.py` on `bytes`; returns what `run` returned, failing the test on error.
    func run(_ bytes: [UInt8], interface: String, function: String, expect: String, wasi: Bool = false,
             file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = try TempDir("wcomp-compose")
        let out = dir.path("composed.wasm")
        try Data(bytes).write(to: URL(fileURLWithPath: out))
        try assertValidComponent(bytes, file: file, line: line)
        // The whole result, validated in one piece by wcomp's own validator, agrees with the
        // composer's check of its parts.
        XCTAssertNoThrow(try ComponentValidator(features: .all).validate(bytes: ByteSlice(copying: bytes)),
                         file: file, line: line)
        var args = [Repo.testdata("check-cache.py"), out, "--interface", interface,
                    "--func", function, "--expect", expect]
        if wasi { args.append("--wasi") }
        let r = try runProcess(Repo.python, args)
        XCTAssertEqual(r.status, 0, r.err, file: file, line: line)
        XCTAssertTrue(r.out.contains("check-cache: OK"), r.out + r.err, file: file, line: line)
    }

    func testEveryCompositionRuns() throws {
        try Oracle.require(.wasmtime)
        let rows = try Self.rows()
        XCTAssertGreaterThanOrEqual(rows.count, 5)
        for row in rows where row.result != "error" {
            let c = try composition(row.root, row.definitions)
            XCTAssertEqual(c.plan.imports, [], row.name)
            try run(try c.bytes(), interface: row.interface, function: row.function, expect: row.output)
        }
    }

    func testVersionsMatchByCompatibleVersion() throws {
        let c = try composition("cache/consumer.wasm", ["versions/provider.wasm"])
        XCTAssertEqual(c.plan.wires.map { "\($0.importName) ← \($0.exportName) (\($0.match))" },
                       ["example:cache/cache@0.1.0 ← example:cache/cache@0.1.3 (semver)"])
        let exact = try composition("cache/consumer.wasm", ["versions/provider.wasm"], options: ComposeOptions(semver: false))
        XCTAssertEqual(exact.plan.imports.map(\.name), ["example:cache/cache@0.1.0"])
        XCTAssertEqual(exact.plan.warnings.count, 1)
    }

    func testChainIsInstantiatedInDependencyOrder() throws {
        // Providers given in the "wrong" order: c's log is needed by b, b's greeter by a.
        let c = try composition("chain/a.wasm", ["chain/c.wasm", "chain/b.wasm"])
        XCTAssertEqual(c.plan.order, [1, 2, 0])
        XCTAssertEqual(c.plan.wires.map(\.importer), [0, 2])
    }

    func testUnusedProviderIsReported() throws {
        let c = try composition("cache/consumer.wasm", ["cache/provider.wasm", "chain/c.wasm"])
        XCTAssertEqual(c.plan.inputs.map(\.used), [true, true, false])
        XCTAssertEqual(c.plan.warnings.count, 1)
        XCTAssertTrue(c.plan.warnings[0].hasSuffix("chain/c.wasm satisfies no import and is left out: nothing imports "
                                                   + "its exports (`example:chain/log@0.1.0`)"), c.plan.warnings[0])
        // It is not part of the output.
        let composed = try Component.decode(bytes: try c.bytes())
        XCTAssertEqual(composed.components.count, 2)
    }

    func testTwoProvidersOfTheCacheAreAmbiguousUntilWired() throws {
        let e = assertComposeError(.composeAmbiguous) {
            _ = try composition("cache/consumer.wasm", ["cache/provider.wasm", "cache/provider.wasm"])
        }
        XCTAssertTrue(e?.message.contains("(provider 1)") ?? false)
        XCTAssertTrue(e?.message.contains("(provider 2)") ?? false)
        XCTAssertEqual(try wiredToTheFirstProvider().plan.wires.map(\.exportName), ["example:cache/cache@0.1.3"])
    }

    /// Of two providers of the cache, `--wire` picks the first (@0.1.3).
    func wiredToTheFirstProvider() throws -> Composition {
        try composition("cache/consumer.wasm", ["versions/provider.wasm", "cache/provider.wasm"], options: ComposeOptions(
            wires: [try WireRequest.parse("example:cache/cache@0.1.0=1", providers: ["versions", "cache"])]))
    }

    /// The composition wired by hand runs in wasmtime.
    func testTheWiredProviderRuns() throws {
        try Oracle.require(.wasmtime)
        let c = try wiredToTheFirstProvider()
        try run(try c.bytes(), interface: "example:cache/app@0.1.0", function: "run",
                expect: "set hello=ok; get hello=[1,2,3]; get missing=not-found; delete hello=ok; get hello=not-found; "
                    + "set ''=io(empty key)")
    }

    /// The componentize-py guests (~18 MB each, built by testdata/build-python): each imports 25 WASI
    /// interfaces; the result imports them once, and runs with WASI provided by wasmtime.
    func testPythonGuests() throws {
        try Oracle.require(.componentizePy)
        try Oracle.require(.wasmtime)
        let built = try runProcess(Repo.testdata.appendingPathComponent("build-python"), [])
        XCTAssertEqual(built.status, 0, built.err)
        // Both guests are valid, for wcomp's validator and for wasm-tools.
        for guest in ["build/python-consumer.wasm", "build/python-provider.wasm"] {
            try assertValidComponent([UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.testdata(guest)))))
        }
        let c = try composition("build/python-consumer.wasm", ["build/python-provider.wasm"])
        XCTAssertEqual(c.plan.wires.map(\.importName), ["example:cache/cache@0.1.0"])
        XCTAssertEqual(c.plan.imports.count, 25)
        XCTAssertTrue(c.plan.imports.allSatisfy { $0.name.hasPrefix("wasi:") && $0.importers.map(\.input) == [0, 1] })
        XCTAssertEqual(c.plan.exports.map(\.name), ["exports", "example:cache/app@0.1.0"])
        try run(try c.bytes(), interface: "example:cache/app@0.1.0", function: "run",
                expect: "set hello=ok; get hello=[1,2,3]; get missing=not-found; delete hello=ok; get hello=not-found; "
                    + "set ''=io(empty key)", wasi: true)
        // Across toolchains: the Python consumer with the hand-written provider at version 0.1.3; the
        // consumer's WASI imports pass through.
        let mixed = try composition("build/python-consumer.wasm", ["versions/provider.wasm"])
        XCTAssertEqual(mixed.plan.wires.map(\.match), [.semver])
        XCTAssertEqual(mixed.plan.imports.count, 25)
        try run(try mixed.bytes(), interface: "example:cache/app@0.1.0", function: "run",
                expect: "set hello=ok; get hello=[1,2,3]; get missing=not-found; delete hello=ok; get hello=not-found; "
                    + "set ''=io(empty key)", wasi: true)
    }
}

/// The type check of every wire (component subtyping, by the component validator).
final class TypeCheckTests: XCTestCase {
    func composition(_ root: String, _ definitions: [String]) throws -> Composition {
        let path = { (p: String) in Repo.testdata(p) }
        return try Composition(consumer: .load(path: path(root)), providers: try definitions.map { try .load(path: path($0)) })
    }

    /// testdata/mismatch: the provider's `get` returns `string` where the consumer expects
    /// `result<list<u8>, error>`. The error names the wire, the function and both types.
    func testMismatchNamesTheFunctionAndBothTypes() throws {
        let rows = try TestdataTests.rows().filter { $0.result == "error" }
        XCTAssertEqual(rows.map(\.name), ["mismatch"])
        for row in rows {
            let c = try composition(row.root, row.definitions)
            let e = assertComposeError(.composeTypeMismatch) { try c.check() }
            let consumer = c.plan.label(0), provider = c.plan.label(1)
            XCTAssertEqual(e?.message, "type mismatch: import `example:cache/cache@0.1.0` of \(consumer) ← export "
                           + "`example:cache/cache@0.1.0` of \(provider): func get › result: expected "
                           + "result<list<u8>, error>, found string")
            XCTAssertEqual(e?.path.dropFirst(), ["func get", "result"])
            // Also when output validation is off: the type check is never skipped.
            let skip = try Composition(consumer: .load(path: consumer), providers: [.load(path: provider)],
                                       options: ComposeOptions(validate: false))
            assertComposeError(.composeTypeMismatch) { _ = try skip.output() }
        }
    }

    /// A provider whose `get` returns `result<string, error>`: the path leads into the result.
    func testMismatchInsideAResult() throws {
        let wit = try String(contentsOf: Repo.testdata.appendingPathComponent("cache/cache.wit"), encoding: .utf8)
        XCTAssertTrue(wit.contains("get: func(key: string) -> result<list<u8>, error>;"))
        let consumer = try fixture("mismatch-inside-a-result-consumer")
        let provider = try fixture("mismatch-inside-a-result-provider")
        let c = try Make.compose([("app", consumer), ("p", provider)])
        let e = assertComposeError(.composeTypeMismatch) { try c.check() }
        XCTAssertEqual(e?.message, "type mismatch: import `example:cache/cache@0.1.0` of app ← export "
                       + "`example:cache/cache@0.1.0` of p: func get › result › ok: expected list<u8>, found string")
    }

    /// A provider that lacks a function the consumer imports.
    func testMissingFunction() throws {
        let consumer = try fixture("missing-function-consumer")
        let provider = try fixture("missing-function-provider")
        let c = try Make.compose([("app", consumer), ("p", provider)])
        let e = assertComposeError(.composeTypeMismatch) { try c.check() }
        XCTAssertEqual(e?.message, "type mismatch: import `x:y/z` of app ← export `x:y/z` of p: missing expected export `b`")
    }

    /// Two inputs import the same interface with different types for one function: the result
    /// cannot import one instance that satisfies both.
    func testConflictingSharedImport() throws {
        let consumer = try fixture("conflicting-shared-import-consumer")
        let provider = try fixture("conflicting-shared-import-provider")
        let c = try Make.compose([("app", consumer), ("p", provider)])
        let e = assertComposeError(.composeImportConflict) { try c.check() }
        XCTAssertEqual(e?.message, "import `w:x/y@0.1.0` of p cannot share the result's import `w:x/y@0.1.0` with app: "
                       + "func f › param a: expected string, found u32")
    }

    /// A record `use`d by one interface from another: the difference is found in the shared type,
    /// wherever it is reached first.
    func testMismatchInAUsedType() throws {
        let consumer = try fixture("mismatch-in-a-used-type-consumer")
        let provider = try fixture("mismatch-in-a-used-type-provider")
        let c = try Make.compose([("app", consumer), ("p", provider)])
        let e = assertComposeError(.composeTypeMismatch) { try c.check() }
        XCTAssertEqual(e?.message, "type mismatch: import `a:b/types` of app ← export `a:b/types` of p: "
                       + "type point › field x: expected u32, found u64")
    }
}
