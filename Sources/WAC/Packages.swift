#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmBinary
import WIT
import Compose

/// Where a document's packages come from, as wac finds them: `--dep NS:NAME[@V]=PATH` first, else
/// under each `--deps` directory `ns/name.wasm` or `ns/name/VERSION.wasm`, or a directory
/// `ns/name[/VERSION]` holding a WIT package.
public struct PackageResolver: Sendable {
    public var directories: [String]
    /// `ns:name` or `ns:name@version` → path.
    public var overrides: [String: String]

    public init(directories: [String], overrides: [String: String] = [:]) {
        self.directories = directories
        self.overrides = overrides
    }

    /// Parses `NS:NAME[@VERSION]=PATH` (a usage error when malformed).
    public static func parseOverride(_ text: String) throws(WasmError) -> (String, String) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex, text.index(after: eq) != text.endIndex,
              text[..<eq].contains(":") else {
            throw WasmError(.usage, "--dep \(text): expected NS:NAME[@VERSION]=PATH", offset: nil, kind: .usage)
        }
        return (String(text[..<eq]), String(text[text.index(after: eq)...]))
    }

    public enum Found: Sendable, Equatable {
        /// A component (or a WIT package encoded as one).
        case file(String)
        /// A WIT package: a directory or a `.wit` file.
        case wit(String)
    }

    /// Where package `name` (`ns:name`) at `version` is, and every place that was tried.
    public func find(_ name: String, version: String?) -> (Found?, tried: [String]) {
        var tried: [String] = []
        for key in [version.map { "\(name)@\($0)" }, name].compactMap({ $0 }) {
            if let p = overrides[key] {
                tried.append(p)
                if FileInfo.isDirectory(p) || p.hasSuffix(".wit") { return (.wit(p), tried) }
                return (FileInfo.exists(p) ? .file(p) : nil, tried)
            }
        }
        for dir in directories {
            var base = dir
            for segment in name.split(separator: ":") { base += "/\(segment)" }
            if let version { base += "/\(version)" }
            if FileInfo.isDirectory(base) {
                tried.append(base + "/")
                return (.wit(base), tried)
            }
            for ext in [".wasm", ".wat"] {
                tried.append(base + ext)
                if FileInfo.exists(base + ext) { return (.file(base + ext), tried) }
            }
            if FileInfo.exists(base + ".wit") { return (.wit(base + ".wit"), tried) }
        }
        return (nil, tried)
    }
}

/// File-system checks without Foundation.
enum FileInfo {
    static func exists(_ path: String) -> Bool { stat(path).map { !$0 } ?? false }
    static func isDirectory(_ path: String) -> Bool { stat(path) ?? false }

    /// nil when the path does not exist; else whether it is a directory.
    static func stat(_ path: String) -> Bool? {
        var st = systemStatBuffer()
        guard systemStat(path, &st) == 0 else { return nil }
        return (st.st_mode & S_IFMT) == S_IFDIR
    }
}

typealias systemStatBuffer = stat
func systemStat(_ path: String, _ st: inout systemStatBuffer) -> Int32 { stat(path, &st) }
extension FileInfo {
}
