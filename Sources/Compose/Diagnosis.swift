import WasmBinary
import WasmComponent

/// Turns a validation error of the composed shell into the user's terms: which import of which
/// input, satisfied by what, and the path to the difference in WIT words
/// (`func get › result › ok: expected list<u8>, found string`).
struct Diagnosis {
    let composition: Composition
    let builder: ShellBuilder

    var plan: CompositionPlan { composition.plan }

    func explain(_ error: WasmError) -> WasmError {
        let path = error.path.first == "component" ? Array(error.path.dropFirst()) : error.path
        if error.message.contains("local resource type found in imports"), let e = resourceInImport() { return e }
        guard let first = path.first, let n = Self.number(after: "instance ", in: first),
              let s = builder.instanceOwners[n] else { return invalidOutput(error) }
        let rest = Array(path.dropFirst())
        guard let frame = rest.first, let name = Self.quoted(after: "import ", in: frame) else {
            // Not about one import: e.g. a missing argument (which the plan never leaves out).
            return .compose(.composeTypeMismatch, "\(plan.label(s)) cannot be instantiated in the composition: "
                            + error.message, path: [plan.label(s)] + rest)
        }
        let difference = describe(Array(rest.dropFirst()), importName: name, of: s)
        let detail = (difference.isEmpty ? "" : difference.joined(separator: " › ") + ": ") + error.message
        switch plan.binding(of: name, in: s) {
        case .wire(let w)?:
            let wire = "import `\(name)` of \(plan.label(s)) ← export `\(w.exportName)` of \(plan.label(w.provider))"
            return .compose(.composeTypeMismatch, "type mismatch: \(wire): \(detail)", path: [wire] + difference)
        case .imported(let g)?:
            let others = Set(g.importers.filter { $0.input != s }.map { plan.label($0.input) }).sorted()
            let what = "import `\(name)` of \(plan.label(s))"
            if others.isEmpty { return invalidOutput(error) }
            return .compose(.composeImportConflict, "\(what) cannot share the result's import `\(g.name)` with "
                            + "\(others.joined(separator: ", ")): \(detail)",
                            path: ["\(what) ← import `\(g.name)`"] + difference)
        case nil:
            return invalidOutput(error)
        }
    }

    /// An import of the result whose type reaches a provider's export: when that export is a resource
    /// the provider defines, the result cannot import it (imports may only use imported resources).
    private func resourceInImport() -> WasmError? {
        guard let (g, wires) = builder.importWires.sorted(by: { $0.key < $1.key }).first else { return nil }
        let group = plan.imports[g]
        let importers = Set(group.importers.map { plan.label($0.input) }).sorted().joined(separator: ", ")
        let via = wires.sorted().map { w in
            let wire = plan.wires[w]
            return "`\(wire.importName)` from \(plan.label(wire.provider))"
        }.joined(separator: ", ")
        return .compose(.composeUnresolvableImport, "import `\(group.name)` (of \(importers)) cannot be an import of the "
                        + "result: its type uses a resource defined by a provider (through \(via)), and an import may "
                        + "only use imported resources; let a provider export `\(group.name)` as well, or do not "
                        + "satisfy \(via) inside the composition", path: ["import `\(group.name)`"])
    }

    private func invalidOutput(_ error: WasmError) -> WasmError {
        var e = error
        e.code = .composeInvalidOutput
        e.kind = .invalid
        e.message = "the composed component is invalid (please report this as a wcomp bug): " + error.message
        return e
    }

    /// The validator's frames below an import, with instance members named by kind
    /// (`export "get"` → `func get`) using the importer's types.
    func describe(_ frames: [String], importName: String, of s: Int) -> [String] {
        let space = TypeSpace(composition.inputs[s].component)
        var current = space.imports().first { $0.name.name == importName }?.item
        var out: [String] = []
        for f in frames {
            if let member = Self.quoted(after: "export ", in: f) {
                if case .instance(let id)? = current, let info = try? space.instance(id),
                   let found = info.exports.last(where: { $0.name.name == member }) {
                    out.append("\(found.item.kind) \(member)")
                    current = found.item
                    continue
                }
                current = nil
                out.append("export \(member)")
                continue
            }
            current = nil
            out.append(f.replacingQuotes())
        }
        return out
    }

    static func number(after prefix: String, in frame: String) -> UInt32? {
        guard frame.hasPrefix(prefix) else { return nil }
        return UInt32(frame.dropFirst(prefix.count))
    }

    static func quoted(after prefix: String, in frame: String) -> String? {
        guard frame.hasPrefix(prefix + "\""), frame.hasSuffix("\""), frame.count >= prefix.count + 2 else { return nil }
        return String(frame.dropFirst(prefix.count + 1).dropLast())
    }
}

extension String {
    /// `param "key"` → `param key`.
    func replacingQuotes() -> String { String(filter { $0 != "\"" }) }
}
