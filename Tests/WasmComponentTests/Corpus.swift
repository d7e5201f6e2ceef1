import Foundation
import TestSupport

/// The spec-component corpus in `../shared` (gate with `Oracle.require(.specComponent)`).
enum SpecComponent {
    /// The manifest rows: (file, expect, message), with the expectations that `testdata/corpus-updates.tsv`
    /// replaces (spec changes after the corpus snapshot, wasm-tools' reading of an ambiguous rule);
    /// `.ci/conformance` applies them too.
    static func rows() throws -> [(file: String, expect: String, message: String)] {
        var updates: [String: [String]] = [:]
        let table = try String(contentsOfFile: Repo.testdata("corpus-updates.tsv"), encoding: .utf8)
        for line in table.split(separator: "\n").dropFirst() {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if cols.count >= 4 && cols[0] == "spec-component" { updates[cols[1]] = cols }
        }
        return try Oracle.manifestRows(Repo.specComponent).compactMap { cols in
            guard cols.count >= 2 else { return nil }
            if let u = updates[cols[0]] { return (cols[0], u[2], u[3]) }
            return (cols[0], cols[1], cols.count > 3 ? cols[3] : "")
        }
    }

    /// A corpus file's path.
    static func path(_ file: String) -> String { Repo.specComponent.appendingPathComponent(file).path }
}
