import Foundation
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Instantiation: component subtyping with paths to the difference, resource substitution and
/// freshness, core module instantiation, ascriptions, aliases of instance exports, start and values.
final class ValidationInstantiationTests: XCTestCase {
    func testMismatchPathLeadsToTheDifference() throws {
        try assertInvalid("""
            (component
              (type $t (func (param "k" string) (result (result (list u8)))))
              (import "get" (func $get (type $t)))
              (instance $cache (export "get" (func $get)))
              (component $c
                (type $t (func (param "k" string) (result (result string))))
                (import "cache" (instance (export "get" (func (type $t))))))
              (instance (instantiate $c (with "cache" (instance $cache)))))
            """, .incompatibleType, "expected string, found list<u8>",
            path: ["component", "instance 1", "import \"cache\"", "func get", "result", "ok"])
        try assertInvalid("""
            (component
              (import "f" (func $f (result string)))
              (component $c (import "f" (func)))
              (instance (instantiate $c (with "f" (func $f)))))
            """, .incompatibleType, "expected no result, found one", path: ["component", "instance 0", "import \"f\""])
        try assertInvalid("""
            (component
              (type $r (record (field "a" u32) (field "b" (tuple u8 u16))))
              (import "r" (type $r' (eq $r)))
              (component $c
                (type $r (record (field "a" u32) (field "b" (tuple u8 u8))))
                (import "r" (type (eq $r))))
              (instance (instantiate $c (with "r" (type $r')))))
            """, .incompatibleType, "expected u8, found u16",
            path: ["component", "instance 0", "import \"r\"", "field \"b\"", "tuple field 1"])
    }

    func testMissingArgumentsAndDuplicates() throws {
        try assertInvalid("""
            (component
              (component $c (import "x" (func)))
              (instance (instantiate $c)))
            """, .missingArgument, "missing import named `x`", path: ["component", "instance 0"])
        try assertInvalid("""
            (component
              (import "f" (func $f))
              (component $c (import "x" (func)))
              (instance (instantiate $c (with "x" (func $f)) (with "x" (func $f)))))
            """, .nameConflict, "instantiation argument `x` conflicts with previous argument `x`",
            path: ["component", "instance 0"])
        // More arguments than imports is fine.
        try assertValid("""
            (component
              (import "f" (func $f))
              (component $c (import "x" (func)))
              (instance (instantiate $c (with "x" (func $f)) (with "y" (func $f)))))
            """)
    }

    func testResourcesSubstituteAndStayFresh() throws {
        // The argument's resource is substituted for the import everywhere it is used.
        try assertValid("""
            (component
              (import "r" (type $r (sub resource)))
              (import "make" (func $make (result (own $r))))
              (component $c
                (import "r" (type $r (sub resource)))
                (import "make" (func (result (own $r)))))
              (instance (instantiate $c (with "r" (type $r)) (with "make" (func $make)))))
            """)
        // Two different resources do not match.
        try assertInvalid("""
            (component
              (import "r" (type $r (sub resource)))
              (import "s" (type $s (sub resource)))
              (import "make" (func $make (result (own $s))))
              (component $c
                (import "r" (type $r (sub resource)))
                (import "make" (func (result (own $r)))))
              (instance (instantiate $c (with "r" (type $r)) (with "make" (func $make)))))
            """, .incompatibleType, "resource types are not the same",
            path: ["component", "instance 0", "import \"make\"", "result"])
        // Each instantiation defines fresh resources.
        try assertInvalid("""
            (component
              (component $c
                (type $r (resource (rep i32)))
                (export "r" (type $r)))
              (instance $a (instantiate $c))
              (instance $b (instantiate $c))
              (alias export $a "r" (type $ra))
              (alias export $b "r" (type $rb))
              (component $d
                (import "r1" (type $r (sub resource)))
                (import "r2" (type (eq $r))))
              (instance (instantiate $d (with "r1" (type $ra)) (with "r2" (type $rb)))))
            """, .incompatibleType, "resource types are not the same", path: ["component", "instance 2", "import \"r2\""])
    }

    func testCoreModuleInstantiation() throws {
        try assertInvalid("""
            (component
              (core module $m (import "env" "f" (func)))
              (core instance (instantiate $m)))
            """, .missingArgument, "missing module instantiation argument named `env`", path: ["component", "core instance 0"])
        try assertInvalid("""
            (component
              (core module $a (func (export "f") (param i32)))
              (core module $b (import "env" "f" (func)))
              (core instance $ia (instantiate $a))
              (core instance (instantiate $b (with "env" (instance $ia)))))
            """, .incompatibleType, "expected (func), found (func (param i32))",
            path: ["component", "core instance 1", "with \"env\" export \"f\""])
        try assertInvalid("""
            (component
              (core module $a (memory (export "m") 1 2 shared))
              (core module $b (import "env" "m" (memory 1 2)))
              (core instance $ia (instantiate $a))
              (core instance (instantiate $b (with "env" (instance $ia)))))
            """, .incompatibleType, "mismatch in the shared flag for memories",
            path: ["component", "core instance 1", "with \"env\" export \"m\""])
        try assertInvalid(#"(component (core module (import "a" "b" (func)) (import "a" "b" (func))))"#, .nameConflict,
                          "module has a duplicate import name `a:b` that is not allowed in components",
                          path: ["component", "core module 0"])
    }

    func testAscriptionsAndAliases() throws {
        try assertInvalid("""
            (component
              (import "f" (func $f (param "x" u32)))
              (export "g" (func $f) (func (param "x" s32))))
            """, .incompatibleType, "ascribed type of export is not compatible with item's type: expected s32, found u32",
            path: ["component", "export \"g\"", "param \"x\""])
        try assertInvalid(#"(component (import "i" (instance)) (alias export 0 "x" (func)))"#, .unknownExport,
                          "instance 0 has no export named `x`", path: ["component", "alias export 0 \"x\" (func)"])
        try assertInvalid(#"(component (import "i" (instance (export "x" (func)))) (alias export 0 "x" (type)))"#,
                          .sortMismatch, "export `x` for instance 0 is not a type",
                          path: ["component", "alias export 0 \"x\" (type)"])
    }

    func testStartAndValues() throws {
        try assertInvalid(#"(component (import "v" (value string)))"#, .requiresFeature,
                          "component model `value`s (the `cm-values` feature is not enabled)",
                          path: ["component", "import \"v\""], features: .default)
        try assertInvalid(#"(component (import "v" (value string)))"#, .valueUse,
                          "value 0 was not used as part of an instantiation, start function, or export",
                          path: ["component"])
        try assertInvalid(#"(component (import "v" (value $v string)) (export "a" (value $v)) (export "b" (value $v)))"#,
                          .valueUse, "value 0 cannot be used more than once", path: ["component", "export \"b\""])
        try assertValid(#"(component (import "v" (value $v string)) (export "a" (value $v)))"#)
    }
}
