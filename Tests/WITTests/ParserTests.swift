import XCTest

@testable import WIT

final class ParserTests: XCTestCase {
    func testIndependentErrorsAreReportedTogether() throws {
        let f = try XCTUnwrap(failure("""
            package a:b;
            interface one { f: func( }
            interface two { type t = ; }
            interface ok { g: func(); }
            world three { bogus }
            """))
        XCTAssertEqual(f.diagnostics.map { f.location($0)?.line }, [2, 3, 5])
        XCTAssertEqual(f.diagnostics.map(\.message), [
            "expected an identifier or string, found '}'",
            "expected a type, found ';'",
            "expected `import`, `export`, `include`, `use`, or type definition, found an identifier",
        ])
    }

    func testNoFollowOnErrorsAfterAnUnclosedBlock() throws {
        let f = try XCTUnwrap(failure("package a:b;\ninterface one {\n  f: func(;\ninterface two {}\n"))
        XCTAssertEqual(f.diagnostics.count, 1)
        XCTAssertEqual(f.location(f.diagnostics[0])?.line, 3)
    }

    func testErrorsInSeveralFilesAreAllReported() {
        let r = WIT.load(files: [("a.wit", Array("package a:b;\ninterface x { f: func() }\n".utf8)),
                                 ("b.wit", Array("interface y { $ }\n".utf8))])
        guard case .failure(let f) = r else { return XCTFail() }
        XCTAssertEqual(f.diagnostics.compactMap { f.location($0)?.file }, ["a.wit", "b.wit"])
    }

    func testRenderedDiagnosticHasCaretUnderTheSpan() throws {
        let f = try XCTUnwrap(failure("package a:b;\ninterface i {\n\ttype t = strng;\n}\n"))
        XCTAssertEqual(f.rendered, """
            test.wit:3:11: error: type `strng` does not exist
                 |
               3 | \ttype t = strng;
                 | \t         ^~~~~
                 = hint: did you mean `string`?

            """)
    }

    func testColumnsCountCharactersNotBytes() throws {
        let f = try XCTUnwrap(failure("package a:b;\n/* ünïcödé */ interface i { type t = nope; }\n"))
        XCTAssertEqual(f.location(f.diagnostics[0])?.column, 38)
        XCTAssertTrue(f.rendered.contains("|                                      ^~~~\n"))
    }

    func testDeepNestingIsBounded() throws {
        let deep = "package a:b;\ninterface i { type t = " + String(repeating: "list<", count: 50_000) + "u8"
            + String(repeating: ">", count: 50_000) + "; }\n"
        let f = try XCTUnwrap(failure(deep))
        XCTAssertEqual(f.diagnostics[0].message, "type nesting too deep")
        XCTAssertEqual(f.diagnostics[0].code, .witLimit)
        // Deeply nested block comments are fine (no recursion).
        let comments = "package a:b;\n" + String(repeating: "/*", count: 100_000) + String(repeating: "*/", count: 100_000) + "\ninterface i {}\n"
        XCTAssertNoThrow(try resolved(comments))
    }

    func testHostileBytesGetDiagnostics() throws {
        let cases: [([UInt8], String, Int, Int)] = [
            (Array("package a:b;\ninterface i {\u{0}}\n".utf8), "control code '\\u{0}' is not allowed in WIT text", 2, 14),
            (Array("package a:b;\n// ".utf8) + [0xFF, 0xFE] + Array("\n".utf8), "invalid UTF-8: byte 0xff does not start a valid sequence", 2, 4),
            (Array("package a:b;\n// ".utf8) + [0xC0, 0x80] + Array("\n".utf8), "invalid UTF-8: byte 0xc0 does not start a valid sequence", 2, 4),
            (Array("package a:b@99999999999999999999999.0.0;\n".utf8), "value of major version number exceeds u64::MAX", 1, 13),
            (Array("package a:b;\ninterface i { type t = list<u8, 99999999999999999999>; }\n".utf8),
             "invalid list size: number too large to fit in target type", 2, 33),
        ]
        for (bytes, message, line, column) in cases {
            guard case .failure(let f) = WIT.load(files: [("x.wit", bytes)]) else {
                XCTFail("accepted: \(message)")
                continue
            }
            XCTAssertEqual(f.diagnostics.first?.message, message)
            XCTAssertEqual(f.location(f.diagnostics[0])?.line, line, message)
            XCTAssertEqual(f.location(f.diagnostics[0])?.column, column, message)
            XCTAssertFalse(f.rendered.contains("\u{0}"), "control characters are not echoed")
        }
    }

