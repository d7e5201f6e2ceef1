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

    /// Streaming over an existing file (the write-out runs behind the writes, every 8 MiB): the new
    /// bytes, whole; a failure part-way leaves the old file and no temporary file.
    func testStreamingReplacesAnExistingFile() throws {
        let dir = try scratch()
        let path = dir + "/out.txt"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let piece = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: piece.count, alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: piece)
        let b = UnsafeRawBufferPointer(buffer)
        XCTAssertThrowsError(try OutputFile.streaming(to: path) { (write) throws(WasmError) in
            for _ in 0..<20 { try write(b) }
            throw WasmError(.io, "stopped", offset: nil, kind: .io)
        })
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["out.txt"], "temporary file left")
        try OutputFile.streaming(to: path) { (write) throws(WasmError) in
            for _ in 0..<20 { try write(b) }
        }
        let back = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(back.count, 20 << 20)
        XCTAssertTrue(back.prefix(1 << 20).elementsEqual(piece) && back.suffix(1 << 20).elementsEqual(piece))
    }

    /// Replacing an existing file with 20 MiB (the write-out starts every 8 MiB, on the writer's thread when a
    /// check runs): the new bytes, whole, with and without a check; a failed check leaves the old file.
    func testLargeWriteReplacesAnExistingFile() throws {
        let dir = try scratch()
        let path = dir + "/out.bin"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let piece = (0..<(5 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let parts = (0..<4).map { _ in ByteSlice(copying: piece) }
        XCTAssertThrowsError(try OutputFile.write(parts, to: path, checking: { () throws(WasmError) in
            throw WasmError(.usage, "check failed", offset: nil, kind: .invalid)
        }))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old")
        for checked in [true, false] {
            try Data("old".utf8).write(to: URL(fileURLWithPath: path))
            if checked {
                try OutputFile.write(parts, to: path, checking: { () throws(WasmError) in })
            } else {
                try OutputFile.write(parts, to: path)
            }
            let back = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            XCTAssertEqual(back.count, 20 << 20, "checked: \(checked)")
            XCTAssertTrue(back.prefix(5 << 20).elementsEqual(piece) && back.suffix(5 << 20).elementsEqual(piece))
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["out.bin"], "temporary file left")
        }
    }
}
