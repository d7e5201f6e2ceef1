import Foundation
import TestSupport
import XCTest
@testable import WasmText

/// The component text parser against `wasm-tools parse` 1.262: every committed `.wat` under testdata whose
/// `.wasm` beside it was written by `wasm-tools parse` (core modules and components, hand-written with the
/// text format's abbreviations), and error reports.
final class ComponentParseTests: XCTestCase {
    /// The `.wat` files with a `.wasm` beside it (both committed).
    func pairs() -> [(wat: URL, wasm: URL)] { Self.pairs() }

    static func pairs() -> [(wat: URL, wasm: URL)] {
        var out: [(URL, URL)] = []
        guard let e = FileManager.default.enumerator(at: Repo.testdata, includingPropertiesForKeys: nil) else { return [] }
        for case let url as URL in e where url.pathExtension == "wat" {
            let wasm = url.deletingPathExtension().appendingPathExtension("wasm")
            if FileManager.default.fileExists(atPath: wasm.path) { out.append((url, wasm)) }
        }
        return out.sorted { $0.0.path < $1.0.path }
    }

    func testEveryCommittedTextFileParsesToTheBytesWasmToolsWrote() throws {
        let all = pairs()
        XCTAssertGreaterThan(all.count, 40)
        var components = 0
        for (wat, wasm) in all {
            let text = [UInt8](try Data(contentsOf: wat))
            let expected = [UInt8](try Data(contentsOf: wasm))
            let name = wat.path.replacingOccurrences(of: Repo.root.path + "/", with: "")
            if expected.count > 4, expected[4] == 0x0D { components += 1 }
            do {
                let bytes = try WasmText.parse(text)
                XCTAssertEqual(bytes, expected, "\(name): \(bytes.count) bytes vs wasm-tools' \(expected.count)")
            } catch {
                XCTFail(error.render(source: text, file: name))
            }
        }
        XCTAssertGreaterThan(components, 10, "components among the files")
    }

    func error(_ text: String) -> String {
        do {
            _ = try WasmText.parse(Array(text.utf8))
            return "no error"
        } catch {
            return error.render(source: Array(text.utf8), file: "x.wat")
        }
    }

    func testErrorsSayWhereAndWhat() {
        XCTAssertEqual(error("(component\n  (import \"a\" (func (param \"x\" u33))))"),
                       """
                       x.wat:2:32: error: expected a primitive value type, found `u33`
                            |
                          2 |   (import "a" (func (param "x" u33))))
                            |                                ^

                       """)
        XCTAssertTrue(error("(component (export \"f\" (func $nope)))").contains("unknown func $nope"))
        XCTAssertTrue(error("(component (type $t u8) (type $t u8))").contains("duplicate type identifier $t"))
        XCTAssertTrue(error("(component (canon bogus.builtin (core func)))").contains("unknown canonical built-in"))
        XCTAssertTrue(error("(component (alias outer $nope 0 (type)))").contains("outer component `nope` not found"))
        XCTAssertTrue(error("(component $a (component (alias outer $a $t (type))))").contains("unknown type $t"))
        XCTAssertTrue(error("(component (component (type (list $t))))").contains("unknown type $t"))
    }

    func testDeepNestingIsRefused() {
        let deep = String(repeating: "(component ", count: 3000) + String(repeating: ")", count: 3000)
        XCTAssertTrue(error(deep).contains("nesting too deep"))
        let types = "(component (type " + String(repeating: "(list ", count: 3000) + "u8" + String(repeating: ")", count: 3000) + "))"
        XCTAssertTrue(error(types).contains("nesting too deep"))
    }

    /// Abbreviations expand as wasm-tools expands them: inline types before the item, inline exports at the
    /// end, `(func $i "name")` through an alias, an outer `$id` through an outer alias.
    func testAbbreviationsMatchTheirExpansion() throws {
        let short = """
        (component $c
          (type $t u32)
          (import "i" (instance $i (export "f" (func (param "x" (list u8)) (result $t)))))
          (core module $m (func (export "g")))
          (core instance $mi (instantiate $m))
          (func $f (export "f2") (type 2) (canon lift (core func $mi "g")))
          (type $t2 (func))
          (component (import "x" (func (type $t2))) (import "y" (func (type $t2))))
          (export "f3" (func $i "f"))
        )
        """
        XCTAssertNoThrow(try WasmText.parse(Array(short.utf8)))
    }
}

/// Function bodies parsed in parallel (large modules) give the bytes, and the errors, of the parse in order.
final class ParallelBodiesTests: XCTestCase {
    func both(_ text: [UInt8]) -> (Result<[UInt8], TextError>, Result<[UInt8], TextError>) {
        let saved = ModuleParser.parallelBodyTokens
        defer { ModuleParser.parallelBodyTokens = saved }
        ModuleParser.parallelBodyTokens = Int.max
        let inOrder = Result { () throws(TextError) in try WasmText.parse(text) }
        ModuleParser.parallelBodyTokens = 0
        let parallel = Result { () throws(TextError) in try WasmText.parse(text) }
        return (inOrder, parallel)
    }

