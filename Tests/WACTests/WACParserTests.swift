import TestSupport
import WIT
import XCTest

@testable import WAC

/// The grammar, construct by construct, and every syntax error with its line, column and message.
final class WACParserTests: XCTestCase {
    func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> WAC.Document? {
        do {
            return try WAC.parse(bytes: Array(text.utf8), file: 0)
        } catch {
            var sources = SourceMap()
            sources.add(path: "t.wac", bytes: Array(text.utf8))
            XCTFail(DiagnosticRenderer.render(error, sources: sources), file: file, line: line)
            return nil
        }
    }

    /// The error's `line:col: message`.
    func failure(_ text: String) -> String {
        var sources = SourceMap()
        sources.add(path: "t.wac", bytes: Array(text.utf8))
        do {
            _ = try WAC.parse(bytes: Array(text.utf8), file: 0)
            return "parsed"
        } catch {
            let l = sources.location(error.span)
            return "\(l?.line ?? 0):\(l?.column ?? 0): \(error.message)"
        }
    }

    func testPackageDeclaration() throws {
        let d = try XCTUnwrap(parse("package example:app@1.2.3-rc.1 targets example:cache/consumer@0.1.0;"))
        XCTAssertEqual(d.package.text, "example:app@1.2.3-rc.1")
        XCTAssertEqual(d.targets?.text, "example:cache/consumer@0.1.0")
        XCTAssertTrue(d.statements.isEmpty)
    }

    func testImports() throws {
        let d = try XCTUnwrap(parse("""
            package a:b;
            import f: func(x: u32) -> string;
            import g as "wasi:cli/run@0.2.0": interface { run: func() -> result; };
            import h: wasi:io/streams@0.2.0;
            interface i { f: func(); }
            import j: i;
            """))
        XCTAssertEqual(d.statements.count, 5)
        guard case .import(let g) = d.statements[1], case .interface(let items, _) = g.type else { return XCTFail() }
        XCTAssertEqual(g.asName?.text, "wasi:cli/run@0.2.0")
        XCTAssertEqual(items.count, 1)
        guard case .import(let h) = d.statements[2], case .package(let p) = h.type else { return XCTFail() }
        XCTAssertEqual(p.text, "wasi:io/streams@0.2.0")
    }

    func testTypeDeclarations() throws {
        let d = try XCTUnwrap(parse("""
            package a:b;
            record r { a: u32, b: list<tuple<u8, string>>, }
            variant v { none, some(option<r>) }
            enum e { x, y }
            flags f { read, write }
            type t = result<_, string>;
            type fn = func(a: borrow<res>) -> (x: u32, y: s64);
            interface i {
                use a:c/types@1.0.0.{x as y, z};
                resource res { constructor(n: u32); get: func() -> u32; make: static func() -> res; }
                type u = result<u8>;
                f: func();
                g: fn;
            }
            world w {
                use i.{res};
                import x: func();
                import y: interface { f: func(); };
                import a:c/types;
                export i;
                include other with { a as b };
            }
            """))
        XCTAssertEqual(d.statements.count, 8)
        guard case .type(.interface(_, let items)) = d.statements[6] else { return XCTFail() }
        XCTAssertEqual(items.count, 5)
        guard case .type(.world(_, let w)) = d.statements[7] else { return XCTFail() }
        XCTAssertEqual(w.count, 6)
        // `result<_>`: wac's parser takes it as a result of neither.
        let r = try XCTUnwrap(parse("package a:b;\ntype t = result<_>;"))
        guard case .type(.type(.alias(_, .type(.result(nil, nil, _))))) = r.statements[0] else { return XCTFail() }
    }

    func testLetAndArguments() throws {
        let d = try XCTUnwrap(parse("""
            package a:b;
            let p = new example:provider { ... };
            let q = new example:provider@1.0.0 {};
            let app = new example:consumer { p, cache: q.cache, "example:x/y": (p)["z"], ...p, ... };
            """))
        guard case .let(let app) = d.statements[2], case .new(let n) = app.expr.primary else { return XCTFail() }
        XCTAssertEqual(n.args.count, 4)
        XCTAssertNotNil(n.fill)
        guard case .named(let name, let e) = n.args[2], case .nested = e.primary else { return XCTFail() }
        XCTAssertEqual(name.text, "example:x/y")
        XCTAssertEqual(e.postfix, [.named(WAC.Name(text: "z", span: e.postfix[0].span))])
    }

    func testExports() throws {
        let d = try XCTUnwrap(parse("""
            package a:b;
            export p.run;
            export p["example:x/y@1.0.0"] as "z";
            export p as q;
            export p...;
            export new a:c { ... }.f;
            """))
        guard case .export(let spread) = d.statements[3], case .spread = spread.options else { return XCTFail() }
        guard case .export(let renamed) = d.statements[1], case .as(let n) = renamed.options else { return XCTFail() }
        XCTAssertEqual(n.text, "z")
    }

    func testCommentsAndExplicitIdentifiers() throws {
        let d = try XCTUnwrap(parse("package a:b; /* block /* nested */ */\n// line\nlet %let = new a:c {};\nlet from = %let;"))
        guard case .let(let l) = d.statements[0] else { return XCTFail() }
        XCTAssertEqual(l.id.name, "let")
    }

    func testSyntaxErrors() {
        XCTAssertEqual(failure("import f: func();"), "1:1: expected keyword `package`, found keyword `import`")
        XCTAssertEqual(failure("package test:comp;\n\ntype x = u32"), "3:12: expected ';', found end of input")
        XCTAssertEqual(failure("package foo:bar@1;"), "1:17: `1` is not a valid semantic version")
        XCTAssertEqual(failure("package test:comp;\n\nenum e {}"), "3:9: enum must contain at least one case")
        XCTAssertEqual(failure("package test:comp;\n\nflags f {}"), "3:10: flags must contain at least one flag")
        XCTAssertEqual(failure("package test:comp;\n\nrecord r {}"), "3:11: record must contain at least one field")
        XCTAssertEqual(failure("package test:comp;\n\nvariant v {}"), "3:12: variant must contain at least one case")
        XCTAssertEqual(failure("package test:comp;\n\ntype u32 = x;"), "3:6: expected an identifier, found keyword `u32`")
        XCTAssertEqual(failure("package test:comp;\npackage test:comp;").prefix(8), "2:1: exp")
        XCTAssertEqual(failure("package a:b;\nlet x = new foo:bar { ..., a };"),
                       "2:23: implicit import argument `...` must be the last argument")
        XCTAssertEqual(failure("package a:b;\nlet x = new foo:bar { a b };"), "2:25: expected ',', found an identifier")
        XCTAssertEqual(failure("package a:b;\nexport x[y];"), "2:10: expected a string literal, found an identifier")
        XCTAssertEqual(failure("package a:b;\nlet x--y = a;"), "2:5: identifiers must have characters between '-'s")
        XCTAssertEqual(failure("package a:b;\nlet x = $;"), "2:9: unexpected character '$'")
        XCTAssertEqual(failure("package a:b;\nlet x = \"a;"), "2:9: unexpected end of file in string literal")
        XCTAssertEqual(failure("package a:b;\nlet x = ;"), "2:9: expected keyword `new`, '(' or an identifier, found ';'")
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 500) + "x" + String(repeating: ")", count: 500)
        XCTAssertTrue(failure("package a:b;\nlet y = \(deep);").contains("nests too deeply"))
        let types = String(repeating: "list<", count: 500) + "u8" + String(repeating: ">", count: 500)
        XCTAssertTrue(failure("package a:b;\ntype t = \(types);").contains("nests too deeply"))
    }
}
