import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmComponent

final class TypePrinterTests: XCTestCase {
    func testWitComponentImportPrintsLikeWIT() throws {
        // Samples/cache.wit, world `app`, as `component embed --dummy` + `component new` build it.
        let space = TypeSpace(try Component.decode(bytes: try Samples.cache(), mode: .shallow))
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
        let bytes = try fixture("types-from-other-interfaces-print-as-use")
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

    /// Found by fuzzing (`inspect`): `type 0 = func(" ": 0) -> 0` refers to itself twice, so the
    /// depth limit alone let `[method]a.b`'s type print 2^32 nodes.
    func testSelfReferenceWithFanOutPrintsWithinBudget() throws {
        let bytes: [UInt8] = [
            0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00,
            0x07, 0x08, 0x01, 0x40, 0x01, 0x01, 0x20, 0x00, 0x00, 0x00,
            0x0A, 0x10, 0x01, 0x00, 0x0B, 0x5B, 0x6D, 0x65, 0x74, 0x68, 0x6F, 0x64, 0x5D, 0x61, 0x2E, 0x62, 0x01, 0x00,
        ]
        let space = TypeSpace(try Component.decode(bytes: bytes, mode: .shallow))
        let printer = TypePrinter(space)
        let world = printer.renderWorld()
        XCTAssertTrue(world.hasPrefix("import [method]a.b: func( : func( : "), world)
        XCTAssertTrue(world.contains("…"))
        XCTAssertLessThan(world.utf8.count, 1 << 20)
        XCTAssertLessThan(printer.renderDefinition(TypeKey(scope: space.root, slot: 0)).utf8.count, 1 << 20)
    }

    /// A valid DAG does the same: `type i = tuple<i-1, i-1>` has 2^40 leaves when printed inline.
    func testSharedTypesPrintWithinBudget() {
        var types: [ComponentType] = [.defined(.tuple([.primitive(.u8), .primitive(.u8)]))]
        for i in 1..<40 { types.append(.defined(.tuple([.index(UInt32(i - 1)), .index(UInt32(i - 1))]))) }
        let space = TypeSpace(Component(sections: [.types(types)]))
        var printer = TypePrinter(space)
        printer.maxDepth = 64
        let s = printer.render(.index(39), in: space.root)
        XCTAssertTrue(s.hasPrefix("tuple<tuple<tuple<"), s)
        XCTAssertTrue(s.contains("…"))
        XCTAssertLessThan(s.utf8.count, 1 << 20)
        // Small shared types still print in full.
        XCTAssertEqual(printer.render(.index(2), in: space.root),
                       "tuple<tuple<tuple<u8, u8>, tuple<u8, u8>>, tuple<tuple<u8, u8>, tuple<u8, u8>>>")
    }
}
