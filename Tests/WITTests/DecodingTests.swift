import Foundation
import TestSupport
import WasmBinary
import WasmComponent
import XCTest

@testable import WIT

/// Component → WIT: for real components (componentize-py's WASI guest, and components built by
/// `wasm-tools component embed --dummy` + `component new` from every corpus world), our WIT must
/// equal what `wasm-tools component wit X.wasm` prints, and wasm-tools must read it back as it
/// reads its own.
final class DecodingTests: XCTestCase {
    func requireWasmTools() throws {
        try Oracle.require(.wasmTools)
    }

    /// Decodes `wasm` both ways and compares; also feeds our text back to wasm-tools.
    func compare(_ wasm: String, line: UInt = #line) throws {
        let theirs = try runProcess(Repo.wasmTools, ["component", "wit", wasm])
        XCTAssertEqual(theirs.status, 0, theirs.err, line: line)
        guard case .success(let w) = WIT.decode(componentAt: wasm) else {
            return XCTFail("\(wasm): decoding failed", line: line)
        }
        let ours = w.printed()
        XCTAssertEqual(ours, theirs.out, "\(wasm): decoded WIT differs from wasm-tools", line: line)
        let reread = FileManager.default.temporaryDirectory.appendingPathComponent("decoded-\(getpid()).wit").path
        try ours.write(toFile: reread, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: reread) }
        // Read back as WIT, our text means what wasm-tools' own text means (reading WIT
        // re-elaborates worlds, so neither is a fixed point; they must normalize the same).
        let again = try runProcess(Repo.wasmTools, ["component", "wit", reread])
        XCTAssertEqual(again.status, 0, again.err, line: line)
        let theirsText = reread + ".theirs.wit"
        try theirs.out.write(toFile: theirsText, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: theirsText) }
        let theirsAgain = try runProcess(Repo.wasmTools, ["component", "wit", theirsText])
        XCTAssertEqual(again.out, theirsAgain.out, "\(wasm): our WIT reads back differently", line: line)
    }

    func testComponentizePyGuest() throws {
        try requireWasmTools()
        _ = try WASIFixture.directory()
        try compare(Repo.path("testdata/build/wit-wasi/app.wasm"))
    }

    /// Every world of the corpus, as a dummy component.
    func testDummyComponentsOfCorpusWorlds() throws {
        try requireWasmTools()
        let dir = Repo.path("testdata/build/wit-components")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var count = 0
        for input in Repo.list(Repo.witCorpus.path) {
            guard case .success(let w) = WIT.load(path: input) else { continue }
            let stem = (input as NSString).lastPathComponent
            for world in w.resolve[w.main].worlds.keys {
                let core = "\(dir)/\(stem)-\(world).core.wasm"
                let comp = "\(dir)/\(stem)-\(world).wasm"
                if !Repo.exists(comp) {
                    let e = try runProcess(Repo.wasmTools, ["component", "embed", "--dummy", input, "-w", world, "-o", core])
                    XCTAssertEqual(e.status, 0, e.err)
                    let n = try runProcess(Repo.wasmTools, ["component", "new", core, "-o", comp])
                    XCTAssertEqual(n.status, 0, n.err)
                }
                try compare(comp)
                try compareModuleMetadata(core)
                count += 1
            }
        }
        XCTAssertGreaterThanOrEqual(count, 10)
    }

    /// The core module `component embed` wrote (before `component new`): the WIT of its
    /// `component-type` section equals what `wasm-tools component wit core.wasm` prints.
    func compareModuleMetadata(_ core: String, line: UInt = #line) throws {
        let theirs = try runProcess(Repo.wasmTools, ["component", "wit", core])
        XCTAssertEqual(theirs.status, 0, theirs.err, line: line)
        let bytes = ByteSlice(copying: try Data(contentsOf: URL(fileURLWithPath: core)))
        guard case .success(let w) = WIT.decode(moduleMetadata: bytes) else {
            return XCTFail("\(core): decoding the module's metadata failed", line: line)
        }
        XCTAssertEqual(w.printed(), theirs.out, "\(core): decoded WIT differs from wasm-tools", line: line)
    }

    /// A core module with several `component-type` sections (`component embed` run twice): the
    /// worlds merge into `root` exactly as wasm-tools merges them, and where wasm-tools refuses (an
    /// interface or a world item that differs between sections) we refuse too. Pairs: each world
    /// of testdata/worlds with itself and with the next, plus known conflicts.
    func testModulesWithSeveralWorlds() throws {
        try requireWasmTools()
        let testdata = Repo.path("testdata")
        let manifest = try String(contentsOfFile: testdata + "/worlds/manifest.tsv", encoding: .utf8)
        var worlds: [(wit: String, world: String)] = []
        for line in manifest.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("wasm\t") {
            let cols = line.split(separator: "\t").map(String.init)
            guard cols.count == 3, !worlds.contains(where: { $0 == (cols[1], cols[2]) }) else { continue }
            worlds.append((cols[1], cols[2]))
        }
        XCTAssertGreaterThan(worlds.count, 10)
        var pairs: [((wit: String, world: String), (wit: String, world: String))] = []
        for (i, w) in worlds.enumerated() { pairs += [(w, w), (w, worlds[(i + 1) % worlds.count])] }
        pairs.append((("cache/cache.wit", "consumer"), ("mismatch/cache.wit", "consumer")))
        pairs.append((("worlds/nested.wit", "host"), ("worlds/resources.wit", "fs-user")))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("several-worlds-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var merged = 0, refused = 0
        for (a, b) in pairs {
            let one = dir + "/one.wasm", two = dir + "/two.wasm"
            let e1 = try runProcess(Repo.wasmTools, ["component", "embed", "--dummy", a.wit, "-w", a.world, "-o", one], cwd: URL(fileURLWithPath: testdata))
            XCTAssertEqual(e1.status, 0, e1.err)
            let e2 = try runProcess(Repo.wasmTools, ["component", "embed", b.wit, "-w", b.world, one, "-o", two], cwd: URL(fileURLWithPath: testdata))
            XCTAssertEqual(e2.status, 0, e2.err)
            let theirs = try runProcess(Repo.wasmTools, ["component", "wit", two])
            let ours = WIT.decode(moduleMetadata: ByteSlice(copying: try Data(contentsOf: URL(fileURLWithPath: two))))
            let what = "\(a.wit) \(a.world) + \(b.wit) \(b.world)"
            switch ours {
            case .success(let w):
                XCTAssertEqual(theirs.status, 0, "\(what): wasm-tools refuses what we merge: \(theirs.err)")
                XCTAssertEqual(w.printed(), theirs.out, what)
                merged += 1
            case .failure(let f):
                XCTAssertNotEqual(theirs.status, 0, "\(what): we refuse what wasm-tools merges: \(f.rendered)")
                refused += 1
            }
        }
        XCTAssertGreaterThan(merged, 20)
        XCTAssertGreaterThanOrEqual(refused, 2)
    }

    /// WIT package → our encoding → our decoding gives the package back (docs and gates aside,
    /// which the encoding does not carry), the same as wasm-tools decoding our bytes.
    func testPackageEncodingRoundTrip() throws {
        try requireWasmTools()
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pkg-\(getpid()).wasm").path
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        for input in Repo.list(Repo.witCorpus.path) {
            guard case .success(let w) = WIT.load(path: input) else { return XCTFail("\(input) does not load") }
            let bytes = w.resolve.encodePackage(w.main).encode()
            FileManager.default.createFile(atPath: tmp, contents: Data(bytes))
            let theirs = try runProcess(Repo.wasmTools, ["component", "wit", tmp])
            XCTAssertEqual(theirs.status, 0, "\(input): \(theirs.err)")
            guard case .success(let back) = WIT.decode(component: try Component.decode(bytes: bytes)) else {
                XCTFail("\(input): decoding our encoding failed")
                continue
            }
            XCTAssertEqual(back.printed(), theirs.out, input)
            XCTAssertEqual(back.resolve[back.main].name, w.resolve[w.main].name)
            XCTAssertEqual(Array(back.resolve[back.main].interfaces.keys), Array(w.resolve[w.main].interfaces.keys))
        }
    }

    /// A dependency given as a WIT package encoded in a `.wasm` file.
    func testWasmPackageInDeps() throws {
        try requireWasmTools()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wasm-deps-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir + "/deps", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "package a:app;\ninterface api { use dep:lib/types.{point}; f: func() -> point; }\n"
            .write(toFile: dir + "/app.wit", atomically: true, encoding: .utf8)
        guard case .success(let lib) = WIT.load(source: "package dep:lib;\n/// Points.\ninterface types { record point { x: u32 } }\n") else { return XCTFail() }
        FileManager.default.createFile(atPath: dir + "/deps/lib.wasm", contents: Data(lib.resolve.encodePackage(lib.main).encode()))
        let theirs = try runProcess(Repo.wasmTools, ["component", "wit", dir])
        XCTAssertEqual(theirs.status, 0, theirs.err)
        guard case .success(let w) = WIT.load(path: dir) else { return XCTFail("load failed") }
        XCTAssertEqual(w.printed(), theirs.out)
        XCTAssertTrue(w.printed().contains("/// Points."))
    }

    func testDecodingErrorsAreDiagnostics() throws {
        // An export of a core module is not WIT; a non-component file is an I/O/format error.
        let c = Component(sections: [.exports([ComponentExport(name: "m", kind: .module, index: 0)])])
        guard case .failure(let f) = WIT.decode(component: c) else { return XCTFail("expected failure") }
        XCTAssertEqual(f.diagnostics.first?.message, "component export `m` was not a function or instance")
        guard case .failure = WIT.decode(componentAt: Repo.witCorpus.path + "/types.wit") else { return XCTFail() }
    }

    func testLoadDetectsWasm() throws {
        try requireWasmTools()
        _ = try WASIFixture.directory()
        guard case .success(let w) = WIT.load(path: Repo.path("testdata/build/wit-wasi/app.wasm")) else { return XCTFail() }
        XCTAssertEqual(w.resolve[w.main].name.description, "root:component")
        XCTAssertNotNil(w.resolve[w.main].worlds["root"])
    }
}

