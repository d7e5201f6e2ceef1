import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmComponent

final class TypeSpaceTests: XCTestCase {
    /// A hand-built component: an imported instance type, an alias of its type export, a lift, an
    /// export, a nested component with an outer alias, and an out-of-range reference.
    func model() -> Component {
        let u32: ComponentValType = .primitive(.u32)
        return Component(sections: [
            .types([
                .instance([
                    .type(.defined(.record([LabeledType("code", u32)]))),
                    .export(name: "error", type: .type(.eq(0))),
                    .type(.func(ComponentFuncType(params: [LabeledType("key", .primitive(.string))],
                                                  result: .index(1)))),
                    .export(name: "get", type: .func(2)),
                ]),
            ]),
            .imports([ComponentImport(name: "kv", type: .instance(0))]),
            .aliases([.instanceExport(kind: .type, instance: 0, name: "error"),
                      .instanceExport(kind: .func, instance: 0, name: "get")]),
            .types([.func(ComponentFuncType(params: [], result: .index(1)))]),
            .canons([.lift(coreFunc: 0, options: [], type: 2), .resourceNew(type: 1)]),
            .exports([ComponentExport(name: "check", kind: .func, index: 1)]),
            .component(Component(sections: [
                .aliases([.outer(kind: .type, count: 1, index: 1)]),
                .imports([ComponentImport(name: "e", type: .type(.eq(0)))]),
            ])),
            .aliases([.instanceExport(kind: .func, instance: 0, name: "missing"),
                      .outer(kind: .type, count: 5, index: 0)]),
        ])
    }

    func testIndexSpacesFollowAliasesImportsAndExports() throws {
        let space = TypeSpace(model())
        let root = space.scopes[space.root.raw]
        XCTAssertEqual(root.types.count, 4)  // instance type, alias "error", func type, bad outer alias
        XCTAssertEqual(root.funcs.count, 4)  // alias "get", lift, export "check", bad alias
        XCTAssertEqual(root.coreFuncs, [.canon(1)])
        XCTAssertEqual(root.instances.count, 1)
        XCTAssertEqual(root.components.count, 1)

        // Type 1 (the alias) is the record defined inside the instance type, named "error".
        let t1 = try space.type(1)
        guard case .type(.defined(.record(let fields))) = t1.definition else { return XCTFail("\(t1)") }
        XCTAssertEqual(fields.map(\.name), ["code"])
        XCTAssertEqual(space.name(of: t1.key), "error")
        XCTAssertEqual(space.scopes[t1.scope.raw].kind, .instanceType)

        // The export "check" has the lifted function's type.
        guard case .func(let k) = try space.export(named: "check") else { return XCTFail() }
        XCTAssertEqual(k, root.types[2])
        XCTAssertEqual(TypePrinter(space).render(try space.export(named: "check")), "func() -> error")

        // What instance 0 exports, and the import's type.
        XCTAssertEqual(try space.instanceExports(0).map(\.name.name), ["error", "get"])
        guard case .instance(let id) = try space.import(0).item else { return XCTFail() }
        XCTAssertEqual(try space.instance(id).type, root.types[0])

        // The nested component's outer alias reaches the same record.
        let nested = try space.component(root.components[0])
        guard let ns = nested.scope else { return XCTFail() }
        XCTAssertEqual(try space.type(0, in: ns).key, t1.key)
        guard case .type(let ek) = nested.imports[0].item else { return XCTFail() }
        XCTAssertEqual(ek, t1.key)
    }

    func testUnresolvableReferencesBecomeErrors() throws {
        let space = TypeSpace(model())
        XCTAssertEqual(space.errors.map(\.code), [.unknownExport, .indexOutOfBounds])
        XCTAssertEqual(space.errors.first?.message, "instance 0 has no export named `missing`")
        XCTAssertThrowsError(try space.type(3)) { XCTAssertEqual(($0 as? WasmError)?.code, .indexOutOfBounds) }
        XCTAssertThrowsError(try space.type(99)) {
            XCTAssertEqual(($0 as? WasmError)?.message, "unknown type 99: type index out of bounds (4 defined)")
        }
        XCTAssertThrowsError(try space.funcType(3)) { XCTAssertEqual(($0 as? WasmError)?.code, .unknownExport) }
        XCTAssertThrowsError(try space.instanceExports(7))
        XCTAssertThrowsError(try space.export(named: "nope")) { XCTAssertEqual(($0 as? WasmError)?.code, .unknownExport) }
    }

    func testSampleComponentResolves() throws {
        let c = try Component.decode(bytes: try Samples.app())
        let space = TypeSpace(c)
        XCTAssertTrue(space.errors.isEmpty, "\(space.errors)")
        let p = TypePrinter(space)
        XCTAssertEqual(p.render(try space.export(named: "run")), "func(a: rec, h: borrow<r>) -> result<string, e>")
        XCTAssertEqual(try space.instanceExports(1).map { p.render($0) }, ["y: func(msg: string)"])
        XCTAssertEqual(p.render(try space.import(0)), """
            host: instance {
              resource r
              log: func(msg: string)
              make: func() -> r
            }
            """)
        // Core index spaces: one module, two core instances, memory alias, lowered + resource.drop funcs.
        let root = space.scopes[space.root.raw]
        XCTAssertEqual(root.coreModules, [.defined(scope: space.root, position: 0)])
        XCTAssertEqual(root.coreInstances.count, 2)
        XCTAssertEqual(root.coreMemories, [.coreExport(instance: 0, name: "mem")])
        XCTAssertEqual(root.coreFuncs.count, 4)  // lower, 2 inline aliases for lift's func and realloc, drop
    }

    func testLinkingSampleResolvesNestedComponents() throws {
        let c = try Component.decode(bytes: try Samples.linking())
        let space = TypeSpace(c)
        XCTAssertTrue(space.errors.isEmpty, "\(space.errors)")
        let p = TypePrinter(space)
        XCTAssertEqual(p.render(try space.export(named: "svc2")), """
            instance {
              g: func(n: u32) -> list<u8>
            }
            """)
        XCTAssertEqual(p.render(try space.export(named: "a")), """
            instance {
              record t { x: u8 }
              b: component {
                import f: func(v: t)
              }
            }
            """)
    }
}
