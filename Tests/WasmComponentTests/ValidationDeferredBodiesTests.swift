import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Nested modules' function bodies are checked on other threads while the component is validated
/// (`BodyPool`). The error reported must still be the one sequential validation meets first: the
/// lowest offset, with the full structure path.
final class ValidationDeferredBodiesTests: XCTestCase {
    // The fixtures' bad module is `(core module (func (result i32) f32.const 0))`.

    func testBodyErrorBeforeALaterComponentError() throws {
        let e = try XCTUnwrap(validationError("body-error-before-a-later-component-error"))
        XCTAssertEqual(e.path, ["component", "core module 0", "code section", "func 0", "end"])
        XCTAssertTrue(e.message.hasPrefix("type mismatch"), e.message)
    }

    func testComponentErrorBeforeABadBody() throws {
        let e = try XCTUnwrap(validationError("component-error-before-a-bad-body"))
        XCTAssertEqual(e.path, ["component", "type 0"])
    }

    func testFirstOfTwoBadModulesAndNestedPath() throws {
        let e = try XCTUnwrap(validationError("first-of-two-bad-modules-and-nested-path"))
        XCTAssertEqual(e.path, ["component", "component 0", "core module 1", "code section", "func 0", "end"])
    }

    /// `(module (func $parse) (func …) …)`: after `$parse`, 1200 functions of 120 × `i32.const 1 drop`
    /// each (over 256 KiB of code), of which functions 701 and 901 are `(func (result i32) … f32.const 0)`.
    /// Built here, as the text would be 2.4 MB: the bytes are those `wasm-tools parse` makes of that text
    /// (type, function and code sections, and a `name` section naming `$parse`).
    static func largeModule() -> [UInt8] {
        let filler: [UInt8] = Array(repeating: [0x41, 0x01, 0x1A], count: 120).flatMap { $0 }
        var types: [UInt32] = [0]
        var bodies: [[UInt8]] = [[0x00, 0x0B]]
        for k in 0..<1200 {
            let bad = k == 700 || k == 900
            types.append(bad ? 1 : 0)
            bodies.append([0x00] + filler + (bad ? [0x43, 0x00, 0x00, 0x00, 0x00] : []) + [0x0B])
        }
        return Bytes.module(
            Bytes.section(1, Bytes.vec([Bytes.void, Bytes.funcType([], [0x7F])])),
            Bytes.section(3, Bytes.vec(types.map(Bytes.u32))),
            Bytes.section(10, Bytes.vec(bodies.map { Bytes.u32(UInt32($0.count)) + $0 })),
            Bytes.names([(0, "parse")]))
    }

    /// A module big enough for background workers (over 256 KiB of code) with two bad bodies: the
    /// first is reported, exactly as the sequential validator reports it.
    func testLargeModuleReportsTheFirstBadBody() throws {
        let module = Self.largeModule()
        let sequential: WasmError
        do {
            _ = try ModuleValidator.validate(ByteSlice(copying: module), options: .init(threads: 1))
            return XCTFail("the module is invalid")
        } catch {
            sequential = error
        }
        XCTAssertEqual(sequential.path, ["code section", "func 701", "end"])
        for threads in [1, 2, 4] {
            let pool = BodyPool(threads: threads)
            _ = try ModuleValidator.validate(ByteSlice(copying: module), features: .default, deferringBodiesTo: pool,
                                             context: ["core module 0"])
            let e = try XCTUnwrap(pool.finish())
            XCTAssertEqual(e.path, ["core module 0"] + sequential.path, "threads \(threads)")
            XCTAssertEqual(e.offset, sequential.offset, "threads \(threads)")
            XCTAssertEqual(e.message, sequential.message)
        }
        // An error of the caller's before the first bad body wins: the pool reports nothing.
        let pool = BodyPool(threads: 2)
        _ = try ModuleValidator.validate(ByteSlice(copying: module), features: .default, deferringBodiesTo: pool, context: [])
        XCTAssertNil(pool.finish(before: try XCTUnwrap(sequential.offset)))
        // Inside a component, the same error with the component's frames.
        let component = Bytes.component(Bytes.section(1, module))
        do {
            try ComponentValidator(features: .default).validate(bytes: ByteSlice(copying: component))
            XCTFail("the component is invalid")
        } catch {
            XCTAssertEqual(error.path, ["component", "core module 0"] + sequential.path)
            XCTAssertEqual(error.message, sequential.message)
        }
    }

    /// Validations sharing body checks (`SharedModuleChecks`, as compose's inputs do): the first to reach a
    /// module checks its bodies, the others leave them out, and a module of another's bytes is checked again.
    func testSharedBodyChecks() throws {
        let module = Self.largeModule()
        XCTAssertGreaterThan(module.count, SharedModuleChecks.minimumBytes)
        let a = ByteSlice(copying: Bytes.component(Bytes.section(1, module)))
        let b = ByteSlice(copying: Bytes.component(Bytes.section(1, module)))  // the same module, another copy
        var v = ComponentValidator(features: .default)
        v.shared = SharedModuleChecks()
        XCTAssertThrowsError(try v.validate(bytes: a)) { e in
            XCTAssertEqual((e as? WasmError)?.path.first, "component")
        }
        // The bodies were checked (and failed) in the first validation: the second leaves them out.
        XCTAssertNoThrow(try v.validate(bytes: b))
        // Without sharing, or sharing with no one before, each finds the bad body itself.
        XCTAssertThrowsError(try ComponentValidator(features: .default).validate(bytes: b))
        var fresh = ComponentValidator(features: .default)
        fresh.shared = SharedModuleChecks()
        XCTAssertThrowsError(try fresh.validate(bytes: b))
        // A module with other bytes is not taken for the shared one.
        var other = module
        other[other.count - 1] ^= 0x01  // inside the name section's last name
        XCTAssertThrowsError(try v.validate(bytes: ByteSlice(copying: Bytes.component(Bytes.section(1, other)))))
    }

    /// `validatedDeferringBodies`: the types come back before the bodies are checked; `finish()` then gives
    /// the body error validation gives (and the same on every call). An error of the component's own, or
    /// a body error before it, is thrown at once, as `validated` throws it.
    func testBodiesCheckedAfterTheTypesComeBack() throws {
        let module = Self.largeModule()
        let component = try Component.decode(ByteSlice(copying: Bytes.component(Bytes.section(1, module))), mode: .shallow)
        let (v, bodies) = try ComponentValidator(features: .default).validatedDeferringBodies(component)
        XCTAssertEqual(v.summary.coreModules, 1)
        let e = try XCTUnwrap(bodies.finish())
        XCTAssertEqual(e.path, ["component", "core module 0", "code section", "func 701", "end"])
        XCTAssertEqual(bodies.finish(), e)
        let valid = try Component.decode(ByteSlice(copying: Bytes.component(Bytes.section(1, Bytes.module()))), mode: .shallow)
        XCTAssertNil(try ComponentValidator(features: .default).validatedDeferringBodies(valid).1.finish())
        for name in ["body-error-before-a-later-component-error", "component-error-before-a-bad-body"] {
            let expected = try XCTUnwrap(validationError(name))
            let c = try Component.decode(ByteSlice(copying: try fixture(name)), mode: .shallow)
            XCTAssertThrowsError(try ComponentValidator(features: .all).validatedDeferringBodies(c), name) { error in
                XCTAssertEqual(error as? WasmError, expected, name)
            }
        }
    }
}
