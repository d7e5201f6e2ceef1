import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// One store of canonical core types per validation run: the component's core type sections, its
/// nested modules (interned by `ModuleValidator` itself) and the built-ins' function types share it.
/// The cases are in testdata/features/nested, where features/verdicts.tsv pins wasm-tools' verdicts.
final class CoreTypeStoreTests: XCTestCase {
    func nested(_ name: String) throws -> ByteSlice {
        ByteSlice(copying: try Fixture.data(Repo.testdata.appendingPathComponent("features/nested/\(name).wasm")))
    }

    /// The same rec group in the component and in two modules is interned once: the modules' export
    /// and import name the very id the component's core type section got.
    func testTheComponentAndItsModulesShareOneStore() throws {
        let v = try ComponentValidator(features: .all).validated(Component.decode(try nested("rec-group-shared")))
        let core = v.arena.core
        XCTAssertEqual(core.store.typeCount, 2, "one group of two types, not one per module")
        XCTAssertEqual(core.modules.count, 2)
        XCTAssertEqual(core.modules[0].exports["f"], .func(1))
        XCTAssertEqual(core.modules[1].imports[CoreImportKey(module: "a", name: "f")], .func(1))
        XCTAssertEqual(core.render(type: 1), "(func (param (ref (struct (field i32)))))")
    }

    /// A module finds a built-in's type interned and does not check it again (as wasmparser); declared
    /// by the module first, the type is checked there.
    func testABuiltInsTypeIsInternedBeforeTheModuleDeclaresIt() throws {
        let noFloats = Features.all.subtracting(.floats)
        XCTAssertNoThrow(try ComponentValidator(features: noFloats).validate(bytes: try nested("canon-type-then-module")))
        XCTAssertThrowsError(try ComponentValidator(features: noFloats).validate(bytes: try nested("module-then-canon-type"))) {
            let e = $0 as? WasmError
            XCTAssertEqual(e?.code, .featureDisabled)
            XCTAssertEqual(e?.path, ["component", "core module 0", "type section", "type 0"])
        }
    }

    /// The component's own core types get the module checks, with messages naming them by their index in
    /// the component's core type index space.
    func testComponentCoreTypesAreCheckedAsModuleTypes() throws {
        XCTAssertThrowsError(try ComponentValidator(features: .all).validate(bytes: try nested("core-subtype-mismatch"))) {
            let e = $0 as? WasmError
            XCTAssertEqual(e?.code, .invalidSubtype)
            XCTAssertEqual(e?.message, "sub type 1 does not match super type 0")
            XCTAssertEqual(e?.path, ["component", "core type 0"])
            XCTAssertEqual(e?.offset, 0xb)
        }
    }
}
