import Foundation
import TestSupport
import XCTest

@testable import WcompCLI

/// Runs the command line in-process and captures everything.
func runCLI(_ args: [String]) -> (status: Int32, out: String, err: String) {
    let out = StringOutput()
    let err = StringOutput()
    let status = CLI.run(args, console: Console(out: out, err: err))
    return (status, out.text, err.text)
}

/// The built `wcomp` executable next to the test bundle (`swift test` builds it).
func wcompExecutable() throws -> URL {
    var dir = Bundle.main.bundleURL
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("wcomp")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    for config in ["debug", "release"] {
        let candidate = Repo.root.appendingPathComponent(".build/\(config)/wcomp")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw Oracle.Missing(description: "the wcomp executable is not next to the tests (run `swift build`)")
}

/// Runs the real binary, feeding `stdin` if given.
func runBinary(_ args: [String], stdin: Data? = nil) throws -> ProcessOutput {
    try runProcess(try wcompExecutable(), args, stdin: stdin)
}
