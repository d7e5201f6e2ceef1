import Foundation
import TestSupport
import XCTest
@testable import WcompCLI

final class InspectTests: XCTestCase {
    private func path(_ p: String) -> String { Repo.root.appendingPathComponent(p).path }

    func testComponentImportsAndExportsInWITSyntax() {
        let r = runCLI(["inspect", "--types", "--sections", path("testdata/cache/consumer.wasm")])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("""
              imports (1):
                example:cache/cache@0.1.0: instance {
                  variant error { not-found, io(string) }
                  set: func(key: string, value: list<u8>) -> result<_, error>
                  get: func(key: string) -> result<list<u8>, error>
                  delete: func(key: string) -> result<_, error>
                }
            """), r.out)
        XCTAssertTrue(r.out.contains("  core module 1: core module (version 1)"))
        XCTAssertTrue(r.out.contains("      cache.get: func (i32, i32, i32) -> ()"))
    }

    func testCoreModuleCustomSectionsAreDecoded() {
        let r = runCLI(["inspect", path("testdata/core/custom.wasm")])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("language: Swift 6.3"), r.out)
        XCTAssertTrue(r.out.contains("processed-by: wcomp-testdata 0.1.0, wasm-tools 1.262.0"))
        XCTAssertTrue(r.out.contains("features: +mutable-globals +sign-ext +bulk-memory-opt +reference-types"))
    }

    func testAllListsFunctionsWithNames() {
        let short = runCLI(["inspect", path("testdata/core/names.wasm")])
        XCTAssertFalse(short.out.contains("functions (6):"))
        let r = runCLI(["inspect", "--all", path("testdata/core/names.wasm")])
        XCTAssertTrue(r.out.contains("functions (6):"), r.out)
        XCTAssertTrue(r.out.contains("0 \"log\": (i32) -> () (imported)"))
        XCTAssertTrue(r.out.contains("1 \"add\": (i32, i32) -> i32, body 14 bytes at "))
    }

    func testJSONCarriesTheSameTree() throws {
        let r = runCLI(["inspect", "--json", path("testdata/cache/consumer.wasm")])
        XCTAssertEqual(r.status, 0)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertEqual(doc["kind"] as? String, "component")
        let imports = try XCTUnwrap(doc["imports"] as? [[String: Any]])
        XCTAssertEqual(imports.map { $0["name"] as? String }, ["example:cache/cache@0.1.0"])
        XCTAssertEqual(imports.first?["kind"] as? String, "instance")
        let children = try XCTUnwrap(doc["children"] as? [[String: Any]])
        XCTAssertEqual(children.map { $0["label"] as? String }, ["core module 0", "core module 1"])
        XCTAssertEqual(children.map { $0["kind"] as? String }, ["module", "module"])
    }

    func testStdinMatchesFile() throws {
        let file = path("testdata/core/names.wasm")
        let fromFile = try runBinary(["inspect", "--json", file])
        let fromStdin = try runBinary(["inspect", "--json", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: file)))
        XCTAssertEqual(fromStdin.status, 0)
        XCTAssertEqual(fromFile.out.replacingOccurrences(of: file, with: "<stdin>"), fromStdin.out)
    }

    func testBadInputsExitCodes() throws {
        let truncated = try runBinary(["inspect", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: path("testdata/cache/consumer.wasm"))).prefix(100))
        XCTAssertEqual(truncated.status, 1)
        XCTAssertEqual(truncated.err, "<stdin>: error: type section size 113 exceeds the 90 bytes left (offset 0x9) [unexpected-end]\n  in: component\n")
        // The same input reads the same in every command.
        let validated = try runBinary(["validate", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: path("testdata/cache/consumer.wasm"))).prefix(100))
        XCTAssertEqual(validated.err, truncated.err)
        let notWasm = try runBinary(["inspect", "-"], stdin: Data([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00]))
        XCTAssertEqual(notWasm.status, 1)
        XCTAssertEqual(notWasm.err, "<stdin>: error: magic header not detected (offset 0x0) [bad-magic]\n")
        XCTAssertEqual(try runBinary(["validate", "-"], stdin: Data([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00])).err, notWasm.err)
        let text = try runBinary(["inspect", "-"], stdin: Data("hello\n".utf8))
        XCTAssertEqual(text.status, 1)
        XCTAssertTrue(text.err.hasPrefix("<stdin>:1:1: error: "), text.err)
        XCTAssertEqual(try runBinary(["inspect", "/nonexistent.wasm"]).status, 2)
    }

    /// The committed scenario files: every .wasm of testdata/ but its fixtures (and the uncommitted
    /// build/ and bench/), each with its snapshots beside it (testdata/regenerate).
    private func scenarioFiles() throws -> [String] {
        try Repo.files(under: Repo.testdata, suffix: ".wasm")
            .filter { !$0.hasPrefix("build/") && !$0.hasPrefix("bench/") && !$0.hasPrefix("fixtures/") }
            // features/: validation cases with their own table of wasm-tools verdicts (FeatureTableTests)
            .filter { !$0.hasPrefix("features/") }
    }

    /// What wasm-tools printed for testdata file `f` (`x.wasm`): its snapshot `x.<kind>.expected`.
    private func snapshot(_ f: String, _ kind: String) throws -> String {
        try Fixture.text(atPath: path("testdata/" + f.dropLast(".wasm".count) + ".\(kind).expected"))
    }

    /// Every section range (nested ones included) agrees with `wasm-tools objdump`.
    func testSectionRangesMatchObjdump() throws {
        let files = try scenarioFiles()
        XCTAssertGreaterThan(files.count, 20)
        for f in files {
            let objdump = try snapshot(f, "objdump")
            var counts: [[Int]: Int] = [:]
            let expected = objdump.split(separator: "\n").compactMap { line -> [Int]? in
                let cols = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard cols.count == 4 else { return nil }
                let ends = cols[1].split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces).dropFirst(2), radix: 16) }
                guard ends.count == 2, let a = ends[0], let b = ends[1] else { return nil }
                counts[[a, b]] = Int(cols[3].split(separator: " ").first ?? "")
                return [a, b]
            }
            let r = runCLI(["inspect", "--json", path("testdata/" + f)])
            XCTAssertEqual(r.status, 0, "\(f): \(r.err)")
            let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            var items: [[Int]: Int] = [:]
            XCTAssertEqual(flatten(doc, items: &items), expected, f)
            // Item counts are objdump's "count" (a start section has one item, whatever its function index).
            for (range, n) in items { XCTAssertEqual(n, counts[range], "\(f): items of the section at \(range)") }
        }
    }

    /// Types are called by the names of the scope being shown: the exported instance of a shim component calls
    /// its resource `codec` (as `--wit` does), not the shim's import name `import-type-codec`.
    func testNamesComeFromTheScopeShown() throws {
        let r = runCLI(["inspect", "--types", path("testdata/names/shim-export.wasm")])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("""
              exports (1):
                example:codec/codec: instance {
                  resource codec
                  [constructor]codec: func() -> codec
                  [method]codec.id: func(self: borrow<codec>) -> u32
                }
            """), r.out)
        let json = runCLI(["inspect", "--json", path("testdata/names/shim-export.wasm")])
        XCTAssertTrue(json.out.contains("[method]codec.id: func(self: borrow<codec>) -> u32"), json.out)
    }

    /// A valid component's types are named from the validator's types, as `--wit` names them: the record
    /// `top` refers to the imported type `mid` (not to the nested shim's import name `import-type-mid`).
    func testValidComponentsAreNamedAsWITNamesThem() throws {
        let r = runCLI(["inspect", "--types", path("testdata/typed/consumer.wasm")])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("record top { mid: mid, count: u32 }"), r.out)
        // The nested shim component still lists its own import under its own name.
        XCTAssertTrue(r.out.contains("record import-type-top { mid: import-type-mid, count: u32 }"), r.out)
    }

    /// A start section shows its function (index and name), not the index as an item count.
    func testStartSectionShowsItsFunction() throws {
        let r = runCLI(["inspect", "--sections", path("testdata/core/start.wasm")])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains(" start (1 item: func 2 \"init\")\n"), r.out)
        let json = runCLI(["inspect", "--json", path("testdata/core/start.wasm")])
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let start = try XCTUnwrap((doc["sections"] as? [[String: Any]])?.first { $0["name"] as? String == "start" })
        XCTAssertEqual(start["items"] as? Int, 1)
        XCTAssertEqual(start["function"] as? Int, 2)
        XCTAssertEqual(start["functionName"] as? String, "init")
        // A component's start section: the component function it calls.
        let c = runCLI(["inspect", "--sections", path("testdata/features/cm-values.wasm")])
        XCTAssertTrue(c.out.contains(" start (1 item: func 0)\n"), c.out)
    }

    /// Sections in objdump's order: a nested module/component's own sections follow its row.
    private func flatten(_ node: [String: Any], items: inout [[Int]: Int]) -> [[Int]] {
        var out: [[Int]] = []
        var children = (node["children"] as? [[String: Any]] ?? [])[...]
        for s in node["sections"] as? [[String: Any]] ?? [] {
            let offset = s["offset"] as? Int ?? -1, size = s["size"] as? Int ?? -1
            out.append([offset, offset + size])
            if let n = s["items"] as? Int { items[[offset, offset + size]] = n }
            let name = s["name"] as? String
            if name == "core module" || name == "component", let child = children.popFirst() {
                out += flatten(child, items: &items)
            }
        }
        return out
    }

    func testWITFilePrintsResolvedPackage() {
        let r = runCLI(["inspect", path("testdata/cache/cache.wit")])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("/// A tiny key-value cache"), r.out)
        XCTAssertTrue(r.out.contains("world consumer {\n  import cache;\n\n  export app;\n}"), r.out)
    }

    func testWITDiagnosticsExitOneWithCaret() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wcomp-inspect-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.wit")
        try "package a:b;\ninterface i {\n  f: func(x: borow<r>);\n}\n".write(to: file, atomically: true, encoding: .utf8)
        let r = runCLI(["inspect", file.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.err.hasPrefix("\(file.path):3:19: error: "), r.err)
        XCTAssertTrue(r.err.contains("   3 |   f: func(x: borow<r>);\n     |                   ^"), r.err)
        let json = runCLI(["inspect", "--json", file.path])
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let errors = try XCTUnwrap(doc["errors"] as? [[String: Any]])
        let location = try XCTUnwrap(errors.first?["location"] as? [String: Any])
        XCTAssertEqual(location["line"] as? Int, 3)
        XCTAssertEqual(location["column"] as? Int, 19)
        XCTAssertEqual(json.err, "", "--json prints only the JSON document")
    }

    /// A core module's WIT comes from its `component-type` custom section; without one there is
    /// none to print (exit 1, naming the file).
    func testWitFlagOnCoreModules() throws {
        let bare = runCLI(["inspect", "--wit", path("testdata/core/names.wasm")])
        XCTAssertEqual(bare.status, 1)
        XCTAssertEqual(bare.out, "")
        XCTAssertTrue(bare.err.hasPrefix("\(path("testdata/core/names.wasm")): error: the core module has no `component-type` custom section"), bare.err)
        let embedded = path("testdata/cache/consumer.embedded.wasm")
        let r = runCLI(["inspect", "--wit", embedded])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("package root:root;\n\nworld root {\n  import example:cache/cache@0.1.0;\n\n"
            + "  export example:cache/app@0.1.0;\n}\npackage example:cache@0.1.0 {\n"), r.out)
        // Without --wit, the section's summary.
        let plain = runCLI(["inspect", embedded])
        XCTAssertTrue(plain.out.contains("    \"component-type\" 329 bytes at 0x0154\n      world: example:cache/consumer@0.1.0\n"
            + "      string encoding: utf8\n"), plain.out)
        XCTAssertEqual(r.out, try snapshot("cache/consumer.embedded.wasm", "wit"))
    }

    /// A `component-type` section in the old layout (0x03, encoding, world name, WIT package): summarized and
    /// printed like the current one (testdata/metadata; the .wit beside each is `wasm-tools component wit`).
    func testLegacyComponentTypeSections() throws {
        let module = path("testdata/metadata/legacy-provider-utf16.wasm")
        let plain = runCLI(["inspect", module])
        XCTAssertEqual(plain.status, 0, plain.err)
        XCTAssertTrue(plain.out.contains("      world: example:cache/provider@0.1.0\n      string encoding: utf16\n"), plain.out)
        XCTAssertFalse(plain.out.contains("could not decode"), plain.out)
        let json = runCLI(["inspect", "--json", module])
        XCTAssertTrue(json.out.contains("\"world\": \"example:cache/provider@0.1.0\""), json.out)
        let wit = runCLI(["inspect", "--wit", module])
        XCTAssertEqual(wit.status, 0, wit.err)
        XCTAssertEqual(wit.out, try Fixture.text(atPath: path("testdata/metadata/legacy-provider-utf16.wit.expected")))
    }

    /// `wcomp inspect --wit X.wasm` prints exactly what `wasm-tools component wit X.wasm` prints.
    func testInspectWitMatchesWasmTools() throws {
        let files = try scenarioFiles().filter { !$0.hasPrefix("core/") }
        var compared = 0
        for f in files {
            let expected = try snapshot(f, "wit")
            let r = runCLI(["inspect", "--wit", path("testdata/" + f)])
            XCTAssertEqual(r.status, 0, "\(f): \(r.err)")
            XCTAssertEqual(r.out, expected, f)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 20)
    }
}
