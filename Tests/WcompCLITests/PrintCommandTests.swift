import Foundation
import TestSupport
import XCTest

@testable import WcompCLI

/// `wcomp print`: flags and their wasm-tools spellings, -o, standard input, errors and exit statuses.
final class PrintCommandTests: XCTestCase {
    private let fixtures = Repo.fixtures.appendingPathComponent("WasmTextTests/PrintTests")
    private func fixture(_ f: String) -> String { fixtures.appendingPathComponent(f).path }
    private func expected(_ f: String) throws -> String { try String(contentsOfFile: fixture(f), encoding: .utf8) }

    func testPrintsToStandardOutput() throws {
        let r = runCLI(["print", fixture("core-names.wasm")])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, try expected("core-names.print.expected"))
    }

    func testFlagsAndTheirWasmToolsSpellings() throws {
        for (flags, snapshot) in [(["-p"], "offsets"), (["--offsets"], "offsets"), (["--print-offsets"], "offsets"),
                                  (["--skeleton"], "skeleton"), (["--name-unnamed"], "name-unnamed")] {
            let r = runCLI(["print"] + flags + [fixture("control.wasm")])
            XCTAssertEqual(r.status, 0, r.err)
            XCTAssertEqual(r.out, try expected("control.\(snapshot).print.expected"), "\(flags)")
        }
    }

    func testOutputFileAndStandardInput() throws {
        let dir = try scratchDirectory(self)
        let out = dir.appendingPathComponent("out.wat").path
        let r = try runBinary(["print", fixture("floats.wasm"), "-o", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), try expected("floats.print.expected"))
        let stdin = try Data(contentsOf: URL(fileURLWithPath: fixture("floats.wasm")))
        let piped = try runBinary(["print", "-"], stdin: stdin)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(String(decoding: piped.stdout, as: UTF8.self), try expected("floats.print.expected"))
    }

    func testMalformedBodyPrintsWhatPrecedesThenFails() throws {
        let dir = try scratchDirectory(self)
        let bad: [UInt8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 8, 2, 0x60, 0, 1, 0x7f, 0x60, 0, 0, 3, 3, 2, 0, 1,
                            0x0a, 0x0c, 2, 4, 0, 0x41, 1, 0x0b, 5, 0, 0xff, 2, 0x1a, 0x0b]
        let path = dir.appendingPathComponent("bad.wasm").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bad)))
        let r = try runBinary(["print", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(String(decoding: r.stdout, as: UTF8.self).hasSuffix("  (func (;1;) (type 1)"))
        XCTAssertTrue(r.stderr.contains("0x21"), r.stderr)
        // With -o nothing is left behind and an existing file is untouched.
        let out = dir.appendingPathComponent("out.wat").path
        XCTAssertTrue(FileManager.default.createFile(atPath: out, contents: Data("old".utf8)))
        let o = try runBinary(["print", path, "-o", out])
        XCTAssertEqual(o.status, 1)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "old")
        XCTAssertEqual(temporaryFiles(in: dir), [])
    }

    func testUsageAndIOErrors() throws {
        XCTAssertEqual(runCLI(["print"]).status, 2)
        XCTAssertEqual(runCLI(["print", "--bogus", fixture("floats.wasm")]).status, 2)
        XCTAssertEqual(runCLI(["print", "/nonexistent/x.wasm"]).status, 2)
        let notWasm = runCLI(["print", fixture("floats.wat")])
        XCTAssertEqual(notWasm.status, 1, notWasm.err)
    }
}