final class HostileComponentTests: XCTestCase {
    /// A module whose `component-type` section is every prefix of a real one, or has any one byte
    /// flipped: a diagnostic or a decoded world, never a crash.
    func testDamagedModuleMetadata() throws {
        let module = try Data(contentsOf: URL(fileURLWithPath: Repo.path("testdata/cache/consumer.embedded.wasm")))
        let found = try ModuleMetadata.sections(of: ByteSlice(copying: module))
        let content = try XCTUnwrap(found.first?.content.array)
        XCTAssertEqual(found.count, 1)
        func moduleWith(_ payload: [UInt8]) -> ByteSlice {
            ByteSlice(copying: Bytes.module(Bytes.custom("component-type", payload)))
        }
        let summary = try WIT.metadataSummary(ByteSlice(copying: content))
        XCTAssertEqual(summary.world, "example:cache/consumer@0.1.0")
        XCTAssertEqual(summary.stringEncoding, "utf8")
        guard case .success(let intact) = WIT.decode(moduleMetadata: moduleWith(content)) else {
            return XCTFail("the intact section decodes")
        }
        // A prefix may end just before the trailing `producers` section: then it means the same.
        var accepted = 0
        for n in 0..<content.count {
            if case .success(let w) = WIT.decode(moduleMetadata: moduleWith(Array(content[..<n]))) {
                accepted += 1
                XCTAssertEqual(w.printed(), intact.printed(), "prefix of \(n) bytes")
            }
        }
        XCTAssertLessThanOrEqual(accepted, 1)
        for i in content.indices {
            var bad = content
            bad[i] ^= 0xff
            _ = WIT.decode(moduleMetadata: moduleWith(bad))
            _ = try? WIT.metadataSummary(ByteSlice(copying: bad))
        }
        guard case .failure(let f) = WIT.decode(moduleMetadata: moduleWith([3, 0])) else { return XCTFail() }
        XCTAssertTrue(f.diagnostics.first?.message.hasPrefix("custom section `component-type`: ") ?? false, f.rendered)
    }

