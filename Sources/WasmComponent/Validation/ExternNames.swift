import WasmBinary
import WasmCore

// Import and export names (Explainer.md "Import and Export Definitions"): kebab-case labels,
// `[constructor]`/`[method]`/`[static]` annotations, interface names `ns:pkg/iface@version`, semantic
// versions, and the strong-uniqueness key of "Name Uniqueness".

/// A parsed import or export name.
enum ParsedName: Hashable, Sendable {
    case label(String)
    case constructor(String)
    case method(resource: String, name: String)
    case `static`(resource: String, name: String)
    case interface(ParsedInterfaceName)
}

/// A `[get]` / `[set]` accessor annotation (wasm-tools' `cm-accessors`, component-model#701): `[get]l`,
/// `[set]l`, `[method][get]r.l`, `[static][set]r.l`, ...
enum Accessor: Hashable, Sendable {
    case get, set

    var text: String { self == .get ? "[get]" : "[set]" }
}

/// `ns:pkg/iface@version` (🪺 nested namespaces and projections when enabled).
struct ParsedInterfaceName: Hashable, Sendable {
    var namespaces: [String]
    var package: String
    var projections: [String]
    /// The text after `@`, not yet validated (it depends on the `versionsuffix` attribute).
    var version: String?
}

extension ExternName {
    /// Whether `s` is a kebab-case label: words (`[a-z][0-9a-z]*`) or acronyms (`[A-Z][0-9A-Z]*`)
    /// joined by `-`; fragments after the first may start with digits. The one check behind the
    /// validator's names and WIT identifiers.
    @inlinable
    public static func isKebabCase<S: StringProtocol>(_ s: S) -> Bool {
        var lower = false, upper = false, first = true, digit = false
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                if upper { return false }
                lower = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if lower { return false }
                upper = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if !lower && !upper && first { return false }
                digit = true
            case UInt8(ascii: "-"):
                if !(lower || upper || digit) { return false }
                lower = false
                upper = false
                digit = false
                first = false
            default:
                return false
            }
        }
        // Nonempty and not ending in `-`: the last fragment has characters.
        return lower || upper || digit
    }
}

/// Parses an import/export name (wasm-tools' wording in errors).
struct ExternNameParser {
    private var next: Substring
    let nestedNames: Bool
    let accessors: Bool
    /// The `[get]`/`[set]` annotation the name carried.
    private(set) var accessor: Accessor?

    init(_ name: String, nestedNames: Bool, accessors: Bool = false) {
        next = Substring(name)
        self.nestedNames = nestedNames
        self.accessors = accessors
    }

    static func parse(_ name: String, features: Features) throws(WasmError) -> ParsedName {
        try parseWithAccessor(name, features: features).name
    }

    static func parseWithAccessor(_ name: String, features: Features) throws(WasmError)
        -> (name: ParsedName, accessor: Accessor?)
    {
        var p = ExternNameParser(name, nestedNames: features.contains(.cmNestedNames),
                                 accessors: features.contains(.cmAccessors))
        let parsed = try p.parse()
        if !p.next.isEmpty { throw invalid(.invalidName, "trailing characters found: `\(p.next)`") }
        return (parsed, p.accessor)
    }

    private mutating func parse() throws(WasmError) -> ParsedName {
        if eat("[constructor]") {
            if next.hasPrefix("[get]") || next.hasPrefix("[set]") {
                throw invalid(.invalidName, "names with [constructor] cannot contain [get] or [set]")
            }
            return .constructor(try expectKebab())
        }
        if eat("[method]") {
            try eatAccessor()
            let r = try takeUntil(".")
            try kebab(r)
            return .method(resource: String(r), name: try expectKebab())
        }
        if eat("[static]") {
            try eatAccessor()
            let r = try takeUntil(".")
            try kebab(r)
            return .static(resource: String(r), name: try expectKebab())
        }
        try eatAccessor()
        if accessor == nil && next.contains(":") { return .interface(try interfaceName()) }
        return .label(try expectKebab())
    }

    private mutating func eatAccessor() throws(WasmError) {
        for a in [Accessor.get, .set] where eat(a.text) {
            if !accessors {
                throw invalid(.featureDisabled, "`[get]` and `[set]` names require the component model accessors "
                              + "feature (the `cm-accessors` feature is not enabled)")
            }
            accessor = a
            return
        }
    }

    private mutating func interfaceName() throws(WasmError) -> ParsedInterfaceName {
        var namespaces = [try takeLowercaseKebab()]
        try expect(":")
        var package = try takeLowercaseKebab()
        if nestedNames {
            while next.first == ":" {
                try expect(":")
                namespaces.append(package)
                package = try takeLowercaseKebab()
            }
        }
        guard next.first == "/" else { throw invalid(.invalidName, "expected `/` after package name") }
        var projections: [String] = []
        try expect("/")
        projections.append(try takeKebab())
        if nestedNames {
            while next.first == "/" {
                try expect("/")
                projections.append(try takeKebab())
            }
        }
        var version: String?
        if eat("@") {
            version = String(next)
            next = next[next.endIndex...]
        }
        return ParsedInterfaceName(namespaces: namespaces, package: package, projections: projections, version: version)
    }

