import WasmBinary
import WasmCore

/// `wcomp inspect FILE` without `--types`/`--sections`: a summary that fits on a screen — what the
/// binary is, its imports and exports one line each (functions with their signatures, interfaces
/// with their function count and names), the tree of nested modules and components with their
/// names, sizes and share of the file, producers, custom sections.
struct InspectSummary {
    var options: InspectOptions
    var out: StyledText
    /// The root's size: shares are of the whole file.
    var total = 1
    let fmt: InspectText

    /// A component's imports and exports show this many lines each, and a level of the tree this many
    /// children, unless `--all` is given.
    static let worldLimit = 32
    static let treeLimit = 24
    /// Interface lines are cut at this many columns.
    static let width = 110

    init(options: InspectOptions, colour: Bool) {
        self.options = options
        self.out = StyledText(colour: colour)
        self.fmt = InspectText(options: options)
    }

    static func render(_ root: InspectNode, options: InspectOptions, colour: Bool) -> String {
        var r = InspectSummary(options: options, colour: colour)
        r.total = max(1, root.range.count)
        r.header(root)
        if root.error == nil {
            if root.kind == .component { r.component(root) } else { r.module(root) }
        }
        return r.out.text
    }

    // MARK: Header

    mutating func header(_ n: InspectNode) {
        out.add(n.label, .heading)
        out.add(": ")
        out.add(n.kind == .component ? "component" : "core module", .kind)
        if n.error == nil { out.add(n.kind == .component ? " (version 0x0d, layer 1)" : " (version 1)") }
        out.add(", ")
        out.add(sizeText(n.range.count), .size)
        out.newline()
        if let name = n.displayName { field("name", name) }
        if let e = n.error {
            out.add("  ")
            out.add("error: \(e.message)" + (e.offset.map { " at 0x\(String($0, radix: 16))" } ?? ""), .error)
            out.newline()
        }
    }

    /// `17.5 MiB (18,364,554 bytes)`; small sizes once.
    func sizeText(_ n: Int) -> String {
        let short = fmt.bytes(n)
        return n < 10_000 ? short : "\(short) (\(grouped(n)) bytes)"
    }

    func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (k, c) in s.enumerated() {
            if k > 0 && (s.count - k) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }

