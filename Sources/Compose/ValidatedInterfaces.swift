import Dispatch
import Synchronization
import WasmBinary
import WasmComponent

/// Each input validated once, and what that validation worked out: the types planning, the shell check
/// and diagnosis read (which imports name the types of an export, what kind of item an instance member
/// is, the type of the input the shell instantiates).
///
/// An input is validated in full, except that its function bodies go on being checked in the
/// background (``PendingBodies``) while the composition is planned, checked and written; ``finishBodies()``
/// collects the verdict. Inputs embedding the same large module (libpython, libc) have its bodies checked
/// once (``SharedModuleChecks``). An input that does not validate is reduced to its interface
/// (``Interfaces/component(_:)``: its core code replaced by `unreachable`), which is validated instead, so
/// that the wires can still be checked and explained; the input's own error is then found by validating
/// it alone (``Composition/validateInputs()``).
final class ValidatedInterfaces: Sendable {
    enum Entry: Sendable {
        /// The input is valid apart from its bodies, which `bodies` checks (nil: bodies are not checked).
        case full(ValidatedComponent, bodies: PendingBodies?)
        /// The input is invalid; its interface's validation (nil when that is invalid too).
        case interface(ValidatedComponent?)
    }

    private let inputs: [DecodedInput]
    /// Whether function bodies are checked (a composition that is not validated only needs the types).
    private let checkingBodies: Bool
    private let shared = SharedModuleChecks()
    private let cache: Mutex<[Int: Entry]> = Mutex([:])
    /// Validations another thread finished second (its entry was kept): their body checks still count, as
    /// a module they claimed first is checked only there.
    private let seconds: Mutex<[Entry]> = Mutex([])
    /// Per input: its interface component, once made.
    private let components: Mutex<[Int: Component]> = Mutex([:])

    init(_ inputs: [DecodedInput], checkingBodies: Bool) {
        self.inputs = inputs
        self.checkingBodies = checkingBodies
    }

    /// The types of input `s`; nil when even its interface is invalid (the composition's checks say why).
    subscript(_ s: Int) -> ValidatedComponent? {
        switch entry(s) {
        case .full(let v, _): v
        case .interface(let v): v
        }
    }

    /// Input `s`'s validation when the input itself is valid (its bodies perhaps still being checked).
    func validated(_ s: Int) -> ValidatedComponent? {
        if case .full(let v, _) = entry(s) { return v }
        return nil
    }

    /// The entry of input `s`, validating it on first use.
    func entry(_ s: Int) -> Entry {
        if let known = cache.withLock({ $0[s] }) { return known }
        let e = validate(s)
        let (kept, first) = cache.withLock { cache -> (Entry, Bool) in
            if let known = cache[s] { return (known, false) }  // another thread was first
            cache[s] = e
            return (e, true)
        }
        if !first { seconds.withLock { $0.append(e) } }
        return kept
    }

    /// Validates `indices` side by side (planning asks for them one after another).
    func prefetch(_ indices: [Int]) {
        let todo = indices.filter { s in cache.withLock { $0[s] == nil } }
        guard todo.count > 1 else { return }
        DispatchQueue.concurrentPerform(iterations: todo.count) { k in _ = entry(todo[k]) }
    }

    /// Waits for the body checks of every input validated so far (side by side): true when every one
    /// of them is valid. False as well when any input failed to validate: the body checks are shared
    /// between inputs, so the caller then validates each used input alone for its verdict and error.
    func finishBodies() -> Bool {
        let entries = cache.withLock { Array($0.values) } + seconds.withLock { $0 }
        var pending: [PendingBodies] = []
        for e in entries {
            switch e {
            case .full(_, let bodies?): pending.append(bodies)
            case .full(_, nil): return false
            case .interface: return false
            }
        }
        let failed = Atomic<Bool>(false)
        let all = pending
        DispatchQueue.concurrentPerform(iterations: all.count) { k in
            if all[k].finish() != nil { failed.store(true, ordering: .relaxed) }
        }
        return !failed.load(ordering: .relaxed)
    }

    /// The interface component of input `s` (made once).
    func component(_ s: Int) throws(WasmError) -> Component {
        if let known = components.withLock({ $0[s] }) { return known }
        let c = try Interfaces.component(inputs[s].component)
        components.withLock { $0[s] = c }
        return c
    }

    private func validate(_ s: Int) -> Entry {
        var validator = ComponentValidator(features: Checks.features)
        do {
            if checkingBodies {
                validator.shared = shared
                let (v, bodies) = try validator.validatedDeferringBodies(inputs[s].component)
                return .full(v, bodies: bodies)
            }
            return .full(try validator.validated(inputs[s].component, checkingFunctionBodies: false), bodies: nil)
        } catch {
            // The interface's function bodies (`unreachable`, valid for any signature) are not checked.
            let v = try? ComponentValidator(features: Checks.features)
                .validated(try component(s), checkingFunctionBodies: false)
            return .interface(v)
        }
    }
}
