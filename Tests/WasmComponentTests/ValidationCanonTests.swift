import Foundation
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Canonical definitions: options, lift/lower signatures by the Canonical ABI's flattening, built-ins.
final class ValidationCanonTests: XCTestCase {
    /// A core instance `$i` exporting `mem`, `realloc`, and functions of the signatures listed.
    func core(_ funcs: [(String, String)]) -> String {
        let fs = funcs.map { "(func (export \"\($0.0)\") \($0.1) unreachable)" }.joined(separator: " ")
        return """
            (core module $m (memory (export "mem") 1) (memory (export "mem64") i64 1)
              (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable) \(fs))
            (core instance $i (instantiate $m))
            (alias core export $i "mem" (core memory $mem))
            (alias core export $i "realloc" (core func $realloc))
            (alias core export $i "mem64" (core memory $mem64))
            """
    }

    func testLiftFlattening() throws {
        // 16 flat parameters are passed directly, 17 through memory.
        let sixteen = (0..<16).map { "(param \"p\($0)\" u32)" }.joined(separator: " ")
        let i32s = String(repeating: " i32", count: 16)
        try assertValid("""
            (component \(core([("f", "(param\(i32s))")]))
              (func \(sixteen) (canon lift (core func $i "f"))))
            """)
        try assertInvalid("""
            (component \(core([("f", "(param\(i32s))")]))
              (func \(sixteen) (param "p16" u32) (canon lift (core func $i "f"))))
            """, .invalidCanonOption, "canonical option `memory` is required", path: ["component", "func 0 (canon lift)"])
        try assertValid("""
            (component \(core([("f", "(param i32)")]))
              (func \(sixteen) (param "p16" u32) (canon lift (core func $i "f") (memory $mem) (realloc $realloc))))
            """)
        // Strings: (ptr, len); results through a returned pointer.
        try assertInvalid("""
            (component \(core([("f", "(param i32 i32) (result i32 i32)")]))
              (func (param "s" string) (result string) (canon lift (core func $i "f") (memory $mem) (realloc $realloc))))
            """, .abiMismatch,
            "core function 1 does not have the Canonical ABI signature of this function type: expected (func (param i32 i32) (result i32)), found (func (param i32 i32) (result i32 i32))",
            path: ["component", "func 0 (canon lift)"])
        // Variants join their payloads: (result u32 f32) flattens to i32 i32; (result u64 f32) to i32 i64.
        try assertValid("""
            (component \(core([("f", "(param i32 i32)"), ("g", "(param i32 i64)")]))
              (func (param "v" (result u32 (error f32))) (canon lift (core func $i "f")))
              (func (param "v" (result u64 (error f32))) (canon lift (core func $i "g"))))
            """)
    }

    func testLowerAndOptions() throws {
        try assertInvalid("""
            (component \(core([]))
              (import "f" (func $f (param "s" string)))
              (core func (canon lower (func $f))))
            """, .invalidCanonOption, "canonical option `memory` is required", path: ["component", "core func 1 (canon lower)"])
        try assertInvalid("""
            (component \(core([]))
              (import "f" (func $f (result string)))
              (core func (canon lower (func $f) (memory $mem))))
            """, .invalidCanonOption, "canonical option `realloc` is required", path: ["component", "core func 1 (canon lower)"])
        try assertInvalid("""
            (component \(core([("bad", "(param i32) (result i32)")]))
              (import "f" (func $f (result string)))
              (core func (canon lower (func $f) (memory $mem) (realloc (core func $i "bad")))))
            """, .abiMismatch,
            "canonical option `realloc` uses a core function with an incorrect signature: expected (func (param i32 i32 i32 i32) (result i32)), found (func (param i32) (result i32))",
            path: ["component", "core func 2 (canon lower)"])
        try assertInvalid("""
            (component \(core([]))
              (import "f" (func $f))
              (core func (canon lower (func $f) string-encoding=utf8 string-encoding=utf16)))
            """, .invalidCanonOption, "canonical encoding option `utf8` conflicts with option `utf16`",
            path: ["component", "core func 1 (canon lower)"])
        try assertInvalid("""
            (component \(core([]))
              (import "f" (func $f))
              (core func (canon lower (func $f) (memory $mem) (memory $mem))))
            """, .invalidCanonOption, "canonical option `memory` is specified more than once",
            path: ["component", "core func 1 (canon lower)"])
        try assertInvalid("""
            (component \(core([]))
              (import "f" (func $f))
              (core func (canon lower (func $f) async)))
            """, .invalidCanonOption, "the `async` canonical option requires an async function type",
            path: ["component", "core func 1 (canon lower)"])
        try assertInvalid("""
            (component \(core([("f", ""), ("pr", "(param i32)")]))
              (func (canon lift (core func $i "f") (post-return (core func $i "pr")))))
            """, .abiMismatch,
            "canonical option `post-return` uses a core function with an incorrect signature: expected (func), found (func (param i32))",
            path: ["component", "func 0 (canon lift)"])
    }

