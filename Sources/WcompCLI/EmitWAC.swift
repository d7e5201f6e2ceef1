import Compose
import WasmBinary

/// `compose CONSUMER PROVIDER... --dry-run --emit-wac`: the plan as a composition document, to
/// start from a plug and edit it.
enum EmitWAC {
    static func document(_ plan: CompositionPlan, paths: [String], inputs: [ComposeInput]) -> String {
        var names: [String] = []
        for p in paths {
            var base = kebab(stem(p))
            var k = 2
            while names.contains(base) || base == "composition" {
                base = kebab(stem(p)) + "\(k)"
                k += 1
            }
            names.append(base)
        }
        let used = plan.order.filter { plan.inputs[$0].used }
        var s = "// The composition of \(paths.first ?? "") with its providers, as `wcomp compose` planned it.\n"
        s += "// Compose it with:\n//   wcomp compose composition.wac"
        for k in used { s += " --dep wcomp:\(names[k])=\(paths[k])" }
        s += " -o composed.wasm\npackage wcomp:composition;\n\n"
        for k in used {
            var args: [String] = []
            for w in plan.wires where w.importer == k && w.match != .derived {
                args.append("\(quote(w.importName)): \(names[w.provider])[\(quote(w.exportName))]")
            }
            if plan.imports.contains(where: { $0.importers.contains { $0.input == k } }) { args.append("...") }
            let body = args.isEmpty ? "{}" : "{\n" + args.map { "    \($0)," }.joined(separator: "\n") + "\n}"
            s += "let \(names[k]) = new wcomp:\(names[k]) \(body);\n"
        }
        s += "\n"
        for e in plan.exports where e.input != 0 {
            s += "export \(names[e.input])[\(quote(e.name))];\n"
        }
        if plan.exports.contains(where: { $0.input == 0 }) { s += "export \(names[0])...;\n" }
        return s
    }

    static func stem(_ path: String) -> String {
        var name = Substring(path.split(separator: "/").last ?? "component")
        for ext in [".wasm", ".wat"] where name.hasSuffix(ext) { name = name.dropLast(ext.count) }
        return String(name)
    }

    /// A WAC identifier for a file name (`my_Provider.v2` → `my-provider-v2`).
    static func kebab(_ s: String) -> String {
        var out = ""
        for c in s.lowercased().unicodeScalars {
            let ok = ("a"..."z").contains(c) || ("0"..."9").contains(c)
            if ok {
                if out.isEmpty, ("0"..."9").contains(c) { out += "c" }
                out.unicodeScalars.append(c)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        // Words after `-` must start with a letter.
        let words = out.split(separator: "-").map { w in w.first.map { ("0"..."9").contains($0) } == true ? "v" + w : String(w) }
        let joined = words.joined(separator: "-")
        return joined.isEmpty ? "component" : joined
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if c.value < 0x20 || c.value == 0x7F { out += "\\u{\(String(c.value, radix: 16))}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}
