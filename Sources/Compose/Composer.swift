import Dispatch
import Synchronization
import WasmBinary
import WasmComponent

/// Links a consumer with providers into one component.
///
/// ```swift
/// let c = try Composition(consumer: .load(path: "app.wasm"), providers: [.load(path: "cache.wasm")])
/// print(c.plan.wires)                 // how each import is satisfied
/// try c.check()                       // type-check every wire (cheap; also done by output())
/// let out = try c.output()            // validated unless options.validate is false
/// // write out.parts in order
/// ```
///
/// Matching: each import of a component in the composition is satisfied by a provider's export of
/// the same name, else (unless `semver` is off) by the highest semver-compatible version; `--wire`
/// requests take precedence. Providers satisfy each other's imports, transitively; whatever nothing
/// satisfies becomes an import of the result (merged by name; instance imports as the union of what
/// their importers declare). The result exports what the consumer exports, plus the providers'
/// exports that name types the consumer's exports use (``NamedExports``).
///
/// Validation is split so that nothing is validated twice: each input is validated once, when it is
/// planned (``ValidatedInterfaces``; its function bodies checked in the background meanwhile);
/// ``check()`` validates the result's top level with each input's type taken from that validation,
/// which type-checks every wire with component subtyping; ``output()`` then waits for the bodies'
/// verdict. The inputs are embedded byte for byte, so together this validates the result. (When an
/// input is invalid, each used input is validated again alone, for the error it gives on its own.)
public final class Composition {
    public internal(set) var plan: CompositionPlan
    public let options: ComposeOptions
    let inputs: [DecodedInput]
    /// Each input's interface, validated once (for naming and diagnosis).
    let interfaces: ValidatedInterfaces
    let bindings: [[Planner.Binding]]
    private var shell: ShellBuilder?
    /// For a composition document (``init(graph:options:)``): input → the input whose component
    /// it instantiates, and each instance's name.
    var sharedComponents: [Int]?
    var instanceNames: [String]?
    /// A document's imports with a declared type (helper types, then the import's type).
    var declaredImports: [Int: [ComponentType]] = [:]
    private var checked = false
    /// Whether ``check()`` takes valid inputs' types from their validation (false: every input is
    /// embedded as its interface and validated inside the shell, the way to compare the two in tests).
    var adoptsValidatedInputs = true

    /// Decodes the inputs and plans the composition (no types are checked yet).
    public init(consumer: ComposeInput, providers: [ComposeInput], options: ComposeOptions = .init()) throws(WasmError) {
        var decoded: [DecodedInput] = []
        for input in [consumer] + providers {
            guard input.bytes.count <= Int(UInt32.max) else {
                throw WasmError(.composeUnsupported, "\(input.label) is larger than 4 GiB", offset: nil,
                                kind: .invalid, file: input.label)
            }
            decoded.append(try DecodedInput(input))
        }
        inputs = decoded
        interfaces = ValidatedInterfaces(decoded, checkingBodies: options.validate)
        interfaces.prefetch(Array(decoded.indices))
        self.options = options
        var (plan, bindings) = try Planner(inputs: decoded, options: options).plan()
        var named = NamedExports(inputs: decoded, interfaces: interfaces, plan: plan, bindings: bindings)
        plan.exports = try named.exports()
        self.plan = plan
        self.bindings = bindings
    }

    /// A composition planned elsewhere (``init(graph:options:)``).
    init(inputs: [DecodedInput], plan: CompositionPlan, bindings: [[Planner.Binding]], options: ComposeOptions) {
        self.inputs = inputs
        interfaces = ValidatedInterfaces(inputs, checkingBodies: options.validate)
        self.plan = plan
        self.bindings = bindings
        self.options = options
    }