    func testAsync() throws {
        // An async lift with a callback returns an i32; the callback is (i32 i32 i32) -> i32.
        try assertValid("""
            (component \(core([("f", "(param i32) (result i32)"), ("cb", "(param i32 i32 i32) (result i32)")]))
              (func async (param "x" u32) (result string)
                (canon lift (core func $i "f") async (callback (core func $i "cb")) (memory $mem))))
            """)
        try assertInvalid("""
            (component \(core([("f", "(result i32)"), ("cb", "(param i32)")]))
              (func async (canon lift (core func $i "f") async (callback (core func $i "cb")))))
            """, .abiMismatch,
            "canonical option `callback` uses a core function with an incorrect signature: expected (func (param i32 i32 i32) (result i32)), found (func (param i32))",
            path: ["component", "func 0 (canon lift)"])
        // Async lowering: at most 4 flat parameters, then a pointer; results through a pointer, returns i32.
        let five = (0..<5).map { "(param \"p\($0)\" u32)" }.joined(separator: " ")
        try assertValid("""
            (component \(core([]))
              (import "f" (func $f async \(five) (result u32)))
              (core func $lowered (canon lower (func $f) async (memory $mem)))
              (core module $n (import "" "f" (func (param i32 i32) (result i32))))
              (core instance (instantiate $n (with "" (instance (export "f" (func $lowered)))))))
            """)
    }

    /// 🛸 The GC ABI checks each component type against the declared core type.
    func testGCLowering() throws {
        let module = """
            (core type $s (array i8))
            (core type $ft (func (param (ref $s)) (result i32)))
            (core module $m
              (type $s (array i8))
              (func (export "f") (param (ref $s)) (result i32) unreachable))
            (core instance $i (instantiate $m))
            """
        try assertValid("""
            (component \(module)
              (func (param "s" string) (result u32) (canon lift (core func $i "f") gc))
              (import "g" (func $g (param "s" string) (result u32)))
              (core func (canon lower (func $g) gc (core-type $ft))))
            """)
        try assertInvalid("""
            (component \(module)
              (import "g" (func $g (param "s" string) (result u64)))
              (core func (canon lower (func $g) gc (core-type $ft))))
            """, .abiMismatch, "expected to lower component `u64` type to core `i64` type, found `i32`",
            path: ["component", "core func 0 (canon lower)", "result"])
        try assertInvalid("""
            (component \(module)
              (func (param "s" string) (result u32) (canon lift (core func $i "f") gc string-encoding=utf16)))
            """, .abiMismatch, "expected to lower component `string` type to core `(ref null? (array (mut? i16)))` type, found `(ref (array i8))`",
            path: ["component", "func 0 (canon lift)", "param \"s\""])
    }

    func testBuiltins() throws {
        try assertValid("""
            (component \(core([]))
              (type $s (stream u8))
              (core func (canon stream.read $s async (memory $mem)))
              (core func (canon waitable-set.wait (memory $mem)))
              (core func (canon context.get i32 0))
              (core func (canon task.return (result string) (memory $mem))))
            """)
        try assertInvalid("(component (type $f (future)) (core func (canon stream.new $f)))", .sortMismatch,
                          "`stream.new` requires a stream type", path: ["component", "core func 0 (canon stream.new)"])
        try assertInvalid("""
            (component \(core([]))
              (type $s (stream string))
              (core func (canon stream.read $s async (memory $mem))))
            """, .invalidCanonOption, "canonical option `realloc` is required",
            path: ["component", "core func 1 (canon stream.read)"])
        try assertInvalid("(component (core func (canon context.get i32 0)) (core func (canon context.set i64 0)))",
                          .invalidCanonOption, "`context.set` type must match previous context type",
                          path: ["component", "core func 1 (canon context.set)"])
        try assertInvalid("(component (core func (canon context.get f32 0)))", .invalidCanonOption,
                          "`context.get` only supports `i32` or `i64`", path: ["component", "core func 0 (canon context.get)"])
    }

    /// The core functions built-ins define have the Canonical ABI's signatures (checked by using them
    /// where a module import of that signature is expected).
    func testBuiltinSignatures() throws {
        let cases: [(String, String)] = [
            ("(core func $b (canon waitable-set.new))", "(result i32)"),
            ("(core func $b (canon waitable.join))", "(param i32 i32)"),
            ("(core func $b (canon subtask.cancel))", "(param i32) (result i32)"),
            ("(type $s (stream u8)) (core func $b (canon stream.new $s))", "(result i64)"),
            ("(type $t (future u8)) (core func $b (canon future.read $t async (memory $mem)))", "(param i32 i32) (result i32)"),
            ("(core func $b (canon thread.yield))", "(result i32)"),
            ("(core func $b (canon backpressure.inc))", ""),
            ("(core func $b (canon error-context.new (memory $mem)))", "(param i32 i32) (result i32)"),
            // 🐘 With a 64-bit memory, addresses are i64.
            ("(type $s (stream u8)) (core func $b (canon stream.read $s async (memory $mem64)))", "(param i32 i64 i64) (result i64)"),
            ("(core func $b (canon waitable-set.poll (memory $mem64)))", "(param i32 i64) (result i32)"),
        ]
        for (builtin, sig) in cases {
            try assertValid("""
                (component \(core([]))
                  \(builtin)
                  (core module $use (import "" "b" (func \(sig))))
                  (core instance (instantiate $use (with "" (instance (export "b" (func $b)))))))
                """)
        }
    }
}
