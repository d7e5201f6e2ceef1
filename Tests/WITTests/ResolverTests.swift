import TestSupport
import WasmComponent
import XCTest

@testable import WIT

final class ResolverTests: XCTestCase {
    func interface(_ w: ResolvedWIT, _ name: String) -> Interface? {
        w.resolve[w.main].interfaces[name].map { w.resolve[$0] }
    }

    func testTypesAreOrderedUsesFirstThenByDependency() throws {
        let w = try resolved("""
            package a:b;
            interface j { type t = u8; }
            interface i {
              type x = y;
              use j.{t};
              record y { a: t }
              type z = u32;
            }
            """)
        let i = try XCTUnwrap(interface(w, "i"))
        XCTAssertEqual(i.types.keys, ["t", "y", "x", "z"])
        // `t` is a use: an alias of j's `t`, owned by i.
        let t = w.resolve[try XCTUnwrap(i.types["t"])]
        guard case .type(.id(let target)) = t.kind else { return XCTFail("use is not an alias") }
        XCTAssertEqual(w.resolve[target].name, "t")
        XCTAssertEqual(w.resolve.interfaceDependency(of: try XCTUnwrap(i.types["t"])), w.resolve[w.main].interfaces["j"])
    }

    func testResourceFunctionsAndHandles() throws {
        let w = try resolved("""
            package a:b;
            interface i {
              resource r {
                constructor(x: u32);
                get: func() -> u32;
                make: static func() -> r;
                wait: async func();
              }
              take: func(a: r, b: borrow<r>);
            }
            """)
        let i = try XCTUnwrap(interface(w, "i"))
        let rid = try XCTUnwrap(i.types["r"])
        XCTAssertEqual(i.functions.keys, ["[constructor]r", "[method]r.get", "[static]r.make", "[method]r.wait", "take"])
        let get = try XCTUnwrap(i.functions["[method]r.get"])
        XCTAssertEqual(get.kind, .method(rid))
        XCTAssertEqual(get.params.first?.name, "self")
        if case .id(let s)? = get.params.first?.type { XCTAssertEqual(w.resolve[s].kind, .handle(.borrow(rid))) } else { XCTFail() }
        XCTAssertEqual(i.functions["[method]r.wait"]?.kind, .asyncMethod(rid))
        let ctor = try XCTUnwrap(i.functions["[constructor]r"])
        if case .id(let h)? = ctor.result { XCTAssertEqual(w.resolve[h].kind, .handle(.own(rid))) } else { XCTFail() }
        let take = try XCTUnwrap(i.functions["take"])
        // A bare resource name in a signature is an owned handle.
        if case .id(let h) = take.params[0].type { XCTAssertEqual(w.resolve[h].kind, .handle(.own(rid))) } else { XCTFail() }
        if case .id(let h) = take.params[1].type { XCTAssertEqual(w.resolve[h].kind, .handle(.borrow(rid))) } else { XCTFail() }
    }

    func testEveryItemHasASourceLocation() throws {
        let w = try resolved("""
            package a:b;

            interface api {
              record point {
                x: u32,
              }
              get: func(p: point) -> u32;
            }

            world w {
              import api;
              export run: func();
            }
            """)
        let r = w.resolve
        let api = try XCTUnwrap(r[w.main].interfaces["api"])
        XCTAssertEqual(r.location(r[api].span)?.description, "test.wit:3:11")
        let point = try XCTUnwrap(r[api].types["point"])
        XCTAssertEqual(r.location(r[point].span)?.description, "test.wit:4:10")
        if case .record(let fields) = r[point].kind {
            XCTAssertEqual(r.location(fields[0].span)?.description, "test.wit:5:5")
        } else { XCTFail() }
        let get = try XCTUnwrap(r[api].functions["get"])
        XCTAssertEqual(r.location(get.span)?.description, "test.wit:7:3")
        XCTAssertEqual(r.location(get.params[0].span)?.description, "test.wit:7:13")
        let world = r[try XCTUnwrap(r[w.main].worlds["w"])]
        XCTAssertEqual(r.location(world.span)?.description, "test.wit:10:7")
        XCTAssertEqual(r.location(try XCTUnwrap(world.imports[.interface(api)]).span)?.description, "test.wit:11:10")
        XCTAssertEqual(r.location(try XCTUnwrap(world.exports[.name("run")]).span)?.description, "test.wit:12:10")
        XCTAssertEqual(r.location(r[w.main].span)?.description, "test.wit:1:9")
    }

