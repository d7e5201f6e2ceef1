import TestSupport
import WasmBinary
import XCTest

@testable import Compose

/// Validator errors of the composed shell, translated into the user's terms.
final class DiagnosisTests: XCTestCase {
    func composition() throws -> Composition {
        let path = { (p: String) in Repo.testdata(p) }
        return try Composition(consumer: .load(path: path("cache/consumer.wasm")),
                               providers: [.load(path: path("mismatch/provider.wasm"))])
    }

    func testWireMismatchNamesTheImportTheProviderAndTheDifference() throws {
        let c = try composition()
        let builder = try c.builtShell()
        let consumerInstance = try XCTUnwrap(builder.instanceOwners.first { $0.value == 0 }?.key)
        let error = WasmError(.init("incompatible-type"), "expected list<u8>, found string", offset: nil, kind: .invalid,
                              path: [.component, .item("instance", Int(consumerInstance)),
                                     .quoted("import", "example:cache/cache@0.1.0"), .quoted("export", "get"), "result",
                                     "ok"])
        let e = Diagnosis(composition: c, builder: builder).explain(error)
        XCTAssertEqual(e.code, .composeTypeMismatch)
        let wire = "import `example:cache/cache@0.1.0` of \(c.plan.label(0)) ← export `example:cache/cache@0.1.0` of "
            + c.plan.label(1)
        XCTAssertEqual(e.message, "type mismatch: \(wire): func get › result › ok: expected list<u8>, found string")
        XCTAssertEqual(e.path, [.text(wire), .member("func", "get"), "result", "ok"])
    }

    func testOtherErrorsAreReportedAsInvalidOutput() throws {
        let c = try composition()
        let e = Diagnosis(composition: c, builder: try c.builtShell())
            .explain(WasmError(.init("x"), "something", offset: 3, kind: .invalid, path: ["component", "type 0"]))
        XCTAssertEqual(e.code, .composeInvalidOutput)
        XCTAssertTrue(e.message.hasSuffix(": something"))
        XCTAssertEqual(e.path, ["component", "type 0"])
    }
}
