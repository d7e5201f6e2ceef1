import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmComponent

/// Components written as text (testdata/fixtures/WasmComponentTests/Samples/*.wat, assembled by
/// `testdata/regenerate`); they must decode, resolve, print and re-encode byte for byte.
enum Samples {
    static func app() throws -> [UInt8] { try Fixture.bytes("WasmComponentTests/Samples/app.wasm") }
    static func linking() throws -> [UInt8] { try Fixture.bytes("WasmComponentTests/Samples/linking.wasm") }
    /// Samples/cache.wit as a component for its world `app` (fixtures/manifest.tsv).
    static func cache() throws -> [UInt8] { try Fixture.bytes("WasmComponentTests/Samples/cache.wasm") }
}

final class RoundTripTests: XCTestCase {
    func testWatSamplesRoundTripByteForByte() throws {
        for bytes in [try Samples.app(), try Samples.linking()] {
            let c = try Component.decode(bytes: bytes, mode: .full)
            XCTAssertFalse(c.sawNonMinimalEncoding)
            XCTAssertEqual(c.encode(reuseNestedBytes: false), bytes)
            XCTAssertEqual(c.encode(), bytes)
            XCTAssertEqual(try Component.decode(bytes: c.encode(reuseNestedBytes: false)), c)
            XCTAssertTrue(TypeSpace(c).errors.isEmpty, "\(TypeSpace(c).errors)")
        }
    }

    /// Components wit-component makes from WIT: a world's component and a package.
    func testWitComponentsRoundTrip() throws {
        for name in ["cache.wasm", "cache.package.wasm"] {
            let storage = try ByteStorage.load(path: Fixture.url("WasmComponentTests/Samples/" + name).path)
            let c = try Component.decode(storage.all)
            XCTAssertEqual(c.encode(reuseNestedBytes: false), storage.all.array, name)
        }
    }

    /// An ~18 MB componentize-py component: shallow and full decoding, byte-identical re-encoding, and
    /// the same verdict as `wasm-tools validate --features all`.
    func testComponentizePyComponent() throws {
        try Oracle.require(.componentizePy)
        let path = try PythonGuest.component()
        let storage = try ByteStorage.load(path: path)
        let shallow = try Component.decode(storage.all, mode: .shallow)
        let full = try Component.decode(storage.all, mode: .full)
        XCTAssertEqual(shallow, full)
        XCTAssertGreaterThan(shallow.coreModules.count, 1)
        XCTAssertEqual(full.encode(reuseNestedBytes: false), storage.all.array)
        let space = TypeSpace(full)
        XCTAssertTrue(space.errors.isEmpty, "\(space.errors)")
        XCTAssertEqual(TypePrinter(space).render(try space.export(named: "run")), "func() -> string")
        XCTAssertNoThrow(try ComponentValidator(features: .all).validate(bytes: storage.all))
        XCTAssertNil(try wasmToolsVerdict(storage.all.array, features: "all"))
    }
}
