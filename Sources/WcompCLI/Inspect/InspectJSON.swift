import WasmBinary
/// Renders an ``InspectNode`` tree as one JSON document (the same information as the text form).
enum InspectJSON {
    static func render(_ root: InspectNode, file: String) -> JSON {
        var fields = node(root)
        fields.insert(("file", .string(file)), at: 0)
        return .object(fields)
    }

    static func range(_ r: Range<Int>) -> [(String, JSON)] {
        [("offset", .int(r.lowerBound)), ("size", .int(r.count))]
    }

    static func node(_ n: InspectNode) -> [(String, JSON)] {
        var f: [(String, JSON)] = [("kind", .string(n.kind.rawValue)), ("label", .string(n.label))]
        if let name = n.displayName { f.append(("name", .string(name))) }
        f += range(n.range)
        if let e = n.error {
            f.append(("error", ErrorReport.json(e)))
            return f
        }
        f.append(("version", .int(n.version)))
        f.append(("layer", .int(n.layer)))
        if n.kind == .module {
            f.append(("counts", .object(n.counts.map { ($0.0, .int($0.1)) })))
            // The module's own memories (limits in pages, as the summary shows them).
            f.append(("memories", .array(n.memories.map { .string($0.description) })))
        }
        f.append(("imports", .array(n.imports.map(item))))
        f.append(("exports", .array(n.exports.map(item))))
        f.append(("sections", .array(n.sections.map { s in
            var o: [(String, JSON)] = [("name", .string(s.name))]
            if let c = s.customName { o.append(("customName", .string(c))) }
            o += range(s.range)
            if let items = s.items { o.append(("items", .int(items))) }
            if let f = s.startFunction {
                o.append(("function", .int(f.index)))
                if let name = f.name { o.append(("functionName", .string(name))) }
            }
            if let d = s.dataCount { o.append(("dataCount", .int(d))) }
            return .object(o)
        })))
        f.append(("custom", .array(n.customs.map { c in
            var o: [(String, JSON)] = [("name", .string(c.name))] + range(c.range)
            if !c.fields.isEmpty { o.append(("fields", .object(c.fields.map { ($0.0, .string($0.1)) }))) }
            if let e = c.error { o.append(("error", .string(e))) }
            return .object(o)
        })))
        if let fs = n.functions {
            f.append(("functions", .array(fs.map { fn in
                var o: [(String, JSON)] = [("index", .int(fn.index))]
                if let name = fn.name { o.append(("name", .string(name))) }
                o.append(("type", .string(fn.type)))
                o.append(("imported", .bool(fn.imported)))
                if let r = fn.bodyRange { o.append(("body", .object(range(r)))) }
                return .object(o)
            })))
        }
        f.append(("children", .array(n.children.map { .object(node($0)) })))
        return f
    }

    static func item(_ i: InspectNode.ItemRow) -> JSON {
        .object([("name", .string(i.name)), ("kind", .string(i.kind)), ("type", .string(i.type))])
    }
}
