import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Defined types, function types, resources, aliases and external visibility.
final class ValidationTypeTests: XCTestCase {
    func testDefinedTypeRules() throws {
        try assertInvalid("defined-type-rules-1", .invalidDefinedType,
                          "record type must have at least one field", path: ["component", "type 0"])
        try assertInvalid("defined-type-rules-2", .nameConflict,
                          "flag name `A` conflicts with previous flag name `a`", path: ["component", "type 0"])
        try assertInvalid("defined-type-rules-3", .invalidDefinedType,
                          "cannot have more than 32 flags", path: ["component", "type 0"])
        try assertInvalid("defined-type-rules-4", .invalidName,
                          "enum tag name `Never` is not in kebab case", path: ["component", "type 0"])
        try assertInvalid("defined-type-rules-5", .invalidDefinedType,
                          "`stream<char>` is not valid at this time, use `stream<u8>` with a defined by encoding instead for now",
                          path: ["component", "type 0"])
        try assertInvalid("defined-type-rules-6", .invalidDefinedType,
                          "fixed-length lists must have more than zero elements", path: ["component", "type 0"])
        try assertInvalid("defined-type-rules-7", .invalidDefinedType,
                          "map key type must be a boolean, integer, char or string type, found f32",
                          path: ["component", "type 0"])
        try assertValid("defined-type-rules-8")
        try assertInvalid("defined-type-rules-9", .invalidDefinedType,
                          "the Canonical ABI element size of this type (268435456 bytes) exceeds maximum byte size of 2^28 - 1",
                          path: ["component", "type 0"])
        try assertValid("defined-type-rules-10")
    }

    func testFeatureGates() throws {
        try assertInvalid("feature-gates-1", .featureDisabled,
                          "fixed-length lists (the `cm-fixed-length-lists` feature is not enabled)",
                          path: ["component", "type 0"], features: .default)
        try assertValid("feature-gates-2", features: .default)  // maps are on by default in wasm-tools 1.262
        try assertInvalid("feature-gates-2", .featureDisabled,
                          "maps (the `cm-map` feature is not enabled)", path: ["component", "type 0"],
                          features: Features.default.subtracting(.cmMap))
        try assertInvalid("feature-gates-3", .featureDisabled,
                          "`thread.index` (the `cm-threading` feature is not enabled)",
                          path: ["component", "core func 0 (canon thread.index)"], features: .default)
        try assertInvalid("feature-gates-4", .featureDisabled,
                          "`error-context` (the `cm-error-context` feature is not enabled)",
                          path: ["component", "type 0"], features: .default)
        try assertValid("feature-gates-5", features: .default)
        try assertInvalid("feature-gates-6", .featureDisabled,
                          "`stream` (the `cm-async` feature is not enabled)", path: ["component", "type 0"],
                          features: Features.default.subtracting(.cmAsync))
    }

    func testFunctionTypes() throws {
        try assertInvalid("function-types-1",
                          .invalidDefinedType, "function result cannot contain a `borrow` type", path: ["component", "type 2"])
        try assertInvalid("function-types-2", .nameConflict,
                          "function parameter name `FOO` conflicts with previous parameter name `foo`",
                          path: ["component", "type 0"])
        try assertInvalid("function-types-3", .indexOutOfBounds,
                          "unknown type 5: type index out of bounds", path: ["component", "type 0", "param \"x\""])
    }

    func testResources() throws {
        try assertInvalid("resources-1", .resourceMisuse,
                          "resources can only be defined within a concrete component",
                          path: ["component", "type 0", "type 0"])
        try assertInvalid("resources-2",
                          .resourceMisuse, "type 0 is not a local resource",
                          path: ["component", "core func 0 (canon resource.new)"])
        try assertInvalid("resources-3", .abiMismatch,
            "core function 0 has wrong signature for a destructor: expected (func (param i32)), found (func (param i64))",
            path: ["component", "type 0"])
        try assertValid("resources-4")
    }

    func testExternalVisibility() throws {
        try assertInvalid("external-visibility-1", .typeNotExported, "func not valid to be used as import: a type it uses has no imported name",
            path: ["component", "import \"f\""])
        try assertValid("external-visibility-2")
        try assertInvalid("external-visibility-3", .typeNotExported, "func not valid to be used as export: a type it uses has no exported or imported name",
            path: ["component", "export \"f\""])
        try assertInvalid("external-visibility-4", .typeNotExported, "instance not valid to be used as export: a type it uses has no exported or imported name",
            path: ["component", "export \"i\""])
    }

    func testOuterAliases() throws {
        try assertInvalid("outer-aliases-1", .invalidAlias,
                          "invalid outer alias count of 2", path: ["component", "component 0", "alias outer 2 0 (type)"])
        try assertInvalid("outer-aliases-2", .resourceMisuse,
            "cannot alias outer type which transitively refers to resources not defined in the current component",
            path: ["component", "component 0", "alias outer 1 0 (type)"])
        try assertValid("outer-aliases-3")
        try assertInvalid("outer-aliases-4", .invalidAlias,
                          "aliases in a component or instance type may only refer to types or instances",
                          path: ["component", "type 0", "alias"])
    }

    func testModuleTypes() throws {
        try assertInvalid("module-types-1", .invalidCoreType,
                          "memory size must be at most 65536 pages (4GiB)",
                          path: ["component", "core type 0", "module type declaration 0"])
        try assertInvalid("module-types-2", .indexOutOfBounds,
                          "unknown type 0: type index out of bounds",
                          path: ["component", "core type 0", "module type declaration 0"])
        try assertInvalid("module-types-3",
                          .nameConflict, "duplicate export name `a` already defined",
                          path: ["component", "core type 0", "module type declaration 1"])
    }

    /// Errors carry the absolute offset of the item they are about.
    func testOffsetsPointAtTheItem() throws {
        let bytes = try fixture("offsets-point-at-the-item")
        do {
            try ComponentValidator(features: .all).validate(bytes: ByteSlice(copying: bytes))
            XCTFail("validated")
        } catch {
            let c = try Component.decode(bytes: bytes, mode: .shallow)
            let typeItems = (c.layout ?? []).filter { $0.id == 7 }.flatMap(\.itemOffsets)
            XCTAssertEqual(typeItems.count, 2)
            XCTAssertEqual(error.offset, typeItems.last)
            XCTAssertEqual(error.path, ["component", "type 1"])
        }
    }
}