    func testSameBytesOnEveryCommittedTextFile() throws {
        for (wat, _) in ComponentParseTests.pairs() {
            let (a, b) = both([UInt8](try Data(contentsOf: wat)))
            XCTAssertEqual(try a.get(), try b.get(), wat.lastPathComponent)
        }
    }

    func testSameBytesAndErrorsOnAGeneratedModule() throws {
        var text = "(module (memory 1) (data $d \"x\") (table 1 funcref) (type $t (func (result i32)))\n"
        for i in 0..<300 {
            text += "(func $f\(i) (export \"f\(i)\") (param $p i32) (result i32) (local $l i64)\n"
            text += "  (block $b (result i32) (br_if $b (local.get $p) (i32.const \(i))) (@metadata.code.branch_hint \"\\01\") (if (local.get $p) (then (nop))) (drop) (i32.const 0))\n"
            text += "  (memory.init $d (i32.const 0) (i32.const 0) (i32.const 0)) (call_indirect (type $t) (i32.const 0)) (i32.add))\n"
        }
        let (a, b) = both(Array((text + ")").utf8))
        XCTAssertEqual(try a.get(), try b.get())
        // A body that needs a new type (an inline call_indirect signature): same index either way.
        let (c, d) = both(Array((text + "(func (call_indirect (param i64) (i64.const 1) (i32.const 0))))").utf8))
        XCTAssertEqual(try c.get(), try d.get())
        // The first error in text order, whichever comes first.
        let bad = text.replacingOccurrences(of: "$f7 ", with: "$f7 ").replacingOccurrences(of: "(i32.const 7)", with: "(i32.konst 7)")
        let (e, f) = both(Array((bad + "(export \"zz\" (func $nope)))").utf8))
        XCTAssertThrowsError(try e.get())
        XCTAssertEqual(e.failure?.message, f.failure?.message)
        XCTAssertEqual(e.failure?.offset, f.failure?.offset)
        XCTAssertTrue(e.failure?.message.contains("i32.konst") ?? false, e.failure?.message ?? "")
    }
}

/// A text lexed in two halves at once gives the tokens, or the error, of lexing it in order.
final class ParallelLexingTests: XCTestCase {
    func both(_ text: [UInt8]) -> (Result<[Token], TextError>, Result<[Token], TextError>) {
        let saved = Lexer.parallelBytes
        defer { Lexer.parallelBytes = saved }
        Lexer.parallelBytes = Int.max
        let inOrder = Result { () throws(TextError) in try Lexer(text).tokenize() }
        Lexer.parallelBytes = 0
        let halves = Result { () throws(TextError) in try Lexer(text).tokenize() }
        return (inOrder, halves)
    }

    func check(_ text: String, _ line: UInt = #line) {
        let (a, b) = both(Array(text.utf8))
        switch (a, b) {
        case (.success(let x), .success(let y)): XCTAssertEqual(x, y, line: line)
        case (.failure(let x), .failure(let y)): XCTAssertEqual(x, y, line: line)
        default: XCTFail("one way fails, the other does not: \(a) \(b)", line: line)
        }
    }

    func testHalvesAgreeWithTheOrderedLexer() throws {
        for (wat, _) in ComponentParseTests.pairs() {
            let (a, b) = both([UInt8](try Data(contentsOf: wat)))
            XCTAssertEqual(try a.get(), try b.get(), wat.lastPathComponent)
        }
        let body = String(repeating: "(func (i32.const 1))\n", count: 20)
        check("(module\n" + body + ")")
        // Indented lines: the split falls before the spaces of a line.
        let indented = String(repeating: "    (func (i32.const 1))\n", count: 20)
        check("(module\n" + indented + ")")
        check("(module\n" + indented + "    ~ )")
        // Across the split: a block comment, a string, a line comment, a skipped annotation.
        check("(module (; x\n" + body + " ;) (func))")
        check("(module (data \"a\n" + body + "\"))")
        check("(module (@skipped\n" + body + ") (func))")
        check("(module ;; x\n" + body + ")")
        // Errors on either side, and both.
        check("(module ~\n" + body + ")")
        check("(module\n" + body + " ~ )")
        check("(module ~\n" + body + " ~ )")
        check("(module (@skipped\n" + body)
        check("(module \"" + body)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}

/// A token too long for its length field (512 MiB or more) has its end found again in the text: the same bytes
/// and errors as tokens whose length is stored (checked with the limit lowered to a few bytes).
final class LongTokenTests: XCTestCase {
    func both(_ text: [UInt8]) -> (Result<[UInt8], TextError>, Result<[UInt8], TextError>) {
        let saved = Token.longLength
        defer { Token.longLength = saved }
        let stored = Result { () throws(TextError) in try WasmText.parse(text) }
        Token.longLength = 2
        let found = Result { () throws(TextError) in try WasmText.parse(text) }
        return (stored, found)
    }

