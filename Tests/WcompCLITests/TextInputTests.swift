import Foundation
import TestSupport
import XCTest
@testable import WcompCLI

/// The text format is accepted wherever a binary is (by content, not by name): `inspect`, `validate`, `compose`
/// inputs and WIT `deps/` packages; syntax errors are `file:line:col`, the line and a caret, exit 1.
final class TextInputTests: XCTestCase {
    static let module = ";; a module\n(module (func (export \"f\") (result i32) i32.const 1))\n"
    static let bad = "(module\n  (func (result i32) i32.konst 1))\n"
    static let badReport = """
        :2:22: error: unknown operator `i32.konst`
             |
           2 |   (func (result i32) i32.konst 1))
             |                      ^

        """

    func write(_ text: String, _ name: String) throws -> String { try writeTemporary(Array(text.utf8), name) }

    func testValidateReadsText() throws {
        // Named .wasm but text: the content decides.
        let ok = try write(Self.module, "m.wasm")
        let r = runCLI(["validate", "--verbose", ok])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("valid core module (1 functions"), r.out)
        let bad = try write(Self.bad, "bad.wat")
        let b = runCLI(["validate", bad])
        XCTAssertEqual(b.status, 1)
        XCTAssertEqual(b.err, bad + Self.badReport)
        let j = runCLI(["validate", "--json", bad])
        XCTAssertEqual(j.status, 1)
        XCTAssertTrue(j.out.contains("\"code\": \"text-syntax\""), j.out)
    }

    func testValidateReadsTextFromStandardInput() throws {
        let r = try runBinary(["validate", "-"], stdin: Data(Self.bad.utf8))
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "<stdin>" + Self.badReport)
    }

    func testInspectReadsText() throws {
        let ok = try write(Self.module, "m.wat")
        let r = runCLI(["inspect", ok])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("\(ok): core module (version 1)"), r.out)
        XCTAssertTrue(r.out.contains("f: func 0 () -> i32"), r.out)
        let bad = try write(Self.bad, "bad.wat")
        let b = runCLI(["inspect", bad])
        XCTAssertEqual(b.status, 1)
        XCTAssertEqual(b.err, bad + Self.badReport)
    }

    func testComposeReadsText() throws {
        let bad = try write(Self.bad, "bad.wat")
        let b = runCLI(["compose", "--dry-run", bad, bad])
        XCTAssertEqual(b.status, 1)
        XCTAssertEqual(b.err, bad + Self.badReport)
        // A core module in text is read, then refused as compose refuses any core module.
        let ok = try write(Self.module, "m.wat")
        let r = runCLI(["compose", "--dry-run", ok, ok])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("is a core module, not a component"), r.err)
    }

    /// Components in text: compose, composition documents and `parse` take the hand-written `.wat` of the
    /// cache scenario and give the bytes the committed `.wasm` gives (whose bytes wasm-tools parse wrote).
    func testComponentsInText() throws {
        let consumer = Repo.path("testdata/cache/consumer"), provider = Repo.path("testdata/cache/provider")
        let dir = try TempDir("wcomp-components-wat")
        let fromText = dir.path("text.wasm"), fromBinary = dir.path("binary.wasm")
        XCTAssertEqual(runCLI(["compose", consumer + ".wat", provider + ".wat", "-o", fromText]).status, 0)
        XCTAssertEqual(runCLI(["compose", consumer + ".wasm", provider + ".wasm", "-o", fromBinary]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: fromText)),
                       try Data(contentsOf: URL(fileURLWithPath: fromBinary)))
        let wac = runCLI(["compose", Repo.path("testdata/wac/cache.wac"), "-o", dir.path("wac.wasm"),
                          "--dep", "example:provider=" + provider + ".wat", "--dep", "example:consumer=" + consumer + ".wat"])
        XCTAssertEqual(wac.status, 0, wac.err)
        let parsed = dir.path("parsed.wasm")
        XCTAssertEqual(runCLI(["parse", provider + ".wat", "-o", parsed]).status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: parsed)),
                       try Data(contentsOf: URL(fileURLWithPath: provider + ".wasm")))
        let v = runCLI(["validate", consumer + ".wat", "--wit", Repo.path("testdata/cache/cache.wit"), "--world", "consumer"])
        XCTAssertEqual(v.status, 0, v.err)
        let bad = try write("(component\n  (import \"x\" (func (type $nope))))\n", "bad.wat")
        let b = runCLI(["inspect", bad])
        XCTAssertEqual(b.status, 1)
        XCTAssertTrue(b.err.hasPrefix(bad + ":2:27: error: unknown type $nope\n"), b.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path("never.wasm")))
        XCTAssertEqual(runCLI(["parse", bad, "-o", dir.path("never.wasm")]).status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path("never.wasm")), "no partial output")
    }

    /// A WIT package given as a component in text under `deps/` reads as its binary does.
    func testWITDependencyPackageInText() throws {
        let dir = try TempDir("wcomp-wit-component-wat")
        let src = Repo.path("testdata/fixtures/WITTests/DecodingTests/wasm-deps/app")
        try FileManager.default.createDirectory(atPath: dir.path("deps"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: src + "/app.wit", toPath: dir.path("app.wit"))
        let binary = try [UInt8](Data(contentsOf: URL(fileURLWithPath: src + "/deps/lib.wasm")))
        // The text: the package component printed by wcomp itself.
        let printed = runCLI(["print", src + "/deps/lib.wasm"])
        XCTAssertEqual(printed.status, 0, printed.err)
        try Data(printed.out.utf8).write(to: URL(fileURLWithPath: dir.path("deps/lib.wat")))
        let r = runCLI(["inspect", dir.path("")])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, runCLI(["inspect", src]).out)
        XCTAssertFalse(binary.isEmpty)
    }

    func testWITDependencyInText() throws {
        let dir = try TempDir("wcomp-wit-wat")
        try FileManager.default.createDirectory(atPath: dir.path("deps"), withIntermediateDirectories: true)
        try Data("package a:b;\ninterface i { f: func(); }\n".utf8).write(to: URL(fileURLWithPath: dir.path("a.wit")))
        let dep = dir.path("deps/dep.wat")
        try Data(Self.bad.utf8).write(to: URL(fileURLWithPath: dep))
        let r = runCLI(["inspect", dir.path("")])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.hasPrefix(dep + ":2:22: error: unknown operator `i32.konst`\n"), r.err)
        XCTAssertFalse(r.err.contains("not supported"), r.err)
    }
}

