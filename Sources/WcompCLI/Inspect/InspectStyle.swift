import WasmBinary

/// `--color=auto|always|never` for inspect's summary: colour on a terminal only (auto), unless
/// `NO_COLOR` is set to a non-empty value or `TERM` is `dumb`; an explicit `always` or `never` wins.
enum ColorChoice: String, CaseIterable {
    case auto, always, never

    static func parse(_ value: String?) throws(WasmError) -> ColorChoice {
        guard let value else { return .auto }
        guard let c = ColorChoice(rawValue: value) else {
            throw WasmError(.usage, "--color takes auto, always or never (not `\(value)`)", offset: nil, kind: .usage)
        }
        return c
    }

    /// Whether to colour, given where the output goes and the environment.
    func enabled(isTerminal: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let v = environment["NO_COLOR"], !v.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTerminal
        }
    }
}

/// Text built from pieces, each escaped for the terminal (``TerminalText/escaping(_:)``) as it is
/// added and, when colour is on, wrapped in an SGR sequence. The result is written verbatim: every
/// byte of it is either escaped input or one of the sequences below.
struct StyledText {
    enum Style {
        case plain, heading, name, kind, dim, size, error

        var sgr: String? {
            switch self {
            case .plain: nil
            case .heading: "1"
            case .name: "36"
            case .kind: "33"
            case .dim: "2"
            case .size: "32"
            case .error: "31"
            }
        }
    }

    var colour: Bool
    private(set) var text = ""
    /// Lines finished so far.
    private(set) var lines = 0

    init(colour: Bool) { self.colour = colour }

    mutating func add(_ s: String, _ style: Style = .plain) {
        let e = TerminalText.escaping(s)
        if colour, let code = style.sgr, !e.isEmpty {
            text += "\u{1b}[" + code + "m" + e + "\u{1b}[0m"
        } else {
            text += e
        }
    }

    mutating func newline() {
        text += "\n"
        lines += 1
    }
}
