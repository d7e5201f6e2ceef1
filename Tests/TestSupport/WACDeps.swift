import Foundation

/// A `deps/` directory for the composition documents of testdata/wac, laid out as wac looks for
/// packages (`ns/name.wasm`), made of committed components (nothing is committed twice).
public enum WACDeps {
    public static let packages: [(String, String)] = [
        ("example/provider.wasm", "testdata/cache/provider.wasm"),
        ("example/consumer.wasm", "testdata/cache/consumer.wasm"),
        ("example/counter.wasm", "testdata/fixtures/WACTests/WACComposeTests/counter.wasm"),
        ("example/pair.wasm", "testdata/fixtures/WACTests/WACComposeTests/pair.wasm"),
    ]

    /// Creates `dir` (and `dir/example/`) with copies of the packages; returns `dir`.
    @discardableResult
    public static func make(at dir: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dir + "/example", withIntermediateDirectories: true)
        for (to, from) in packages where !FileManager.default.fileExists(atPath: dir + "/" + to) {
            try FileManager.default.copyItem(atPath: Repo.path(from), toPath: dir + "/" + to)
        }
        return dir
    }
}
