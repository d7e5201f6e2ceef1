import Foundation
import XCTest

/// Committed test inputs and the reference tools' outputs about them, under testdata/fixtures:
/// `<TestTarget>/<TestClass>/<name>.wat` and the `<name>.wasm` `testdata/regenerate` assembles from it,
/// with snapshots beside them where a test compares with wasm-tools (`<name>.wit.expected`,
/// `<name>.objdump.expected`, `<name>.verdict`); see testdata/README.md. Tests read them; only
/// `testdata/regenerate` writes them, and `testdata/regenerate --check` (CI) proves them current.
public enum Fixture {
    /// A fixture missing from the tree: the test fails, saying what to write.
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// testdata/fixtures/`path`.
    public static func url(_ path: String) -> URL { Repo.fixtures.appendingPathComponent(path) }

    /// The bytes of testdata/fixtures/`path` (give the extension: `x.wasm`).
    public static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try data(url(path))) }

    /// The text of testdata/fixtures/`path` (a snapshot: `x.wit.expected`).
    public static func text(_ path: String) throws -> String { String(decoding: try data(url(path)), as: UTF8.self) }

    /// The text of the file at `path`: a snapshot anywhere in testdata (`testdata/cache/consumer.wit.expected`).
    public static func text(atPath path: String) throws -> String {
        String(decoding: try data(URL(fileURLWithPath: path)), as: UTF8.self)
    }

    /// The contents of a file that must exist (a fixture, or a snapshot elsewhere in testdata).
    public static func data(_ url: URL) throws -> Data {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Missing(description: "missing \(url.path): add its source under testdata/ and run testdata/regenerate")
        }
        return try Data(contentsOf: url)
    }
}

extension XCTestCase {
    /// This test class's fixture folder: testdata/fixtures/<TestTarget>/<TestClass>.
    public var fixtureFolder: URL {
        let parts = String(reflecting: type(of: self)).split(separator: ".")
        return Repo.fixtures.appendingPathComponent(parts.joined(separator: "/"))
    }

    /// The module or component this class's fixture `name` holds (`<name>.wasm`, assembled from `<name>.wat`).
    public func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Fixture.data(fixtureFolder.appendingPathComponent(name + ".wasm")))
    }

    /// The path of this class's fixture file `file` (with its extension).
    public func fixturePath(_ file: String) -> String { fixtureFolder.appendingPathComponent(file).path }
}