    /// Builds the top level of the result and type-checks every wire and every merged import (by
    /// validating the composed component with each input reduced to its interface).
    public func check() throws(WasmError) {
        if checked { return }
        let builder = try builtShell()
        var sections: [ComponentSection] = []
        // Each valid input's validation gives its type; an invalid one is embedded as its interface.
        var given: [Int: ValidatedComponent] = [:]
        if adoptsValidatedInputs {
            interfaces.prefetch(builder.parts.compactMap { if case .input(let k) = $0 { k } else { nil } })
        }
        for part in builder.parts {
            switch part {
            case .section(let s): sections.append(s)
            case .input(let k):
                if adoptsValidatedInputs, let v = interfaces.validated(k), v.isAdoptable {
                    given[sections.count] = v
                    sections.append(.component(Component(sections: [])))
                    continue
                }
                let interface = try withFrame(.text(inputs[k].label)) { () throws(WasmError) in
                    try interfaces.component(k)
                }
                sections.append(.component(interface))
            }
        }
        do {
            try Checks.validateShell(Component(sections: sections), adopting: given)
        } catch {
            throw Diagnosis(composition: self, builder: builder).explain(error)
        }
        checked = true
    }

    /// The composed component. Unless `options.validate` is false, every input is validated in full
    /// first; with the shell check this validates the whole result, each part once.
    public func output() throws(WasmError) -> ComposedComponent {
        try check()
        try validateInputs()
        return ComposedComponent(shell: try builtShell().parts, inputs: inputs)
    }

    /// The composed component, neither its wires checked nor its inputs validated: for writing it
    /// while ``validate()`` runs (`OutputFile.write(_:to:checking:)`), which together is what
    /// ``output()`` does.
    public func unvalidatedOutput() throws(WasmError) -> ComposedComponent {
        ComposedComponent(shell: try builtShell().parts, inputs: inputs)
    }

    /// ``check()`` and ``validateInputs()``, side by side (they read nothing the other writes): everything
    /// ``output()`` checks. The wires' error, if any, is the one thrown, as when they run one after the other.
    public func validate() throws(WasmError) {
        guard options.validate else { return try check() }
        let me = UncheckedComposition(value: self)
        let errors = Mutex<[WasmError?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { k in
            do throws(WasmError) {
                if k == 0 { try me.value.check() } else { try me.value.validateInputs() }
            } catch {
                errors.withLock { $0[k] = error }
            }
        }
        let (wires, inputs) = errors.withLock { ($0[0], $0[1]) }
        if let wires { throw wires }
        if let inputs { throw inputs }
    }

    /// Validates every used input in full (side by side), unless `options.validate` is false.
    public func validateInputs() throws(WasmError) {
        if options.validate {
            // Inputs are independent: validate them side by side (each also checks its function
            // bodies in parallel); report the first failure in instantiation order.
            var used = plan.order.filter { plan.inputs[$0].used }
            if let shared = sharedComponents {
                // One validation per component, however many instances.
                var seen = Set<Int>()
                used = used.filter { seen.insert(shared[$0]).inserted }
            }
            // Every input was validated when planned, its bodies checked since: the common case ends here.
            interfaces.prefetch(used)
            if used.allSatisfy({ interfaces.validated($0) != nil }), interfaces.finishBodies() { return }
            // Otherwise each used input is validated again, alone (no body checks shared), for its own
            // verdict and the error it gives.
            let order = used
            let inputs = self.inputs
            let failures = Mutex<[Int: WasmError]>([:])
            DispatchQueue.concurrentPerform(iterations: order.count) { i in
                do throws(WasmError) {
                    try Checks.validateInput(inputs[order[i]])
                } catch {
                    failures.withLock { $0[i] = error }
                }
            }
            if let (i, error) = failures.withLock({ $0.min { $0.key < $1.key } }) {
                var e = error
                e.file = inputs[order[i]].label
                throw e
            }
        }
    }

    func builtShell() throws(WasmError) -> ShellBuilder {
        if let shell { return shell }
        let b = ShellBuilder(inputs: inputs, plan: plan, bindings: bindings)
        b.sharedComponents = sharedComponents
        b.instanceNames = instanceNames
        b.declaredImports = declaredImports
        try b.build()
        shell = b
        return b
    }
}

/// A composition handed to the threads of ``Composition/validate()``: ``Composition/check()`` writes only
/// its own state (the shell, `checked`), ``Composition/validateInputs()`` only reads the inputs and the plan.
private struct UncheckedComposition: @unchecked Sendable {
    let value: Composition
}
