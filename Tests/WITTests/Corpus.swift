import Foundation
import TestSupport

/// The WIT packages of testdata/wit/valid (files and directories), and the snapshots testdata/regenerate
/// makes of them under testdata/fixtures/WITTests (see testdata/fixtures.py).
enum WITCorpus {
    /// Every package: its stem (`docs` for docs.wit, `with-deps` for with-deps/) and its path.
    static func entries() -> [(stem: String, path: String)] {
        Repo.list(Repo.witCorpus.path).compactMap { path in
            let name = (path as NSString).lastPathComponent
            if name.hasSuffix(".wit") { return (String(name.dropLast(".wit".count)), path) }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
            return (name, path)
        }
    }

    /// testdata/wit/valid/`name`.
    static func path(_ name: String) -> String { Repo.witCorpus.appendingPathComponent(name).path }

    /// What wasm-tools prints for the fixture `file` of WITTests (`DifferentialTests/docs.wit.expected`).
    static func snapshot(_ file: String) throws -> String { try Fixture.text("WITTests/" + file) }
}
