import Foundation
import WasmBinary

/// One row of a corpus suite's `manifest.tsv`.
struct ManifestRow: Sendable {
    enum Expect: String, Sendable { case valid, invalid, malformed }
    var file: String
    var expect: Expect
    var features: String
    var message: String
    var source: String
}

/// Reads `<suite>/manifest.tsv` (tab-separated, header line).
func readManifest(_ suiteDir: String) throws -> [ManifestRow] {
    let text = try String(contentsOfFile: suiteDir + "/manifest.tsv", encoding: .utf8)
    var rows: [ManifestRow] = []
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() where i > 0 {
        let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard cols.count >= 2, let expect = ManifestRow.Expect(rawValue: cols[1]) else {
            throw RunnerError("\(suiteDir)/manifest.tsv:\(i + 1): cannot parse row")
        }
        func col(_ k: Int) -> String { k < cols.count ? cols[k] : "" }
        rows.append(ManifestRow(file: cols[0], expect: expect, features: col(2), message: col(3), source: col(4)))
    }
    return rows
}

/// Rows whose expectation wcomp replaces, with the reason: a spec change after the corpus snapshot, or wasm-tools
/// 1.262's reading where the spec text is ambiguous. `testdata/corpus-updates.tsv` (suite, file, expect, message,
/// change). The corpus in ../shared is shared data and is not edited; the runner applies these on top of it and
/// says how many it applied.
func applyCorpusUpdates(_ rows: inout [ManifestRow], suite: String, table path: String) throws -> Int {
    guard FileManager.default.fileExists(atPath: path) else { return 0 }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var applied = 0
    for (i, line) in text.split(separator: "\n").enumerated() where i > 0 {
        let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard cols.count >= 4, let expect = ManifestRow.Expect(rawValue: cols[2]) else {
            throw RunnerError("\(path):\(i + 1): cannot parse row")
        }
        guard cols[0] == suite else { continue }
        guard let k = rows.firstIndex(where: { $0.file == cols[1] }) else { continue }
        rows[k].expect = expect
        rows[k].message = cols[3]
        applied += 1
    }
    return applied
}

struct RunnerError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A corpus suite: runs every row of its manifest and reports one summary line plus the misses.
protocol Suite {
    /// The folder name under the corpus root, e.g. `spec-core`.
    var name: String { get }
    func run(directory: String, rows: [ManifestRow], options: RunOptions) -> SuiteResult
}

struct RunOptions {
    var verbose = false
    /// Only rows whose file contains this string.
    var filter: String?
    /// Skip the (slow) truncated-prefix pass.
    var skipPrefixes = false
}

struct SuiteResult {
    /// The one-line summary printed for the suite.
    var summary: String
    /// Rows that did not behave as required (each a human-readable line); non-empty means failure.
    var misses: [String]
    /// Extra detail lines printed with --verbose (exception classes, notes).
    var details: [String] = []
}

/// Tally of classified exceptions, printed as `reason ×count`.
struct Tally {
    private(set) var counts: [String: Int] = [:]
    private(set) var examples: [String: String] = [:]
    mutating func add(_ reason: String, example: String) {
        counts[reason, default: 0] += 1
        if examples[reason] == nil { examples[reason] = example }
    }
    var total: Int { counts.values.reduce(0, +) }
    var summary: String {
        counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .map { "\($0.key) ×\($0.value)" }.joined(separator: "; ")
    }
}
