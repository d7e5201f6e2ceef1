import Foundation
import XCTest
@testable import WasmBinary

/// `ByteStorage.load` on what is not a plain file: pipes (through /dev/fd), limits, early stops,
/// files under /proc.
final class ByteStorageTests: XCTestCase {
    /// A pipe holding `bytes` with its write end closed, named by its /dev/fd path.
    private func pipeHolding(_ bytes: [UInt8]) throws -> (path: String, close: () -> Void) {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        XCTAssertEqual(write(fds[1], bytes, bytes.count), bytes.count)
        close(fds[1])
        let r = fds[0]
        return ("/dev/fd/\(r)", { close(r) })
    }

    func testAStreamPastTheLimitIsAnIOError() throws {
        let p = try pipeHolding([UInt8](repeating: 0x20, count: 200))
        defer { p.close() }
        XCTAssertThrowsError(try ByteStorage.load(path: p.path, limit: 100)) { e in
            let error = e as? WasmError
            XCTAssertEqual(error?.code, .inputTooLarge)
            XCTAssertEqual(error?.kind, .io)
            XCTAssertEqual(error?.message, "cannot read \(p.path): it is larger than the 100 bytes limit")
        }
    }

    func testAStreamAtTheLimitIsRead() throws {
        let p = try pipeHolding([UInt8](repeating: 7, count: 100))
        defer { p.close() }
        let s = try ByteStorage.load(path: p.path, limit: 100)
        XCTAssertEqual(s.all.array, [UInt8](repeating: 7, count: 100))
    }

    func testReadingStopsOnceTheAnswerIsKnown() throws {
        // Not `\0asm`: a WebAssembly reader stops after the first read, whatever the limit.
        let junk = try pipeHolding([UInt8](repeating: 1, count: 200))
        defer { junk.close() }
        XCTAssertLessThanOrEqual(try ByteStorage.load(path: junk.path, limit: 100, expect: .wasm).count, 101)
        // Text with no NUL is read to the end (it may be WIT)...
        let text = try pipeHolding([UInt8](repeating: 0x41, count: 50))
        defer { text.close() }
        XCTAssertEqual(try ByteStorage.load(path: text.path, expect: .wasmOrText).count, 50)
        // ...and a binary with the magic number too.
        let wasm = try pipeHolding([0, 0x61, 0x73, 0x6D] + [UInt8](repeating: 0, count: 96))
        defer { wasm.close() }
        XCTAssertEqual(try ByteStorage.load(path: wasm.path, expect: .wasm).count, 100)
        // Neither magic nor text: stop.
        let zeros = try pipeHolding([UInt8](repeating: 0, count: 200))
        defer { zeros.close() }
        XCTAssertThrowsError(try ByteStorage.load(path: zeros.path, limit: 100, expect: .any))
        XCTAssertLessThanOrEqual(try ByteStorage.load(path: zeros.path, limit: 100, expect: .wasmOrText).count, 101)
    }

    func testProcFilesAreReadNotMapped() throws {
        // Size 0 but content: read.
        let status = try ByteStorage.load(path: "/proc/self/status")
        XCTAssertTrue(String(decoding: status.all.array, as: UTF8.self).hasPrefix("Name:"))
        // Size 0 and the read fails: an I/O error, not an empty input.
        XCTAssertThrowsError(try ByteStorage.load(path: "/proc/self/mem")) { e in
            XCTAssertEqual((e as? WasmError)?.kind, .io)
            XCTAssertEqual((e as? WasmError)?.message, "cannot read /proc/self/mem: Input/output error")
        }
    }

    func testRegularFilesOverALimitAreRefusedOnlyWhenAsked() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wcomp-bs-\(UUID().uuidString)").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(count: 300)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(try ByteStorage.load(path: path, limit: 100).count, 300)  // mapped: no memory cost
        XCTAssertThrowsError(try ByteStorage.load(path: path, limit: 100, limitFiles: true))
        let empty = path + ".empty"
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: empty) }
        XCTAssertEqual(try ByteStorage.load(path: empty).count, 0)
    }
}
