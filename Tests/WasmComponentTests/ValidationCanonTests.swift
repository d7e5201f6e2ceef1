import Foundation
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Canonical definitions: options, lift/lower signatures by the Canonical ABI's flattening, built-ins.
final class ValidationCanonTests: XCTestCase {
    func testLiftFlattening() throws {
        // 16 flat parameters are passed directly, 17 through memory.
        try assertValid("lift-flattening-1")
        try assertInvalid("lift-flattening-2", .invalidCanonOption, "canonical option `memory` is required", path: ["component", "func 0 (canon lift)"])
        try assertValid("lift-flattening-3")
        // Strings: (ptr, len); results through a returned pointer.
        try assertInvalid("lift-flattening-4", .abiMismatch,
            "core function 1 does not have the Canonical ABI signature of this function type: expected (func (param i32 i32) (result i32)), found (func (param i32 i32) (result i32 i32))",
            path: ["component", "func 0 (canon lift)"])
        // Variants join their payloads: (result u32 f32) flattens to i32 i32; (result u64 f32) to i32 i64.
        try assertValid("lift-flattening-5")
    }

    func testLowerAndOptions() throws {
        try assertInvalid("lower-and-options-1", .invalidCanonOption, "canonical option `memory` is required", path: ["component", "core func 1 (canon lower)"])
        try assertInvalid("lower-and-options-2", .invalidCanonOption, "canonical option `realloc` is required", path: ["component", "core func 1 (canon lower)"])
        try assertInvalid("lower-and-options-3", .abiMismatch,
            "canonical option `realloc` uses a core function with an incorrect signature: expected (func (param i32 i32 i32 i32) (result i32)), found (func (param i32) (result i32))",
            path: ["component", "core func 2 (canon lower)"])
        try assertInvalid("lower-and-options-4", .invalidCanonOption, "canonical encoding option `utf8` conflicts with option `utf16`",
            path: ["component", "core func 1 (canon lower)"])
        try assertInvalid("lower-and-options-5", .invalidCanonOption, "canonical option `memory` is specified more than once",
            path: ["component", "core func 1 (canon lower)"])
        try assertInvalid("lower-and-options-6", .invalidCanonOption, "the `async` canonical option requires an async function type",
            path: ["component", "core func 1 (canon lower)"])
        try assertInvalid("lower-and-options-7", .abiMismatch,
            "canonical option `post-return` uses a core function with an incorrect signature: expected (func), found (func (param i32))",
            path: ["component", "func 0 (canon lift)"])
    }

    func testAsync() throws {
        // An async lift with a callback returns an i32; the callback is (i32 i32 i32) -> i32.
        try assertValid("async-1")
        try assertInvalid("async-2", .abiMismatch,
            "canonical option `callback` uses a core function with an incorrect signature: expected (func (param i32 i32 i32) (result i32)), found (func (param i32))",
            path: ["component", "func 0 (canon lift)"])
        // Async lowering: at most 4 flat parameters, then a pointer; results through a pointer, returns i32.
        try assertValid("async-3")
    }

    /// 🛸 The GC ABI checks each component type against the declared core type.
    func testGCLowering() throws {
        try assertValid("gc-lowering-1")
        try assertInvalid("gc-lowering-2", .abiMismatch, "expected to lower component `u64` type to core `i64` type, found `i32`",
            path: ["component", "core func 0 (canon lower)", "result"])
        try assertInvalid("gc-lowering-3", .abiMismatch, "expected to lower component `string` type to core `(ref null? (array (mut? i16)))` type, found `(ref (array i8))`",
            path: ["component", "func 0 (canon lift)", "param \"s\""])
    }

    func testBuiltins() throws {
        try assertValid("builtins-1")
        try assertInvalid("builtins-2", .sortMismatch,
                          "`stream.new` requires a stream type", path: ["component", "core func 0 (canon stream.new)"])
        try assertInvalid("builtins-3", .invalidCanonOption, "canonical option `realloc` is required",
            path: ["component", "core func 1 (canon stream.read)"])
        try assertInvalid("builtins-4",
                          .invalidCanonOption, "`context.set` type must match previous context type",
                          path: ["component", "core func 1 (canon context.set)"])
        try assertInvalid("builtins-5", .invalidCanonOption,
                          "`context.get` only supports `i32` or `i64`", path: ["component", "core func 0 (canon context.get)"])
    }

    /// The core functions built-ins define have the Canonical ABI's signatures (checked by using them
    /// where a module import of that signature is expected).
    /// Each fixture `signature-<built-in>` defines the built-in and imports it into a core module
    /// with the core signature the Canonical ABI gives it.
    func testBuiltinSignatures() throws {
        let builtins = [
            "waitable-set.new", "waitable.join", "subtask.cancel", "stream.new", "future.read", "thread.yield",
            "backpressure.inc", "error-context.new",
            // 🐘 With a 64-bit memory, addresses are i64.
            "stream.read-memory64", "waitable-set.poll-memory64",
        ]
        for builtin in builtins {
            try assertValid("signature-\(builtin)")
        }
    }
}