/// `wcomp parse x.wast --wasm-dir DIR`: every module of the script, numbered and named as
/// `wasm-tools json-from-wast` names them (the bytes are those of testdata/fixtures/WasmTextTests/ParseTests).
final class ParseWastTests: XCTestCase {
    func testScriptModulesAreWrittenAsJSONFromWastWritesThem() throws {
        let dir = try TempDir("wcomp-wast")
        let script = """
            (module $m (func (export "f") (result i32) i32.const 1))
            (assert_return (invoke "f") (i32.const 1))
            (module binary "\\00asm" "\\01\\00\\00\\00")
            (module quote "(func)")
            (assert_malformed (module quote "(func i32.konst 1)") "unknown operator")
            (assert_invalid (module (func (result i32))) "type mismatch")
            (module definition $d (func))
            (module instance $i $d)
            (register "m" $m)

            """
        let path = dir.path("x.wast")
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        let out = dir.path("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let r = runCLI(["parse", path, "--wasm-dir", out])
        XCTAssertEqual(r.status, 0, r.err)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(files, ["x.0.wasm", "x.1.wasm", "x.2.wasm", "x.2.wat", "x.3.wat", "x.4.wasm", "x.5.wasm"])
        func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))) }
        let header: [UInt8] = [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0]
        XCTAssertEqual(try bytes("x.1.wasm"), header)
        XCTAssertEqual(try bytes("x.2.wat"), Array("(func) ".utf8))
        XCTAssertEqual(try bytes("x.3.wat"), Array("(func i32.konst 1) ".utf8))
        // `(func)`: one type, one function, one empty body (what wasm-tools writes).
        XCTAssertEqual(try bytes("x.2.wasm"), header + [1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 0x0A, 4, 1, 2, 0, 0x0B])
        // The module's `$m` is its name in the name section.
        XCTAssertEqual(Array(try bytes("x.0.wasm").suffix(4)), [0, 2, 1, 0x6D])
    }

    func testScriptErrorsAndUsage() throws {
        let dir = try TempDir("wcomp-wast-bad")
        let path = dir.path("bad.wast")
        try Data("(module (func i32.konst))\n".utf8).write(to: URL(fileURLWithPath: path))
        let r = runCLI(["parse", path, "--wasm-dir", dir.path("")])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.hasPrefix(path + ":1:15: error: unknown operator `i32.konst`"), r.err)
        let u = runCLI(["parse", path, "--wasm-dir", dir.path(""), "-o", dir.path("x")])
        XCTAssertEqual(u.status, 2)
    }
}
