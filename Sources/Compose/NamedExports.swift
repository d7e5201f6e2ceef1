import WasmBinary
import WasmComponent

/// The exports a composition adds so that the consumer's exports stay valid.
///
/// A component may export a function (or an instance) only if every record, variant, enum, flags and
/// resource type it uses has an imported or exported name. In the consumer, a type such as `error`
/// in `run: func() -> result<_, error>` is named by the import it comes from
/// (`example:cache/cache`). Once a provider satisfies that import, the import is gone from the
/// result, and with it the name: the result would be invalid.
///
/// The name is kept by exporting the provider's export the type comes from, beside the consumer's
/// exports and before them: the result exports `example:cache/cache` (the provider's instance, under
/// the provider's name for it) as well as `run`. That is what a WIT world for the result says
/// anyway: `export run: func() -> result<_, error>` with `use example:cache/cache.{error}` needs
/// the interface. The added export's own types may in turn be named by the provider's imports or
/// earlier exports, so the rule applies again from there (a chain of providers adds one export
/// each). Which imports name which types comes from the validator (``ComponentValidator/exportNeeds(of:)``),
/// so it follows the validator's rule exactly.
struct NamedExports {
    let inputs: [DecodedInput]
    let plan: CompositionPlan
    let bindings: [[Planner.Binding]]
    private var needs: [Int: [ExportNeeds]] = [:]
    private let interfaces: ValidatedInterfaces
    private var added: [CompositionPlan.Export] = []
    private var visiting: Set<String> = []

    init(inputs: [DecodedInput], interfaces: ValidatedInterfaces, plan: CompositionPlan, bindings: [[Planner.Binding]]) {
        self.inputs = inputs
        self.interfaces = interfaces
        self.plan = plan
        self.bindings = bindings
    }

    /// The result's exports: the added ones first (each before what needs it), then the consumer's.
    /// Nothing is added when no import of the consumer is satisfied.
    mutating func exports() throws(WasmError) -> [CompositionPlan.Export] {
        let own = plan.exports
        guard plan.wires.contains(where: { $0.importer == 0 }) else { return own }
        for (e, export) in zip(inputs[0].exports, own) {
            try keepNames(for: 0, export: e.name.name, shownAs: export.name)
        }
        for a in added where own.contains(where: { $0.name == a.name }) {
            throw .compose(.composeUnsupported, "the consumer's exports use types of `\(a.name)` from "
                           + "\(inputs[a.input].label), so the result must export it to keep their names, but "
                           + "\(inputs[0].label) exports an item of that name itself")
        }
        return added + own
    }

    /// Makes sure that what export `name` of input `s` relies on for its types' names is imported or
    /// exported by the result.
    private mutating func keepNames(for s: Int, export name: String, shownAs shown: String) throws(WasmError) {
        guard let need = try needs(of: s).first(where: { $0.export == name }) else { return }
        for importName in need.imports {
            guard let k = inputs[s].imports.firstIndex(where: { $0.name.name == importName }) else { continue }
            switch bindings[s][k] {
            case .imported, .importExport:
                break  // the result imports it: still named
            case .wire(let w), .derived(let w, _), .instance(let w):
                let wire = plan.wires[w]
                try export(wire.exportName, of: wire.provider, neededBy: shown)
            }
        }
        if s != 0 {
            // The consumer's own earlier exports are exported anyway, in order.
            for earlier in need.exports { try export(earlier, of: s, neededBy: shown) }
        }
    }

    /// Adds export `name` of provider `p` to the result (once), after what it needs itself.
    private mutating func export(_ name: String, of p: Int, neededBy: String) throws(WasmError) {
        if let k = added.firstIndex(where: { $0.input == p && $0.name == name }) {
            if !added[k].neededBy.contains(neededBy) { added[k].neededBy.append(neededBy) }
            return
        }
        let key = "\(p)/\(name)"
        guard visiting.insert(key).inserted else { return }  // needs itself through a cycle: already on its way
        defer { visiting.remove(key) }
        guard let e = inputs[p].exports.first(where: { $0.name.name == name }) else {
            throw .compose(.composeInvalidOutput, "internal: \(inputs[p].label) has no export `\(name)`")
        }
        if let clash = added.first(where: { $0.name == name }) {
            throw .compose(.composeUnsupported, "the result must export `\(name)` of both \(inputs[clash.input].label) "
                           + "and \(inputs[p].label) to keep the names of the types its exports use, but it can "
                           + "export only one item of that name")
        }
        try keepNames(for: p, export: name, shownAs: name)
        added.append(CompositionPlan.Export(name: name, kind: e.kind, input: p, neededBy: [neededBy]))
    }

    private mutating func needs(of s: Int) throws(WasmError) -> [ExportNeeds] {
        if let n = needs[s] { return n }
        // Interface-only: the core code plays no part in naming. An input that does not validate
        // has no dependencies here; the composition's checks report why it is invalid.
        let n = interfaces[s]?.exportNeeds ?? []
        needs[s] = n
        return n
    }
}
