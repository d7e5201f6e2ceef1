import Foundation
import XCTest

/// The one gate for tests that need something outside the repository: a program to run
/// (wasmtime through the venv's Python, componentize-py) or the spec corpus in `../shared`.
///
/// Call it as a test's first statement, never inside an `XCTAssert…` or `XCTUnwrap` (XCTest records
/// a skip thrown there as a failure):
///
///     func testRunsInWasmtime() throws {
///         try Oracle.require(.wasmtime)
///         …
///     }
///
/// When the thing is missing the test is skipped with a message saying how to get it, unless
/// `WCOMP_REQUIRE_ORACLES=1` (CI), where the test fails instead.
public enum Oracle {
    /// Something a test may need.
    public struct Requirement: Sendable {
        public let what: String
        public let path: URL
        public let hint: String

        public init(_ what: String, at path: URL, hint: String) {
            self.what = what
            self.path = path
            self.hint = hint
        }

        public var isAvailable: Bool { FileManager.default.fileExists(atPath: path.path) }

        /// Not a reason to skip on its own: what wasm-tools says about an input is a committed snapshot
        /// (testdata/regenerate). Tests use it on what they make themselves (`assertValidComponent`).
        public static let wasmTools = Requirement("wasm-tools", at: Repo.wasmTools, hint: "run .ci/setup-tools")
        /// The venv's Python with the `wasmtime` module (testdata/check-cache.py).
        public static let wasmtime = Requirement("wasmtime (the .venv Python)", at: Repo.python, hint: "run .ci/setup-tools")
        public static let componentizePy = Requirement("componentize-py", at: Repo.componentizePy, hint: "run .ci/setup-tools")
        public static let specCore = Requirement(
            "the spec-core corpus", at: Repo.specCore.appendingPathComponent("manifest.tsv"),
            hint: "clone the project next to its ../shared")
        public static let specComponent = Requirement(
            "the spec-component corpus", at: Repo.specComponent.appendingPathComponent("manifest.tsv"),
            hint: "clone the project next to its ../shared")
    }

    /// The error that fails a test whose requirement is missing under WCOMP_REQUIRE_ORACLES=1.
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// True under WCOMP_REQUIRE_ORACLES=1: nothing may be skipped.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["WCOMP_REQUIRE_ORACLES"] == "1" }

    /// Returns when `requirement` is there; otherwise skips the test (or fails it when required).
    public static func require(_ requirement: Requirement) throws {
        if requirement.isAvailable { return }
        let message = "\(requirement.what) not found at \(requirement.path.path) (\(requirement.hint))"
        if isRequired { throw Missing(description: "WCOMP_REQUIRE_ORACLES=1 but \(message)") }
        throw XCTSkip(message)
    }

    /// The same for a condition the test computes (e.g. a program on PATH).
    public static func require(_ available: Bool, _ what: String) throws {
        if available { return }
        if isRequired { throw Missing(description: "WCOMP_REQUIRE_ORACLES=1 but \(what) is missing") }
        throw XCTSkip("\(what) is missing")
    }

    /// The rows of a corpus manifest (`manifest.tsv` below `dir`, header dropped), each split on tabs.
    /// Gate first with `require(.specCore)` / `require(.specComponent)`.
    public static func manifestRows(_ dir: URL) throws -> [[String]] {
        let text = try String(contentsOf: dir.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
