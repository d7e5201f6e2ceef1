import TestSupport
import WasmBinary
import WasmComponent
import WasmText
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
        let consumer = try fixture("import-using-a-provider-defined-resource-is-explained-consumer")
        let provider = try fixture("import-using-a-provider-defined-resource-is-explained-provider")
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
        let consumer = try fixture("shared-imported-resource-across-a-wire-consumer")
        let provider = try fixture("shared-imported-resource-across-a-wire-provider")
        let c = try Make.compose([("app", consumer), ("p", provider)])
        XCTAssertEqual(c.plan.imports.map(\.name), ["a:b/types"])
        XCTAssertEqual(c.plan.imports.first?.importers.map(\.input), [0, 1])
        XCTAssertEqual(c.plan.wires.map(\.importName), ["a:b/api"])
        try assertValidComponent(try c.bytes())
    }

    /// Types `use`d across interfaces that are all wired: the consumer's `api` refers to a record of
    /// its `types` import; both come from the provider.
    func testUsedTypesAcrossWiredInterfaces() throws {
        let consumer = try fixture("used-types-across-wired-interfaces-consumer")
        let provider = try fixture("used-types-across-wired-interfaces-provider")
        let c = try Make.compose([("app", consumer), ("p", provider)])
        XCTAssertEqual(c.plan.wires.map(\.exportName), ["a:b/types@1.2.0", "a:b/api@1.2.0"])
        XCTAssertEqual(c.plan.wires.map(\.match), [.semver, .semver])
        try assertValidComponent(try c.bytes())
    }
}

/// Instance imports shared by several inputs become one import whose type is the union of what
/// they declare (components generated from WIT import only the functions they use).
final class InstanceUnionTests: XCTestCase {
    func testSharedInterfaceIsImportedOnceWithEveryFunction() throws {
        let consumer = try fixture("shared-interface-is-imported-once-with-every-function-consumer")
        let provider = try fixture("shared-interface-is-imported-once-with-every-function-provider")
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
        let provider = try fixture("invalid-core-code-in-an-input-is-rejected-unless-skipped-provider")
        let consumer = try fixture("invalid-core-code-in-an-input-is-rejected-unless-skipped-consumer")
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

    /// Inputs that embed the same large module have its bodies checked once (`SharedModuleChecks`); when it
    /// is invalid, the error is the one each input gives alone (validated again without sharing), the same on
    /// every run whichever validation reached the module first.
    func testASharedBadModuleGivesTheSameErrorEveryTime() throws {
        let module = try ValidationTests.largeBadModule()
        XCTAssertGreaterThan(module.count, SharedModuleChecks.minimumBytes)
        func withModule(_ bytes: [UInt8]) throws -> [UInt8] {
            var c = try Component.decode(ByteSlice(copying: bytes))
            c.sections.append(.coreModule(CoreModule(bytes: ByteSlice(copying: module))))
            return c.encode()
        }
        let consumer = try withModule(Make.component(imports: ["x"]))
        let provider = try withModule(Make.component(exports: ["x"]))
        var seen: [String] = []
        for _ in 0..<8 {
            let c = try Make.compose([("app", consumer), ("lib.wasm", provider)])
            do {
                _ = try c.output()
                XCTFail("expected a validation error")
            } catch {
                XCTAssertEqual(Array(error.path.suffix(3)), ["code section", "func 101", "end"], error.description)
                seen.append("\(error.file ?? "-") \(error.offset ?? -1) \(error.path) \(error.message)")
            }
        }
        XCTAssertEqual(Set(seen).count, 1, "\(Set(seen))")
    }

    /// A module of over 64 KiB (300 functions of 100 x `i32.const 1 drop`) whose function 101 is
    /// `(func (result i32) ... f32.const 0)`, assembled by wcomp's own text parser.
    static func largeBadModule() throws -> [UInt8] {
        let filler = String(repeating: "i32.const 1 drop ", count: 100)
        var text = "(module\n"
        for k in 0..<300 { text += k == 101 ? "(func (result i32) \(filler)f32.const 0)\n" : "(func \(filler))\n" }
        return try WasmText.parse(Array((text + ")").utf8))
    }
}
