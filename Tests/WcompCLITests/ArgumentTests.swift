import XCTest
@testable import WcompCLI

final class ArgumentTests: XCTestCase {
    /// No arguments is a usage error: the help goes to standard error, exit status 2 (as
    /// wasm-tools); asking for help is not an error.
    func testNoArgumentsIsAUsageErrorWithTheHelp() throws {
        let r = runCLI([])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.err.contains("USAGE:"), r.err)
        let binary = try runBinary([])
        XCTAssertEqual(binary.status, 2)
        XCTAssertEqual(binary.out, "")
        XCTAssertEqual(binary.err, Help.general())
        for help in [["--help"], ["-h"], ["help"]] {
            let h = runCLI(help)
            XCTAssertEqual(h.status, 0, "\(help)")
            XCTAssertEqual(h.out, Help.general())
        }
    }

    func testVersion() {
        for flag in ["--version", "-V"] {
            let r = runCLI([flag])
            XCTAssertEqual(r.status, 0)
            XCTAssertEqual(r.out, "wcomp \(WcompSpec.version)\n")
        }
    }

    func testUnknownCommandExits2WithHint() {
        let r = runCLI(["inpsect", "x.wasm"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.err.split(separator: "\n").first, "wcomp: unknown command `inpsect` (did you mean `inspect`?)")
        XCTAssertTrue(r.err.contains("Usage:"))
        XCTAssertEqual(r.out, "")
    }

    func testUnknownFlagExits2WithHint() {
        let r = runCLI(["inspect", "--jsn", "x.wasm"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.hasPrefix("wcomp: unknown option `--jsn` for `inspect` (did you mean `--json`?)\n"), r.err)
        XCTAssertTrue(r.err.contains("Usage: wcomp inspect [OPTIONS] FILE"))
    }

    func testUnknownGlobalFlag() {
        let r = runCLI(["--verbose"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.hasPrefix("wcomp: unknown option `--verbose`"))
    }

    func testMissingAndExtraArguments() {
        XCTAssertEqual(runCLI(["inspect"]).err.split(separator: "\n").first, "wcomp: missing argument FILE")
        let extra = runCLI(["inspect", "a.wasm", "b.wasm"])
        XCTAssertEqual(extra.status, 2)
        XCTAssertTrue(extra.err.hasPrefix("wcomp: unexpected argument `b.wasm`"))
    }

    func testOptionValues() throws {
        let inv = try ArgumentParser.parse(["inspect", "--features=a,b", "--features", "c", "--json", "x.wit"])
        guard case .run(let p) = inv else { return XCTFail("expected a run") }
        XCTAssertEqual(p.allValues("--features"), ["a,b", "c"])
        XCTAssertTrue(p.has("--json"))
        XCTAssertEqual(p.positionals, ["x.wit"])
        XCTAssertThrowsError(try ArgumentParser.parse(["inspect", "x.wit", "--features"]))
        XCTAssertThrowsError(try ArgumentParser.parse(["inspect", "--json=yes", "x.wit"]))
    }

    func testDashIsStdinAndDoubleDashEndsOptions() throws {
        guard case .run(let p) = try ArgumentParser.parse(["inspect", "-"]) else { return XCTFail() }
        XCTAssertEqual(p.positionals, ["-"])
        guard case .run(let q) = try ArgumentParser.parse(["inspect", "--", "--json"]) else { return XCTFail() }
        XCTAssertEqual(q.positionals, ["--json"])
        XCTAssertFalse(q.has("--json"))
    }

    func testHelpForms() {
        let a = runCLI(["help", "inspect"])
        let b = runCLI(["inspect", "--help"])
        XCTAssertEqual(a.status, 0)
        XCTAssertEqual(a.out, b.out)
        XCTAssertTrue(a.out.hasPrefix("wcomp inspect — "))
        XCTAssertEqual(runCLI(["help", "nope"]).status, 2)
    }

    func testMissingFileIsIOError() {
        let r = runCLI(["inspect", "/nonexistent/x.wasm"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("No such file"), r.err)
    }
}
