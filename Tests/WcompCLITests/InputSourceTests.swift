import Foundation
import XCTest

/// Every kind of input a path can name, through the built binary: devices that never end, FIFOs
/// with and without a writer, standard input past the limits, files whose size reads as 0 but
/// whose read fails, over-large WIT, missing or unreadable WIT, and broken links inside deps/.
final class InputSourceTests: XCTestCase {
    private let consumer = testdataPath("cache/consumer.wasm")
    private let provider = testdataPath("cache/provider.wasm")

    func testEndlessDevicesAreBounded() throws {
        let cases: [([String], Int32, String)] = [
            (["inspect", "/dev/zero"], 1, "/dev/zero: error: magic header not detected (offset 0x0) [bad-magic]\n"),
            (["validate", "/dev/urandom"], 1, "/dev/urandom: error: magic header not detected (offset 0x0) [bad-magic]\n"),
            (["inspect", "/dev/urandom"], 1, "/dev/urandom: error: magic header not detected (offset 0x0) [bad-magic]\n"),
            (["compose", consumer, "/dev/zero", "-o", "/dev/null"], 1,
             "/dev/zero: error: /dev/zero is not a WebAssembly component (offset 0x0) [compose-bad-input]\n"),
            (["validate", consumer, "--wit", "/dev/zero"], 2,
             "/dev/zero: error: cannot read /dev/zero: it is larger than the 16 MiB WIT limit [io]\n"),
            (["inspect", "/dev/zero.wit"], 2, ""),  // no such file: an I/O error too
        ]
        for (args, status, message) in cases {
            let r = try runBinaryGuarded(args)
            XCTAssertFalse(r.hung, "\(args) did not finish")
            XCTAssertEqual(r.status, status, "\(args): \(r.err)")
            if !message.isEmpty { XCTAssertEqual(r.err, message, "\(args)") }
        }
    }

    func testReadErrorsAreIOErrors() throws {
        // /proc/self/mem: a regular file of size 0 whose read fails (EIO at address 0).
        for command in ["inspect", "validate"] {
            let r = try runBinaryGuarded([command, "/proc/self/mem"])
            XCTAssertEqual(r.status, 2, r.err)
            XCTAssertEqual(r.err, "/proc/self/mem: error: cannot read /proc/self/mem: Input/output error [io]\n")
        }
        let wit = try runBinaryGuarded(["validate", consumer, "--wit", "/proc/self/mem"])
        XCTAssertEqual(wit.status, 2, wit.err)
        XCTAssertTrue(wit.err.contains("cannot read /proc/self/mem: Input/output error [io]"), wit.err)
        // A /proc file that reads fine although its size is 0 is read, not taken as empty.
        let status = try runBinaryGuarded(["inspect", "/proc/self/status"])
        XCTAssertTrue(status.err.hasPrefix("/proc/self/status:1:1: error: expected `world`, `interface` or `use`"), status.err)
    }