    func testLongChainsDoNotExhaustTheStack() throws {
        var s = "package a:b;\ninterface i {\n  resource r;\n  record t0 { a: borrow<r> }\n"
        for k in 1..<20_000 { s += "  record t\(k) { a: t\(k - 1) }\n" }
        s += "  f: func() -> t19999;\n}\n"
        let f = try XCTUnwrap(failure(s))
        XCTAssertEqual(f.diagnostics[0].message, "function `f` returns a type which contains a `borrow<T>` which is not supported")
        XCTAssertEqual(f.diagnostics[0].hint, "borrow<T> is only allowed in function parameters; return an owned handle instead")
        var chain = "package a:b;\ninterface i0 { type t = u32; }\n"
        for k in 1..<3000 { chain += "interface i\(k) { use i\(k - 1).{t}; }\n" }
        chain += "world w { export i2999; }\n"
        let w = try resolved(chain)
        let world = w.resolve[try XCTUnwrap(w.resolve[w.main].worlds["w"])]
        XCTAssertEqual(world.imports.count, 2999)
    }

    func testVersionsInUsePathsStopBeforeTheNamesList() throws {
        let w = try resolved("""
            package a:b;
            interface i { use c:d/e@1.0.0-rc.1.{t}; }
            package c:d@1.0.0-rc.1 { interface e { type t = u8; } }
            """)
        XCTAssertEqual(w.resolve[w.main].interfaces.keys, ["i"])
    }

    func testCRLFLineEndings() throws {
        let w = try resolved("package a:b;\r\n/// doc\r\ninterface i {\r\n  f: func();\r\n}\r\n")
        XCTAssertEqual(w.resolve[try XCTUnwrap(w.resolve[w.main].interfaces["i"])].docs.contents, "doc")
        let f = try XCTUnwrap(failure("package a:b;\r\ninterface i {\r\n  f: func()\r\n}\r\n"))
        XCTAssertEqual(f.location(f.diagnostics[0])?.line, 4)
        XCTAssertFalse(f.rendered.contains("\r"))
    }

    func testDocCommentForms() throws {
        let w = try resolved("""
            package a:b;
            interface i {
              /// line doc
              f: func();
              /** block
               *  doc */
              g: func();
              // plain comment
              h: func();
            }
            """)
        let fs = try XCTUnwrap(w.resolve[try XCTUnwrap(w.resolve[w.main].interfaces["i"])].functions)
        XCTAssertEqual(fs["f"]?.docs.contents, "line doc")
        XCTAssertEqual(fs["g"]?.docs.contents, "block\n   *  doc")
        XCTAssertEqual(fs["h"]?.docs.contents, "plain comment")
    }

    func testStringLiteralEscapes() throws {
        let w = try resolved("package a:b;\nworld w {\n  @external-id(\"a\\\"b\\u{2603}\\41\")\n  import f: func();\n}\n")
        let world = w.resolve[try XCTUnwrap(w.resolve[w.main].worlds["w"])]
        guard case .function(let f)? = world.imports[.name("f")] else { return XCTFail() }
        XCTAssertEqual(f.externalID, "a\"b☃A")
        XCTAssertTrue(w.printed().contains("@external-id(\"a\\\"b\\u{2603}A\")"))
    }

    func testWasmErrorBridge() throws {
        let f = try XCTUnwrap(failure("package a:b;\ninterface i { $ }\n"))
        let e = f.wasmError
        XCTAssertEqual(e.code, .witSyntax)
        XCTAssertEqual(e.offset, 27)
        XCTAssertEqual(e.file, "test.wit")
        XCTAssertEqual(e.kind, .malformed)
    }
}
