/// One step of a ``WasmError/path``: where in the structure an error is, as a value that renders
/// itself (`component`, `core module 3`, `export "cache"`, `func get`, `result`, `i32.add`).
///
/// Readers of a path match on the cases (the function an error is in, the instance and import a
/// composition error is about, the WIT item a world check names) instead of taking strings apart.
/// Frames compare and hash by their rendering, so `"core module 3"` (a string literal) equals
/// `.item("core module", 3)` — tests can state a path as the text the user sees.
public enum PathFrame: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The component being decoded or validated: `component`.
    case component
    /// An item of an index space, or an entry of a section, by kind and index: `core module 3`,
    /// `instance 2`, `type 1`, `rec group 0`, `name subsection 1`.
    case item(String, Int)
    /// A core function (its body or its function-section entry), with its name-section name once
    /// known: `func 12`, `func 12 "parse"` (quotes and backslashes in the name escaped).
    case function(UInt32, name: String?)
    /// An item named by its extern name, as written in the binary: `export "cache"`, `param "key"`.
    case quoted(String, String)
    /// An instance member by its kind and name, in WIT's words: `func get`, `type handle`.
    case member(String, String)
    /// A section: `code section`, `custom section` (the name without " section").
    case section(String)
    /// An instruction of a function body, by its mnemonic: `i32.add`.
    case instruction(String)
    /// Anything else, in words: `result`, `list element`, `start`, `world`, a compose input's label.
    case text(String)

    public init(stringLiteral value: String) { self = .text(value) }

    public var description: String {
        switch self {
        case .component: "component"
        case .item(let kind, let index): "\(kind) \(index)"
        case .function(let index, nil): "func \(index)"
        case .function(let index, let name?): "func \(index) \"\(Self.escaped(name))\""
        case .quoted(let kind, let name): "\(kind) \"\(name)\""
        case .member(let kind, let name): "\(kind) \(name)"
        case .section(let name): "\(name) section"
        case .instruction(let mnemonic): mnemonic
        case .text(let text): text
        }
    }

    public static func == (a: PathFrame, b: PathFrame) -> Bool { a.description == b.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// The index of a `.function` frame.
    public var functionIndex: UInt32? {
        if case .function(let i, _) = self { return i }
        return nil
    }

    private static func escaped(_ name: String) -> String {
        var escaped = ""
        for c in name.unicodeScalars {
            switch c {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            default: escaped.unicodeScalars.append(c)
            }
        }
        return escaped
    }
}

extension Array where Element == PathFrame {
    /// The innermost function frame, if any: its index and name.
    public var function: (index: UInt32, name: String?)? {
        for frame in reversed() {
            if case .function(let i, let name) = frame { return (i, name) }
        }
        return nil
    }

    /// The frames rendered as `a › b › c`.
    public var rendered: String { map(\.description).joined(separator: " › ") }
}
