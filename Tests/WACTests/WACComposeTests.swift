import Foundation
import TestSupport
import WasmBinary
import WasmComponent
import WIT
import XCTest

@testable import Compose
@testable import WAC

/// Documents resolved and composed: each construct, each error kind (line, column, message), and
/// the results run in wasmtime.
final class WACComposeTests: XCTestCase {
    static let depsDir: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wcomp-wac-deps-\(UUID().uuidString)").path
        _ = try? WACDeps.make(at: dir)
        return dir
    }()
    var deps: String { Self.depsDir }

    func compose(_ text: String, overrides: [String: String] = [:], file: StaticString = #filePath,
                 line: UInt = #line) -> [UInt8]? {
        do {
            let doc = try WACComposition.load(path: "t.wac", bytes: Array(text.utf8),
                                              resolver: PackageResolver(directories: [deps], overrides: overrides))
            try doc.check()
            let out = try doc.composition.output().bytes
            XCTAssertNoThrow(try ComponentValidator(features: .all).validate(bytes: ByteSlice(copying: out)), file: file, line: line)
            return out
        } catch let f as WITFailure {
            XCTFail(f.rendered, file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
        return nil
    }

    /// `line:col: message` of the document's first problem (and its related places' line:col).
    func failure(_ text: String, overrides: [String: String] = [:]) -> String {
        var sources = SourceMap()
        sources.add(path: "t.wac", bytes: Array(text.utf8))
        do {
            let doc = try WACComposition.load(path: "t.wac", bytes: Array(text.utf8),
                                              resolver: PackageResolver(directories: [deps], overrides: overrides))
            try doc.check()
            _ = try doc.composition.output()
            return "composed"
        } catch let f as WITFailure {
            guard let d = f.diagnostics.first, let l = f.location(d) else { return "unlocated: \(f.rendered)" }
            var s = "\(l.line):\(l.column): \(d.message)"
            for r in d.related { if let rl = f.sources.location(r.span) { s += " [\(rl.line):\(rl.column)]" } }
            return s
        } catch {
            return "other: \(error)"
        }
    }

    func exports(_ bytes: [UInt8]) throws -> [String] {
        try Component.decode(ByteSlice(copying: bytes), mode: .shallow).exports.map(\.name.name)
    }

    func embeddedComponents(_ bytes: [UInt8]) throws -> Int {
        try Component.decode(ByteSlice(copying: bytes), mode: .shallow).sections.filter {
            if case .component = $0 { return true }
            return false
        }.count
    }

    // MARK: Constructs

    func testCacheScenarioDocument() throws {
        let text = try String(contentsOfFile: Repo.testdata("wac/cache.wac"), encoding: .utf8)
        let out = try XCTUnwrap(compose(text))
        XCTAssertEqual(try exports(out), ["example:cache/app@0.1.0"])
        XCTAssertEqual(try embeddedComponents(out), 2)
    }

    func testTwoInstancesOfOneComponentAreEmbeddedOnce() throws {
        let text = try String(contentsOfFile: Repo.testdata("wac/two-counters.wac"), encoding: .utf8)
        let out = try XCTUnwrap(compose(text))
        XCTAssertEqual(try exports(out), ["run"])
        XCTAssertEqual(try embeddedComponents(out), 2)
        let c = try Component.decode(ByteSlice(copying: out), mode: .shallow)
        let instantiations = c.sections.reduce(0) { n, s in
            if case .instances(let xs) = s { return n + xs.count }
            return n
        }
        XCTAssertEqual(instantiations, 3)
    }

    func testNamedArgumentsAccessAndRenamedExports() throws {
        let out = try XCTUnwrap(compose("""
            package example:app;
            let p = new example:provider {};
            let app = new example:consumer { "example:cache/cache@0.1.0": p["example:cache/cache@0.1.0"] };
            export app.app as "example:renamed/app@0.1.0";
            export p.cache;
            """))
        XCTAssertEqual(try exports(out), ["example:renamed/app@0.1.0", "example:cache/cache@0.1.0"])
    }

    func testInferredArgumentByNameSuffixAndExportOfAnInstance() throws {
        let out = try XCTUnwrap(compose("""
            package example:app;
            let cache = new example:provider {}.cache;
            let app = new example:consumer { cache };
            export app as "whole";
            """))
        XCTAssertEqual(try exports(out), ["whole"])
    }

    func testFillImportsWhatIsLeftMergedBetweenInstances() throws {
        let out = try XCTUnwrap(compose("""
            package example:app;
            let a = new example:consumer { ... };
            let b = new example:consumer { ... };
            export a.app;
            export b.app as "second";
            """))
        let c = try Component.decode(ByteSlice(copying: out), mode: .shallow)
        XCTAssertEqual(c.imports.map(\.name.name), ["example:cache/cache@0.1.0"])
        XCTAssertEqual(try exports(out), ["example:cache/app@0.1.0", "second"])
    }

    func testExplicitImportSatisfiesAnArgument() throws {
        let out = try XCTUnwrap(compose("""
            package example:app;
            import store as "my-store": example:cache/cache@0.1.0;
            let app = new example:consumer { "example:cache/cache@0.1.0": store };
            export app...;
            """, overrides: ["example:cache": Repo.testdata("cache/cache.wit")]))
        let c = try Component.decode(ByteSlice(copying: out), mode: .shallow)
        XCTAssertEqual(c.imports.map(\.name.name), ["my-store"])
    }

    func testDeclaredImportTypesAreImportedAsDeclared() throws {
        let out = try XCTUnwrap(compose("""
            package example:app;
            import f: func(x: u32, y: list<option<string>>) -> result<u64, string>;
            interface counter { resource c { constructor(n: u32); get: func() -> u32; } record r { a: c } }
            import i: counter;
            export f;
            export i as "my-counter";
            """))
        let c = try Component.decode(ByteSlice(copying: out), mode: .shallow)
        XCTAssertEqual(c.imports.map(\.name.name), ["f", "i"])
        XCTAssertEqual(try exports(out), ["f", "my-counter"])
    }

    func testDeclaredImportTypeIsCheckedAgainstTheArgument() {
        let f = failure("""
            package example:app;
            import c: interface { get: func(key: string) -> string; };
            let app = new example:consumer { "example:cache/cache@0.1.0": c };
            """)
        XCTAssertTrue(f.hasPrefix("3:34: mismatched instantiation argument: import `example:cache/cache@0.1.0` of instance `app` of "
                                  + "example:consumer ← import `c` of the result: "), f)
    }

    func testDeclaredImportsAreImportedBesideImplicitOnes() throws {
        // `both` is declared (and imported as declared, though nothing uses it); `left` is left to `...`.
        // (Spreading a declared import runs in .ci/wac-conformance: wac's encoding/instantiation.wac.)
        let out = try XCTUnwrap(compose("""
            package example:app;
            import both: interface { left: func(); };
            let a = new example:counter {};
            let app = new example:pair { right: a.counter, ... };
            export app.run;
            """))
        XCTAssertEqual(try Component.decode(ByteSlice(copying: out), mode: .shallow).imports.map(\.name.name), ["both", "left"])
    }

    func testSpreadMatchesSemverCompatibleExports() throws {
        let out = try XCTUnwrap(compose("package a:b;\nlet p = new example:provider {};\nlet app = new example:consumer { ...p };\nexport app...;",
                                        overrides: ["example:provider": Repo.testdata("versions/provider.wasm")]))
        XCTAssertEqual(try exports(out), ["example:cache/app@0.1.0"])
    }

    func testPackagesResolveLikeWac() throws {
        let dir = try TempDir("wcomp-wac-deps")
        try FileManager.default.createDirectory(atPath: dir.path("example/provider"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repo.testdata("cache/provider.wasm"), toPath: dir.path("example/provider/1.0.0.wasm"))
        let r = PackageResolver(directories: [dir.url.path, deps])
        XCTAssertEqual(r.find("example:provider", version: "1.0.0").0, .file(dir.url.path + "/example/provider/1.0.0.wasm"))
        XCTAssertEqual(r.find("example:provider", version: nil).0, .wit(dir.url.path + "/example/provider"))
        XCTAssertEqual(r.find("example:consumer", version: nil).0, .file(deps + "/example/consumer.wasm"))
        let o = PackageResolver(directories: [deps], overrides: ["example:consumer": "/nonexistent.wasm"])
        XCTAssertNil(o.find("example:consumer", version: nil).0)
    }

    // MARK: Errors

    func testResolutionErrors() {
        let p = "package example:app;\n"
        XCTAssertEqual(failure(p + "let x = new example:nope {};"), "2:13: unknown package `example:nope`")
        XCTAssertEqual(failure(p + "let x = new example:consumer {};"),
                       "2:13: missing instantiation argument `example:cache/cache@0.1.0` for package `example:consumer`")
        XCTAssertEqual(failure(p + "let p = new example:provider {};\nlet x = new example:consumer { cache: p.cache, cache: p.cache };"),
                       "3:48: duplicate instantiation argument `example:cache/cache@0.1.0` [3:32]")
        XCTAssertEqual(failure(p + "let p = new example:provider {};\nlet x = new example:consumer { store: p.cache };"),
                       "3:32: package `example:consumer` has no import named `store`")
        XCTAssertEqual(failure(p + "let p = new example:provider {};\nexport p.nothing;"),
                       "3:9: instance `p` of example:provider has no export named `nothing`")
        XCTAssertEqual(failure(p + "let p = new example:provider {};\nexport p.cache;\nexport p.cache;"),
                       "4:8: export `example:cache/cache@0.1.0` conflicts with an earlier export of the same name [3:8]")
        XCTAssertEqual(failure(p + "let p = new example:provider {};\nexport p;"), "3:8: this export needs a name")
        XCTAssertEqual(failure(p + "let p = new example:provider {};\nexport p as \"Not Valid\";").prefix(40),
                       "3:13: `Not Valid` is not a valid export ")
        XCTAssertEqual(failure(p + "export q.x;"), "2:8: undefined name `q`")
        XCTAssertEqual(failure(p + "let p = new example:provider {};\nlet p = new example:provider {};"),
                       "3:5: `p` is already defined [2:5]")
        XCTAssertEqual(failure(p + "import f: func();\nlet x = new example:consumer { cache: f };"),
                       "3:32: mismatched instantiation argument `example:cache/cache@0.1.0`: `example:consumer` imports an instance, but the argument is a func")
        XCTAssertEqual(failure(p + "let a = new example:consumer { ... };\nlet x = new example:consumer { ...a };"),
                       "3:35: the instance `a` has no export matching an import of `example:consumer` that is not yet given")
        XCTAssertEqual(failure(p + "import f: func();\nlet x = new example:consumer { ...f };"),
                       "3:35: `f` is not an instance: only the exports of an instance can be spread")
        XCTAssertEqual(failure(p + "let p = new example:provider {};\nexport p.cache.get;"),
                       "3:8: cannot access `.get`: `example:cache/cache@0.1.0` is an instance export; wcomp does not access into nested instances yet")
        XCTAssertEqual(failure(p + "import x as \"example:cache/cache@0.1.0\": func();\nlet a = new example:consumer { ... };"),
                       "2:8: import `example:cache/cache@0.1.0` conflicts with an item that was implicitly imported by an instantiation of `example:consumer`")
        XCTAssertEqual(failure(p + "import a: func();\nimport b as \"a\": func();"),
                       "3:13: duplicate import `a` [2:8]")
        XCTAssertEqual(failure(p + "record r { a: u32, a: u8 }"), "2:20: duplicate field `a` in record `r` [2:12]")
        XCTAssertEqual(failure(p + "interface i { f: func(); f: func(); }"), "2:26: duplicate item `f` in interface `i` [2:15]")
        XCTAssertEqual(failure(p + "world w { export x: func(); export x: func(); }"), "2:36: duplicate export `x` in world `w` [2:18]")
        XCTAssertEqual(failure(p + "interface i {}\nexport i;"), "3:8: `i` is a interface declaration, not a value")
        XCTAssertEqual(failure(p + "import x as \"NOT VALID\": func();"), "2:13: import name `NOT VALID` is not valid: names are kebab-case (or `ns:package/interface`)")
        XCTAssertEqual(failure(p + "import x: example:nope/x;"), "2:11: unknown package `example:nope`")
        XCTAssertEqual(failure(p + "import f: func();\nrecord x { a: u32 }\nexport f as \"x\";"),
                       "4:13: export `x` conflicts with the type declaration of the same name [3:8]")
        XCTAssertEqual(failure(p + "import f: func();\nexport f as i;\ninterface i {}"),
                       "4:11: type declaration `i` conflicts with a previous export of the same name [3:13]")
        XCTAssertEqual(failure(p + "import i: interface { f: func(); };\nexport i.g;"), "3:9: `i` has no export named `g`")
        XCTAssertEqual(failure(p + "import i: interface { f: func(); };\nlet x = new example:consumer { ...i };"),
                       "3:35: the import `i` has no export matching an import of `example:consumer` that is not yet given")
    }

    func testDeclaredTypesAreExportedWithAs() throws {
        let out = try XCTUnwrap(compose("""
            package example:app;
            type a = u32;
            type c = func(x: list<u8>) -> string;
            record r { x: u32, y: option<string> }
            export a as "a2";
            export c as "c2";
            export r as "r2";
            """))
        XCTAssertEqual(try exports(out), ["a2", "c2", "r2"])
        try assertValidComponent(out)
        XCTAssertEqual(failure("package example:app;\nrecord q { x: u32 }\nrecord r { q: q }\nexport r as \"r2\";"),
                       "4:8: wcomp cannot export the declared type `r` yet: it names other declarations or is a resource")
    }

    func testImportsThatSatisfyNoArgumentTakeTheirDeclaredType() throws {
        let out = try XCTUnwrap(compose("""
            package example:app;
            type x = func(n: u32);
            import b: x;
            import store: example:cache/cache@0.1.0;
            export b;
            export store as "s";
            """, overrides: ["example:cache": Repo.testdata("cache/cache.wit")]))
        let c = try Component.decode(ByteSlice(copying: out), mode: .shallow)
        XCTAssertEqual(c.imports.map(\.name.name), ["b", "example:cache/cache@0.1.0"])
        XCTAssertEqual(try exports(out), ["b", "s"])
    }

    func testDeclarationChecks() {
        let p = "package example:app;\n"
        XCTAssertEqual(failure(p + "type x = u32;\ntype y = borrow<x>;"), "3:17: `x` (u32) is not a resource type")
        XCTAssertEqual(failure(p + "interface i {\n  resource x;\n  type a = borrow<x>;\n  f: func() -> result<a>;\n}"),
                       "5:16: function result cannot recursively contain a borrow type")
        XCTAssertEqual(failure(p + "type x = u32;\ninterface a { use x.{a}; }"), "3:19: `x` (u32) is not an interface")
        XCTAssertEqual(failure(p + "interface a {}\ninterface b { use a.{x}; }"),
                       "3:22: a type named `x` is not defined in interface `a`")
        XCTAssertEqual(failure(p + "type x = u32;\nworld w { import x: x; }"), "3:21: `x` (u32) is not a function type or interface")
        XCTAssertEqual(failure(p + "type x = u32;\nworld w { export x; }"), "3:18: `x` (u32) is not an interface")
        XCTAssertEqual(failure(p + "type x = func();\nworld w { include x; }"), "3:19: `x` (function type) is not a world")
        XCTAssertEqual(failure(p + "world v {}\nworld w { include v with { a as b, a as c }; }"),
                       "3:36: duplicate `a` in world include `with` clause")
        XCTAssertEqual(failure(p + "world v {}\nworld w { include v with { a as b }; }"),
                       "3:28: world `v` does not have an import or export named `a`")
        XCTAssertEqual(failure(p + "world v { export a: func(); }\nworld w { include v; export a: func(); }"),
                       "3:19: export `a` from world `v` conflicts with export of the same name in world `w`")
        XCTAssertEqual(failure(p + "world v { export a: func(); }\nworld w { include v with { a as x }; export x: func(); }"),
                       "3:33: export `x` from world `v` conflicts with export of the same name in world `w`")
        XCTAssertEqual(failure(p + "interface i { type x = u32; }\nworld w { import x: func(); use i.{x}; }"),
                       "3:36: use of type `x` conflicts with an import of the same name")
        XCTAssertEqual(failure(p + "interface i { use example:provider/nope.{a}; }"),
                       "2:36: package `example:provider` has no export named `nope`")
    }

    func testTypeMismatchIsLocatedAtTheArgumentWithThePathToTheDifference() {
        let text = "package example:app;\nlet p = new example:provider {};\nlet app = new example:consumer { cache: p.cache };\n"
        let f = failure(text, overrides: ["example:provider": Repo.testdata("mismatch/provider.wasm")])
        XCTAssertTrue(f.hasPrefix("3:34: type mismatch: import `example:cache/cache@0.1.0` of instance `app` of example:consumer ← "
                                  + "export `example:cache/cache@0.1.0` of instance `p` of example:provider: func get › result: "), f)
        XCTAssertTrue(f.hasSuffix("[2:13]"), f)
    }

    // MARK: Running

    func testDocumentsRunInWasmtime() throws {
        try Oracle.require(.wasmtime)
        let dir = try TempDir("wcomp-wac-run")
        for (doc, interface, function, expect) in [
            ("wac/two-counters.wac", "-", "run()", "201"),
            ("wac/cache.wac", "example:cache/app@0.1.0", "run()",
             "\"set hello=ok; get hello=[1,2,3]; get missing=not-found; delete hello=ok; get hello=not-found; set ''=io(empty key)\""),
        ] {
            let text = try String(contentsOfFile: Repo.testdata(doc), encoding: .utf8)
            let out = try XCTUnwrap(compose(text))
            let path = dir.path("out.wasm")
            try Data(out).write(to: URL(fileURLWithPath: path))
            var args = [Repo.testdata("check-cache.py"), path, "--interface", interface, "--func", function]
            if interface == "-" { args += ["--expect", expect] }
            let r = try runProcess(Repo.python, args)
            XCTAssertEqual(r.status, 0, doc + ": " + r.out + r.err)
            XCTAssertTrue(r.out.contains("check-cache: OK"), doc + ": " + r.out + r.err)
        }
    }
}
