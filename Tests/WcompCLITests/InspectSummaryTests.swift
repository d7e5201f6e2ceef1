import Foundation
import TestSupport
import XCTest
@testable import WcompCLI

/// The default `inspect` output: a summary compared with committed expected text
/// (testdata/inspect/*.txt; `WCOMP_UPDATE_INSPECT=1 swift test --filter InspectSummaryTests` rewrites
/// them), at most 60 lines, coloured only when asked or on a terminal.
final class InspectSummaryTests: XCTestCase {
    static let golden = [
        "cache/consumer.wasm", "cache/composed.wasm", "chain/composed.wasm", "worlds/resources-fs.wasm",
        "fixtures/WITTests/EncodingTests/wasi.wasm", "names/shim-export.wasm",
        "typed/consumer.wasm", "worlds/uses-service.wasm",
        "core/names.wasm", "core/custom.wasm", "core/start.wasm", "cache/consumer.embedded.wasm",
    ]

    private func summary(_ file: String, _ extra: [String] = []) -> (status: Int32, out: String, err: String) {
        let abs = Repo.root.appendingPathComponent("testdata/" + file).path
        let r = runCLI(["inspect"] + extra + [abs])
        return (r.status, r.out.replacingOccurrences(of: abs, with: file), r.err)
    }

    func testSummariesMatchTheCommittedText() throws {
        let update = ProcessInfo.processInfo.environment["WCOMP_UPDATE_INSPECT"] == "1"
        for file in Self.golden {
            let r = summary(file)
            XCTAssertEqual(r.status, 0, "\(file): \(r.err)")
            let expected = Repo.root.appendingPathComponent("testdata/inspect/" + file.replacingOccurrences(of: "/", with: "--") + ".txt")
            if update { try Data(r.out.utf8).write(to: expected) }
            XCTAssertEqual(r.out, try String(contentsOf: expected, encoding: .utf8), file)
        }
    }

