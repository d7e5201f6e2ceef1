import Foundation
import TestSupport
import WasmBinary
import WasmComponent
import XCTest

@testable import WIT

/// Component → WIT: for real components (componentize-py's WASI guest, and components built by
/// `wasm-tools component embed --dummy` + `component new` from every corpus world), our WIT must
/// equal what `wasm-tools component wit X.wasm` prints. The components and wasm-tools' text are
/// fixtures of this class (testdata/regenerate makes them, and checks that wasm-tools reads its own text
/// back); only the componentize-py guest, too large to commit, is compared with the live tool.
final class DecodingTests: XCTestCase {
    /// Decodes `wasm` and compares with `expected`, what wasm-tools prints for it.
    func compare(_ wasm: String, expected: String, line: UInt = #line) {
        guard case .success(let w) = WIT.decode(componentAt: wasm) else {
            return XCTFail("\(wasm): decoding failed", line: line)
        }
        XCTAssertEqual(w.printed(), expected, "\(wasm): decoded WIT differs from wasm-tools", line: line)
    }

    /// The componentize-py guest, with the live tool: our text equals wasm-tools', and wasm-tools reads
    /// ours back as it reads its own (reading WIT re-elaborates worlds, so neither is a fixed point; they
    /// must normalize the same).
    func testComponentizePyGuest() throws {
        try Oracle.require(.componentizePy)
        let wasm = try PythonGuest.component()
        let theirs = try runProcess(Repo.wasmTools, ["component", "wit", wasm])
        XCTAssertEqual(theirs.status, 0, theirs.err)
        compare(wasm, expected: theirs.out)
        guard case .success(let w) = WIT.decode(componentAt: wasm) else { return }
        let dir = try TempDir("wcomp-decoded")
        let ours = dir.path("ours.wit"), theirsText = dir.path("theirs.wit")
        try w.printed().write(toFile: ours, atomically: true, encoding: .utf8)
        try theirs.out.write(toFile: theirsText, atomically: true, encoding: .utf8)
        let again = try runProcess(Repo.wasmTools, ["component", "wit", ours])
        XCTAssertEqual(again.status, 0, again.err)
        let theirsAgain = try runProcess(Repo.wasmTools, ["component", "wit", theirsText])
        XCTAssertEqual(again.out, theirsAgain.out, "\(wasm): our WIT reads back differently")
    }

    /// Every world of the corpus, as a dummy component (fixtures `components/<package>-<world>.wasm`).
    func testDummyComponentsOfCorpusWorlds() throws {
        var count = 0
        for (stem, input) in WITCorpus.entries() {
            guard case .success(let w) = WIT.load(path: input) else { continue }
            for world in w.resolve[w.main].worlds.keys {
                let name = fixturePath("components/\(stem)-\(world)")
                compare(name + ".wasm", expected: try Fixture.text(atPath: name + ".wit.expected"))
                try compareModuleMetadata(name + ".core.wasm", expected: try Fixture.text(atPath: name + ".core.wit.expected"))
                count += 1
            }
        }
        XCTAssertGreaterThanOrEqual(count, 10)
    }

    /// The core module `component embed` wrote (before `component new`): the WIT of its
    /// `component-type` section equals what `wasm-tools component wit core.wasm` prints.
    func compareModuleMetadata(_ core: String, expected: String, line: UInt = #line) throws {
        let bytes = ByteSlice(copying: try Data(contentsOf: URL(fileURLWithPath: core)))
        guard case .success(let w) = WIT.decode(moduleMetadata: bytes) else {
            return XCTFail("\(core): decoding the module's metadata failed", line: line)
        }
        XCTAssertEqual(w.printed(), expected, "\(core): decoded WIT differs from wasm-tools", line: line)
    }

