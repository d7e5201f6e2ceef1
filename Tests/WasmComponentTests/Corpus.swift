import Foundation
import TestSupport

/// The spec-component corpus (`../shared/corpus/spec-component`). Gate first, as the test's first
/// statement: `try Oracle.require(.specComponent)`.
enum SpecComponent {
    /// The manifest rows: (file, expect).
    static func rows() throws -> [(file: String, expect: String)] {
        try Oracle.manifestRows(Repo.specComponent).compactMap { cols in
            cols.count >= 2 ? (cols[0], cols[1]) : nil
        }
    }

    /// A corpus file's path.
    static func path(_ file: String) -> String { Repo.specComponent.appendingPathComponent(file).path }
}