    func share(_ n: Int) -> String {
        let tenths = Int((Double(n) * 1000 / Double(total)).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    mutating func field(_ key: String, _ value: String, indent: String = "  ") {
        out.add(indent)
        out.add(key + ":", .dim)
        out.add(" " + value)
        out.newline()
    }

    // MARK: Components

    mutating func component(_ n: InspectNode) {
        producers(n)
        out.add("  ")
        out.add("world:", .heading)
        out.add(" \(count(n.importCount, "import")), \(count(n.exportCount, "export"))")
        out.newline()
        world("imports", n.imports, total: n.importCount)
        world("exports", n.exports, total: n.exportCount)
        let (modules, components) = tally(n)
        if modules + components > 0 {
            out.add("  ")
            out.add("contents:", .heading)
            var parts: [String] = []
            if modules > 0 { parts.append(count(modules, "core module")) }
            if components > 0 { parts.append(count(components, "component")) }
            out.add(" " + parts.joined(separator: ", ") + " (size, share of the file)")
            out.newline()
            let width = min(56, labelWidth(n, indent: 4))
            tree(n.children, indent: "    ", width: width)
        }
        customs(n)
    }

    /// Core modules and components anywhere below `n`.
    func tally(_ n: InspectNode) -> (Int, Int) {
        var m = 0, c = 0
        for child in n.children {
            if child.kind == .module { m += 1 } else { c += 1 }
            let (a, b) = tally(child)
            m += a
            c += b
        }
        return (m, c)
    }

    mutating func world(_ title: String, _ rows: [InspectNode.ItemRow], total: Int) {
        guard total > 0 else { return }
        out.add("    \(title) (\(total)):")
        out.newline()
        let limit = options.all ? Int.max : Self.worldLimit
        let width = min(40, rows.prefix(limit).map { $0.name.count }.max() ?? 0)
        for row in rows.prefix(limit) {
            out.add("      ")
            out.add(row.name, .name)
            out.add(String(repeating: " ", count: max(1, width - row.name.count + 2)))
            let used = 6 + max(width, row.name.count) + 2
            switch row.kind {
            case "instance":
                out.add("instance", .kind)
                out.add("  " + cut(Self.interfaceSummary(row.type), Self.width - used - 10))
            case "func":
                out.add(row.type)
            default:
                out.add(row.kind, .kind)
                let first = row.type.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
                if row.kind == "type" {
                    // A component or instance type's body is shown by --types.
                    out.add("  " + (first.hasSuffix(" {") ? first + " … }" : first))
                } else if first != row.kind {
                    out.add("  " + cut(first, Self.width - used - row.kind.count - 2))
                }
            }
            out.newline()
        }
        if rows.count > limit {
            out.add("      … \(rows.count - limit) more (--all lists them)", .dim)
            out.newline()
        }
    }

    func cut(_ s: String, _ width: Int) -> String {
        let w = max(20, width)
        return s.count <= w ? s : String(s.prefix(w - 1)) + "…"
    }

    /// `3 funcs, 1 resource: pollable.block, poll` from an instance type's text (`instance { ... }`,
    /// one member a line): its functions (resource methods as `resource.method`, constructors as
    /// `resource.new`), resources and other types.
    static func interfaceSummary(_ text: String) -> String {
        var funcs: [String] = []
        var resources = 0, types = 0
        for line in text.split(separator: "\n") {
            // Members of the instance itself are indented by two spaces.
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            let member = line.dropFirst(2)
            if member.hasPrefix("resource ") {
                resources += 1
            } else if member.hasPrefix("use ") {
                continue
            } else if let r = member.firstRange(of: ": func(") ?? member.firstRange(of: ": async func(") {
                funcs.append(functionName(String(member[..<r.lowerBound])))
            } else if let first = member.split(separator: " ").first,
                      ["type", "record", "variant", "enum", "flags"].contains(String(first))
            {
                types += 1
            }
        }
        var parts = [count(funcs.count, "func")]
        if resources > 0 { parts.append(count(resources, "resource")) }
        if types > 0 { parts.append(count(types, "type")) }
        let head = parts.joined(separator: ", ")
        return funcs.isEmpty ? head : head + ": " + funcs.joined(separator: ", ")
    }

    /// `[method]r.m` → `r.m`, `[static]r.f` → `r.f`, `[constructor]r` → `r.new`.
    static func functionName(_ name: String) -> String {
        for prefix in ["[method]", "[static]", "[async method]", "[async static]"] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        if name.hasPrefix("[constructor]") { return String(name.dropFirst("[constructor]".count)) + ".new" }
        return name
    }

    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
    func count(_ n: Int, _ noun: String) -> String { Self.count(n, noun) }

    func treeLabel(_ n: InspectNode) -> String {
        n.displayName.map { "\(n.label) \($0)" } ?? n.label
    }

    func labelWidth(_ n: InspectNode, indent: Int) -> Int {
        n.children.prefix(options.all ? Int.max : Self.treeLimit).map {
            max(indent + treeLabel($0).count, labelWidth($0, indent: indent + 2))
        }.max() ?? 0
    }

    mutating func tree(_ children: [InspectNode], indent: String, width: Int) {
        let limit = options.all ? Int.max : Self.treeLimit
        for child in children.prefix(limit) {
            let label = treeLabel(child)
            out.add(indent)
            out.add(child.label, .kind)
            if let name = child.displayName {
                out.add(" ")
                out.add(name, .name)
            }
            out.add(String(repeating: " ", count: max(1, width - indent.count - label.count + 1)))
            let size = fmt.bytes(child.range.count)
            out.add(String(repeating: " ", count: max(0, 11 - size.count)) + size, .size)
            let pct = share(child.range.count)
            out.add(String(repeating: " ", count: max(1, 7 - pct.count)) + pct)
            out.add("  " + (child.error.map { "error: \($0.message)" } ?? contentsText(child)), child.error == nil ? .dim : .error)
            out.newline()
            if child.kind == .component { tree(child.children, indent: indent + "  ", width: width) }
        }
        if children.count > limit {
            out.add(indent + "… \(children.count - limit) more (--all lists them)", .dim)
            out.newline()
        }
    }

    /// `10878 funcs, 649 imports, 1857 exports` / `17 imports, 17 exports`.
    func contentsText(_ n: InspectNode) -> String {
        var parts: [String] = []
        if n.kind == .module {
            let functions = n.counts.first { $0.0 == "functions" }?.1 ?? 0
            parts.append(count(functions, "func"))
        }
        if n.importCount > 0 { parts.append(count(n.importCount, "import")) }
        if n.exportCount > 0 { parts.append(count(n.exportCount, "export")) }
        return parts.joined(separator: ", ")
    }

    // MARK: Producers and custom sections

    /// The `producers` fields of the whole tree, each value once, in the order first seen (the
    /// root's first): language, processed-by, sdk.
    mutating func producers(_ n: InspectNode) {
        var fields: [(String, [String])] = []
        func collect(_ node: InspectNode) {
            for c in node.customs where c.name == ProducersSection.sectionName {
                for (key, value) in c.fields {
                    let values = value.split(separator: ",").map { $0.trimmingWhitespace() }
                    if let k = fields.firstIndex(where: { $0.0 == key }) {
                        for v in values where !fields[k].1.contains(v) { fields[k].1.append(v) }
                    } else {
                        fields.append((key, values))
                    }
                }
            }
            for child in node.children { collect(child) }
        }
        collect(n)
        guard !fields.isEmpty else { return }
        out.add("  ")
        out.add("producers:", .heading)
        out.newline()
        for (key, values) in fields { field(key, values.joined(separator: ", "), indent: "    ") }
    }

    mutating func customs(_ n: InspectNode) {
        if !n.customs.isEmpty {
            out.add("  ")
            out.add("custom sections:", .heading)
            out.add(" " + n.customs.map { "\($0.name) \(fmt.bytes($0.range.count))" }.joined(separator: ", "))
            out.newline()
        }
        // Nested modules' and components' custom sections, by name.
        var nested: [(String, Int, Int)] = []
        func collect(_ node: InspectNode) {
            for child in node.children {
                for c in child.customs {
                    if let k = nested.firstIndex(where: { $0.0 == c.name }) {
                        nested[k].1 += 1
                        nested[k].2 += c.range.count
                    } else {
                        nested.append((c.name, 1, c.range.count))
                    }
                }
                collect(child)
            }
        }
        collect(n)
        if !nested.isEmpty {
            out.add("  ")
            out.add("nested custom sections:", .heading)
            out.add(" " + nested.map { $0.1 == 1 ? "\($0.0) \(fmt.bytes($0.2))" : "\($0.0) ×\($0.1) \(fmt.bytes($0.2))" }.joined(separator: ", "))
            out.newline()
        }
    }

    // MARK: Core modules

    mutating func module(_ n: InspectNode) {
        let counts = n.counts.filter { $0.1 > 0 }.map { fmt.countText($0.1, $0.0) }
        if !counts.isEmpty {
            out.add("  " + counts.joined(separator: ", "))
            out.newline()
        }
        // Where the bytes are: code, data, custom sections, the rest.
        var code = 0, data = 0, custom = 0
        for s in n.sections {
            switch s.name {
            case "code": code += s.range.count
            case "data": data += s.range.count
            case "custom": custom += s.range.count
            default: break
            }
        }
        let rest = max(0, n.range.count - code - data - custom)
        let parts = [("code", code), ("data", data), ("custom sections", custom), ("other", rest)].filter { $0.1 > 0 }
        if !parts.isEmpty {
            field("sizes", parts.map { "\($0.0) \(fmt.bytes($0.1)) (\(share($0.1)))" }.joined(separator: ", "))
        }
        memories(n)
        var text = InspectText(options: options)
        text.items("imports", n.imports, total: n.importCount, n, indent: "  ")
        text.items("exports", n.exports, total: n.exportCount, n, indent: "  ")
        if let fs = n.functions { text.functions(fs, indent: "  ") }
        for line in text.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            styledItem(String(line))
        }
        // A module's custom sections are few: decoded, as the detailed tree shows them.
        var customs = InspectText(options: options)
        customs.hexWidth = max(4, String(n.range.upperBound, radix: 16).count)
        if !n.customs.isEmpty {
            customs.line("  ", "custom sections (\(n.customs.count)):")
            for c in n.customs { customs.custom(c, indent: "    ") }
        }
        for line in customs.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            styledItem(String(line))
        }
    }

