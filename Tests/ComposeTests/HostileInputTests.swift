import Foundation
import TestSupport
import WasmBinary
import WasmComponent
import XCTest

@testable import Compose

/// Composing damaged inputs throws; it never traps.
final class HostileInputTests: XCTestCase {
    func testMutatedInputsNeverTrap() throws {
        let dir = Repo.testdata
        let consumer = try [UInt8](Data(contentsOf: dir.appendingPathComponent("resource/consumer.wasm")))
        let provider = try [UInt8](Data(contentsOf: dir.appendingPathComponent("resource/provider.wasm")))
        var rng = SplitMix(seed: 0x5EED)
        var outcomes = (composed: 0, failed: 0)
        for round in 0..<400 {
            var a = consumer, b = provider
            let target = round % 2 == 0
            for _ in 0..<(1 + rng.below(3)) {
                if target {
                    a[8 + rng.below(a.count - 8)] = UInt8(truncatingIfNeeded: rng.next())
                } else {
                    b[8 + rng.below(b.count - 8)] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            if rng.below(10) == 0 { a = Array(a.prefix(8 + rng.below(a.count - 8))) }
            do {
                let c = try Composition(consumer: Make.input("a", a), providers: [Make.input("b", b)])
                _ = try c.output()
                outcomes.composed += 1
            } catch {
                outcomes.failed += 1
            }
        }
        XCTAssertEqual(outcomes.composed + outcomes.failed, 400)
        XCTAssertGreaterThan(outcomes.failed, 0)
    }

    /// A consumer importing `f: func(x: list<list<…<u8>…>>)` nested 5,000 deep: copying the type
    /// into the result recursed once per level and overflowed the stack (debug builds, from ~700
    /// levels) before the old limit of 1,000 levels applied. The limit is now below any stack.
    func testDeeplyNestedImportTypeIsRejected() {
        var types: [ComponentType] = [.defined(.list(.primitive(.u8)))]
        for i in 1..<5_000 { types.append(.defined(.list(.index(UInt32(i - 1))))) }
        types.append(.func(ComponentFuncType(params: [LabeledType("x", .index(4_999))], result: nil)))
        let consumer = Component(sections: [
            .types(types), .imports([ComponentImport(name: ExternName("f"), type: .func(5_000))]),
        ]).encode()
        let e = assertComposeError(.composeUnsupported) {
            _ = try Make.compose([("deep", consumer), ("p", Make.component(exports: ["x"]))]).output()
        }
        XCTAssertTrue(e?.message.contains("nested too deeply") == true, e?.description ?? "")
    }

    /// Re-exports are followed in a loop: a type re-exported 3,000 times is carried into the result.
    func testLongReExportChainsCompose() throws {
        var sections: [ComponentSection] = [.types([.defined(.list(.primitive(.u8)))])]
        for i in 0..<3_000 {
            sections.append(.exports([ComponentExport(name: ExternName("t\(i)"), kind: .type, index: UInt32(i))]))
        }
        sections.append(.types([.func(ComponentFuncType(params: [LabeledType("x", .index(3_000))], result: nil))]))
        sections.append(.imports([ComponentImport(name: ExternName("f"), type: .func(3_001))]))
        let consumer = Component(sections: sections).encode()
        let c = try Make.compose([("chain", consumer), ("p", Make.component(exports: ["x"]))])
        XCTAssertEqual(c.plan.imports.map(\.name), ["f"])
        XCTAssertNoThrow(try c.check())
    }
}
