import XCTest

@testable import WIT

/// Invalid WIT: every case must fail with a diagnostic at the given 1-based line and column
/// (columns count characters) and with the given message (first line). Positions and messages
/// agree with `wasm-tools component wit` except where wcomp says more (noted in the messages).
final class InvalidInputTests: XCTestCase {
    struct Case {
        var name: String
        var source: String
        var line: Int
        var column: Int
        var message: String
        var hint: String?

        init(_ name: String, _ source: String, _ line: Int, _ column: Int, _ message: String, hint: String? = nil) {
            self.name = name
            self.source = source
            self.line = line
            self.column = column
            self.message = message
            self.hint = hint
        }
    }

    static let cases: [Case] = [
        Case("unexpected-char", "package a:b;\ninterface i { $ }\n",
             2, 15, "unexpected character '$'"),
        Case("unterminated-comment", "package a:b;\n/* open\ninterface i {}\n",
             2, 1, "unterminated block comment"),
        Case("lone-cr", "package a:b;\rinterface i {}\n",
             1, 13, "unexpected character '\\r'"),
        Case("control-code", "package a:b;\ninterface i {\u{1}}\n",
             2, 14, "control code '\\u{1}' is not allowed in WIT text"),
        Case("bidi", "package a:b;\n// \u{202e}\ninterface i {}\n",
             2, 4, "input contains bidirectional override codepoint '\\u{202e}'"),
        Case("bad-id-upper-lower", "package a:b;\ninterface i { myFunc: func(); }\n",
             2, 15, "invalid character in identifier 'F'", hint: "identifiers are kebab-case; did you mean `my-func`?"),
        Case("bad-id-double-dash", "package a:b;\ninterface i { a--b: func(); }\n",
             2, 15, "identifiers must have characters between '-'s", hint: "identifiers are kebab-case; did you mean `a-b`?"),
        Case("bad-id-digit-start", "package a:b;\ninterface i { type t = 0a; }\n",
             2, 24, "expected a type, found an integer"),
        Case("bad-id-trailing-dash", "package a:b;\ninterface i { f-: func(); }\n",
             2, 15, "identifiers must have characters between '-'s", hint: "identifiers are kebab-case; did you mean `f`?"),
        Case("bad-id-underscore", "package a:b;\ninterface i { my_func: func(); }\n",
             2, 15, "invalid character in identifier '_'", hint: "identifiers are kebab-case; did you mean `my-func`?"),
        Case("bad-explicit-id", "package a:b;\ninterface i { %: func(); }\n",
             2, 15, "identifiers must have characters between '-'s"),
        Case("keyword-as-name", "package a:b;\ninterface i { type: func(); }\n",
             2, 19, "expected an identifier or string, found ':'"),
        Case("missing-semicolon", "package a:b;\ninterface i { f: func() }\n",
             2, 25, "expected ';', found '}'"),
        Case("missing-colon-pkg", "package a;\n",
             1, 10, "expected ':', found ';'"),
        Case("bad-toplevel", "package a:b;\nrecord r { a: u8 }\n",
             2, 1, "expected `world`, `interface` or `use`, found keyword `record`"),
        Case("bad-interface-item", "package a:b;\ninterface i { import x; }\n",
             2, 15, "expected `type`, `resource` or `func`, found keyword `import`"),
        Case("bad-world-item", "package a:b;\nworld w { f: func(); }\n",
             2, 11, "expected `import`, `export`, `include`, `use`, or type definition, found an identifier"),
        Case("bad-type", "package a:b;\ninterface i { type t = 42; }\n",
             2, 24, "expected a type, found an integer"),
        Case("missing-gt", "package a:b;\ninterface i { type t = list<u8; }\n",
             2, 31, "expected '>', found ';'"),
        Case("bad-result-underscore", "package a:b;\ninterface i { type t = result<_>; }\n",
             2, 32, "expected ',', found '>'"),
        Case("fixed-list-not-number", "package a:b;\ninterface i { type t = list<u8, n>; }\n",
             2, 33, "expected fixed-length, found an identifier"),
        Case("fixed-list-too-big", "package a:b;\ninterface i { type t = list<u8, 4294967296>; }\n",
             2, 33, "invalid list size: number too large to fit in target type"),
        Case("unknown-attribute", "package a:b;\n@sine(version = 1.0.0)\ninterface i {}\n",
             2, 2, "unknown attribute `sine`", hint: "did you mean `since`?"),
        Case("since-bad-key", "package a:b;\n@since(versoin = 1.0.0)\ninterface i {}\n",
             2, 8, "expected `version`, found `versoin`"),
        Case("bad-version", "package a:b@1.0;\ninterface i {}\n",
             1, 16, "expected '.', found ';'"),
        Case("bad-version-leading-zero", "package a:b@01.0.0;\ninterface i {}\n",
             1, 13, "invalid leading zero in major version number"),
        Case("eof-in-interface", "package a:b;\ninterface i {\n  f: func();\n",
             4, 1, "expected `type`, `resource` or `func`, found eof"),
        Case("constructor-async", "package a:b;\ninterface i { resource r { constructor: func(); } }\n",
             2, 39, "expected '(', found ':'"),
        Case("bad-resource-item", "package a:b;\ninterface i { resource r { type t = u8; } }\n",
             2, 28, "expected `constructor` or identifier, found keyword `type`", hint: "`type` is a keyword; write `%type` to use it as a name"),
        Case("use-missing-period", "package a:b;\ninterface i { use j{t}; }\n",
             2, 20, "expected '.', found '{'"),
        Case("include-missing-semicolon", "package a:b;\nworld w { include v }\nworld v {}\n",
             2, 21, "expected ';', found '}'"),
        Case("nested-in-nested", "package a:b;\npackage c:d { package e:f { } }\n",
             2, 23, "nested packages must be placed at the top-level"),
        Case("attrs-on-nested-package", "package a:b;\n@since(version = 1.0.0)\npackage c:d { }\n",
             3, 1, "cannot place attributes on nested packages"),
        Case("deep-type", "package a:b;\ninterface i { type t = option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<option<u8>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>; }\n",
             2, 724, "type nesting too deep"),
        Case("string-literal-bad-escape", "package a:b;\nworld w { @external-id(\"\\q\") import f: func(); }\n",
             2, 26, "invalid string escape 'q'"),
        Case("no-package", "interface i {}\n",
             0, 0, "no `package` header was found in any WIT file for this package"),
        Case("unknown-type", "package a:b;\ninterface i {\n  record payload { x: u8 }\n  f: func(x: paylod);\n}\n",
             4, 14, "name `paylod` does not exist", hint: "did you mean `payload`?"),
        Case("unknown-type-in-def", "package a:b;\ninterface i { type t = strin; }\n",
             2, 24, "type `strin` does not exist", hint: "did you mean `string`?"),
        Case("float32", "package a:b;\ninterface i { type t = float32; }\n",
             2, 24, "type `float32` does not exist", hint: "the `float32` type has been renamed to `f32`"),
        Case("unknown-interface", "package a:b;\ninterface types {}\nworld w { import typs; }\n",
             3, 18, "interface or world `typs` does not exist", hint: "did you mean `types`?"),
        Case("unknown-use-name", "package a:b;\ninterface j { type t = u8; }\ninterface i { use j.{u}; }\n",
             3, 22, "name `u` does not exist", hint: "did you mean `t`?"),
        Case("use-function", "package a:b;\ninterface j { f: func(); }\ninterface i { use j.{f}; }\n",
             3, 22, "cannot import function `f`"),
        Case("use-world", "package a:b;\nworld j {}\ninterface i { use j.{t}; }\n",
             3, 19, "name `j` is defined as a world, not an interface"),
        Case("include-interface", "package a:b;\ninterface j {}\nworld w { include j; }\n",
             3, 19, "name `j` is defined as an interface, not a world"),
        Case("import-world", "package a:b;\nworld j {}\nworld w { import j; }\n",
             3, 18, "name `j` is defined as a world, not an interface"),
        Case("type-cycle", "package a:b;\ninterface i {\n  type a = b;\n  type b = a;\n}\n",
             3, 12, "type `b` depends on itself"),
        Case("record-cycle", "package a:b;\ninterface i {\n  record a { x: b }\n  record b { y: a }\n}\n",
             3, 17, "type `b` depends on itself"),
        Case("interface-cycle", "package a:b;\ninterface i { use j.{t}; type u = u8; }\ninterface j { use i.{u}; type t = u8; }\n",
             3, 11, "interface or world `j` depends on itself"),
        Case("self-package-ref", "package a:b;\ninterface x {}\nworld w { import a:b/x; }\n",
             3, 18, "package `a:b` creates a dependency cycle"),
        Case("duplicate-type", "package a:b;\ninterface i {\n  type t = u8;\n  type t = u16;\n}\n",
             4, 8, "name `t` is defined more than once"),
        Case("duplicate-case-insensitive", "package a:b;\ninterface i {\n  type t = u8;\n  type T = u16;\n}\n",
             4, 8, "name `T` conflicts with previous name `t`"),
        Case("duplicate-function", "package a:b;\ninterface i {\n  f: func();\n  f: func();\n}\n",
             4, 3, "duplicate name `f`"),
        Case("function-type-clash", "package a:b;\ninterface i {\n  resource r;\n  r: func();\n}\n",
             4, 3, "duplicate name `r`"),
        Case("duplicate-interface", "package a:b;\ninterface i {}\ninterface i {}\n",
             3, 11, "duplicate item named `i`"),
        Case("duplicate-field", "package a:b;\ninterface i { record r { a: u8, a: u16 } }\n",
             2, 33, "duplicate field `a`"),
        Case("duplicate-field-case", "package a:b;\ninterface i { record r { a: u8, A: u16 } }\n",
             2, 33, "field `A` conflicts with previous field `a`"),
        Case("duplicate-case", "package a:b;\ninterface i { variant v { a, a(u8) } }\n",
             2, 30, "duplicate case `a`"),
        Case("duplicate-flag", "package a:b;\ninterface i { flags f { a, a } }\n",
             2, 28, "duplicate flag `a`"),
        Case("duplicate-enum-case", "package a:b;\ninterface i { enum e { x, y, x } }\n",
             2, 30, "duplicate case `x`"),
        Case("duplicate-param", "package a:b;\ninterface i { f: func(a: u8, a: u8); }\n",
             2, 30, "param `a` is defined more than once"),
        Case("method-self-param", "package a:b;\ninterface i { resource r { f: func(self: u8); } }\n",
             2, 36, "param `self` is defined more than once"),
        Case("method-static-clash", "package a:b;\ninterface i { resource r { f: func(); f: static func(); } }\n",
             2, 39, "name `[static]r.f` conflicts with previous name `[method]r.f`"),
        Case("method-named-like-resource", "package a:b;\ninterface i { resource a { a: func(); } }\n",
             2, 28, "name `[method]a.a` conflicts with previous name `a`"),
        Case("duplicate-constructor", "package a:b;\ninterface i { resource r { constructor(); constructor(x: u8); } }\n",
             2, 43, "duplicate name `[constructor]r`"),
        Case("empty-record", "package a:b;\ninterface i { record r {} }\n",
             2, 22, "empty record"),
        Case("empty-variant", "package a:b;\ninterface i { variant v {} }\n",
             2, 23, "empty variant"),
        Case("empty-enum", "package a:b;\ninterface i { enum e {} }\n",
             2, 20, "empty enum"),
        Case("empty-flags", "package a:b;\ninterface i { flags f {} }\n",
             2, 21, "empty flags"),
        Case("empty-tuple", "package a:b;\ninterface i { type t = tuple<>; }\n",
             2, 24, "empty tuple"),
        Case("too-many-flags", "package a:b;\ninterface i { flags f { g0, g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, g11, g12, g13, g14, g15, g16, g17, g18, g19, g20, g21, g22, g23, g24, g25, g26, g27, g28, g29, g30, g31, g32 } }\n",
             2, 175, "cannot have more than 32 flags"),
        Case("map-bad-key", "package a:b;\ninterface i { type t = map<f32, u8>; }\n",
             2, 24, "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string"),
        Case("map-alias-key", "package a:b;\ninterface i { type k = string; type t = map<k, u8>; }\n",
             2, 41, "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string"),
        Case("handle-not-resource", "package a:b;\ninterface i { record r { a: u8 } type t = borrow<r>; }\n",
             2, 50, "type `r` used in a handle must be a resource"),
        Case("own-not-resource", "package a:b;\ninterface i { type n = u32; f: func(x: own<n>); }\n",
             2, 44, "type `n` used in a handle must be a resource"),
        Case("borrow-in-result", "package a:b;\ninterface i {\n  resource r;\n  f: func() -> borrow<r>;\n}\n",
             4, 3, "function `f` returns a type which contains a `borrow<T>` which is not supported"),
        Case("borrow-in-result-nested", "package a:b;\ninterface i {\n  resource r;\n  record h { x: borrow<r> }\n  f: func() -> option<h>;\n}\n",
             5, 3, "function `f` returns a type which contains a `borrow<T>` which is not supported"),
        Case("constructor-result-not-result", "package a:b;\ninterface i { resource r { constructor() -> r; } }\n",
             2, 45, "if a constructor return type is declared it must be a `result`"),
        Case("constructor-result-wrong-ok", "package a:b;\ninterface i { resource r { constructor() -> result<u32>; } }\n",
             2, 52, "the `ok` type must be the resource being constructed"),
        Case("function-as-type", "package a:b;\ninterface i { f: func(); g: func(x: f); }\n",
             2, 37, "cannot use function `f` as a type"),
        Case("world-import-twice", "package a:b;\ninterface j {}\nworld w {\n  import j;\n  import j;\n}\n",
             5, 10, "interface cannot be imported more than once"),
        Case("world-name-clash", "package a:b;\nworld w {\n  import f: func();\n  import f: interface {}\n}\n",
             4, 10, "import `f` conflicts with prior func of same name"),
        Case("world-name-case-clash", "package a:b;\nworld w {\n  export run: func();\n  export RUN: func();\n}\n",
             4, 10, "name `RUN` conflicts with previous name `run`"),
        Case("world-type-import-clash", "package a:b;\nworld w {\n  type t = u8;\n  import t: func();\n}\n",
             4, 10, "import `t` conflicts with prior type of same name"),
        Case("include-unknown-with", "package a:b;\nworld v { import f: func(); }\nworld w { include v with { g as h } }\n",
             3, 19, "no import or export kebab-name `g`. Note that an ID does not support renaming", hint: "did you mean `f`?"),
        Case("include-shadow", "package a:b;\nworld v { import f: func(); }\nworld w {\n  import f: func();\n  include v;\n}\n",
             5, 11, "import of `f` shadows previously imported items"),
        Case("include-rename-interface", "package a:b;\ninterface a {}\nworld v { import a; }\nworld w { include v with { a as b } }\n",
             4, 19, "no import or export kebab-name `a`. Note that an ID does not support renaming"),
        Case("transitive-export-conflict", "package a:b;\ninterface a { type t = u32; }\ninterface b { use a.{t}; }\ninterface c { use a.{t}; use b.{t as t2}; }\nworld foo {\n  export a;\n  export c;\n}\n",
             5, 7, "interface `a:b/c` transitively depends on an interface in incompatible ways"),
        Case("since-twice", "package a:b@1.0.0;\n@since(version = 1.0.0)\n@since(version = 1.0.0)\ninterface i {}\n",
             3, 2, "cannot specify @since twice"),
        Case("unstable-twice", "package a:b;\n@unstable(feature = x)\n@unstable(feature = y)\ninterface i {}\n",
             3, 2, "cannot specify @unstable twice"),
        Case("since-and-unstable", "package a:b@1.0.0;\n@since(version = 1.0.0)\n@unstable(feature = x)\ninterface i {}\n",
             2, 2, "cannot specify both @since and @unstable"),
        Case("deprecated-alone", "package a:b@1.0.0;\n@deprecated(version = 1.0.0)\ninterface i {}\n",
             2, 2, "cannot specify @deprecated without @since or @unstable"),
        Case("since-unversioned-package", "package a:b;\n@since(version = 1.0.0)\ninterface i {}\n",
             3, 11, "package [a:b] contains a feature gate with a version specifier, so it must have a version"),
        Case("since-future-version", "package a:b@1.0.0;\ninterface i {\n  @since(version = 2.0.0)\n  f: func();\n}\n",
             4, 3, "feature gate cannot reference unreleased version 2.0.0 of package [a:b@1.0.0] (current version 1.0.0)"),
        Case("gated-type-reference", "package a:b;\ninterface i {\n  @unstable(feature = x)\n  type t = u8;\n  f: func(a: t);\n}\n",
             5, 3, "found a reference to a type which is excluded due to its feature not being activated"),
        Case("toplevel-use-attribute", "package a:b;\n@since(version = 1.0.0)\nuse a:c/d;\n",
             3, 1, "attributes not allowed on top-level use"),
        Case("duplicate-toplevel-use", "package a:b;\nuse x:y/z;\nuse x:y/z;\ninterface q {}\n",
             3, 9, "duplicate name `z` in this file"),
        Case("external-id-twice", "package a:b;\nworld w {\n  @external-id(\"a\")\n  @external-id(\"b\")\n  import f: func();\n}\n",
             4, 4, "cannot specify @external-id twice"),
        Case("package-not-found", "package a:b;\ninterface i { use wasi:io/streams@0.2.0.{input-stream}; }\n",
             2, 19, "package 'wasi:io@0.2.0' not found. known packages:"),
        Case("interface-not-found-in-dep", "package a:b;\ninterface i { use c:d/nope.{t}; }\npackage c:d { interface yes { type t = u8; } }\n",
             2, 23, "interface 'nope' not found in package 'c:d'"),
        Case("type-not-in-dep", "package a:b;\ninterface i { use c:d/yes.{u}; }\npackage c:d { interface yes { type t = u8; } }\n",
             2, 28, "type `u` not defined in interface", hint: "did you mean `t`?"),
        Case("duplicate-nested-package", "package a:b;\npackage c:d { interface x {} }\npackage c:d { interface y {} }\n",
             3, 9, "package `c:d` is defined in two different locations"),
        Case("nested-names-disabled", "package a:b:c/d;\ninterface i {}\n",
             1, 12, "expected '{', found ':'",
             hint: "nested namespaces and packages (\u{1faba} `a:b:c/d`) are not supported; package names are `namespace:name`"),
        Case("world-resource-dup-method", "package a:b;\nworld w { resource r { f: func(); f: func(); } }\n",
             2, 35, "duplicate name `[method]r.f`"),
    ]

