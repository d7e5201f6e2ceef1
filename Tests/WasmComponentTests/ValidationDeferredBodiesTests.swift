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
    static let badModule = "(core module (func (result i32) f32.const 0))"

    func testBodyErrorBeforeALaterComponentError() throws {
        let error = try validationError("""
            (component
              \(Self.badModule)
              (export "x" (func 7)))
            """)
        let e = try XCTUnwrap(error)
        XCTAssertEqual(e.path, ["component", "core module 0", "code section", "func 0", "end"])
        XCTAssertTrue(e.message.hasPrefix("type mismatch"), e.message)
    }

    func testComponentErrorBeforeABadBody() throws {
        let error = try validationError("""
            (component
              (type (func (param "not--kebab" u32)))
              \(Self.badModule))
            """)
        let e = try XCTUnwrap(error)
        XCTAssertEqual(e.path, ["component", "type 0"])
    }

    func testFirstOfTwoBadModulesAndNestedPath() throws {
        let error = try validationError("""
            (component
              (core module)
              (component (core module) \(Self.badModule))
              \(Self.badModule))
            """)
        let e = try XCTUnwrap(error)
        XCTAssertEqual(e.path, ["component", "component 0", "core module 1", "code section", "func 0", "end"])
    }

    /// A module big enough for background workers (over 256 KiB of code) with two bad bodies: the
    /// first is reported, exactly as the sequential validator reports it.
    func testLargeModuleReportsTheFirstBadBody() throws {
        var funcs = ""
        let filler = String(repeating: "i32.const 1 drop ", count: 120)
        for k in 0..<1200 {
            funcs += k == 700 || k == 900 ? "(func (result i32) \(filler) f32.const 0)\n" : "(func \(filler))\n"
        }
        let module = try assembleWithWasmTools("(module (func $parse) \(funcs))")
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
        let component = try assembleWithWasmTools("(component (core module (func $parse) \(funcs)))")
        do {
            try ComponentValidator(features: .default).validate(bytes: ByteSlice(copying: component))
            XCTFail("the component is invalid")
        } catch {
            XCTAssertEqual(error.path, ["component", "core module 0"] + sequential.path)
            XCTAssertEqual(error.message, sequential.message)
        }
    }
}
