import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Defined types, function types, resources, aliases and external visibility.
final class ValidationTypeTests: XCTestCase {
    func testDefinedTypeRules() throws {
        try assertInvalid("(component (type (record)))", .invalidDefinedType,
                          "record type must have at least one field", path: ["component", "type 0"])
        try assertInvalid(#"(component (type (flags "a" "b" "A")))"#, .nameConflict,
                          "flag name `A` conflicts with previous flag name `a`", path: ["component", "type 0"])
        let flags = (0..<33).map { "\"f\($0)\"" }.joined(separator: " ")
        try assertInvalid("(component (type (flags \(flags))))", .invalidDefinedType,
                          "cannot have more than 32 flags", path: ["component", "type 0"])
        try assertInvalid(#"(component (type (enum "Never")))"#, .invalidName,
                          "enum tag name `Never` is not in kebab case", path: ["component", "type 0"])
        try assertInvalid("(component (type (stream char)))", .invalidDefinedType,
                          "`stream<char>` is not valid at this time, use `stream<u8>` with a defined by encoding instead for now",
                          path: ["component", "type 0"])
        try assertInvalid("(component (type (list u8 0)))", .invalidDefinedType,
                          "fixed-length lists must have more than zero elements", path: ["component", "type 0"])
        try assertInvalid("(component (type (map f32 u8)))", .invalidDefinedType,
                          "map key type must be a boolean, integer, char or string type, found f32",
                          path: ["component", "type 0"])
        try assertValid("(component (type $k u32) (type (map $k string)))")
        try assertInvalid("(component (type (list string 16777216)))", .invalidDefinedType,
                          "the Canonical ABI element size of this type (268435456 bytes) exceeds maximum byte size of 2^28 - 1",
                          path: ["component", "type 0"])
        try assertValid("(component (type (list string 16777215)))")
    }

    func testFeatureGates() throws {
        try assertInvalid("(component (type (list u8 4)))", .requiresFeature,
                          "fixed-length lists (the `cm-fixed-length-lists` feature is not enabled)",
                          path: ["component", "type 0"], features: .default)
        try assertInvalid("(component (type (map u8 u8)))", .requiresFeature,
                          "maps (the `cm-map` feature is not enabled)", path: ["component", "type 0"], features: .default)
        try assertInvalid("(component (core func (canon thread.index)))", .requiresFeature,
                          "`thread.index` (the `cm-threading` feature is not enabled)",
                          path: ["component", "core func 0 (canon thread.index)"], features: .default)
        try assertInvalid("(component (type error-context))", .requiresFeature,
                          "`error-context` (the `cm-error-context` feature is not enabled)",
                          path: ["component", "type 0"], features: .default)
        try assertValid("(component (type (stream u8)) (core func (canon stream.new 0)))", features: .default)
        try assertInvalid("(component (type (stream u8)) (core func (canon stream.new 0)))", .requiresFeature,
                          "`stream` (the `cm-async` feature is not enabled)", path: ["component", "type 0"],
                          features: Features.default.subtracting(.cmAsync))
    }

    func testFunctionTypes() throws {
        try assertInvalid("(component (type $r (resource (rep i32))) (type (func (result (borrow $r)))))",
                          .invalidDefinedType, "function result cannot contain a `borrow` type", path: ["component", "type 2"])
        try assertInvalid(#"(component (type (func (param "foo" u8) (param "FOO" u8))))"#, .nameConflict,
                          "function parameter name `FOO` conflicts with previous parameter name `foo`",
                          path: ["component", "type 0"])
        try assertInvalid(#"(component (type (func (param "x" 5))))"#, .indexOutOfBounds,
                          "unknown type 5: type index out of bounds", path: ["component", "type 0", "param \"x\""])
    }

