import TestSupport
import WasmBinary
import WasmComponent
import XCTest

@testable import Compose

/// The composed component's structure, checked with `wasm-tools validate` (and by decoding it).
final class BuilderTests: XCTestCase {
    func testInputsAreEmbeddedFromTheirOwnBytes() throws {
        let consumer = Make.input("app", Make.component(imports: ["a:b/c"], exports: ["a:b/app"]))
        let provider = Make.input("p", Make.component(exports: ["a:b/c"]))
        let out = try Composition(consumer: consumer, providers: [provider]).output()
        // The inputs' slices are parts of the output, not copies.
        XCTAssertTrue(out.parts.contains { $0.storage === consumer.bytes.storage && $0.range == consumer.bytes.range })
        XCTAssertTrue(out.parts.contains { $0.storage === provider.bytes.storage && $0.range == provider.bytes.range })
        let c = try Component.decode(bytes: out.bytes)
        XCTAssertEqual(c.components.compactMap { $0.originalBytes?.array }, [provider.bytes.array, consumer.bytes.array])
        XCTAssertEqual(c.imports, [])
        XCTAssertEqual(c.exports.map(\.name.name), ["a:b/app"])
        XCTAssertEqual(c.names?.names(of: .component), [0: "p", 1: "app"])
        XCTAssertEqual(c.names?.names(of: .instance), [0: "p", 2: "app"])
        try assertValidComponent(out.bytes)
    }

    func testRemainingImportsOfEveryKindAreCarriedOver() throws {
        let c = try Make.compose([
            ("app", Make.component(imports: ["w:io/streams@0.2.8", "cache"], funcImports: ["log"], exports: ["out"])),
            ("p", Make.component(imports: ["w:io/streams@0.2.9"], funcImports: ["log"], exports: ["cache"])),
        ])
        let bytes = try c.bytes()
        try assertValidComponent(bytes)
        let composed = try Component.decode(bytes: bytes)
        XCTAssertEqual(composed.imports.map(\.name.name), ["w:io/streams@0.2.9", "log"])
        XCTAssertEqual(composed.imports.map(\.type.kind), [.instance, .func])
    }

    /// The consumer imports `types` (a resource) and `api` (which uses it); the provider exports
    /// only `types`, defining the resource. `api` would have to stay an import of the result that
    /// uses a resource defined inside the result, which components cannot express: the composer
    /// says so, naming the import and the wire.
    func testImportUsingAProviderDefinedResourceIsExplained() throws {
        let consumer = try assembleWithWasmTools("""
        (component
          (type $types-t (instance (export "r" (type (sub resource)))))
          (import "a:b/types" (instance $types (type $types-t)))
          (alias export $types "r" (type $r))
          (type $api-t (instance
            (alias outer 1 $r (type $outer-r))
            (export "r" (type $r2 (eq $outer-r)))
            (type $b (borrow $r2))
            (export "use" (func (param "x" $b) (result u32)))))
          (import "a:b/api" (instance $api (type $api-t)))
        )
        """)
        let provider = try assembleWithWasmTools("""
        (component
          (type $r (resource (rep i32)))
          (instance $i (export "r" (type $r)))
          (export "a:b/types" (instance $i))
        )
        """)
        let c = try Make.compose([("app", consumer), ("p", provider)])
        XCTAssertEqual(c.plan.imports.map(\.name), ["a:b/api"])
        let e = assertComposeError(.composeUnresolvableImport) { try c.check() }
        XCTAssertEqual(e?.message, "import `a:b/api` (of app) cannot be an import of the result: its type uses a "
                       + "resource defined by a provider (through `a:b/types` from p), and an import may only use "
                       + "imported resources; let a provider export `a:b/api` as well, or do not satisfy `a:b/types` "
                       + "from p inside the composition")
    }

    /// The provider's `api` uses the resource of its own `types` import; the consumer imports both;
    /// `types` stays an import of the result and both components share it.
    func testSharedImportedResourceAcrossAWire() throws {
        let types = #"(type $types-t (instance (export "r" (type (sub resource)))))"#
        let consumer = try assembleWithWasmTools("""
        (component
          \(types)
          (import "a:b/types" (instance $types (type $types-t)))
          (alias export $types "r" (type $r))
          (type $api-t (instance
            (alias outer 1 $r (type $outer-r))
            (export "r" (type $r2 (eq $outer-r)))
            (type $b (borrow $r2))
            (export "use" (func (param "x" $b) (result u32)))))
          (import "a:b/api" (instance $api (type $api-t)))
        )
        """)
        let provider = try assembleWithWasmTools("""
        (component
          \(types)
          (import "a:b/types" (instance $types (type $types-t)))
          (alias export $types "r" (type $r))
          (core module $m (func (export "f") (param i32) (result i32) i32.const 7))
          (core instance $mi (instantiate $m))
          (type $b (borrow $r))
          (type $f (func (param "x" $b) (result u32)))
          (func $use (type $f) (canon lift (core func $mi "f")))
          (instance $api (export "r" (type $r)) (export "use" (func $use)))
          (export "a:b/api" (instance $api))
        )
        """)
        let c = try Make.compose([("app", consumer), ("p", provider)])
        XCTAssertEqual(c.plan.imports.map(\.name), ["a:b/types"])
        XCTAssertEqual(c.plan.imports.first?.importers.map(\.input), [0, 1])
        XCTAssertEqual(c.plan.wires.map(\.importName), ["a:b/api"])
        try assertValidComponent(try c.bytes())
    }

