import Dispatch
import Synchronization
import WasmBinary
import WasmComponent

/// Each input's interface (``Interfaces/component(_:)``: its core code replaced by `unreachable`),
/// validated once and kept: the types planning and diagnosis read (which imports name the types of
/// an export, what kind of item an instance member is). The full validation of an input's code is
/// separate (``Composition/validateInputs()``) and also happens once.
final class ValidatedInterfaces: Sendable {
    private let inputs: [DecodedInput]
    /// Per input: nil until asked for; then the validated interface, or nil when it does not validate.
    private let cache: Mutex<[Int: ValidatedComponent?]> = Mutex([:])
    /// Per input: its interface component, once made.
    private let components: Mutex<[Int: Component]> = Mutex([:])

    init(_ inputs: [DecodedInput]) { self.inputs = inputs }

    /// The validated interface of input `s`; nil when it is invalid (the composition's checks say why).
    subscript(_ s: Int) -> ValidatedComponent? {
        if let known = cache.withLock({ $0[s] }) { return known }
        let v = validate(s)
        cache.withLock { $0[s] = .some(v) }
        return v
    }

    /// Validates the interfaces of `indices` side by side (planning asks for them one after another).
    func prefetch(_ indices: [Int]) {
        let todo = indices.filter { s in cache.withLock { $0[s] == nil } }
        guard todo.count > 1 else { return }
        DispatchQueue.concurrentPerform(iterations: todo.count) { k in
            let v = validate(todo[k])
            cache.withLock { $0[todo[k]] = .some(v) }
        }
    }

    /// The interface component of input `s` (made once).
    func component(_ s: Int) throws(WasmError) -> Component {
        if let known = components.withLock({ $0[s] }) { return known }
        let c = try Interfaces.component(inputs[s].component)
        components.withLock { $0[s] = c }
        return c
    }

    /// The interface's function bodies (`unreachable`, valid for any signature) are not checked.
    private func validate(_ s: Int) -> ValidatedComponent? {
        do {
            return try ComponentValidator(features: Checks.features)
                .validated(try component(s), checkingFunctionBodies: false)
        } catch {
            return nil
        }
    }
}