    /// 5000 nested `list` types: a diagnostic, not a stack overflow.
    func testDeeplyNestedAnonymousTypes() {
        var types: [ComponentType] = [.defined(.list(.primitive(.u8)))]
        for i in 0..<5000 { types.append(.defined(.list(.index(UInt32(i))))) }
        types.append(.func(ComponentFuncType(params: [LabeledType("x", .index(5000))], result: nil)))
        let c = Component(sections: [
            .types(types),
            .imports([ComponentImport(name: "f", type: .func(5001))]),
        ])
        guard case .failure(let f) = WIT.decode(component: c) else { return XCTFail("expected failure") }
        XCTAssertEqual(f.diagnostics.first?.message, "type nesting too deep")
    }

    /// Out-of-range indices and missing names decode to diagnostics.
    func testDanglingReferences() {
        let c = Component(sections: [
            .types([.func(ComponentFuncType(params: [LabeledType("x", .index(99))], result: nil))]),
            .imports([ComponentImport(name: "f", type: .func(0)), ComponentImport(name: "g", type: .func(7))]),
            .aliases([.instanceExport(kind: .type, instance: 3, name: "nope")]),
        ])
        if case .success(let w) = WIT.decode(component: c) {
            XCTFail("accepted:\n\(w.printed())")
        }
    }

    /// A WIT package with 20,000 worlds, encoded and decoded: decoding copied the package's list
    /// of worlds for every world it added (quadratic: minutes instead of a second).
    func testPackageWithManyWorldsDecodes() throws {
        let n = 20_000
        var text = "package a:b;\n"
        for k in 0..<n { text += "world w\(k) { import f: func(); }\n" }
        guard case .success(let wit) = WIT.load(source: text) else { return XCTFail("does not load") }
        let component = try Component.decode(bytes: wit.resolve.encodePackage(wit.main).encode())
        guard case .success(let decoded) = WIT.decode(component: component) else { return XCTFail("does not decode") }
        XCTAssertEqual(decoded.resolve[decoded.main].worlds.count, n)
    }

    /// A world importing 20,000 interfaces of one other package: decoding copied that package's
    /// list of interfaces for every interface it added (quadratic).
    func testManyInterfacesOfOnePackageDecode() throws {
        let n = 20_000
        var text = "package a:b;\nworld w {\n"
        for k in 0..<n { text += "  import a:dep/i\(k);\n" }
        text += "}\npackage a:dep {\n"
        for k in 0..<n { text += "  interface i\(k) {}\n" }
        text += "}\n"
        guard case .success(let wit) = WIT.load(source: text) else { return XCTFail("does not load") }
        let component = try Component.decode(bytes: wit.resolve.encodePackage(wit.main).encode())
        guard case .success(let decoded) = WIT.decode(component: component) else { return XCTFail("does not decode") }
        let dep = try XCTUnwrap(decoded.resolve.packageNames[PackageName(namespace: "a", name: "dep")])
        XCTAssertEqual(decoded.resolve[dep].interfaces.count, n)
    }
}