    func testTableHasEnoughCases() {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 60)
        XCTAssertEqual(Set(Self.cases.map(\.name)).count, Self.cases.count, "case names are unique")
    }

    func testEachInvalidInput() {
        for c in Self.cases {
            guard case .failure(let f) = WIT.load(source: c.source, path: "\(c.name).wit") else {
                XCTFail("\(c.name): expected a diagnostic")
                continue
            }
            guard let d = f.diagnostics.first else {
                XCTFail("\(c.name): failure without diagnostics")
                continue
            }
            let firstLine = d.message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            XCTAssertEqual(firstLine, c.message, "\(c.name): message")
            if c.line == 0 {
                XCTAssertNil(f.location(d), "\(c.name): expected no location")
            } else if let loc = f.location(d) {
                XCTAssertEqual(loc.line, c.line, "\(c.name): line")
                XCTAssertEqual(loc.column, c.column, "\(c.name): column")
                XCTAssertEqual(loc.file, "\(c.name).wit", "\(c.name): file")
            } else {
                XCTFail("\(c.name): diagnostic has no location")
            }
            if let hint = c.hint { XCTAssertEqual(d.hint, hint, "\(c.name): hint") }
            // Rendering never fails and names the position.
            XCTAssertTrue(f.rendered.contains(c.line == 0 ? "error: " : "\(c.name).wit:\(c.line):\(c.column): error: "), c.name)
        }
    }

    /// Errors that need several files or a dependency directory.
    func testMultiFileErrors() {
        func check(_ files: [(String, String)], deps: [[(String, String)]] = [], _ file: String, _ line: Int, _ column: Int,
                   _ message: String, sourceLine: UInt = #line) {
            let result = WIT.load(files: files.map { ($0.0, Array($0.1.utf8)) },
                                  deps: deps.map { $0.map { ($0.0, Array($0.1.utf8)) } })
            guard case .failure(let f) = result, let d = f.diagnostics.first else {
                XCTFail("expected failure", line: sourceLine)
                return
            }
            XCTAssertEqual(d.message.split(separator: "\n").first.map(String.init), message, line: sourceLine)
            let loc = f.location(d)
            XCTAssertEqual(loc?.file, file, line: sourceLine)
            XCTAssertEqual(loc?.line, line, line: sourceLine)
            XCTAssertEqual(loc?.column, column, line: sourceLine)
        }
        check([("a.wit", "package foo:a;\n"), ("b.wit", "package foo:b;\n")],
              "b.wit", 1, 9, "package identifier `foo:b` does not match previous package name of `foo:a`")
        check([("a.wit", "/// one\npackage foo:a;\n"), ("b.wit", "/// two\npackage foo:a;\n")],
              "b.wit", 1, 1, "found doc comments on multiple 'package' items")
        check([("a.wit", "package foo:a;\ninterface x {}\n"), ("b.wit", "\n\ninterface x {}\n")],
              "b.wit", 3, 11, "duplicate item named `x`")
        check([("a.wit", "package foo:a;\nuse y as z;\ninterface y {}\n"), ("b.wit", "interface w { use z.{t}; }\n")],
              "b.wit", 1, 19, "interface or world `z` does not exist")
        check([("a.wit", "package foo:a;\ninterface i { use dep:d/api.{t}; }\n")],
              deps: [[("d.wit", "package dep:d;\ninterface api {}\n")]],
              "a.wit", 2, 30, "type `t` not defined in interface")
        check([("a.wit", "package foo:a;\ninterface i { use dep:d/apx.{t}; }\n")],
              deps: [[("d.wit", "package dep:d;\ninterface api { type t = u8; }\n")]],
              "a.wit", 2, 25, "interface 'apx' not found in package 'dep:d'")
        check([("a.wit", "package foo:a;\ninterface i { use dep:d/api@2.0.0.{t}; }\n")],
              deps: [[("d.wit", "package dep:d@1.0.0;\ninterface api { type t = u8; }\n")]],
              "a.wit", 2, 19, "package 'dep:d@2.0.0' not found. known packages:")
        check([("a.wit", "package foo:a;\n")],
              deps: [[("d1.wit", "package dep:d;\n")], [("d2.wit", "\npackage dep:d;\n")]],
              "d2.wit", 2, 9, "package `dep:d` is defined in two different locations")
        check([("a.wit", "package foo:a;\ninterface i { use dep:x/api.{t}; }\n")],
              deps: [[("x.wit", "package dep:x;\ninterface api { use dep:y/other.{t}; }\n")],
                     [("y.wit", "package dep:y;\ninterface other { use dep:x/api.{u}; type t = u8; }\n")]],
              "x.wit", 2, 21, "package `dep:y` creates a dependency cycle")
    }

    func testPackageNotFoundHintsAtVersions() {
        let r = WIT.load(files: [("a.wit", Array("package foo:a;\nworld w { import dep:d/api@1.1.0; }\n".utf8))],
                         deps: [[("d.wit", Array("package dep:d@1.0.0;\ninterface api {}\n".utf8))]])
        guard case .failure(let f) = r else { return XCTFail("expected failure") }
        XCTAssertEqual(f.diagnostics.first?.hint, "the package is available as `dep:d@1.0.0`; check the version")
        XCTAssertTrue(f.diagnostics.first?.message.contains("\n    dep:d@1.0.0") ?? false)
    }
}
