/// Renders an ``InspectNode`` tree as indented text.
struct InspectText {
    var options: InspectOptions
    /// Long import/export lists of core modules show this many entries unless `--all` is given.
    static let listLimit = 12
    var out = ""

    static func render(_ root: InspectNode, options: InspectOptions) -> String {
        var r = InspectText(options: options)
        r.hexWidth = max(4, String(root.range.upperBound, radix: 16).count)
        r.node(root, indent: "")
        return r.out
    }

    var hexWidth = 8

    mutating func line(_ indent: String, _ s: String) { out += indent + s + "\n" }

    mutating func node(_ n: InspectNode, indent: String) {
        let what = n.kind == .component ? "component" : "core module"
        var head = "\(n.label): \(what)"
        if n.error == nil {
            head += n.kind == .component ? " (version 0x0d, layer 1)" : " (version 1)"
        }
        head += ", \(bytes(n.range.count))"
        if indent.isEmpty == false { head += " at \(hex(n.range.lowerBound))" }
        line(indent, head)
        let inner = indent + "  "
        if let name = n.displayName { line(inner, "name: \(name)") }
        if let e = n.error {
            line(inner, "error: \(e.message)" + (e.offset.map { " at \(hex($0))" } ?? "") + " [\(e.code.rawValue)]")
            return
        }
        if n.kind == .module {
            let counts = n.counts.filter { $0.1 > 0 }.map { countText($0.1, $0.0) }
            if !counts.isEmpty { line(inner, counts.joined(separator: ", ")) }
        }
        items("imports", n.imports, total: n.importCount, n, indent: inner)
        items("exports", n.exports, total: n.exportCount, n, indent: inner)
        if !n.customs.isEmpty {
            line(inner, "custom sections (\(n.customs.count)):")
            for c in n.customs { custom(c, indent: inner + "  ") }
        }
        if options.sections {
            line(inner, "sections (\(n.sections.count)):")
            for s in n.sections {
                var l = "\(hex(s.range.lowerBound))..\(hex(s.range.upperBound)) \(pad(bytes(s.range.count), 12)) \(s.name)"
                if let c = s.customName { l += " \"\(c)\"" }
                if let items = s.items {
                    var what = "\(items) \(items == 1 ? "item" : "items")"
                    if let f = s.startFunction { what += ": func \(f.index)" + (f.name.map { " \"\($0)\"" } ?? "") }
                    if let d = s.dataCount { what += ": \(d) data \(d == 1 ? "segment" : "segments")" }
                    l += " (\(what))"
                }
                line(inner + "  ", l)
            }
        }
        if let fs = n.functions { functions(fs, indent: inner) }
        for child in n.children {
            out += "\n"
            node(child, indent: inner)
        }
    }

    mutating func functions(_ fs: [InspectNode.FunctionRow], indent: String) {
        line(indent, "functions (\(fs.count)):")
        for f in fs {
            var l = "\(f.index)"
            if let name = f.name { l += " \"\(name)\"" }
            l += ": \(f.type)"
            if f.imported { l += " (imported)" }
            if let r = f.bodyRange { l += ", body \(bytes(r.count)) at \(hex(r.lowerBound))" }
            line(indent + "  ", l)
        }
    }

    mutating func items(_ title: String, _ rows: [InspectNode.ItemRow], total: Int, _ n: InspectNode, indent: String) {
        guard total > 0 else { return }
        line(indent, "\(title) (\(total)):")
        let limit = (n.kind == .module && !options.all) ? Self.listLimit : Int.max
        for row in rows.prefix(limit) {
            let inner = indent + "  "
            if n.kind == .module {
                line(inner, "\(row.name): \(row.type)")
            } else if row.kind == "instance" && !options.types {
                line(inner, "\(row.name): instance: " + InspectSummary.interfaceSummary(row.type))
            } else if row.kind == "type" {
                line(inner, indentContinuation(row.type, inner))
            } else {
                line(inner, "\(row.name): " + indentContinuation(row.type, inner))
            }
        }
        let shown = min(rows.count, limit)
        if total > shown {
            line(indent + "  ", "… \(total - shown) more (--all lists them)")
        }
    }

    /// Indents the continuation lines of a multi-line type (instance bodies) under `indent`.
    func indentContinuation(_ text: String, _ indent: String) -> String {
        guard text.contains("\n") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { k, l in
            k == 0 ? String(l) : indent + l
        }.joined(separator: "\n")
    }

    mutating func custom(_ c: InspectNode.CustomRow, indent: String) {
        line(indent, "\"\(c.name)\" \(bytes(c.range.count)) at \(hex(c.range.lowerBound))")
        if let e = c.error { line(indent + "  ", "could not decode: \(e)") }
        for (k, v) in c.fields { line(indent + "  ", "\(k): \(v)") }
    }

    /// `1 memory`, `3 element segments`, ... from the report's plural count keys.
    func countText(_ n: Int, _ key: String) -> String {
        let (one, many): (String, String)
        switch key {
        case "memories": (one, many) = ("memory", "memories")
        case "elements": (one, many) = ("element segment", "element segments")
        case "data": (one, many) = ("data segment", "data segments")
        default: (one, many) = (key.hasSuffix("s") ? String(key.dropLast()) : key, key)
        }
        return "\(n) \(n == 1 ? one : many)"
    }

    func hex(_ v: Int) -> String {
        let h = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, hexWidth - h.count)) + h
    }

    func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    /// `1,234 bytes`, `12.3 KiB`, `17.5 MiB`.
    func bytes(_ n: Int) -> String {
        if n < 10_000 { return n == 1 ? "1 byte" : "\(n) bytes" }
        let units = ["KiB", "MiB", "GiB"]
        var v = Double(n) / 1024
        var u = 0
        while v >= 1024 && u < units.count - 1 {
            v /= 1024
            u += 1
        }
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[u])"
    }
}
