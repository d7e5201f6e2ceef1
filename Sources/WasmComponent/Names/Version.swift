// Semantic versions and versioned names: the one implementation behind the validator's version
// checks, WIT package names and gates, `validate --semver-compatible` and compose's matching.

/// A Semantic Versioning 2.0 version (`1.2.3-rc.1+build.5`), as used in interface and package names and in
/// WIT's `@since` / `@deprecated` gates. Ordering follows semver precedence, with build metadata as a
/// final tie-breaker so that distinct versions never compare equal.
public struct Version: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var major: UInt64
    public var minor: UInt64
    public var patch: UInt64
    /// Dot-separated pre-release identifiers (empty for a release).
    public var pre: [String]
    /// Dot-separated build identifiers.
    public var build: [String]

    public init(_ major: UInt64, _ minor: UInt64, _ patch: UInt64, pre: [String] = [], build: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.pre = pre
        self.build = build
    }

    public var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !pre.isEmpty { s += "-" + pre.joined(separator: ".") }
        if !build.isEmpty { s += "+" + build.joined(separator: ".") }
        return s
    }

    /// Parses `text`; on failure returns the reason (semver crate wording).
    public static func parse(_ text: String) -> Result<Version, VersionError> {
        var p = VersionParser(bytes: Array(text.utf8))
        return p.parse()
    }

    public static func < (a: Version, b: Version) -> Bool {
        if a.major != b.major { return a.major < b.major }
        if a.minor != b.minor { return a.minor < b.minor }
        if a.patch != b.patch { return a.patch < b.patch }
        // A pre-release sorts before the release.
        if a.pre.isEmpty != b.pre.isEmpty { return !a.pre.isEmpty }
        if let c = compareIdentifiers(a.pre, b.pre), c != 0 { return c < 0 }
        if a.build.isEmpty != b.build.isEmpty { return a.build.isEmpty }
        if let c = compareIdentifiers(a.build, b.build) { return c < 0 }
        return false
    }

    private static func compareIdentifiers(_ a: [String], _ b: [String]) -> Int? {
        for (x, y) in zip(a, b) where x != y {
            let xn = x.allSatisfy(\.isASCIIDigit)
            let yn = y.allSatisfy(\.isASCIIDigit)
            switch (xn, yn) {
            case (true, true):
                if x.count != y.count { return x.count < y.count ? -1 : 1 }
                return x < y ? -1 : 1
            case (true, false): return -1
            case (false, true): return 1
            case (false, false): return x < y ? -1 : 1
            }
        }
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        return 0
    }
}

extension Version {
    /// The compatibility track, as wit-parser's `version_compat_track` defines it: `1.x.y` → `1`,
    /// `0.2.y` → `0.2`, `0.0.z` → `0.0.z`; a pre-release is only on its own track. Build metadata
    /// is ignored.
    public var compatibilityTrack: String {
        if !pre.isEmpty { return Version(major, minor, patch, pre: pre).description }
        if major != 0 { return "\(major)" }
        if minor != 0 { return "0.\(minor)" }
        return "0.0.\(patch)"
    }

    /// Whether `self` and `other` are semver-compatible (on the same track).
    public func isCompatible(with other: Version) -> Bool { compatibilityTrack == other.compatibilityTrack }
}

/// An import or export name split into its unversioned part and version:
/// `wasi:io/streams@0.2.9` → (`wasi:io/streams`, 0.2.9). Plain names (`run`, `cache`) have no version.
public struct InterfaceName: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    /// The name without `@version` (the whole name when it has no valid version).
    public let base: String
    public let version: Version?

    public init(_ name: String) {
        self.name = name
        if let at = name.lastIndex(of: "@"), at != name.startIndex,
           case .success(let v) = Version.parse(String(name[name.index(after: at)...])) {
            base = String(name[..<at])
            version = v
        } else {
            base = name
            version = nil
        }
    }

    /// Key under which semver-compatible names meet (`wasi:io/streams@0.2`); the name itself when it
    /// has no version.
    public var compatibilityKey: String {
        guard let v = version else { return name }
        return base + "@" + v.compatibilityTrack
    }

    /// Whether `other` names the same interface at a semver-compatible version (or is the same name).
    public func isCompatible(with other: InterfaceName) -> Bool {
        if name == other.name { return true }
        guard let a = version, let b = other.version, base == other.base else { return false }
        return a.isCompatible(with: b)
    }

    public var description: String { name }
}