    private mutating func eat(_ prefix: String) -> Bool {
        guard next.hasPrefix(prefix) else { return false }
        next = next.dropFirst(prefix.count)
        return true
    }

    private mutating func expect(_ prefix: String) throws(WasmError) {
        if !eat(prefix) { throw invalid(.invalidName, "expected `\(prefix)` at `\(next)`") }
    }

    private mutating func takeUntil(_ c: Character) throws(WasmError) -> Substring {
        guard let i = next.firstIndex(of: c) else { throw invalid(.invalidName, "failed to find `\(c)` character") }
        let s = next[..<i]
        next = next[next.index(after: i)...]
        return s
    }

    private func kebab(_ s: Substring) throws(WasmError) {
        if !ExternName.isKebabCase(s) { throw invalid(.invalidName, "`\(s)` is not in kebab case") }
    }

    private mutating func expectKebab() throws(WasmError) -> String {
        let s = next
        next = next[next.endIndex...]
        try kebab(s)
        return String(s)
    }

    private mutating func takeKebab() throws(WasmError) -> String {
        let end = next.firstIndex { c in !(c.isASCII && (c.isLetter || c.isNumber || c == "-")) } ?? next.endIndex
        let s = next[..<end]
        next = next[end...]
        try kebab(s)
        return String(s)
    }

    private mutating func takeLowercaseKebab() throws(WasmError) -> String {
        let s = try takeKebab()
        if let c = s.first(where: { $0.isUppercase }) {
            throw invalid(.invalidName, "character `\(c)` is not lowercase in package name/namespace")
        }
        return s
    }
}

extension ParsedName {
    /// The strong-uniqueness key: lowercased, `[method]l.l`/`[static]l.l` become `l`, and annotations
    /// other than `[constructor]` are dropped. Two names conflict when their keys are equal.
    /// A `[get]` annotation is dropped like the others (`[get]x` conflicts with `x`); a `[set]` one is kept,
    /// since a setter pairs with its getter.
    static func uniquenessKey(_ name: String, _ parsed: ParsedName, accessor: Accessor? = nil) -> String {
        let set = accessor == .set ? "[set]" : ""
        switch parsed {
        case .method(let r, let n), .static(let r, let n):
            let (lr, ln) = (r.lowercased(), n.lowercased())
            return set + (lr == ln ? lr : "\(lr).\(ln)")
        case .label(let l) where accessor != nil:
            return set + l.lowercased()
        default:
            return name.lowercased()
        }
    }

    var isInterface: Bool {
        if case .interface = self { return true }
        return false
    }
}

// MARK: Versions

/// Validates a semantic version (Semantic Versioning 2.0); the message follows Rust's `semver` crate.
func checkSemver(_ text: String) throws(WasmError) {
    if case .failure(let e) = Version.parse(text) { throw invalid(.invalidName, e.message) }
}

/// 🔗 `canonversion`: `[1-9][0-9]*`, `0.[1-9][0-9]*`, `0.0.[1-9][0-9]*` or `0.0.0`.
func isCanonVersion(_ v: String) -> Bool {
    func positive(_ s: Substring) -> Bool {
        guard let f = s.first, f != "0" else { return false }
        return s.allSatisfy { $0.isASCII && $0.isNumber }
    }
    if v == "0.0.0" { return true }
    if v.hasPrefix("0.0.") { return positive(v.dropFirst(4)) }
    if v.hasPrefix("0.") { return positive(v.dropFirst(2)) }
    return positive(Substring(v))
}

/// Checks the version of an interface name against the rules for `interfaceversion` and 🔗
/// `versionsuffix`.
func checkInterfaceVersion(_ name: ParsedInterfaceName, suffix: String?, features: Features) throws(WasmError) {
    guard let v = name.version else {
        if suffix != nil {
            throw invalid(.invalidName, "invalid interface version: a `versionsuffix` requires an interface version")
        }
        return
    }
    do throws(WasmError) {
        if let suffix {
            guard isCanonVersion(v) else {
                throw invalid(.invalidName, "`\(v)` is not a canonical version, which a `versionsuffix` requires")
            }
            try checkSemver(v + suffix)
        } else if !(features.contains(.cmCanonNames) && isCanonVersion(v)) {
            try checkSemver(v)
        }
    } catch {
        throw invalid(.invalidName, "invalid interface version: \(error.message)")
    }
}
