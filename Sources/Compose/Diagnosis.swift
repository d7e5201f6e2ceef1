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
        let path = error.path.first == .component ? Array(error.path.dropFirst()) : error.path
        if error.message.contains("local resource type found in imports"), let e = resourceInImport() { return e }
        guard case .item("instance", let n)? = path.first, let s = builder.instanceOwners[UInt32(n)] else {
            return invalidOutput(error)
        }
        let rest = Array(path.dropFirst())
        guard case .quoted("import", let name)? = rest.first else {
            // Not about one import: e.g. a missing argument (which the plan never leaves out).
            return .compose(.composeTypeMismatch, "\(plan.label(s)) cannot be instantiated in the composition: "
                            + error.message, path: [.text(plan.label(s))] + rest)
        }
        let difference = describe(Array(rest.dropFirst()), importName: name, of: s)
        let detail = (difference.isEmpty ? "" : difference.rendered + ": ") + error.message
        switch plan.binding(of: name, in: s) {
        case .wire(let w)?:
            let wire = "import `\(name)` of \(plan.label(s)) ← export `\(w.exportName)` of \(plan.label(w.provider))"
            return .compose(.composeTypeMismatch, "type mismatch: \(wire): \(detail)", path: [.text(wire)] + difference)
        case .imported(let g)?:
            let others = Set(g.importers.filter { $0.input != s }.map { plan.label($0.input) }).sorted()
            let what = "import `\(name)` of \(plan.label(s))"
            if others.isEmpty {
                let wire = "import `\(name)` of \(plan.label(s)) ← import `\(g.name)` of the result"
                return .compose(.composeTypeMismatch, "mismatched instantiation argument: \(wire): \(detail)",
                                path: [.text(wire)] + difference)
            }
            return .compose(.composeImportConflict, "\(what) cannot share the result's import `\(g.name)` with "
                            + "\(others.joined(separator: ", ")): \(detail)",
                            path: [.text("\(what) ← import `\(g.name)`")] + difference)
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
                        + "satisfy \(via) inside the composition", path: [.text("import `\(group.name)`")])
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
    func describe(_ frames: [PathFrame], importName: String, of s: Int) -> [PathFrame] {
        let v = composition.interfaces[s]
        var current = v?.rootType.imports[importName]?.entity
        var out: [PathFrame] = []
        for f in frames {
            if case .quoted("export", let member) = f {
                if case .instance(let t)? = current, let v, let found = v.arena.instances[t.index].exports[member] {
                    out.append(.member(found.entity.desc, member))
                    current = found.entity
                    continue
                }
                current = nil
                out.append(.member("export", member))
                continue
            }
            current = nil
            switch f {
            case .quoted(let kind, let name): out.append(.member(kind, name))  // `param "key"` → `param key`
            case .text(let text): out.append(.text(text.filter { $0 != "\"" }))
            default: out.append(f)
            }
        }
        return out
    }
}