/// Why a version string is not valid semver.
public struct VersionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

private struct VersionParser {
    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parse() -> Result<Version, VersionError> {
        if bytes.isEmpty { return .failure(VersionError(message: "empty string, expected a semver version")) }
        let major: UInt64
        let minor: UInt64
        let patch: UInt64
        switch number("major") { case .success(let v): major = v; case .failure(let e): return .failure(e) }
        if let e = dot("major") { return .failure(e) }
        switch number("minor") { case .success(let v): minor = v; case .failure(let e): return .failure(e) }
        if let e = dot("minor") { return .failure(e) }
        switch number("patch") { case .success(let v): patch = v; case .failure(let e): return .failure(e) }
        var version = Version(major, minor, patch)
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") {
            i += 1
            switch identifiers("pre-release identifier", numericLeadingZeros: false) {
            case .success(let ids): version.pre = ids
            case .failure(let e): return .failure(e)
            }
        }
        if i < bytes.count && bytes[i] == UInt8(ascii: "+") {
            i += 1
            switch identifiers("build metadata", numericLeadingZeros: true) {
            case .success(let ids): version.build = ids
            case .failure(let e): return .failure(e)
            }
        }
        if i < bytes.count {
            let what = version.build.isEmpty ? (version.pre.isEmpty ? "after patch version number" : "after pre-release identifier") : "after build metadata"
            return .failure(VersionError(message: "unexpected character \(quoted(i)) \(what)"))
        }
        return .success(version)
    }

    func quoted(_ at: Int) -> String {
        // Show the whole scalar starting at `at`.
        var end = at + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'" + String(decoding: bytes[at..<end], as: UTF8.self) + "'"
    }

    mutating func dot(_ after: String) -> VersionError? {
        guard i < bytes.count else {
            return VersionError(message: "unexpected end of input while parsing \(after == "major" ? "minor" : "patch") version number")
        }
        guard bytes[i] == UInt8(ascii: ".") else {
            return VersionError(message: "unexpected character \(quoted(i)) after \(after) version number")
        }
        i += 1
        return nil
    }

    mutating func number(_ what: String) -> Result<UInt64, VersionError> {
        let start = i
        var value: UInt64 = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(bytes[i] - 0x30))
            if o1 || o2 { return .failure(VersionError(message: "value of \(what) version number exceeds u64::MAX")) }
            value = a
            i += 1
        }
        if i == start {
            if i >= bytes.count {
                return .failure(VersionError(message: "unexpected end of input while parsing \(what) version number"))
            }
            return .failure(VersionError(message: "unexpected character \(quoted(i)) while parsing \(what) version number"))
        }
        if i - start > 1 && bytes[start] == 0x30 {
            return .failure(VersionError(message: "invalid leading zero in \(what) version number"))
        }
        return .success(value)
    }

    mutating func identifiers(_ what: String, numericLeadingZeros: Bool) -> Result<[String], VersionError> {
        var ids: [String] = []
        while true {
            let start = i
            while i < bytes.count {
                let b = bytes[i]
                let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D
                if !ok { break }
                i += 1
            }
            if i == start {
                if i < bytes.count && bytes[i] != UInt8(ascii: ".") && bytes[i] != UInt8(ascii: "+") {
                    return .failure(VersionError(message: "unexpected character \(quoted(i)) while parsing \(what)"))
                }
                return .failure(VersionError(message: "empty identifier segment in \(what)"))
            }
            let part = bytes[start..<i]
            if !numericLeadingZeros && part.count > 1 && part.first == 0x30 && part.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                return .failure(VersionError(message: "invalid leading zero in \(what)"))
            }
            ids.append(String(decoding: part, as: UTF8.self))
            if i < bytes.count && bytes[i] == UInt8(ascii: ".") { i += 1; continue }
            return .success(ids)
        }
    }
}