    func testResources() throws {
        try assertInvalid("(component (type (component (type (resource (rep i32))))))", .resourceMisuse,
                          "resources can only be defined within a concrete component",
                          path: ["component", "type 0", "type 0"])
        try assertInvalid(#"(component (import "r" (type (sub resource))) (core func (canon resource.new 0)))"#,
                          .resourceMisuse, "type 0 is not a local resource",
                          path: ["component", "core func 0 (canon resource.new)"])
        try assertInvalid("""
            (component
              (core module $m (func (export "d") (param i64)))
              (core instance $i (instantiate $m))
              (alias core export $i "d" (core func $d))
              (type (resource (rep i32) (dtor (core func $d)))))
            """, .abiMismatch,
            "core function 0 has wrong signature for a destructor: expected (func (param i32)), found (func (param i64))",
            path: ["component", "type 0"])
        try assertValid("""
            (component
              (type $r (resource (rep i32)))
              (core func $new (canon resource.new $r))
              (core func $rep (canon resource.rep $r))
              (core func $drop (canon resource.drop $r))
              (export "r" (type $r)))
            """)
    }

    func testExternalVisibility() throws {
        try assertInvalid("""
            (component
              (type $r (record (field "x" u32)))
              (type $f (func (result $r)))
              (import "f" (func (type $f))))
            """, .typeNotExported, "func not valid to be used as import: a type it uses has no imported name",
            path: ["component", "import \"f\""])
        try assertValid("""
            (component
              (type $r (record (field "x" u32)))
              (import "r" (type $r' (eq $r)))
              (type $f (func (result $r')))
              (import "f" (func (type $f))))
            """)
        try assertInvalid("""
            (component
              (type $r (resource (rep i32)))
              (export "r" (type $r))
              (type $f (func (result (own $r))))
              (core module $m (func (export "f") (result i32) unreachable))
              (core instance $i (instantiate $m))
              (func $f (type $f) (canon lift (core func $i "f")))
              (export "f" (func $f)))
            """, .typeNotExported, "func not valid to be used as export: a type it uses has no exported or imported name",
            path: ["component", "export \"f\""])
        try assertInvalid("""
            (component
              (type $r (resource (rep i32)))
              (type $f (func (result (own $r))))
              (core module $m (func (export "f") (result i32) unreachable))
              (core instance $i (instantiate $m))
              (func $f (type $f) (canon lift (core func $i "f")))
              (instance $inst (export "f" (func $f)))
              (export "i" (instance $inst)))
            """, .typeNotExported, "instance not valid to be used as export: a type it uses has no exported or imported name",
            path: ["component", "export \"i\""])
    }

    func testOuterAliases() throws {
        try assertInvalid("(component (component (alias outer 2 0 (type))))", .invalidAlias,
                          "invalid outer alias count of 2", path: ["component", "component 0", "alias outer 2 0 (type)"])
        try assertInvalid("""
            (component
              (type $r (resource (rep i32)))
              (component (alias outer 1 $r (type))))
            """, .resourceMisuse,
            "cannot alias outer type which transitively refers to resources not defined in the current component",
            path: ["component", "component 0", "alias outer 1 0 (type)"])
        try assertValid("""
            (component
              (type $r (resource (rep i32)))
              (type (component (alias outer 1 $r (type)))))
            """)
        try assertInvalid("(component (core module $m) (type (instance (alias outer 1 0 (core module)))))", .invalidAlias,
                          "aliases in a component or instance type may only refer to types or instances",
                          path: ["component", "type 0", "alias"])
    }

    func testModuleTypes() throws {
        try assertInvalid(#"(component (core type (module (import "" "" (memory 70000)))))"#, .invalidCoreType,
                          "memory size must be at most 65536 pages (4GiB)",
                          path: ["component", "core type 0", "module type declaration 0"])
        try assertInvalid(#"(component (core type (module (export "a" (func (type 0))))))"#, .indexOutOfBounds,
                          "unknown type 0: type index out of bounds",
                          path: ["component", "core type 0", "module type declaration 0"])
        try assertInvalid(#"(component (core type (module (export "a" (global i32)) (export "a" (global i32)))))"#,
                          .nameConflict, "duplicate export name `a` already defined",
                          path: ["component", "core type 0", "module type declaration 1"])
    }

    /// Errors carry the absolute offset of the item they are about.
    func testOffsetsPointAtTheItem() throws {
        let bytes = try assembleWithWasmTools("(component (type u8) (type (record)))")
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