    func testUnstableItemsNeedTheirFeature() throws {
        let source = """
            package a:b;
            interface i {
              f: func();
              @unstable(feature = extra)
              g: func();
              @unstable(feature = extra)
              type t = u8;
            }
            @unstable(feature = other)
            interface j {}
            """
        let plain = try resolved(source)
        XCTAssertEqual(interface(plain, "i")?.functions.keys, ["f"])
        XCTAssertEqual(interface(plain, "i")?.types.keys, [])
        XCTAssertNil(interface(plain, "j"))
        let extra = try resolved(source, options: ResolveOptions(features: ["extra"]))
        XCTAssertEqual(interface(extra, "i")?.functions.keys, ["f", "g"])
        XCTAssertEqual(interface(extra, "i")?.types.keys, ["t"])
        XCTAssertNil(interface(extra, "j"))
        let all = try resolved(source, options: ResolveOptions(allFeatures: true))
        XCTAssertNotNil(interface(all, "j"))
        XCTAssertEqual(all.resolve[try XCTUnwrap(all.resolve[all.main].interfaces["i"])].functions["g"]?.stability,
                       .unstable(feature: "extra", deprecated: nil))
    }

    func testSinceAndDeprecatedAreKept() throws {
        let w = try resolved("""
            package a:b@1.2.0;
            interface i {
              @since(version = 1.0.0)
              @deprecated(version = 1.2.0)
              f: func();
              @since(version = 1.2.0)
              g: func();
            }
            """)
        let i = try XCTUnwrap(interface(w, "i"))
        XCTAssertEqual(i.functions["f"]?.stability, .stable(since: Version(1, 0, 0), deprecated: Version(1, 2, 0)))
        XCTAssertEqual(i.functions["g"]?.stability, .stable(since: Version(1, 2, 0), deprecated: nil))
    }

    func testIncludeRenamesAndClonesWorldTypes() throws {
        let w = try resolved("""
            package a:b;
            world base {
              resource r { get: func() -> u32; }
              type t = u32;
              import f: func(x: t) -> r;
            }
            world top {
              include base with { r as res, f as g }
            }
            """)
        let r = w.resolve
        let base = r[try XCTUnwrap(r[w.main].worlds["base"])]
        let topID = try XCTUnwrap(r[w.main].worlds["top"])
        let top = r[topID]
        XCTAssertEqual(top.imports.keys.map { r.name(of: $0) }, ["res", "t", "g", "[method]res.get"])
        guard case .type(let res, _)? = top.imports[.name("res")], case .type(let orig, _)? = base.imports[.name("r")] else {
            return XCTFail("types missing")
        }
        XCTAssertNotEqual(res, orig, "world-owned types are copied")
        XCTAssertEqual(r[res].owner, .world(topID))
        XCTAssertEqual(r[res].name, "res")
        guard case .function(let g)? = top.imports[.name("g")] else { return XCTFail() }
        XCTAssertEqual(g.name, "g")
        guard case .function(let m)? = top.imports[.name("[method]res.get")] else { return XCTFail() }
        XCTAssertEqual(m.kind, .method(res))
    }

    func testElaborationAddsTransitiveImports() throws {
        let w = try resolved("""
            package a:b;
            interface base { type t = u32; }
            interface mid { use base.{t}; }
            interface top { use mid.{t}; f: func() -> t; }
            world w1 { export top; }
            world w2 { import top; }
            """)
        let r = w.resolve
        let pkg = r[w.main]
        let w1 = r[try XCTUnwrap(pkg.worlds["w1"])]
        XCTAssertEqual(w1.imports.keys.map { r.name(of: $0) }, ["a:b/base", "a:b/mid"])
        XCTAssertEqual(w1.exports.keys.map { r.name(of: $0) }, ["a:b/top"])
        let w2 = r[try XCTUnwrap(pkg.worlds["w2"])]
        XCTAssertEqual(w2.imports.keys.map { r.name(of: $0) }, ["a:b/base", "a:b/mid", "a:b/top"])
    }

    func testDirectoryWithDependencies() throws {
        let dir = Repo.witCorpus.path + "/with-deps"
        guard case .success(let w) = WIT.load(path: dir) else { return XCTFail("load failed") }
        let r = w.resolve
        XCTAssertEqual(r[w.main].name.description, "example:app@0.1.0")
        let names = r.packages.map(\.name.description)
        XCTAssertTrue(names.contains("wasi:io@0.2.0"))
        XCTAssertTrue(names.contains("example:shared"))
        // Dependencies come before their users.
        let order = r.topologicalPackages.map { r[$0].name.description }
        let io = try XCTUnwrap(order.firstIndex(of: "wasi:io@0.2.0"))
        let clocks = try XCTUnwrap(order.firstIndex(of: "wasi:clocks@0.2.0"))
        let app = try XCTUnwrap(order.firstIndex(of: "example:app@0.1.0"))
        XCTAssertLessThan(io, clocks)
        XCTAssertLessThan(clocks, app)
        // Locations point into the dependency files.
        let clockPkg = try XCTUnwrap(r.package(named: PackageName(namespace: "wasi", name: "clocks", version: Version(0, 2, 0))))
        let mono = try XCTUnwrap(r[clockPkg].interfaces["monotonic-clock"])
        XCTAssertEqual(r.location(r[mono].span)?.file, dir + "/deps/clocks/clocks.wit")
        XCTAssertEqual(w.world(named: "app"), r[w.main].worlds["app"])
        XCTAssertEqual(w.world(named: "wasi:io/imports@0.2.0"), r[try XCTUnwrap(r.package(named: PackageName(namespace: "wasi", name: "io", version: Version(0, 2, 0))))].worlds["imports"])
        XCTAssertEqual(w.world(named: nil), r[w.main].worlds["app"])
    }

