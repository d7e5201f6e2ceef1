import Foundation
import TestSupport
import XCTest
@testable import WasmText

/// The component text parser against `wasm-tools parse` 1.262: every committed `.wat` under testdata whose
/// `.wasm` beside it was written by `wasm-tools parse` (core modules and components, hand-written with the
/// text format's abbreviations), and error reports.
final class ComponentParseTests: XCTestCase {
    /// The `.wat` files with a `.wasm` beside it (both committed).
    func pairs() -> [(wat: URL, wasm: URL)] {
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
