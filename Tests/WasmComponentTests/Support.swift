import Foundation
import WasmBinary
import XCTest

@testable import WasmComponent

/// Paths to the shared corpus and reference tools, relative to the package root.
enum Oracles {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static var shared: URL { packageRoot.appendingPathComponent("../shared").standardized }
    static var specComponent: URL { shared.appendingPathComponent("corpus/spec-component") }
    static var wasmTools: URL { packageRoot.appendingPathComponent(".venv/bin/wasm-tools") }
    static var componentizePy: URL { packageRoot.appendingPathComponent(".venv/bin/componentize-py") }

    /// Throws `XCTSkip` when `url` is missing, unless WCOMP_REQUIRE_ORACLES=1 (then the test fails).
    static func require(_ url: URL, _ what: String) throws {
        if FileManager.default.fileExists(atPath: url.path) { return }
        if ProcessInfo.processInfo.environment["WCOMP_REQUIRE_ORACLES"] == "1" {
            XCTFail("\(what) is required (WCOMP_REQUIRE_ORACLES=1) but missing at \(url.path)")
            throw XCTSkip("missing \(what)")
        }
        throw XCTSkip("\(what) not found at \(url.path)")
    }

    /// Runs a tool, returning (status, stdout, stderr).
    @discardableResult
    static func run(_ tool: URL, _ args: [String], stdin: Data? = nil, cwd: URL? = nil) throws -> (Int32, Data, String) {
        let p = Process()
        p.executableURL = tool
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        if stdin != nil { p.standardInput = inp }
        try p.run()
        if let stdin {
            inp.fileHandleForWriting.write(stdin)
            try inp.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, o, String(decoding: e, as: UTF8.self))
    }

    /// Assembles component text with `wasm-tools parse`.
    static func wat(_ text: String) throws -> [UInt8] {
        try require(wasmTools, "wasm-tools")
        let (status, out, err) = try run(wasmTools, ["parse", "-"], stdin: Data(text.utf8))
        guard status == 0 else { throw NSError(domain: "wasm-tools parse", code: Int(status), userInfo: [NSLocalizedDescriptionKey: err]) }
        return [UInt8](out)
    }

    /// The spec-component manifest rows: (file, expect, message), with the expectations that
    /// `testdata/corpus-updates.tsv` replaces (spec changes after the corpus snapshot, wasm-tools' reading of an
    /// ambiguous rule); `.ci/conformance` applies them too.
    static func specComponentRows() throws -> [(file: String, expect: String, message: String)] {
        try require(specComponent.appendingPathComponent("manifest.tsv"), "../shared/corpus/spec-component")
        func table(_ url: URL) throws -> [[String]] {
            try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
                .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        }
        var updates: [String: [String]] = [:]
        for cols in try table(packageRoot.appendingPathComponent("testdata/corpus-updates.tsv"))
        where cols.count >= 4 && cols[0] == "spec-component" {
            updates[cols[1]] = cols
        }
        return try table(specComponent.appendingPathComponent("manifest.tsv")).compactMap { cols in
            guard cols.count >= 2 else { return nil }
            if let u = updates[cols[0]] { return (cols[0], u[2], u[3]) }
            return (cols[0], cols[1], cols.count > 3 ? cols[3] : "")
        }
    }
}
