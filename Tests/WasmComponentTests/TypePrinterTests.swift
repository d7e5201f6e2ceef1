import Foundation
import WasmBinary
import XCTest

@testable import WasmComponent

final class TypePrinterTests: XCTestCase {
    static let cacheWIT = """
        package example:cache;
        interface store {
          record error { code: u32, message: string }
          enum level { low, high }
          flags perms { read, write }
          variant shape { circle(f32), none }
          resource handle { constructor(n: u32); get: func() -> u32; }
          type bytes = list<u8>;
          get: func(key: string) -> result<bytes, error>;
          put: func(key: string, value: list<u8>, l: level, p: perms, s: shape, h: borrow<handle>) -> option<tuple<u32, string>>;
        }
        world app { import store; export run: func() -> string; }
        """

    func testWitComponentImportPrintsLikeWIT() throws {
        try Oracles.require(Oracles.wasmTools, "wasm-tools")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wcomp-comp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let wit = dir.appendingPathComponent("cache.wit")
        try Self.cacheWIT.write(to: wit, atomically: true, encoding: .utf8)
        let core = dir.appendingPathComponent("core.wasm").path
        let comp = dir.appendingPathComponent("comp.wasm").path
        XCTAssertEqual(try Oracles.run(Oracles.wasmTools, ["component", "embed", "--dummy", wit.path, "-w", "app", "-o", core]).0, 0)
        XCTAssertEqual(try Oracles.run(Oracles.wasmTools, ["component", "new", core, "-o", comp]).0, 0)
        let space = TypeSpace(try Component.decode(path: comp, mode: .shallow))
        XCTAssertEqual(TypePrinter(space).renderWorld(), """
            import example:cache/store: instance {
              resource handle
              type bytes = list<u8>
              record error { code: u32, message: string }
              enum level { low, high }
              flags perms { read, write }
              variant shape { circle(f32), none }
              [constructor]handle: func(n: u32) -> handle
              [method]handle.get: func(self: borrow<handle>) -> u32
              get: func(key: string) -> result<bytes, error>
              put: func(key: string, value: list<u8>, l: level, p: perms, s: shape, h: borrow<handle>) -> option<tuple<u32, string>>
            }
            export run: func() -> string
            """)
    }

    func testTypesFromOtherInterfacesPrintAsUse() throws {
        let bytes = try Oracles.wat("""
            (component
              (import "a:b/io" (instance $io (export "stream" (type (sub resource)))))
              (alias export $io "stream" (type $s))
              (import "a:b/files" (instance
                (alias outer 1 $s (type $t))
                (export "output" (type (eq $t)))
                (type $own (own 1))
                (export "open" (func (param "path" string) (result $own)))
              ))
            )
            """)
        let space = TypeSpace(try Component.decode(bytes: bytes))
        XCTAssertEqual(TypePrinter(space).render(try space.import(1)), """
            a:b/files: instance {
              use a:b/io.{stream as output}
              open: func(path: string) -> output
            }
            """)
    }

    func testValueTypeSyntax() {
        let u8: ComponentValType = .primitive(.u8)
        let c = Component(sections: [.types([
            .defined(.result(ok: nil, error: nil)), .defined(.result(ok: nil, error: u8)), .defined(.result(ok: u8, error: nil)),
            .defined(.fixedList(u8, 4)), .defined(.map(.primitive(.string), .index(3))), .defined(.stream(nil)),
            .defined(.future(u8)), .defined(.tuple([u8, .index(0)])), .defined(.option(.index(99))),
            .func(ComponentFuncType(isAsync: true, params: [LabeledType("x", .index(4))], result: nil)),
            .resource(rep: .i32, destructor: 2), .defined(.own(10)), .defined(.borrow(10)),
        ])])
        let space = TypeSpace(c)
        let p = TypePrinter(space)
        let rendered = (0..<13).map { p.render(.index(UInt32($0)), in: space.root) }
        XCTAssertEqual(rendered, [
            "result", "result<_, u8>", "result<u8>", "list<u8, 4>", "map<string, list<u8, 4>>", "stream", "future<u8>",
            "tuple<u8, result>", "option<<unknown type 99>>", "async func(x: map<string, list<u8, 4>>)",
            "resource (rep i32) (dtor 2)", "own<type 10>", "borrow<own<type 10>>",
        ])
    }

    func testCyclicReferencesStillPrint() {
        // Invalid on purpose: type 0 refers to type 1 and type 1 to type 0.
        let c = Component(sections: [.types([.defined(.list(.index(1))), .defined(.option(.index(0)))])])
        let s = TypePrinter(TypeSpace(c)).render(.index(0), in: ScopeID(0))
        XCTAssertTrue(s.hasPrefix("list<option<list<"), s)
        XCTAssertTrue(s.contains("…"), s)
    }
}
