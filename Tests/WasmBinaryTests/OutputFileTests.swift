import Foundation
import WasmBinary
import XCTest

final class OutputFileTests: XCTestCase {
    private func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wcomp-output-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// The check runs while the file is written; the output appears only when it passes.
    func testCheckedWriteReplacesOnlyWhenTheCheckPasses() throws {
        let dir = try scratch()
        let path = dir + "/out.bin"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let parts = [ByteSlice(copying: Array("new ".utf8)), ByteSlice(copying: Array("bytes".utf8))]
        XCTAssertThrowsError(try OutputFile.write(parts, to: path, checking: { () throws(WasmError) in
            throw WasmError(.usage, "check failed", offset: nil, kind: .invalid)
        })) { e in XCTAssertEqual((e as? WasmError)?.message, "check failed") }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["out.bin"], "temporary file left")
        var ran = false
        try OutputFile.write(parts, to: path, checking: { () throws(WasmError) in ran = true })
        XCTAssertTrue(ran)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "new bytes")
        let fresh = dir + "/fresh.bin"
        try OutputFile.write(parts, to: fresh, checking: { () throws(WasmError) in })
        XCTAssertEqual(try String(contentsOfFile: fresh, encoding: .utf8), "new bytes")
    }
}
