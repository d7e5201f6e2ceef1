import Foundation
import XCTest
@testable import WcompCLI

/// The repository root (this file is Tests/WcompCLITests/Support.swift).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs the command line in-process and captures everything.
func runCLI(_ args: [String]) -> (status: Int32, out: String, err: String) {
    let out = StringOutput()
    let err = StringOutput()
    let status = CLI.run(args, console: Console(out: out, err: err))
    return (status, out.text, err.text)
}

/// The built `wcomp` executable next to the test bundle.
func wcompExecutable() throws -> URL {
    var dir = Bundle.main.bundleURL
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("wcomp")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    for config in ["debug", "release"] {
        let candidate = repoRoot.appendingPathComponent(".build/\(config)/wcomp")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw XCTSkip("wcomp executable not found next to the tests")
}

/// Runs the real binary, feeding `stdin` if given.
func runBinary(_ args: [String], stdin: Data? = nil) throws -> (status: Int32, out: String, err: String) {
    try runProcess(try wcompExecutable(), args, stdin: stdin)
}

/// Runs `tool` with `args`, feeding `stdin` if given: (exit status, stdout, stderr).
func runProcess(_ tool: URL, _ args: [String], stdin: Data? = nil) throws -> (status: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = tool
    p.arguments = args
    let o = Pipe(), e = Pipe(), i = Pipe()
    p.standardOutput = o
    p.standardError = e
    p.standardInput = i
    try p.run()
    if let stdin { i.fileHandleForWriting.write(stdin) }
    try i.fileHandleForWriting.close()
    let outData = o.fileHandleForReading.readDataToEndOfFile()
    let errData = e.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// Skips when an oracle (corpus, reference tool) is missing, unless WCOMP_REQUIRE_ORACLES=1.
func requireOracle(_ available: Bool, _ what: String) throws {
    if available { return }
    if ProcessInfo.processInfo.environment["WCOMP_REQUIRE_ORACLES"] == "1" {
        XCTFail("required oracle missing: \(what)")
    }
    throw XCTSkip("missing: \(what)")
}
