import Foundation
import WasmBinary
import XCTest

@testable import WasmCore

/// Helpers of the validation tests: hand-assembled modules, so the tests need no tools (tests that need
/// the spec corpus use `Oracles` from Support.swift).
enum ValidationFixtures {
    static let preamble: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    static func u32(_ v: UInt32) -> [UInt8] {
        var w = ByteWriter()
        w.u32(v)
        return w.bytes
    }

    static func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] { [id] + u32(UInt32(payload.count)) + payload }
    static func vec(_ items: [[UInt8]]) -> [UInt8] { u32(UInt32(items.count)) + items.flatMap { $0 } }
    static func name(_ s: String) -> [UInt8] { u32(UInt32(s.utf8.count)) + Array(s.utf8) }

    /// A `name` custom section naming functions.
    static func names(_ functions: [(UInt32, String)]) -> [UInt8] {
        let map = vec(functions.map { u32($0.0) + name($0.1) })
        return section(0, name("name") + [1] + u32(UInt32(map.count)) + map)
    }

    /// A module with function types `types` (encoded), functions of those types with bodies `bodies`
    /// (locals + instructions, `end` included), and `before`/`after` sections around the code section.
    /// Returns the bytes and the absolute offset of each body's first instruction byte after its locals.
    static func module(types: [[UInt8]], functions: [(type: UInt32, locals: [UInt8], code: [UInt8])],
                       before: [[UInt8]] = [], after: [[UInt8]] = []) -> (bytes: [UInt8], code: [Int]) {
        var out = preamble + section(1, vec(types)) + section(3, vec(functions.map { u32($0.type) }))
        out += before.flatMap { $0 }
        var payload = u32(UInt32(functions.count))
        var relative: [Int] = []
        for f in functions {
            let body = f.locals + f.code
            payload += u32(UInt32(body.count))
            relative.append(payload.count + f.locals.count)
            payload += body
        }
        let header = [10] + u32(UInt32(payload.count))
        let base = out.count + header.count
        out += header + payload
        out += after.flatMap { $0 }
        return (out, relative.map { base + $0 })
    }

    static let void: [UInt8] = [0x60, 0x00, 0x00]
    static func funcType(_ params: [UInt8], _ results: [UInt8]) -> [UInt8] {
        [0x60] + u32(UInt32(params.count)) + params + u32(UInt32(results.count)) + results
    }

    /// Validates `bytes` and returns the error (failing the test when it validates).
    static func error(_ bytes: [UInt8], features: Features = .default, threads: Int? = 1,
                      file: StaticString = #filePath, line: UInt = #line) -> WasmError? {
        do {
            _ = try ModuleValidator.validate(ByteSlice(copying: bytes), features: features,
                                             options: ValidationOptions(threads: threads))
            XCTFail("expected a validation error", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    static func validates(_ bytes: [UInt8], features: Features = .default, file: StaticString = #filePath,
                          line: UInt = #line) {
        do {
            _ = try ModuleValidator.validate(ByteSlice(copying: bytes), features: features)
        } catch {
            XCTFail("unexpected error: \(error)", file: file, line: line)
        }
    }
}
