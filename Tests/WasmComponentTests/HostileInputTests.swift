import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Inputs meant to make a decoder crash, hang or allocate wildly: they must produce errors.
final class HostileInputTests: XCTestCase {
    func testHugeCountsAreRejectedBeforeAllocating() {
        let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
        for id: UInt8 in [2, 3, 5, 6, 7, 8, 10, 11, 12] {
            let e = decodeError(Bytes.component([(id, huge)]))
            XCTAssertEqual(e?.code, .lengthOutOfBounds, "section \(id)")
        }
        // Huge counts inside items: record fields, instance type declarations, canon options.
        XCTAssertEqual(decodeError(Bytes.component([(7, [0x01, 0x72] + huge)]))?.code, .limitExceeded)
        XCTAssertEqual(decodeError(Bytes.component([(7, [0x01, 0x42] + huge)]))?.code, .limitExceeded)
        XCTAssertEqual(decodeError(Bytes.component([(7, [0x01, 0x42, 0x80, 0x84, 0x3D])]))?.code, .lengthOutOfBounds)
        XCTAssertEqual(decodeError(Bytes.component([(8, [0x01, 0x01, 0x00, 0x00, 0x0B])]))?.code, .limitExceeded)
        // A huge name length.
        XCTAssertEqual(decodeError(Bytes.component([(10, [0x01, 0x00] + huge)]))?.code, .limitExceeded)
        // A section size larger than the input.
        XCTAssertEqual(decodeError([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00, 0x07] + huge)?.code, .unexpectedEnd)
    }

    func testDeeplyNestedComponentsAreBounded() {
        var bytes = Bytes.component([])
        for _ in 0..<150 { bytes = Bytes.component([(4, bytes)]) }
        let e = decodeError(bytes)
        XCTAssertEqual(e?.code, .nestingTooDeep)
        XCTAssertEqual(e?.path.count, 102)  // "component" + 100 nested + the rejected one
        // Within the limit it decodes and re-encodes.
        var ok = Bytes.component([])
        for _ in 0..<50 { ok = Bytes.component([(4, ok)]) }
        XCTAssertEqual((try? Component.decode(bytes: ok))?.encode(reuseNestedBytes: false), ok)
    }

    func testDeeplyNestedTypesAreBounded() {
        // instance type containing a type declaration containing an instance type ...
        var t: [UInt8] = [0x42, 0x00]
        for _ in 0..<200 { t = [0x42, 0x01, 0x01] + t }
        XCTAssertEqual(decodeError(Bytes.component([(7, [0x01] + t)]))?.code, .nestingTooDeep)
        // nested module types (invalid but decodable in Binary.md's grammar)
        var m: [UInt8] = [0x50, 0x00]
        for _ in 0..<200 { m = [0x50, 0x01, 0x01] + m }
        XCTAssertEqual(decodeError(Bytes.component([(3, [0x01] + m)]))?.code, .nestingTooDeep)
    }

    /// Every proper prefix of a valid component either fails to decode or ends on a section boundary.
    func testEveryTruncatedPrefix() throws {
        let c = Component(sections: [
            .types([.instance([.export(name: "f", type: .func(0)),
                               .type(.defined(.record([LabeledType("a", .primitive(.u32))])))]),
                    .func(ComponentFuncType(params: [LabeledType("x", .index(0))], result: .primitive(.string)))]),
            .imports([ComponentImport(name: ExternName("i", attributes: [.implements("a:b/c")]), type: .instance(0))]),
            .component(Component(sections: [.aliases([.outer(kind: .type, count: 1, index: 1)])])),
            .canons([.lift(coreFunc: 0, options: [.memory(0), .utf8], type: 1), .waitableSetWait(cancellable: false, memory: 0)]),
            .exports([ComponentExport(name: "run", kind: .func, index: 0, type: .func(1))]),
        ])
        let bytes = c.encode()
        let boundaries = Set((try Component.decode(bytes: bytes)).layout?.map(\.contents.upperBound) ?? [])
        for n in 0..<bytes.count {
            let prefix = Array(bytes[0..<n])
            do {
                _ = try Component.decode(bytes: prefix)
                XCTAssertTrue(n == 8 || boundaries.contains(n), "prefix of \(n) bytes decoded")
            } catch {
                XCTAssertNotNil(error.offset, "prefix \(n): \(error)")
                XCTAssertLessThanOrEqual(error.offset ?? 0, n)
            }
        }
    }

    /// Random single-byte corruptions never crash; successful decodes round-trip.
    func testRandomCorruptionsDoNotCrash() throws {
        let c = Component(sections: [
            .coreTypes([.rec(RecGroup(SubType(composite: CompositeType(.func(FuncType(params: [.i32], results: [])))))),
                        .module([.import(Import(module: "m", name: "f", type: .func(0))), .export(name: "g", type: .func(0))])]),
            .types([.defined(.variant([VariantCase("a", .primitive(.u8)), VariantCase("b")])),
                    .component([.import(ComponentImport(name: "x", type: .type(.eq(0))))])]),
            .instances([.fromExports([InlineExport(name: "v", kind: .type, index: 0)])]),
            .aliases([.instanceExport(kind: .type, instance: 0, name: "v")]),
            .canons([.taskReturn(result: .index(0), options: [.utf16])]),
        ])
        let bytes = c.encode()
        var rng = SplitMix(seed: 0x5EED)
        for _ in 0..<3000 {
            var b = bytes
            let i = 8 + Int(rng.next() % UInt64(b.count - 8))
            b[i] = UInt8(truncatingIfNeeded: rng.next())
            if let d = try? Component.decode(bytes: b) {
                XCTAssertEqual(try? Component.decode(bytes: d.encode()), d)
                _ = TypeSpace(d)  // resolving never traps either
            }
        }
    }
}
