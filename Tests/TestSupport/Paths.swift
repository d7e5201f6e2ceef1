import Foundation
import XCTest

/// Where things are, relative to the package root: the committed testdata and fixtures, the spec
/// corpus in `../shared`, and the reference tools `.ci/setup-tools` installs into `.venv`.
public enum Repo {
    /// The package root (this file is Tests/TestSupport/Paths.swift).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `relative` below the package root, as a path.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// testdata/, or `relative` below it.
    public static let testdata = root.appendingPathComponent("testdata")
    public static func testdata(_ relative: String) -> String { testdata.appendingPathComponent(relative).path }

    /// testdata/wit/valid: the WIT packages (files and directories) the WIT tests read.
    public static let witCorpus = testdata.appendingPathComponent("wit/valid")

    /// testdata/fixtures: one folder per test target, one per test class below it.
    public static let fixtures = testdata.appendingPathComponent("fixtures")

    /// The spec corpus (`../shared/corpus`; gate on it with `Oracle.require(.specCore)` / `(.specComponent)`).
    public static let shared = root.appendingPathComponent("../shared").standardized
    public static let specCore = shared.appendingPathComponent("corpus/spec-core")
    public static let specComponent = shared.appendingPathComponent("corpus/spec-component")

    /// The reference tools (`.ci/setup-tools`; gate on them with `Oracle.require`).
    public static let venvBin = root.appendingPathComponent(".venv/bin")
    public static let wasmTools = venvBin.appendingPathComponent("wasm-tools")
    /// The venv's Python, with the `wasmtime` module (testdata/check-cache.py runs on it).
    public static let python = venvBin.appendingPathComponent("python3")
    public static let componentizePy = venvBin.appendingPathComponent("componentize-py")

    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// The entries of a directory, sorted, as full paths (none when it does not exist).
    public static func list(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }

    /// Every file below `dir` whose name ends in `suffix`, as paths relative to `dir`, sorted.
    public static func files(under dir: URL, suffix: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(suffix) }.sorted()
    }
}

/// A scratch directory, removed when the value goes away.
public final class TempDir: Sendable {
    public let url: URL

    public init(_ label: String = "wcomp-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// `name` inside the directory, as a path.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

extension XCTestCase {
    /// Writes `bytes` to a file `name` in a scratch directory that lives until the test ends; returns its path.
    public func writeTemporary(_ bytes: [UInt8], _ name: String) throws -> String {
        let dir = try TempDir("wcomp-\(name)")
        addTeardownBlock { _ = dir }
        let path = dir.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