    /// Types `use`d across interfaces that are all wired: the consumer's `api` refers to a record of
    /// its `types` import; both come from the provider.
    func testUsedTypesAcrossWiredInterfaces() throws {
        let consumer = try assembleWithWasmTools("""
        (component
          (type $types-t (instance
            (type $p (record (field "x" u32) (field "y" u32)))
            (export "point" (type (eq $p)))))
          (import "a:b/types@1.0.0" (instance $types (type $types-t)))
          (alias export $types "point" (type $point))
          (type $api-t (instance
            (alias outer 1 $point (type $outer-point))
            (export "point" (type $p2 (eq $outer-point)))
            (export "norm" (func (param "p" $p2) (result u32)))))
          (import "a:b/api@1.0.0" (instance $api (type $api-t)))
        )
        """)
        let provider = try assembleWithWasmTools("""
        (component
          (core module $m (func (export "f") (param i32 i32) (result i32) local.get 0))
          (core instance $mi (instantiate $m))
          (type $p (record (field "x" u32) (field "y" u32)))
          (instance $types (export "point" (type $p)))
          (export $types-out "a:b/types@1.2.0" (instance $types))
          (alias export $types-out "point" (type $point))
          (type $f (func (param "p" $point) (result u32)))
          (func $norm (type $f) (canon lift (core func $mi "f")))
          (instance $api (export "point" (type $point)) (export "norm" (func $norm)))
          (export "a:b/api@1.2.0" (instance $api))
        )
        """)
        let c = try Make.compose([("app", consumer), ("p", provider)])
        XCTAssertEqual(c.plan.wires.map(\.exportName), ["a:b/types@1.2.0", "a:b/api@1.2.0"])
        XCTAssertEqual(c.plan.wires.map(\.match), [.semver, .semver])
        try assertValidComponent(try c.bytes())
    }
}

/// Instance imports shared by several inputs become one import whose type is the union of what
/// they declare (components generated from WIT import only the functions they use).
final class InstanceUnionTests: XCTestCase {
    static let poll = """
      (type $poll-t (instance (export "pollable" (type (sub resource)))))
      (import "w:io/poll@0.2.0" (instance $poll (type $poll-t)))
      (alias export $poll "pollable" (type $pollable))
    """

    func testSharedInterfaceIsImportedOnceWithEveryFunction() throws {
        let consumer = try assembleWithWasmTools("""
        (component
          \(Self.poll)
          (type $streams-t (instance
            (alias outer 1 $pollable (type $p))
            (export "output-stream" (type $os (sub resource)))
            (type $b (borrow $os))
            (type $bytes (list u8))
            (export "[method]output-stream.write" (func (param "self" $b) (param "data" $bytes)))
            (type $own-p (own $p))
            (export "[method]output-stream.subscribe" (func (param "self" $b) (result $own-p)))))
          (import "w:io/streams@0.2.8" (instance $streams (type $streams-t)))
          (type $cache-t (instance))
          (import "cache" (instance (type $cache-t)))
        )
        """)
        let provider = try assembleWithWasmTools("""
        (component
          \(Self.poll)
          (type $streams-t (instance
            (export "output-stream" (type $os (sub resource)))
            (type $b (borrow $os))
            (export "[method]output-stream.flush" (func (param "self" $b)))
            (alias outer 1 $pollable (type $p))
            (type $own-p (own $p))
            (export "[method]output-stream.subscribe" (func (param "self" $b) (result $own-p)))))
          (import "w:io/streams@0.2.9" (instance $streams (type $streams-t)))
          (instance $cache)
          (export "cache" (instance $cache))
        )
        """)
        let c = try Make.compose([("app", consumer), ("p", provider)])
        XCTAssertEqual(c.plan.imports.map(\.name), ["w:io/poll@0.2.0", "w:io/streams@0.2.9"])
        let bytes = try c.bytes()
        try assertValidComponent(bytes)
        let composed = try Component.decode(bytes: bytes)
        let space = TypeSpace(composed)
        let streams = try XCTUnwrap(space.imports().first { $0.name.name == "w:io/streams@0.2.9" })
        guard case .instance(let id) = streams.item else { return XCTFail("not an instance") }
        XCTAssertEqual(try space.instance(id).exports.map(\.name.name), [
            "output-stream", "[method]output-stream.flush", "[method]output-stream.subscribe",
            "[method]output-stream.write",
        ])
    }
}

/// Output validation: the inputs' core code is validated once (the shell check sees only interfaces).
final class ValidationTests: XCTestCase {
    func testInvalidCoreCodeInAnInputIsRejectedUnlessSkipped() throws {
        let provider = try assembleWithWasmTools("""
        (component
          (core module $m (func (export "f") (result i32) f32.const 1))
          (core instance $mi (instantiate $m))
          (func $f (result u32) (canon lift (core func $mi "f")))
          (instance $i (export "f" (func $f)))
          (export "x:y/z" (instance $i))
        )
        """)
        let consumer = try assembleWithWasmTools("""
        (component
          (type $t (instance (export "f" (func (result u32)))))
          (import "x:y/z" (instance (type $t)))
        )
        """)
        let c = try Make.compose([("app", consumer), ("bad.wasm", provider)])
        try c.check()  // the wiring itself is fine
        do {
            _ = try c.output()
            XCTFail("expected a validation error")
        } catch {
            let e = error
            XCTAssertEqual(e.file, "bad.wasm")
            XCTAssertEqual(e.kind, .invalid)
            XCTAssertTrue(e.message.contains("type mismatch"), e.description)
            XCTAssertEqual(Array(e.path.prefix(2)), ["component", "core module 0"])
        }
        let skipped = try Make.compose([("app", consumer), ("bad.wasm", provider)], options: ComposeOptions(validate: false))
        XCTAssertFalse(try skipped.output().parts.isEmpty)
    }
}