    /// `memory: 2..16 pages (128.0 KiB initial)`: the module's own memories; imported ones are in
    /// the import list.
    mutating func memories(_ n: InspectNode) {
        guard !n.memories.isEmpty else { return }
        let shown = n.memories.map { m -> String in
            let pageLog2 = UInt64(m.limits.pageSizeLog2 ?? 16)
            var s = "\(m.limits) " + (m.limits.min == 1 && m.limits.max == nil ? "page" : "pages")
            if pageLog2 <= 32, m.limits.min <= UInt64(Int.max) >> pageLog2 {
                let (initial, overflow) = Int(m.limits.min).multipliedReportingOverflow(by: 1 << Int(pageLog2))
                if !overflow { s += " (\(fmt.bytes(initial)) initial)" }
            }
            return s
        }
        field(n.memories.count == 1 ? "memory" : "memories", shown.joined(separator: "; "))
    }

    /// A line of the imports/exports/functions lists, its name coloured.
    mutating func styledItem(_ line: String) {
        let body = line.drop { $0 == " " }
        let indent = String(line.prefix(line.count - body.count))
        if body.hasSuffix(":") || body.hasPrefix("…") {
            out.add(indent)
            out.add(String(body), body.hasPrefix("…") ? .dim : .plain)
        } else if let colon = body.firstRange(of: ": ") {
            out.add(indent)
            out.add(String(body[..<colon.lowerBound]), .name)
            out.add(String(body[colon.lowerBound...]))
        } else {
            out.add(line)
        }
        out.newline()
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