    func testMultiFileDirectory() throws {
        guard case .success(let w) = WIT.load(path: Repo.witCorpus.path + "/multi-file") else { return XCTFail("load failed") }
        let pkg = w.resolve[w.main]
        XCTAssertEqual(pkg.docs.contents, "Docs for the package, from one file only.")
        XCTAssertEqual(Set(pkg.interfaces.keys), ["a-types", "b-types", "b-api"])
        XCTAssertEqual(Set(pkg.worlds.keys), ["w", "other"])
    }

    func testNestedNamesWhenEnabled() throws {
        let source = "package a:b:c/d@1.0.0;\ninterface i { use x:y:z/q/i.{t}; }\nworld w { import x: x:y:z/q/i; }\npackage x:y:z/q { interface i { type t = u8; } }\n"
        XCTAssertNotNil(failure(source))
        let w = try resolved(source, options: ResolveOptions(nestedNames: true))
        XCTAssertEqual(w.resolve[w.main].name, PackageName(namespace: "a:b", name: "c/d", version: Version(1, 0, 0)))
        XCTAssertTrue(w.printed().hasPrefix("package a:b:c/d@1.0.0;\n"))
        XCTAssertTrue(w.printed().contains("use x:y:z/q/i.{t};"))
        XCTAssertTrue(w.printed().contains("import x: x:y:z/q/i;"))
    }

    func testNamedImportsOfInterfaces() throws {
        let w = try resolved("""
            package a:b;
            interface store { get: func() -> u32; }
            world w {
              @external-id("db://one")
              import one: store;
              import two: store;
            }
            """)
        let world = w.resolve[try XCTUnwrap(w.resolve[w.main].worlds["w"])]
        guard case .interface(let id, _, _, _, let ext)? = world.imports[.name("one")] else { return XCTFail() }
        XCTAssertEqual(w.resolve.qualifiedName(of: id), "a:b/store")
        XCTAssertEqual(ext, "db://one")
        XCTAssertNotNil(world.imports[.name("two")])
    }

    /// 20,000 interfaces of another package, each used once: collecting a package's foreign items
    /// copied all of them for every use (quadratic).
    func testManyUsesOfOneForeignPackage() throws {
        let n = 20_000
        var text = "package a:b;\ninterface i {\n"
        for k in 0..<n { text += "  use a:dep/i\(k).{t as t\(k)};\n" }
        text += "}\npackage a:dep {\n"
        for k in 0..<n { text += "  interface i\(k) { type t = u8; }\n" }
        text += "}\n"
        let w = try resolved(text)
        let dep = try XCTUnwrap(w.resolve.packageNames[PackageName(namespace: "a", name: "dep")])
        XCTAssertEqual(w.resolve[dep].interfaces.count, n)
    }
}

final class WorldOriginTests: XCTestCase {
    func testOriginsOfWorldItems() throws {
        let w = try resolved("""
            package a:b;
            interface base { type t = u32; }
            interface top { use base.{t}; }
            world inner { import f: func(); }
            world w {
              export top;
              import g: func();
              include inner;
            }
            """)
        let r = w.resolve
        let pkg = r[w.main]
        let world = r[try XCTUnwrap(pkg.worlds["w"])]
        let base = try XCTUnwrap(pkg.interfaces["base"])
        let top = try XCTUnwrap(pkg.interfaces["top"])
        XCTAssertEqual(world.importOrigins[.interface(base)], .implied(by: top))
        guard case .declared(let gSpan)? = world.importOrigins[.name("g")] else { return XCTFail() }
        XCTAssertEqual(r.location(gSpan)?.description, "test.wit:7:10")
        guard case .declared(let topSpan)? = world.exportOrigins[.interface(top)] else { return XCTFail() }
        XCTAssertEqual(r.location(topSpan)?.line, 6)
        guard case .included(let from, let incSpan)? = world.importOrigins[.name("f")] else { return XCTFail() }
        XCTAssertEqual(from, pkg.worlds["inner"])
        XCTAssertEqual(r.location(incSpan)?.line, 8)
    }
}