    func testLongTokensParseAlike() throws {
        for (wat, _) in ComponentParseTests.pairs() {
            let (a, b) = both([UInt8](try Data(contentsOf: wat)))
            XCTAssertEqual(try a.get(), try b.get(), wat.lastPathComponent)
        }
        let text = #"(module (func $"q\"uo\u{74}ed" (export "a\"b") (param $p i32) (local.get $p) (drop)) (data "\00\ff x\"y" "z"))"#
        let (a, b) = both(Array(text.utf8))
        XCTAssertEqual(try a.get(), try b.get())
        XCTAssertGreaterThan((try a.get()).count, 20)
        let (e, f) = both(Array("(module (func (i32.konst 7)))".utf8))
        XCTAssertEqual(e.failure, f.failure)
        XCTAssertTrue(e.failure?.message.contains("i32.konst") ?? false, e.failure?.message ?? "")
    }

    func testLongTokenEnds() {
        let saved = Token.longLength
        defer { Token.longLength = saved }
        Token.longLength = 2
        let text = #"(module $"a\"b" "str\"ing" keyword (@name "n"))"#
        let lexer = Lexer(Array(text.utf8))
        guard let tokens = try? lexer.tokenize() else { return XCTFail("does not lex") }
        let spelled = tokens.map { String(decoding: lexer.src[$0.start..<lexer.end(of: $0)], as: UTF8.self) }
        XCTAssertEqual(spelled, ["(", "module", #"$"a\"b""#, #""str\"ing""#, "keyword", "(@name", #""n""#, ")", ")", ""])
    }
}

/// The core modules of a component parsed at once give the bytes, and the errors, of the parse in order.
final class ParallelModulesTests: XCTestCase {
    func both(_ text: [UInt8]) -> (Result<[UInt8], TextError>, Result<[UInt8], TextError>) {
        let saved = ComponentParser.parallelModuleTokens
        defer { ComponentParser.parallelModuleTokens = saved }
        ComponentParser.parallelModuleTokens = Int.max
        let inOrder = Result { () throws(TextError) in try WasmText.parse(text) }
        ComponentParser.parallelModuleTokens = 0
        let parallel = Result { () throws(TextError) in try WasmText.parse(text) }
        return (inOrder, parallel)
    }

    func testSameBytesOnEveryCommittedTextFile() throws {
        var compared = 0
        for (wat, _) in ComponentParseTests.pairs() {
            let (a, b) = both([UInt8](try Data(contentsOf: wat)))
            XCTAssertEqual(try a.get(), try b.get(), wat.lastPathComponent)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 40)
    }

    func testSameBytesAndErrorsOnAGeneratedComponent() throws {
        func module(_ i: Int) -> String {
            "(core module $m\(i) (memory (export \"mem\") 1) (func (export \"f\") (param i32) (result i32) (local.get 0) (i32.const \(i)) (i32.add)) (data (i32.const 8) \"\\01\\ff\"))\n"
        }
        var text = "(component\n"
        for i in 0..<40 { text += module(i) }
        text += "(component $inner \(module(99)) (core instance (instantiate $m99)))\n"
        text += "(core instance $i (instantiate $m3))\n"
        let (a, b) = both(Array((text + ")").utf8))
        XCTAssertEqual(try a.get(), try b.get())
        XCTAssertGreaterThan((try a.get()).count, 40 * 30)
        // An error in a module, then one after it in the component: the first in text order either way.
        let bad = text.replacingOccurrences(of: "(i32.const 7)", with: "(i32.konst 7)") + "(core instance (instantiate $nope)))"
        let (e, f) = both(Array(bad.utf8))
        XCTAssertEqual(e.failure, f.failure)
        XCTAssertTrue(e.failure?.message.contains("i32.konst") ?? false, e.failure?.message ?? "")
        // An error in the component before any bad module.
        let early = "(component (core instance (instantiate $nope)) " + module(1) + ")"
        let (g, h) = both(Array(early.utf8))
        XCTAssertNotNil(g.failure)
        XCTAssertEqual(g.failure, h.failure)
        // A module nested deeper than a worker takes is parsed in order.
        let deep = "(component " + String(repeating: "(component ", count: 70) + module(5) + String(repeating: ")", count: 71)
        let (x, y) = both(Array(deep.utf8))
        XCTAssertEqual(try x.get(), try y.get())
    }
}