    /// A core module with several `component-type` sections (`component embed` run twice): the
    /// worlds merge into `root` exactly as wasm-tools merges them, and where wasm-tools refuses (an
    /// interface or a world item that differs between sections) we refuse too. Pairs: each world
    /// of testdata/worlds with itself and with the next, plus known conflicts (fixtures `merged/`,
    /// listed in merged/pairs.tsv).
    func testModulesWithSeveralWorlds() throws {
        let manifest = try String(contentsOfFile: Repo.testdata("worlds/manifest.tsv"), encoding: .utf8)
        var worlds: [(wit: String, world: String)] = []
        for line in manifest.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("wasm\t") {
            let cols = line.split(separator: "\t").map(String.init)
            guard cols.count == 3, !worlds.contains(where: { $0 == (cols[1], cols[2]) }) else { continue }
            worlds.append((cols[1], cols[2]))
        }
        XCTAssertGreaterThan(worlds.count, 10)
        var pairs: [String] = []
        for (i, w) in worlds.enumerated() {
            let next = worlds[(i + 1) % worlds.count]
            pairs += ["\(w.wit)\t\(w.world)\t\(w.wit)\t\(w.world)", "\(w.wit)\t\(w.world)\t\(next.wit)\t\(next.world)"]
        }
        pairs.append("cache/cache.wit\tconsumer\tmismatch/cache.wit\tconsumer")
        pairs.append("worlds/nested.wit\thost\tworlds/resources.wit\tfs-user")
        let listed = try Fixture.text(atPath: fixturePath("merged/pairs.tsv")).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.hasPrefix("name\t") }
            .map { $0.split(separator: "\t", maxSplits: 1).map(String.init) }
        XCTAssertEqual(listed.map { $0[1] }, pairs, "merged/pairs.tsv is stale: run testdata/regenerate")
        var merged = 0, refused = 0
        for row in listed {
            let name = fixturePath("merged/" + row[0])
            let what = row[1].replacingOccurrences(of: "\t", with: " ")
            let ours = WIT.decode(moduleMetadata: ByteSlice(copying: try Data(contentsOf: URL(fileURLWithPath: name + ".wasm"))))
            let theirs = try? Fixture.text(atPath: name + ".wit.expected")
            switch ours {
            case .success(let w):
                XCTAssertNotNil(theirs, "\(what): wasm-tools refuses what we merge: \((try? Fixture.text(atPath: name + ".refused")) ?? "")")
                XCTAssertEqual(w.printed(), theirs, what)
                merged += 1
            case .failure(let f):
                XCTAssertNil(theirs, "\(what): we refuse what wasm-tools merges: \(f.rendered)")
                XCTAssertTrue(Repo.exists(name + ".refused"), what)
                refused += 1
            }
        }
        XCTAssertGreaterThan(merged, 20)
        XCTAssertGreaterThanOrEqual(refused, 2)
    }

    /// WIT package → our encoding → our decoding gives the package back (docs and gates aside,
    /// which the encoding does not carry), the same as wasm-tools decoding our bytes: our bytes are
    /// wasm-tools' encoding (EncodingTests' fixtures, less their `producers` section), and wasm-tools'
    /// reading of that is the snapshot beside it.
    func testPackageEncodingRoundTrip() throws {
        for (stem, input) in WITCorpus.entries() {
            guard case .success(let w) = WIT.load(path: input) else { return XCTFail("\(input) does not load") }
            let bytes = w.resolve.encodePackage(w.main).encode()
            let theirs = try EncodingTests.removingCustomSection(
                "producers", from: try Fixture.bytes("WITTests/EncodingTests/\(stem).wasm"))
            XCTAssertTrue(bytes == theirs, "\(input): our encoding is not wasm-tools'")
            guard case .success(let back) = WIT.decode(component: try Component.decode(bytes: bytes)) else {
                XCTFail("\(input): decoding our encoding failed")
                continue
            }
            XCTAssertEqual(back.printed(), try Fixture.text("WITTests/EncodingTests/\(stem).wit.expected"), input)
            XCTAssertEqual(back.resolve[back.main].name, w.resolve[w.main].name)
            XCTAssertEqual(Array(back.resolve[back.main].interfaces.keys), Array(w.resolve[w.main].interfaces.keys))
        }
    }

    /// A dependency given as a WIT package encoded in a `.wasm` file (fixtures `wasm-deps/`: lib.wit, and
    /// app/ with wasm-tools' encoding of it in deps/; the snapshot is what wasm-tools prints for app/).
    func testWasmPackageInDeps() throws {
        let fixtures = fixturePath("wasm-deps")
        let dir = try TempDir("wcomp-wasm-deps")
        try FileManager.default.createDirectory(atPath: dir.path("deps"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixtures + "/app/app.wit", toPath: dir.path("app.wit"))
        guard case .success(let lib) = WIT.load(path: fixtures + "/lib.wit") else { return XCTFail() }
        let encoded = lib.resolve.encodePackage(lib.main).encode()
        XCTAssertTrue(encoded == (try EncodingTests.removingCustomSection("producers", from: try Fixture.bytes("WITTests/DecodingTests/wasm-deps/app/deps/lib.wasm"))),
                      "our encoding of lib.wit is not wasm-tools'")
        FileManager.default.createFile(atPath: dir.path("deps/lib.wasm"), contents: Data(encoded))
        let theirs = try Fixture.text(atPath: fixtures + "/app.wit.expected")
        guard case .success(let w) = WIT.load(path: dir.url.path) else { return XCTFail("load failed") }
        XCTAssertEqual(w.printed(), theirs)
        XCTAssertTrue(w.printed().contains("/// Points."))
    }

    func testDecodingErrorsAreDiagnostics() throws {
        // An export of a core module is not WIT; an invalid component is refused by validation; a
        // non-component file is an I/O/format error.
        let m = Component(sections: [.coreModule(CoreModule(bytes: ByteSlice(copying: [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0] as [UInt8]))),
                                     .exports([ComponentExport(name: "m", kind: .module, index: 0)])])
        guard case .failure(let f) = WIT.decode(component: m) else { return XCTFail("expected failure") }
        XCTAssertEqual(f.diagnostics.first?.message, "component export `m` was not a function or instance")
        let c = Component(sections: [.exports([ComponentExport(name: "m", kind: .module, index: 0)])])
        guard case .failure(let g) = WIT.decode(component: c) else { return XCTFail("expected failure") }
        XCTAssertEqual(g.diagnostics.first?.message, "unknown module 0: module index out of bounds")
        guard case .failure = WIT.decode(componentAt: WITCorpus.path("types.wit")) else { return XCTFail() }
    }

    func testLoadDetectsWasm() throws {
        try Oracle.require(.componentizePy)
        guard case .success(let w) = WIT.load(path: try PythonGuest.component()) else { return XCTFail() }
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
        XCTAssertEqual(f.diagnostics.first?.message, "type nesting is too deep")
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

    /// A world importing as many interfaces of one other package as a type may hold (1000
    /// instances): decoding copied that package's list of interfaces for every interface it added
    /// (quadratic). 20,000 are refused by validation, as wasm-tools refuses them.
    func testManyInterfacesOfOnePackageDecode() throws {
        func encoded(_ n: Int) throws -> Component? {
            var text = "package a:b;\nworld w {\n"
            for k in 0..<n { text += "  import a:dep/i\(k);\n" }
            text += "}\npackage a:dep {\n"
            for k in 0..<n { text += "  interface i\(k) {}\n" }
            text += "}\n"
            guard case .success(let wit) = WIT.load(source: text) else { XCTFail("does not load"); return nil }
            return try Component.decode(bytes: wit.resolve.encodePackage(wit.main).encode())
        }
        let n = 1000
        let result = WIT.decode(component: try XCTUnwrap(try encoded(n)))
        if case .failure(let f) = result { return XCTFail("does not decode: \(f.rendered)") }
        guard case .success(let decoded) = result else { return }
        let dep = try XCTUnwrap(decoded.resolve.packageNames[PackageName(namespace: "a", name: "dep")])
        XCTAssertEqual(decoded.resolve[dep].interfaces.count, n)
        guard case .failure(let f) = WIT.decode(component: try XCTUnwrap(try encoded(20_000))) else {
            return XCTFail("20,000 instances accepted")
        }
        XCTAssertEqual(f.diagnostics.first?.message, "instances count exceeds limit of 1000")
    }
}