    /// One screen: every summary of testdata's components fits in 60 lines (the largest committed
    /// component, and a componentize-py component measured in the notes: 53 lines).
    func testSummariesFitOnOneScreen() {
        for file in Self.golden + ["fixtures/WasmComponentTests/ValidationHostileTests/many-aliases-of-a-deep-type-across-a-component-boundary.wasm"] {
            let r = summary(file)
            let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).count - 1
            XCTAssertLessThanOrEqual(lines, 60, file)
            XCTAssertGreaterThan(lines, 1, file)
        }
    }

    func testSummaryHasNoByteRangesAndDetailedViewsDo() {
        let plain = summary("cache/consumer.wasm")
        XCTAssertFalse(plain.out.contains("sections ("), plain.out)
        XCTAssertTrue(plain.out.contains("example:cache/cache@0.1.0  instance  3 funcs, 1 type: set, get, delete\n"), plain.out)
        XCTAssertTrue(plain.out.contains("core module 1 main   924 bytes  54.0%  10 funcs"), plain.out)
        let sections = summary("cache/consumer.wasm", ["--sections"])
        XCTAssertTrue(sections.out.contains("  sections ("), sections.out)
        XCTAssertTrue(sections.out.contains("example:cache/cache@0.1.0: instance: 3 funcs, 1 type: set, get, delete\n"), sections.out)
        XCTAssertFalse(sections.out.contains("variant error {"))
        let types = summary("cache/consumer.wasm", ["--types"])
        XCTAssertTrue(types.out.contains("variant error { not-found, io(string) }"), types.out)
        XCTAssertFalse(types.out.contains("  sections ("))
    }

    /// --json keeps its schema and adds the module's own memories.
    func testJSONListsMemories() throws {
        let r = summary("core/names.wasm", ["--json"])
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertEqual(doc["memories"] as? [String], ["1"])
        XCTAssertNotNil(doc["sections"])
    }

    func testInterfaceSummary() {
        let text = "instance {\n  resource codec\n  use a:b/c.{x}\n  record r { a: u32 }\n  [constructor]codec: func() -> codec\n  [method]codec.id: func(self: borrow<codec>) -> u32\n  [static]codec.make: func()\n  run: func()\n}"
        XCTAssertEqual(InspectSummary.interfaceSummary(text), "4 funcs, 1 resource, 1 type: codec.new, codec.id, codec.make, run")
        XCTAssertEqual(InspectSummary.interfaceSummary("instance {\n}"), "0 funcs")
    }

    func testColourChoice() throws {
        XCTAssertTrue(ColorChoice.auto.enabled(isTerminal: true, environment: [:]))
        XCTAssertFalse(ColorChoice.auto.enabled(isTerminal: false, environment: [:]))
        XCTAssertFalse(ColorChoice.auto.enabled(isTerminal: true, environment: ["NO_COLOR": "1"]))
        XCTAssertTrue(ColorChoice.auto.enabled(isTerminal: true, environment: ["NO_COLOR": ""]))
        XCTAssertFalse(ColorChoice.auto.enabled(isTerminal: true, environment: ["TERM": "dumb"]))
        XCTAssertTrue(ColorChoice.always.enabled(isTerminal: false, environment: ["NO_COLOR": "1"]))
        XCTAssertFalse(ColorChoice.never.enabled(isTerminal: true, environment: [:]))
        XCTAssertEqual(try ColorChoice.parse(nil), .auto)
        XCTAssertThrowsError(try ColorChoice.parse("yes"))
    }

    /// Through the binary: a pipe gets no colour, even with NO_COLOR unset; --color=always colours
    /// (and wins over NO_COLOR); colour never lets a name's control characters through.
    func testColourThroughTheBinary() throws {
        let file = Repo.root.appendingPathComponent("testdata/cache/consumer.wasm").path
        let piped = try runBinary(["inspect", file])
        XCTAssertFalse(piped.out.contains("\u{1b}"), piped.out)
        let always = try runBinary(["inspect", "--color=always", file])
        XCTAssertTrue(always.out.contains("\u{1b}[36mexample:cache/cache@0.1.0\u{1b}[0m"), always.out)
        let stripped = always.out.replacingOccurrences(of: "\u{1b}\\[[0-9;]*m", with: "", options: .regularExpression)
        XCTAssertEqual(stripped, piped.out)

        // A module named "a<ESC>[2Jb" in its name section.
        let name = Array("a\u{1b}[2Jb".utf8)
        let sub: [UInt8] = [0x00, UInt8(name.count + 1), UInt8(name.count)] + name
        let payload: [UInt8] = [4] + Array("name".utf8) + sub
        let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x00, UInt8(payload.count)] + payload
        let dir = try scratchDirectory(self)
        let evil = dir.appendingPathComponent("named.wasm")
        try Data(bytes).write(to: evil)
        let r = try runBinary(["inspect", "--color=always", evil.path])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertFalse(r.out.contains("\u{1b}[2J"), r.out)
        XCTAssertTrue(r.out.contains("a\\u{1b}[2Jb"), r.out)
    }
}

/// Long world lists: the summary shows 32 lines with the total, --all every one.
final class InspectSummaryListTests: XCTestCase {
    func testWorldListIsCutUnlessAll() throws {
        // A component importing 40 functions `f0`…`f39` of type `func()`.
        var imports: [UInt8] = [40]
        for i in 0..<40 {
            let name = Array("f\(i)".utf8)
            imports += [0x00, UInt8(name.count)] + name + [0x01, 0x00]
        }
        let types: [UInt8] = [0x01, 0x40, 0x00, 0x01, 0x00]
        var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]
        bytes += [0x07, UInt8(types.count)] + types
        bytes += [0x0A, UInt8(0x80 | (imports.count & 0x7F)), UInt8(imports.count >> 7)] + imports
        let dir = try scratchDirectory(self)
        let file = dir.appendingPathComponent("many.wasm")
        try Data(bytes).write(to: file)
        let r = runCLI(["inspect", file.path])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("    imports (40):\n      f0   func()\n"), r.out)
        XCTAssertTrue(r.out.contains("      f31  func()\n      … 8 more (--all lists them)\n"), r.out)
        XCTAssertFalse(r.out.contains("f32 "))
        let all = runCLI(["inspect", "--all", file.path])
        XCTAssertTrue(all.out.contains("      f39  func()\n"), all.out)
        XCTAssertFalse(all.out.contains("more (--all"))
    }
}
