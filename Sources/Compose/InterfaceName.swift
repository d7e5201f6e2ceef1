/// A semantic version (`MAJOR.MINOR.PATCH[-pre][+build]`), as used in interface names such as
/// `wasi:io/streams@0.2.9`.
public struct SemanticVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var major: UInt64
    public var minor: UInt64
    public var patch: UInt64
    /// The pre-release part (after `-`), empty when absent.
    public var prerelease: String
    /// The build metadata (after `+`), empty when absent; ignored when comparing.
    public var build: String

    public init(_ major: UInt64, _ minor: UInt64, _ patch: UInt64, prerelease: String = "", build: String = "") {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses `1.2.3`, `0.2.0-rc.1`, `1.0.0+build`; nil for anything else (leading zeros are rejected).
    public init?(_ text: Substring) {
        var rest = text
        var build = ""
        if let plus = rest.firstIndex(of: "+") {
            build = String(rest[rest.index(after: plus)...])
            rest = rest[..<plus]
            if build.isEmpty { return nil }
        }
        var pre = ""
        if let dash = rest.firstIndex(of: "-") {
            pre = String(rest[rest.index(after: dash)...])
            rest = rest[..<dash]
            if pre.isEmpty { return nil }
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [UInt64] = []
        for p in parts {
            guard !p.isEmpty, p.allSatisfy({ $0.isASCII && $0.isNumber }), p == "0" || p.first != "0",
                  let n = UInt64(p) else { return nil }
            numbers.append(n)
        }
        self.init(numbers[0], numbers[1], numbers[2], prerelease: pre, build: build)
    }

    public var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease }
        if !build.isEmpty { s += "+" + build }
        return s
    }

    /// The compatibility track, as Cargo and wasmtime define it: `1.x.y` → `1`, `0.2.y` → `0.2`;
    /// versions `0.0.z` and pre-releases are only compatible with themselves (nil).
    public var compatibilityTrack: String? {
        if !prerelease.isEmpty { return nil }
        if major > 0 { return "\(major)" }
        if minor > 0 { return "0.\(minor)" }
        return nil
    }

    /// Whether `self` and `other` are semver-compatible (same track, or equal).
    public func isCompatible(with other: SemanticVersion) -> Bool {
        if self == other { return true }
        guard let a = compatibilityTrack, let b = other.compatibilityTrack else { return false }
        return a == b
    }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if a.major != b.major { return a.major < b.major }
        if a.minor != b.minor { return a.minor < b.minor }
        if a.patch != b.patch { return a.patch < b.patch }
        // A pre-release sorts before the release; otherwise compare the text (rarely matters here).
        if a.prerelease.isEmpty != b.prerelease.isEmpty { return !a.prerelease.isEmpty }
        return a.prerelease < b.prerelease
    }

    public static func == (a: SemanticVersion, b: SemanticVersion) -> Bool {
        a.major == b.major && a.minor == b.minor && a.patch == b.patch && a.prerelease == b.prerelease
    }

    public func hash(into h: inout Hasher) {
        h.combine(major)
        h.combine(minor)
        h.combine(patch)
        h.combine(prerelease)
    }
}

/// An import or export name split into its unversioned part and version:
/// `wasi:io/streams@0.2.9` → (`wasi:io/streams`, 0.2.9). Plain names (`run`, `cache`) have no version.
public struct InterfaceName: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    /// The name without `@version` (the whole name when it has no valid version).
    public let base: String
    public let version: SemanticVersion?

    public init(_ name: String) {
        self.name = name
        if let at = name.lastIndex(of: "@"), at != name.startIndex,
           let v = SemanticVersion(name[name.index(after: at)...]) {
            base = String(name[..<at])
            version = v
        } else {
            base = name
            version = nil
        }
    }

    /// Key under which semver-compatible names meet (`wasi:io/streams@0.2`); the full name when the
    /// version allows no other.
    public var compatibilityKey: String {
        guard let v = version, let track = v.compatibilityTrack else { return name }
        return base + "@" + track
    }

    /// Whether `other` names the same interface at a semver-compatible version (or is the same name).
    public func isCompatible(with other: InterfaceName) -> Bool {
        if name == other.name { return true }
        guard let a = version, let b = other.version, base == other.base else { return false }
        return a.isCompatible(with: b)
    }

    public var description: String { name }
}