    func testMissingWITIsAnIOError() throws {
        let r = try runBinaryGuarded(["validate", consumer, "--wit", "/nonexistent.wit"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.err, "/nonexistent.wit: error: cannot open /nonexistent.wit: No such file or directory [io]\n")
        let dir = try runBinaryGuarded(["validate", consumer, "--wit", "/nonexistent-dir/"])
        XCTAssertEqual(dir.status, 2, dir.err)
        if !runningAsRoot {
            let d = try scratchDirectory(self)
            let locked = d.appendingPathComponent("locked.wit")
            try Data("package a:b;\n".utf8).write(to: locked)
            XCTAssertEqual(chmod(locked.path, 0), 0)
            let denied = try runBinaryGuarded(["validate", consumer, "--wit", locked.path])
            XCTAssertEqual(denied.status, 2, denied.err)
            XCTAssertTrue(denied.err.contains("Permission denied"), denied.err)
        }
    }

    func testAFIFOWithoutAWriterDoesNotHang() throws {
        let dir = try scratchDirectory(self)
        let fifo = dir.appendingPathComponent("input").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        for args in [["validate", fifo], ["inspect", fifo], ["validate", consumer, "--wit", fifo],
                     ["compose", consumer, fifo, "--dry-run"]] {
            let r = try runBinaryGuarded(args)
            XCTAssertFalse(r.hung, "\(args) waited for a writer")
            XCTAssertNotEqual(r.status, 0, "\(args): an empty input is not valid")
        }
    }

    func testAFIFOWithAWriterIsRead() throws {
        let dir = try scratchDirectory(self)
        let fifo = dir.appendingPathComponent("input").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: consumer))
        let writer = Thread {
            if let h = FileHandle(forWritingAtPath: fifo) {
                h.write(bytes)
                try? h.close()
            }
        }
        writer.start()
        // wcomp opens the FIFO without waiting; wait until our writer is connected first, so that
        // it does not read an empty FIFO.
        let probe = open(fifo, O_RDONLY | O_NONBLOCK)
        XCTAssertGreaterThanOrEqual(probe, 0)
        var connected = false
        for _ in 0..<10_000 where !connected {
            var st = stat()
            connected = fstat(probe, &st) == 0 && writerConnected(fifo)
            if !connected { usleep(1_000) }
        }
        let r = try runBinaryGuarded(["validate", "--verbose", fifo])
        close(probe)
        XCTAssertFalse(r.hung)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("valid component"), r.out)
    }

    /// Whether some process (our writer thread) has `fifo` open for writing.
    private func writerConnected(_ fifo: String) -> Bool {
        let fds = "/proc/self/fd"
        for fd in (try? FileManager.default.contentsOfDirectory(atPath: fds)) ?? [] {
            guard (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fds)/\(fd)")) == fifo,
                  let flags = try? String(contentsOfFile: "/proc/self/fdinfo/\(fd)", encoding: .utf8)
                    .split(separator: "\n").first(where: { $0.hasPrefix("flags:") })?.split(separator: "\t").last,
                  let value = Int(flags, radix: 8) else { continue }
            if value & Int(O_ACCMODE) == Int(O_WRONLY) { return true }
        }
        return false
    }

    func testStandardInputPastTheWITLimit() throws {
        let dir = try scratchDirectory(self)
        let big = dir.appendingPathComponent("big.txt")
        // 17 MiB of WIT-looking text: a comment that never ends.
        var text = Data("package a:b;\n//".utf8)
        text.append(Data(repeating: UInt8(ascii: "x"), count: 17 << 20))
        try text.write(to: big)
        // Standard input is read with the limit, whatever it is connected to.
        let input = try FileHandle(forReadingFrom: big)
        let r = try runBinaryGuarded(["validate", consumer, "--wit", "-"], stdin: input)
        XCTAssertEqual(r.status, 2, r.err)
        XCTAssertEqual(r.err, "-: error: cannot read -: it is larger than the 16 MiB WIT limit [io]\n")
        // The same text as a file: the same limit for inspect and validate --wit.
        try? input.close()
        let wit = dir.appendingPathComponent("big.wit").path
        try text.write(to: URL(fileURLWithPath: wit))
        for args in [["inspect", wit], ["validate", consumer, "--wit", wit]] {
            let f = try runBinaryGuarded(args)
            XCTAssertEqual(f.status, 2, "\(args): \(f.err)")
            XCTAssertTrue(f.err.contains("cannot read \(wit): it is larger than the 16 MiB WIT limit"), f.err)
        }
    }

    func testBrokenLinksInDepsAreReported() throws {
        let dir = try scratchDirectory(self)
        try Data("package a:b;\ninterface i { f: func(); }\n".utf8).write(to: dir.appendingPathComponent("main.wit"))
        let deps = dir.appendingPathComponent("deps")
        try FileManager.default.createDirectory(at: deps, withIntermediateDirectories: true)
        let cases: [(String, String, String)] = [
            ("deps/dangling", "nothere", "failed to read dependency \(dir.path)/deps/dangling: No such file or directory"),
            ("deps/loop", "loop", "failed to read dependency \(dir.path)/deps/loop: Too many levels of symbolic links"),
            ("dangling.wit", "nothere.wit", "cannot open \(dir.path)/dangling.wit: No such file or directory"),
        ]
        for (link, target, message) in cases {
            let path = dir.appendingPathComponent(link).path
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
            defer { try? FileManager.default.removeItem(atPath: path) }
            for args in [["inspect", dir.path], ["validate", consumer, "--wit", dir.path]] {
                let r = try runBinaryGuarded(args)
                XCTAssertEqual(r.status, 2, "\(link) \(args): \(r.err)")
                XCTAssertTrue(r.err.contains(message + " [io]"), "\(link): \(r.err)")
            }
        }
        // A link to something that is not WIT and not in deps/ is not read (as wasm-tools).
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("notes.txt").path,
                                                   withDestinationPath: "nothere")
        let ok = try runBinaryGuarded(["inspect", dir.path])
        XCTAssertEqual(ok.status, 0, ok.err)
    }

    func testWITOfAMalformedBinaryKeepsOffsetPathAndCode() throws {
        let dir = try scratchDirectory(self)
        // A core module and a component whose type section claims 2^32-1 entries.
        let module = dir.appendingPathComponent("bad-module.wasm")
        try Data([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]).write(to: module)
        let component = dir.appendingPathComponent("bad-component.wasm")
        try Data([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00, 0x07, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]).write(to: component)
        let m = try runBinaryGuarded(["inspect", "--wit", module.path])
        XCTAssertEqual(m.status, 1)
        XCTAssertEqual(m.err, "\(module.path): error: type count 4294967295 exceeds the 0 bytes left (offset 0xa) "
                       + "[length-out-of-bounds]\n  in: type section\n")
        let c = try runBinaryGuarded(["inspect", "--wit", component.path])
        XCTAssertEqual(c.status, 1)
        XCTAssertTrue(c.err.contains("(offset 0xa) [length-out-of-bounds]\n  in: component › type section"), c.err)
        let json = try runBinaryGuarded(["inspect", "--wit", "--json", module.path])
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let error = try XCTUnwrap((doc["errors"] as? [[String: Any]])?.first)
        XCTAssertEqual(error["offset"] as? Int, 10)
        XCTAssertEqual(error["code"] as? String, "length-out-of-bounds")
        XCTAssertEqual(error["path"] as? [String], ["type section"])
        // As a WIT package for validate --wit: the same details, about the --wit file.
        let v = try runBinaryGuarded(["validate", consumer, "--wit", component.path])
        XCTAssertEqual(v.status, 1, v.err)
        XCTAssertTrue(v.err.hasPrefix("\(component.path): error: type section item count 4294967295"), v.err)
        XCTAssertTrue(v.err.contains("(offset 0xa) [length-out-of-bounds]"), v.err)
    }
}
