import Foundation
import TestSupport
import XCTest
@testable import WcompCLI

/// `wcomp validate` through the real binary: testdata files, hand-assembled invalid modules with their
/// exact messages, JSON, stdin, features and exit codes.
final class ValidateTests: XCTestCase {
    /// One `[] -> []` function with the given body (after an empty locals vector), plus a name section.
    static func module(_ code: [UInt8], name: String = "parse") -> [UInt8] {
        Bytes.function(code) + Bytes.names([(0, name)])
    }

    /// `i32.const 1; f32.const 1.0; i32.add; drop; end`: the `i32.add` is at offset 0x1e.
    static let mismatch = module([0x41, 0x01, 0x43, 0x00, 0x00, 0x80, 0x3F, 0x6A, 0x1A, 0x0B])

    func testTestdataModulesAndComponentsAreValid() throws {
        let core = Repo.root.appendingPathComponent("testdata/core")
        let files = try FileManager.default.contentsOfDirectory(atPath: core.path).filter { $0.hasSuffix(".wasm") }.sorted()
        XCTAssertFalse(files.isEmpty)
        for f in files {
            let r = try runBinary(["validate", core.appendingPathComponent(f).path])
            XCTAssertEqual(r.status, 0, "\(f): \(r.err)")
            XCTAssertEqual(r.out, "")
            XCTAssertEqual(r.err, "")
        }
        let verbose = try runBinary(["validate", "--verbose", core.appendingPathComponent("features.wasm").path])
        XCTAssertEqual(verbose.status, 0)
        XCTAssertTrue(verbose.out.range(of: #"features\.wasm: valid core module \(\d+ functions, \d+\.\d\d s\)\n$"#,
                                        options: .regularExpression) != nil, verbose.out)
        let component = Repo.root.appendingPathComponent("testdata/cache/provider.wasm").path
        let c = try runBinary(["validate", "--verbose", component])
        XCTAssertEqual(c.status, 0, c.err)
        XCTAssertTrue(c.out.contains(": valid component (1 core modules, "), c.out)
    }

    func testInvalidModuleMessage() throws {
        let path = try writeTemporary(Self.mismatch, "mismatch.wasm")
        let r = try runBinary(["validate", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, """
            \(path): error: type mismatch: expected i32, found f32 (func 0 "parse", `i32.add` at offset 0x1e) [type-mismatch]
              in: code section › func 0 "parse" › i32.add

            """)
    }

    func testJSON() throws {
        let path = try writeTemporary(Self.mismatch, "mismatch.wasm")
        let r = try runBinary(["validate", "--json", path])
        XCTAssertEqual(r.status, 1)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertEqual(doc["file"] as? String, path)
        XCTAssertEqual(doc["valid"] as? Bool, false)
        XCTAssertEqual(doc["kind"] as? String, "module")
        let errors = try XCTUnwrap(doc["errors"] as? [[String: Any]])
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors[0]["code"] as? String, "type-mismatch")
        XCTAssertEqual(errors[0]["message"] as? String, "type mismatch: expected i32, found f32")
        XCTAssertEqual(errors[0]["offset"] as? Int, 0x1e)
        XCTAssertEqual(errors[0]["path"] as? [String], ["code section", "func 0 \"parse\"", "i32.add"])
        let function = try XCTUnwrap(errors[0]["function"] as? [String: Any])
        XCTAssertEqual(function["index"] as? Int, 0)
        XCTAssertEqual(function["name"] as? String, "parse")

        let ok = try runBinary(["validate", "--json", Repo.root.appendingPathComponent("testdata/core/names.wasm").path])
        XCTAssertEqual(ok.status, 0)
        let okDoc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(ok.out.utf8)) as? [String: Any])
        XCTAssertEqual(okDoc["valid"] as? Bool, true)
        XCTAssertEqual((okDoc["errors"] as? [Any])?.count, 0)
    }

    func testStdin() throws {
        let r = try runBinary(["validate", "-"], stdin: Data(Self.mismatch))
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.hasPrefix("<stdin>: error: type mismatch: expected i32, found f32"), r.err)
        let ok = try runBinary(["validate", "--verbose", "-"], stdin: Data(Self.module([0x0B])))
        XCTAssertEqual(ok.status, 0)
        XCTAssertTrue(ok.out.hasPrefix("<stdin>: valid core module (1 functions, "), ok.out)
    }

    func testFeaturesAndUsageErrors() throws {
        // v128.const; drop
        let simd = try writeTemporary(Self.module([0xFD, 0x0C] + Array(repeating: 0, count: 16) + [0x1A, 0x0B]), "simd.wasm")
        XCTAssertEqual(try runBinary(["validate", simd]).status, 0)
        let off = try runBinary(["validate", "--features", "-simd", simd])
        XCTAssertEqual(off.status, 1)
        XCTAssertTrue(off.err.contains("error: `v128.const` requires the `simd` feature (func 0 \"parse\""), off.err)
        let wasm1 = try runBinary(["validate", "--features=wasm1", simd])
        XCTAssertEqual(wasm1.status, 1)
        let bad = try runBinary(["validate", "--features", "simdd", simd])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.err.contains("unknown feature `simdd` (did you mean `simd`?)"), bad.err)
        XCTAssertEqual(try runBinary(["validate", "/nonexistent/x.wasm"]).status, 2)
        XCTAssertEqual(try runBinary(["validate"]).status, 2)
        // The world flags mean nothing without --wit: a usage error, not a silent pass.
        for flag in [["--world", "consumer"], ["--semver-compatible"]] {
            let r = try runBinary(["validate", simd] + flag)
            XCTAssertEqual(r.status, 2, r.err)
            XCTAssertTrue(r.err.contains("\(flag[0]) only applies with --wit PATH"), r.err)
        }
    }

    func testMalformedModule() throws {
        let truncated = try writeTemporary(Array(Self.mismatch.prefix(20)), "truncated.wasm")
        let r = try runBinary(["validate", truncated])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("error: unexpected end of section or function"), r.err)
        let notWasm = try writeTemporary(Array("hello".utf8), "hello.wasm")
        let n = try runBinary(["validate", notWasm])
        XCTAssertEqual(n.status, 1)
        XCTAssertTrue(n.err.contains("magic header not detected"), n.err)
    }

    func testInvalidModuleInsideComponent() throws {
        let module = Self.mismatch
        let component: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00, 0x01]
            + Array(encodeU32(UInt32(module.count))) + module
        let path = try writeTemporary(component, "component.wasm")
        let r = try runBinary(["validate", "--json", path])
        XCTAssertEqual(r.status, 1)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertEqual(doc["kind"] as? String, "component")
        let error = try XCTUnwrap((doc["errors"] as? [[String: Any]])?.first)
        XCTAssertEqual(error["path"] as? [String],
                       ["component", "core module 0", "code section", "func 0 \"parse\"", "i32.add"])
        XCTAssertEqual(error["offset"] as? Int, 0x1e + 8 + 1 + encodeU32(UInt32(module.count)).count)
    }

    func encodeU32(_ v: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        var x = v
        repeat {
            var b = UInt8(x & 0x7F)
            x >>= 7
            if x != 0 { b |= 0x80 }
            out.append(b)
        } while x != 0
        return out
    }
}
