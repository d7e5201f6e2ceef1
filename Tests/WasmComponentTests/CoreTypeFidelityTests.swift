import WasmBinary
import WasmCore
import TestSupport
import XCTest

@testable import WasmComponent

/// Core types inside components as wasm-tools 1.262 reads and checks them: GC types in module type
/// declarations, and the shared function types of the thread built-ins. (More cases, with wasm-tools'
/// verdicts, are in testdata/features/nested, checked by FeatureTableTests.)
final class CoreTypeFidelityTests: XCTestCase {
    /// A component whose only section is a core type section holding `payload` (count included).
    func coreTypes(_ payload: [UInt8]) -> [UInt8] { Bytes.component([(3, payload)]) }

    func testModuleTypeDeclarationsHoldCoreRecGroups() throws {
        // (core type (module (type (sub (struct))))): inside a module type, 0x50 is a non-final sub type.
        let sub = SubType(isFinal: false, composite: CompositeType(.struct([])))
        let c = try Component.decode(bytes: coreTypes([0x01, 0x50, 0x01, 0x01, 0x50, 0x00, 0x5F, 0x00]))
        XCTAssertEqual(c.sections, [.coreTypes([.module([.type(RecGroup(sub))])])])
        XCTAssertEqual(c.encode(), coreTypes([0x01, 0x50, 0x01, 0x01, 0x50, 0x00, 0x5F, 0x00]))
        // A final sub type with a supertype (0x4f), and an explicit rec group (0x4e) of two.
        let bytes = coreTypes([0x01, 0x50, 0x03, 0x01, 0x50, 0x00, 0x5F, 0x00, 0x01, 0x4F, 0x01, 0x00, 0x5F, 0x00,
                               0x01, 0x4E, 0x02, 0x5F, 0x00, 0x60, 0x00, 0x00])
        let c2 = try Component.decode(bytes: bytes)
        XCTAssertEqual(c2.encode(), bytes)
        try ComponentValidator().validate(bytes: ByteSlice(copying: bytes))
        XCTAssertThrowsError(try ComponentValidator(features: Features.default.subtracting(.gc))
            .validate(bytes: ByteSlice(copying: bytes)))
        // The component-level 0x00 prefix of a lone non-final sub is not part of the core format.
        let e = decodeError(coreTypes([0x01, 0x50, 0x01, 0x01, 0x00, 0x50, 0x00, 0x5F, 0x00]))
        XCTAssertEqual(e?.kind, .malformed)
        XCTAssertEqual(e?.offset, 14)
        // Nor can a module type nest: 0x50 0x00 is a sub type that lacks its composite type.
        XCTAssertEqual(decodeError(coreTypes([0x01, 0x50, 0x01, 0x01, 0x50, 0x00]))?.code, .unexpectedEnd)
        // At component level, 0x00 0x50 still introduces a lone non-final sub type.
        let top = try Component.decode(bytes: coreTypes([0x01, 0x00, 0x50, 0x00, 0x5F, 0x00]))
        XCTAssertEqual(top.sections, [.coreTypes([.rec(RecGroup(sub))])])
    }

    func testThreadSpawnTypesAreShared() throws {
        // thread.available_parallelism lowered into an import typed (func (result i32)): wasm-tools 1.262
        // rejects it because the built-in's type is (shared (func (result i32))); the message says `shared`.
        let bytes = Bytes.component([
            (8, [0x01, 0x42]),  // (core func (canon thread.available_parallelism))
            (1, [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,  // (core module (import "" "f" (func (result i32))))
                 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7F, 0x02, 0x06, 0x01, 0x00, 0x01, 0x66, 0x00, 0x00]),
            (2, [0x02, 0x01, 0x01, 0x01, 0x66, 0x00, 0x00,  // (core instance (export "f" (func 0)))
                 0x00, 0x00, 0x01, 0x00, 0x12, 0x00]),       // (core instance (instantiate 0 (with "" (instance 0))))
        ])
        var failure: WasmError?
        do { try ComponentValidator(features: .all).validate(bytes: ByteSlice(copying: bytes)) } catch { failure = error }
        XCTAssertEqual(failure?.message, "expected (func (result i32)), found (shared (func (result i32)))")
    }
}

extension CoreTypeFidelityTests {
    func testDistinctTypesThatPrintTheSameSaySo() throws {
        let path = Repo.testdata("features/nested/rec-group-distinct.wasm")
        let storage = try ByteStorage.load(path: path)
        var failure: WasmError?
        do { try ComponentValidator().validate(bytes: storage.all) } catch { failure = error }
        XCTAssertEqual(failure?.code, .incompatibleType)
        XCTAssertEqual(failure?.message, "expected (func (param (ref null (func (param i32))) i32) (result i32)), found "
            + "(func (param (ref null (func (param i32))) i32) (result i32)) (the same structure, but distinct types: "
            + "their rec groups or supertypes differ)")
    }
}
