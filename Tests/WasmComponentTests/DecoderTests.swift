import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Decodes `bytes` expecting an error, and returns it.
func decodeError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> WasmError? {
    do {
        _ = try Component.decode(bytes: bytes)
        XCTFail("expected a decoding error", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

final class DecoderTests: XCTestCase {
    func testPreambleErrors() throws {
        let module: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        let e = decodeError(module)
        XCTAssertEqual(e?.code, .layerMismatch)
        XCTAssertEqual(e?.message, "expected a component, found a core module (version 1, layer 0)")
        XCTAssertEqual(e?.offset, 4)
        XCTAssertEqual(decodeError([0x00, 0x61, 0x73, 0x6E, 0x0D, 0, 1, 0])?.code, .badMagic)
        XCTAssertEqual(decodeError([0x00, 0x61, 0x73, 0x6D, 0x0C, 0, 1, 0])?.code, .unknownVersion)
        XCTAssertEqual(decodeError([])?.code, .unexpectedEnd)
        XCTAssertEqual(decodeError([0x00, 0x61, 0x73, 0x6D, 0x0D, 0])?.code, .unexpectedEnd)
        XCTAssertEqual(BinaryKind.detect(ByteSlice(copying: module)), .coreModule)
        XCTAssertEqual(BinaryKind.detect(ByteSlice(copying: Bytes.component([]))), .component)
        XCTAssertEqual(BinaryKind.detect(ByteSlice(copying: [0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0])),
                       .unknown(version: 2, layer: 0))
        XCTAssertEqual(BinaryKind.detect(ByteSlice(copying: [1, 2, 3])), .notWasm)
    }

    func testNestedLayerMismatch() throws {
        // A component section holding a core module header, and a module section holding a component.
        let inner: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        let e = decodeError(Bytes.component([(4, inner)]))
        XCTAssertEqual(e?.code, .layerMismatch)
        XCTAssertEqual(e?.path, ["component", "component 0"])
        XCTAssertEqual(e?.offset, 14)
        let e2 = decodeError(Bytes.component([(1, Bytes.component([]))]))
        XCTAssertEqual(e2?.code, .layerMismatch)
        XCTAssertEqual(e2?.message, "expected a version header for a module, found a component (version 0x0d, layer 1)")
    }

    func testValTypeIndexIsS33() throws {
        // (type (list 64)): wasm-tools writes the index as s33, so 64 is `0xC0 0x00`.
        let bytes = Bytes.component([(7, [0x01, 0x70, 0xC0, 0x00])])
        let c = try Component.decode(bytes: bytes)
        XCTAssertEqual(c.sections, [.types([.defined(.list(.index(64)))])])
        XCTAssertEqual(c.encode(), bytes)
        // A lone 0x40 is s33 -64: rejected the way wasm-tools does.
        let e = decodeError(Bytes.component([(7, [0x01, 0x70, 0x40])]))
        XCTAssertEqual(e?.message, "invalid leading byte (0x40) for component value type")
        XCTAssertEqual(e?.offset, 12)
        XCTAssertEqual(e?.path, ["component", "type section", "type 0"])
    }

    func testCoreSubTypePrefix() throws {
        // `0x00 0x50` = non-final sub at component level; `0x50` = module type.
        let sub = Bytes.component([(3, [0x02, 0x00, 0x50, 0x00, 0x60, 0x00, 0x00, 0x50, 0x00])])
        let c = try Component.decode(bytes: sub)
        guard case .coreTypes(let ts) = c.sections[0], ts.count == 2 else { return XCTFail("\(c.sections)") }
        guard case .rec(let g) = ts[0] else { return XCTFail() }
        XCTAssertFalse(g.types[0].isFinal)
        XCTAssertEqual(ts[1], .module([]))
        XCTAssertEqual(c.encode(), sub)
        let e = decodeError(Bytes.component([(3, [0x01, 0x00, 0x4F, 0x00, 0x60, 0x00, 0x00])]))
        XCTAssertEqual(e?.message, "invalid leading byte (0x4f) for non-final sub type")
    }

    func testNameFormsAreKept() throws {
        // import "a" (0x00), "b" (0x01 legacy), "c" (0x02 with implements + versionsuffix), all `(type (sub resource))`.
        let body: [UInt8] = [0x03,
                             0x00, 0x01, 0x61, 0x03, 0x01,
                             0x01, 0x01, 0x62, 0x03, 0x01,
                             0x02, 0x01, 0x63, 0x02, 0x01, 0x01, 0x78, 0x00, 0x01, 0x79, 0x03, 0x01]
        let bytes = Bytes.component([(10, body)])
        let c = try Component.decode(bytes: bytes)
        let names = c.imports.map(\.name)
        XCTAssertEqual(names.map(\.form), [.plain, .legacy, .attributed])
        XCTAssertEqual(names[2].attributes, [.versionSuffix("x"), .implements("y")])
        XCTAssertEqual(names[2].implements, "y")
        XCTAssertEqual(c.encode(), bytes)
    }

    func testEveryDefinedTypeRoundTrips() throws {
        let v: ComponentValType = .primitive(.u32)
        let types: [ComponentType] = [
            .defined(.primitive(.errorContext)), .defined(.record([LabeledType("a", v)])),
            .defined(.variant([VariantCase("x", v), VariantCase("y")])), .defined(.list(.index(0))),
            .defined(.fixedList(v, 4)), .defined(.tuple([v, .primitive(.string)])), .defined(.flags(["r", "w"])),
            .defined(.enum(["a"])), .defined(.option(v)), .defined(.result(ok: nil, error: v)),
            .defined(.result(ok: v, error: nil)), .defined(.own(1)), .defined(.borrow(1)), .defined(.stream(nil)),
            .defined(.future(v)), .defined(.map(.primitive(.string), v)),
            .func(ComponentFuncType(params: [LabeledType("k", v)], result: nil)),
            .func(ComponentFuncType(isAsync: true, params: [], result: v)),
            .resource(rep: .i32, destructor: 3), .resource(rep: .i64, destructor: nil),
            .instance([.export(name: "f", type: .func(0)), .alias(.outer(kind: .type, count: 1, index: 0)),
                       .coreType(.module([.export(name: "m", type: .memory(MemoryType(limits: Limits(min: 1))))])),
                       .type(.defined(.list(v)))]),
            .component([.import(ComponentImport(name: "i", type: .type(.subResource))),
                        .export(name: "v", type: .value(v)), .export(name: "m", type: .module(0))]),
        ]
        let c = Component(sections: [.types(types)])
        let bytes = c.encode()
        let back = try Component.decode(bytes: bytes)
        XCTAssertEqual(back, c)
        XCTAssertEqual(back.encode(), bytes)
    }

    func testEveryCanonRoundTrips() throws {
        let o: [CanonOption] = [.utf8, .utf16, .compactUTF16, .memory(0), .realloc(1), .postReturn(2), .async,
                                .callback(3), .coreType(4), .gc]
        let canons: [Canon] = [
            .lift(coreFunc: 1, options: o, type: 2), .lower(func: 3, options: []), .resourceNew(type: 1),
            .resourceDrop(type: 1), .resourceRep(type: 1), .backpressureInc, .backpressureDec,
            .taskReturn(result: .primitive(.string), options: [.utf8]), .taskReturn(result: nil, options: []),
            .taskCancel, .contextGet(type: .i32, slot: 0), .contextSet(type: .i64, slot: 1),
            .subtaskCancel(async: true), .subtaskDrop, .streamNew(type: 5), .streamRead(type: 5, options: [.async]),
            .streamWrite(type: 5, options: []), .streamCancelRead(type: 5, async: false),
            .streamCancelWrite(type: 5, async: true), .streamDropReadable(type: 5), .streamDropWritable(type: 5),
            .futureNew(type: 6), .futureRead(type: 6, options: []), .futureWrite(type: 6, options: []),
            .futureCancelRead(type: 6, async: true), .futureCancelWrite(type: 6, async: false),
            .futureDropReadable(type: 6), .futureDropWritable(type: 6), .errorContextNew(options: [.utf8]),
            .errorContextDebugMessage(options: []), .errorContextDrop, .waitableSetNew,
            .waitableSetWait(cancellable: true, memory: 0), .waitableSetPoll(cancellable: false, memory: 1),
            .waitableSetDrop, .waitableJoin, .threadIndex, .threadNewIndirect(funcType: 1, table: 2),
            .threadResumeLater, .threadSuspend(cancellable: true), .threadYield(cancellable: false),
            .threadSuspendThenResume(cancellable: true), .threadYieldThenResume(cancellable: false),
            .threadSuspendThenPromote(cancellable: true), .threadYieldThenPromote(cancellable: true),
            .threadSpawnRef(funcType: 7), .threadSpawnIndirect(funcType: 7, table: 0), .threadAvailableParallelism,
        ]
        let c = Component(sections: [.canons(canons)])
        let back = try Component.decode(bytes: c.encode())
        XCTAssertEqual(back, c)
        XCTAssertEqual(Set(canons.map(\.opcode)).count, canons.count - 1)  // task.return appears twice
    }

    func testOtherSectionsRoundTrip() throws {
        let c = Component(sections: [
            .custom(CustomSection(name: "hello", data: ByteSlice(copying: [1, 2, 3]))),
            .coreModule(CoreModule(bytes: ByteSlice(copying: [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]))),
            .coreInstances([.instantiate(module: 0, args: [CoreInstantiateArg(name: "env", instance: 1)]),
                            .fromExports([CoreInlineExport(name: "m", sort: .memory, index: 0)])]),
            .component(Component()),
            .instances([.instantiate(component: 0, args: [InstantiateArg(name: "a", kind: .module, index: 0)]),
                        .fromExports([InlineExport(name: "f", kind: .func, index: 0)])]),
            .aliases([.instanceExport(kind: .func, instance: 0, name: "f"),
                      .coreInstanceExport(sort: .table, instance: 0, name: "t"),
                      .outer(kind: .coreModule, count: 1, index: 0), .outer(kind: .coreType, count: 1, index: 0),
                      .outer(kind: .component, count: 1, index: 0)]),
            .start(ComponentStart(function: 0, arguments: [1, 2], results: 1)),
            .exports([ComponentExport(name: "e", kind: .instance, index: 0, type: .instance(3)),
                      ComponentExport(name: "t", kind: .type, index: 0)]),
            .values([ComponentValue(type: .primitive(.bool), bytes: ByteSlice(copying: [1]))]),
        ])
        let bytes = c.encode()
        let back = try Component.decode(bytes: bytes, mode: .shallow)
        XCTAssertEqual(back, c)
        XCTAssertEqual(back.encode(), bytes)
        XCTAssertEqual(back.layout?.map(\.id), [0, 1, 2, 4, 5, 6, 9, 11, 12])
    }

    func testSecondStartSectionIsRejected() {
        let start: [UInt8] = [0x00, 0x00, 0x00]
        let e = decodeError(Bytes.component([(9, start), (9, start)]))
        XCTAssertEqual(e?.code, .duplicateSection)
    }

    func testNonMinimalLEBIsNoticed() throws {
        // A type section whose count is written as 0x81 0x00.
        let bytes = Bytes.component([(7, [0x81, 0x00, 0x73])])
        let c = try Component.decode(bytes: bytes)
        XCTAssertTrue(c.sawNonMinimalEncoding)
        XCTAssertNotEqual(c.encode(), bytes)
        XCTAssertEqual(try Component.decode(bytes: c.encode()), c)
    }

    func testUnchangedNestedComponentsKeepTheirBytes() throws {
        // The nested component uses a non-minimal count, so re-encoding it would change its bytes.
        let inner = Bytes.component([(7, [0x81, 0x00, 0x73])])
        let outer = Bytes.component([(4, inner)])
        var c = try Component.decode(bytes: outer)
        XCTAssertEqual(c.encode(), outer)  // nested bytes reused
        XCTAssertNotEqual(c.encode(reuseNestedBytes: false), outer)
        guard case .component(var nested) = c.sections[0] else { return XCTFail() }
        nested.sections.append(.types([.defined(.primitive(.u8))]))
        XCTAssertNil(nested.originalBytes)
        c.sections[0] = .component(nested)
        let re = try Component.decode(bytes: c.encode())
        XCTAssertEqual(re.components.first?.sections.count, 2)
    }

    func testErrorPathNamesTheExport() throws {
        // instance section: one instance from exports, export "cache" with an invalid kind byte 0x06.
        let body: [UInt8] = [0x01, 0x01, 0x01, 0x00, 0x05] + Array("cache".utf8) + [0x06, 0x00]
        let e = decodeError(Bytes.component([(5, body)]))
        XCTAssertEqual(e?.path, ["component", "instance section", "instance 0", "export \"cache\""])
        XCTAssertEqual(e?.message, "invalid leading byte (0x6) for component external kind")
        XCTAssertEqual(e?.offset, 8 + 2 + 10)
    }

    func testCoreExportSortsFollowWasmTools() {
        // core instance from exports with sort 0x10 (type): not a core external kind.
        let e = decodeError(Bytes.component([(2, [0x01, 0x01, 0x01, 0x01, 0x61, 0x10, 0x00])]))
        XCTAssertEqual(e?.message, "invalid leading byte (0x10) for external kind")
        // alias core export of an exact func.
        let e2 = decodeError(Bytes.component([(6, [0x01, 0x00, 0x20, 0x01, 0x00, 0x01, 0x61])]))
        XCTAssertEqual(e2?.message, "exact type is not allowed in core export aliases")
    }

    func testCancellableFollowsTheSpec() throws {
        // `thread.yield cancellable` (0x0c 0x01): Binary.md and the spec corpus accept it; wasm-tools 1.262 does not.
        let c = try Component.decode(bytes: Bytes.component([(8, [0x01, 0x0C, 0x01])]))
        XCTAssertEqual(c.sections, [.canons([.threadYield(cancellable: true)])])
        XCTAssertEqual(decodeError(Bytes.component([(8, [0x01, 0x0C, 0x02])]))?.message, "invalid boolean value (0x2)")
    }
}
