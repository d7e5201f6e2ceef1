import Foundation
import TestSupport
import XCTest

/// The libraries and the `wcomp` binary use the standard library and Glibc only: one `import
/// Foundation` links Foundation and ICU into the binary and adds ~8 MB to every command's resident
/// set (the conformance runner, a developer tool, may use it).
final class NoFoundationTests: XCTestCase {
    func testNoShippedTargetImportsFoundation() throws {
        let sources = Repo.root.appendingPathComponent("Sources")
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0 != "conformance" }
        XCTAssertTrue(targets.contains("WasmText"), "Sources/ not found")
        var offenders: [String] = []
        for target in targets {
            let dir = sources.appendingPathComponent(target)
            guard let files = FileManager.default.enumerator(atPath: dir.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    if let i = words.firstIndex(of: "import"), i + 1 < words.count, words[i + 1].hasPrefix("Foundation") {
                        offenders.append("\(target)/\(file): \(line)")
                    }
                }
            }
        }
        XCTAssertEqual(offenders, [], "imports of Foundation in shipped targets")
    }
}
