import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmComponent

/// Components assembled by `wasm-tools parse` from text written here; they must decode, resolve,
/// print and re-encode byte for byte.
enum Samples {
    static let app = """
(component $C
  (type $r (record (field "a" u32) (field "b" string)))
  (type $e (enum "x" "y"))
  (import "host" (instance $host
    (export "r" (type (sub resource)))
    (export "log" (func (param "msg" string)))
    (export "make" (func (result (own 0))))
  ))
  (alias export $host "log" (func $log))
  (alias export $host "r" (type $res))
  (core module $m
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) unreachable)
    (func (export "run") (param i32 i32 i32 i32) (result i32) unreachable)
    (func (export "cb") (param i32 i32 i32) (result i32) unreachable)
  )
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (core func $log_lowered (canon lower (func $log) (memory $mem) string-encoding=utf16))
  (core instance $env (export "log" (func $log_lowered)))
  (type $ft (func (param "a" $r) (param "h" (borrow $res)) (result (result string (error $e)))))
  (func $run (type $ft) (canon lift (core func $i "run") (memory $mem) (realloc (core func $i "realloc"))))
  (core func $rd (canon resource.drop $res))
  (component $inner
    (import "x" (func $x (param "msg" string)))
    (export "y" (func $x))
  )
  (instance $inst (instantiate $inner (with "x" (func $log))))
  (export $r2 "rec" (type $r))
  (export $e2 "e" (type $e))
  (type $ft2 (func (param "a" $r2) (param "h" (borrow $res)) (result (result string (error $e2)))))
  (export "run" (func $run) (func (type $ft2)))
  (export "inst" (instance $inst))
)
"""

    /// Nested components, outer aliases, values of every sort in instantiation and a start-free
    /// mix of core definitions.
    static let linking = """
(component
  (component $A
    (type $t (record (field "x" u8)))
    (export "t" (type $t))
    (component $B
      (alias outer $A $t (type $u))
      (import "f" (func (param "v" $u)))
    )
    (export "b" (component $B))
  )
  (instance $a (instantiate $A))
  (alias export $a "t" (type $t))
  (alias export $a "b" (component $b))
  (core module $m (func (export "f") (param i32)))
  (core instance $mi (instantiate $m))
  (func $f (param "v" $t) (canon lift (core func $mi "f")))
  (instance $bi (instantiate $b (with "f" (func $f))))
  (type $it (instance (export "g" (func (param "n" u32) (result (list u8))))))
  (import "svc" (instance $svc (type $it)))
  (export "svc2" (instance $svc))
  (export "a" (instance $a))
)
"""
}

final class RoundTripTests: XCTestCase {
    func testWatSamplesRoundTripByteForByte() throws {
        for text in [Samples.app, Samples.linking] {
            let bytes = try assembleWithWasmTools(text)
            let c = try Component.decode(bytes: bytes, mode: .full)
            XCTAssertFalse(c.sawNonMinimalEncoding)
            XCTAssertEqual(c.encode(reuseNestedBytes: false), bytes)
            XCTAssertEqual(c.encode(), bytes)
            XCTAssertEqual(try Component.decode(bytes: c.encode(reuseNestedBytes: false)), c)
            XCTAssertTrue(TypeSpace(c).errors.isEmpty, "\(TypeSpace(c).errors)")
        }
    }

    func testWitComponentsRoundTrip() throws {
        try Oracle.require(.wasmTools)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wcomp-comp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let wit = dir.appendingPathComponent("cache.wit")
        try TypePrinterTests.cacheWIT.write(to: wit, atomically: true, encoding: .utf8)
        let core = dir.appendingPathComponent("core.wasm").path
        let comp = dir.appendingPathComponent("comp.wasm").path
        let pkg = dir.appendingPathComponent("pkg.wasm").path
        let tool = Repo.wasmTools
        XCTAssertEqual(try runProcess(tool, ["component", "embed", "--dummy", wit.path, "-w", "app", "-o", core]).status, 0)
        XCTAssertEqual(try runProcess(tool, ["component", "new", core, "-o", comp]).status, 0)
        XCTAssertEqual(try runProcess(tool, ["component", "wit", wit.path, "--wasm", "-o", pkg]).status, 0)
        for path in [comp, pkg] {
            let storage = try ByteStorage.load(path: path)
            let c = try Component.decode(storage.all)
            XCTAssertEqual(c.encode(reuseNestedBytes: false), storage.all.array, path)
        }
    }

    /// An ~18 MB componentize-py component: shallow and full decoding, byte-identical re-encoding.
    func testComponentizePyComponent() throws {
        try Oracle.require(.componentizePy)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wcomp-comp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "package example:app;\nworld app { export run: func() -> string; }\n"
            .write(to: dir.appendingPathComponent("app.wit"), atomically: true, encoding: .utf8)
        try "import wit_world\nclass WitWorld(wit_world.WitWorld):\n    def run(self) -> str: return \"hi\"\n"
            .write(to: dir.appendingPathComponent("app.py"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("app.wasm").path
        let made = try runProcess(
            Repo.componentizePy, ["-d", "app.wit", "-w", "app", "componentize", "app", "-o", out], cwd: dir)
        XCTAssertEqual(made.status, 0, made.err)
        let storage = try ByteStorage.load(path: out)
        let shallow = try Component.decode(storage.all, mode: .shallow)
        let full = try Component.decode(storage.all, mode: .full)
        XCTAssertEqual(shallow, full)
        XCTAssertGreaterThan(shallow.coreModules.count, 1)
        XCTAssertEqual(full.encode(reuseNestedBytes: false), storage.all.array)
        let space = TypeSpace(full)
        XCTAssertTrue(space.errors.isEmpty, "\(space.errors)")
        XCTAssertEqual(TypePrinter(space).render(try space.export(named: "run")), "func() -> string")
    }
}
