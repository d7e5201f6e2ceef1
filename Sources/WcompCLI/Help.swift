/// Help text, generated from ``WcompSpec`` so it cannot disagree with what the parser accepts.
enum Help {
    static func general() -> String {
        var s = """
        wcomp \(WcompSpec.version) — inspect, validate and compose WebAssembly components

        USAGE:
          wcomp <COMMAND> [OPTIONS] ...

        COMMANDS:

        """
        let width = (WcompSpec.commands.map(\.name.count).max() ?? 0) + 2
        for c in WcompSpec.commands {
            s += "  " + pad(c.name, width) + c.summary + "\n"
        }
        s += "  " + pad("help", width) + "Print help for a command.\n"
        s += "\nOPTIONS:\n"
        s += optionLines(WcompSpec.globalOptions)
        s += """

        EXIT STATUS:
          0  success
          1  the input is invalid, or a check or composition failed
          2  usage or I/O error

        Run `wcomp help <COMMAND>` for a command's options.

        """
        return s
    }

    static func command(_ c: CommandSpec) -> String {
        var s = "wcomp \(c.name) — \(c.summary)\n\nUSAGE:\n  \(c.usage)\n"
        if !c.arguments.isEmpty {
            s += "\nARGUMENTS:\n"
            let width = (c.arguments.map(\.name.count).max() ?? 0) + 2
            for a in c.arguments { s += "  " + pad(a.name, width) + a.help + "\n" }
        }
        s += "\nOPTIONS:\n" + optionLines(c.options)
        for p in c.discussion { s += "\n" + wrap(p, indent: 0) }
        if !c.examples.isEmpty {
            s += "\nEXAMPLES:\n"
            for e in c.examples { s += "  wcomp \(e)\n" }
        }
        return s
    }

    static func optionLines(_ options: [OptionSpec]) -> String {
        let labels = options.map { o -> String in
            var l = o.short.map { "\($0), " } ?? "    "
            l += o.name
            if let v = o.value { l += " \(v)" }
            return l
        }
        let width = (labels.map(\.count).max() ?? 0) + 2
        var s = ""
        for (o, l) in zip(options, labels) { s += "  " + pad(l, width) + o.help + "\n" }
        return s
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    /// Wraps a paragraph at 100 columns.
    static func wrap(_ text: String, indent: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > 100 {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        let prefix = String(repeating: " ", count: indent)
        return lines.map { prefix + $0 + "\n" }.joined()
    }
}
