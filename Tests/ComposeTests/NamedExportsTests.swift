import Foundation
import TestSupport
import WasmBinary
import WasmComponent
import XCTest

@testable import Compose

/// Exports whose types come from an import the composition satisfies (testdata/typed): the type
/// imports WIT's `use` makes are satisfied with the import, and the result exports the providers'
/// interfaces that keep the types named. wasm-tools compose fails on both compositions.
final class NamedExportsTests: XCTestCase {
    private func composition(_ root: String, _ definitions: [String], options: ComposeOptions = .init()) throws -> Composition {
        let path = { (p: String) in Repo.testdata.appendingPathComponent(p).path }
        return try Composition(consumer: .load(path: path(root)), providers: try definitions.map { try .load(path: path($0)) },
                               options: options)
    }

    func testUsedTypesAreSatisfiedWithTheirInterface() throws {
        let c = try composition("typed/consumer.wasm", ["typed/provider.wasm"])
        XCTAssertEqual(c.plan.wires.map { "\($0.importName) ← \($0.exportName) \($0.member ?? "-") (\($0.match))" }, [
            "example:typed/types@0.1.0 ← example:typed/types@0.1.0 - (exact)",
            "top ← example:typed/types@0.1.0 top (derived)",
            "error ← example:typed/types@0.1.0 error (derived)",
        ])
        XCTAssertEqual(c.plan.imports, [], "the type imports are not left to the result")
    }

    func testTheProvidersInterfaceIsExportedFirst() throws {
        let c = try composition("typed/consumer.wasm", ["typed/provider.wasm"])
        XCTAssertEqual(c.plan.exports, [
            .init(name: "example:typed/types@0.1.0", kind: .instance, input: 1,
                  neededBy: ["run", "example:typed/api@0.1.0"]),
            .init(name: "run", kind: .func),
            .init(name: "example:typed/api@0.1.0", kind: .instance),
        ])
        let bytes = try c.bytes()
        let exports = try Component.decode(bytes: bytes).exports.map(\.name.name)
        XCTAssertEqual(exports, ["example:typed/types@0.1.0", "run", "example:typed/api@0.1.0"])
        try assertValidComponent(bytes)
    }

    /// `boxer` uses `box` of `middle`'s `shapes`, whose `top` comes from `provider`'s `types`: one
    /// added export per provider, each before what needs it.
    func testAChainOfProvidersAddsAnExportEach() throws {
        let c = try composition("typed/boxer.wasm", ["typed/middle.wasm", "typed/provider.wasm"])
        XCTAssertEqual(c.plan.exports, [
            .init(name: "example:typed/types@0.1.0", kind: .instance, input: 2, neededBy: ["example:typed/shapes@0.1.0"]),
            .init(name: "example:typed/shapes@0.1.0", kind: .instance, input: 1, neededBy: ["run"]),
            .init(name: "run", kind: .func),
        ])
        XCTAssertNoThrow(try ComponentValidator(features: .all).validate(bytes: ByteSlice(copying: try c.bytes())))
    }

    /// Without a provider nothing is satisfied: the consumer's imports pass through, nothing is added.
    func testNothingIsAddedWhenTheImportStays() throws {
        let c = try composition("typed/consumer.wasm", ["cache/provider.wasm"])
        XCTAssertEqual(c.plan.exports.map(\.input), [0, 0])
        XCTAssertEqual(c.plan.imports.map(\.name), ["example:typed/types@0.1.0", "top", "error"])
        XCTAssertNoThrow(try c.check())
    }

    /// The validator's account of what names each export's types.
    func testExportNeedsFollowTheValidatorsRule() throws {
        let bytes = try Data(contentsOf: Repo.testdata.appendingPathComponent("typed/consumer.wasm"))
        let needs = try ComponentValidator(features: .all).exportNeeds(of: Component.decode(bytes: [UInt8](bytes)))
        XCTAssertEqual(needs, [
            ExportNeeds(export: "run", imports: ["top", "error"], exports: []),
            ExportNeeds(export: "example:typed/api@0.1.0", imports: ["example:typed/types@0.1.0"], exports: []),
        ])
        let middle = try Data(contentsOf: Repo.testdata.appendingPathComponent("typed/middle.wasm"))
        XCTAssertEqual(try ComponentValidator(features: .all).exportNeeds(of: Component.decode(bytes: [UInt8](middle))),
                       [ExportNeeds(export: "example:typed/shapes@0.1.0", imports: ["example:typed/types@0.1.0"], exports: [])])
        // The cache consumer's `app` uses no type of the cache: nothing to keep.
        let cache = try Data(contentsOf: Repo.testdata.appendingPathComponent("cache/consumer.wasm"))
        XCTAssertEqual(try ComponentValidator(features: .all).exportNeeds(of: Component.decode(bytes: [UInt8](cache))),
                       [ExportNeeds(export: "example:cache/app@0.1.0", imports: [], exports: [])])
    }

    // MARK: --wire given twice

    func testTheSameWireTwiceIsOneWire() throws {
        let providers = ["cache/provider.wasm"]
        let twice = try ["example:cache/cache@0.1.0=1", "example:cache/cache@0.1.0=cache/provider.wasm"].map {
            try WireRequest.parse($0, providers: providers)
        }
        let c = try composition("cache/consumer.wasm", providers, options: ComposeOptions(wires: twice))
        XCTAssertEqual(c.plan.wires.map(\.match), [.explicit])
    }

    func testTwoDifferentWiresForOneImportAreAnError() throws {
        let providers = ["cache/provider.wasm", "versions/provider.wasm"]
        let wires = try ["example:cache/cache@0.1.0=1", "example:cache/cache=2"].map { try WireRequest.parse($0, providers: providers) }
        let e = assertComposeError(.composeAmbiguous) {
            _ = try composition("cache/consumer.wasm", providers, options: ComposeOptions(wires: wires))
        }
        XCTAssertTrue(e?.message.hasSuffix("is wired twice: --wire example:cache/cache@0.1.0=1 and --wire example:cache/cache=2") ?? false,
                      e?.message ?? "")
    }
}
