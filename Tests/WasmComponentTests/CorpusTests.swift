import Foundation
import WasmBinary
import XCTest

@testable import WasmComponent

final class CorpusTests: XCTestCase {
    func testSpecComponentDecodeAndRoundTrip() throws {
        let rows = try Oracles.specComponentRows()
        var failures: [String] = []
        var decoded = 0, rejected = 0, identical = 0, nonMinimal = 0
        for (file, expect) in rows {
            let path = Oracles.specComponent.appendingPathComponent(file).path
            let storage = try ByteStorage.load(path: path)
            do {
                let c = try Component.decode(storage.all, mode: .full)
                decoded += 1
                if expect == "malformed" { failures.append("\(file): malformed but decoded") }
                let again = c.encode(reuseNestedBytes: false)
                let c2 = try Component.decode(bytes: again)
                if c2 != c { failures.append("\(file): decode(encode(decode(b))) != decode(b)") }
                if again == storage.all.array { identical += 1 }
                else if c.sawNonMinimalEncoding { nonMinimal += 1 }
                else { failures.append("\(file): re-encoding differs without non-minimal LEB128") }
            } catch {
                rejected += 1
                if expect != "malformed" { failures.append("\(file) (\(expect)): \(error)") }
            }
        }
        print("spec-component: \(rows.count) rows, \(decoded) decoded, \(rejected) rejected, \(identical) byte-identical, \(nonMinimal) non-minimal")
        XCTAssert(failures.isEmpty, failures.joined(separator: "\n"))
    }
}

extension CorpusTests {
    func testPrintMalformedMessages() throws {
        let rows = try Oracles.specComponentRows()
        let text = try String(contentsOf: Oracles.specComponent.appendingPathComponent("manifest.tsv"), encoding: .utf8)
        var hints: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let c = line.split(separator: "\t", omittingEmptySubsequences: false)
            if c.count > 3 { hints[String(c[0])] = String(c[3]) }
        }
        for (file, expect) in rows where expect == "malformed" {
            let storage = try ByteStorage.load(path: Oracles.specComponent.appendingPathComponent(file).path)
            do { _ = try Component.decode(storage.all) } catch {
                print("\(file) | \(hints[file] ?? "") | \(error.message) @\(error.offset ?? -1) [\(error.code)] \(error.pathDescription)")
            }
        }
    }
}
