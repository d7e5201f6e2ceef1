import Foundation
import TestSupport
import WasmBinary
import XCTest

@testable import WasmComponent

final class CorpusTests: XCTestCase {
    func testSpecComponentDecodeAndRoundTrip() throws {
        try Oracle.require(.specComponent)
        let rows = try SpecComponent.rows()
        var failures: [String] = []
        var decoded = 0, rejected = 0, identical = 0, nonMinimal = 0
        for (file, expect, _) in rows {
            let storage = try ByteStorage.load(path: SpecComponent.path(file))
            do {
                let c = try Component.decode(storage.all, mode: .full)
                decoded += 1
                if (try? Component.decode(storage.all, mode: .shallow)) != c { failures.append("\(file): shallow != full") }
                if expect == "malformed" { failures.append("\(file): malformed but decoded") }
                let again = c.encode(reuseNestedBytes: false)
                let c2 = try Component.decode(bytes: again)
                if c2 != c { failures.append("\(file): decode(encode(decode(b))) != decode(b)") }
                if expect == "valid", let e = TypeSpace(c).errors.first { failures.append("\(file): valid but type space: \(e)") }
                if again == storage.all.array { identical += 1 }
                else if c.sawNonMinimalEncoding { nonMinimal += 1; print("non-minimal LEB128: \(file)") }
                else { failures.append("\(file): re-encoding differs without non-minimal LEB128") }
            } catch {
                rejected += 1
                if expect != "malformed" { failures.append("\(file) (\(expect)): \(error)") }
            }
        }
        XCTAssertEqual(rejected, rows.filter { $0.expect == "malformed" }.count)
        print("spec-component: \(rows.count) rows, \(decoded) decoded, \(rejected) rejected, \(identical) byte-identical, \(nonMinimal) non-minimal")
        XCTAssert(failures.isEmpty, failures.joined(separator: "\n"))
    }
}

extension CorpusTests {
    /// Truncated prefixes of the smaller valid corpus components never crash; accepted ones end on a section.
    func testTruncatedCorpusPrefixes() throws {
        try Oracle.require(.specComponent)
        var checked = 0
        for (file, expect, _) in try SpecComponent.rows() where expect == "valid" {
            let storage = try ByteStorage.load(path: SpecComponent.path(file))
            guard storage.count <= 600 else { continue }
            let full = try Component.decode(storage.all)
            let ends = Set(full.layout?.map(\.contents.upperBound) ?? []).union([8])
            for n in 0..<storage.count {
                checked += 1
                if (try? Component.decode(storage.all.slice(0..<n))) != nil {
                    XCTAssertTrue(ends.contains(n), "\(file): prefix \(n) decoded")
                }
            }
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    /// Malformed rows fail with kind `malformed`, an offset, a path, and the spec's wording where it has one.
    func testMalformedMessagesMatchTheSpec() throws {
        try Oracle.require(.specComponent)
        var checked = 0
        for row in try SpecComponent.rows() where row.expect == "malformed" {
            let c = [row.file]
            let storage = try ByteStorage.load(path: SpecComponent.path(row.file))
            do {
                _ = try Component.decode(storage.all)
                XCTFail("\(c[0]) decoded")
            } catch {
                checked += 1
                XCTAssertEqual(error.kind, .malformed, c[0])
                XCTAssertNotNil(error.offset, c[0])
                XCTAssertEqual(error.path.first, "component", c[0])
                let hint = row.message
                let eof = hint == "unexpected end-of-file" && [.unexpectedEnd, .lengthOutOfBounds].contains(error.code)
                // Errors inside nested core modules are WasmCore's wording.
                let core = error.path.contains { if case .item("core module", _) = $0 { true } else { false } }
                XCTAssertTrue(hint.isEmpty || eof || core || error.message.contains(hint), "\(c[0]): \(error.message) vs \(hint)")
            }
        }
        XCTAssertEqual(checked, 72)  // 70 in the manifest, binary/t.92 and t.89 (testdata/corpus-updates.tsv)
    }
}
