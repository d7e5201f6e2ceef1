import Foundation
import TestSupport
import XCTest
@testable import WcompCLI

/// `-o` onto everything a path can name, through the built binary: regular files (mode, owner,
/// umask), symbolic links, FIFOs, devices, standard output, directories, write errors.
final class OutputTargetTests: XCTestCase {
    private let consumer = testdataPath("cache/consumer.wasm")
    private let provider = testdataPath("cache/provider.wasm")

    /// The composed cache scenario, as written to a plain new file.
    private func reference(_ dir: URL) throws -> Data {
        let out = dir.appendingPathComponent("reference.wasm").path
        let r = try runBinary(["compose", consumer, provider, "-o", out])
        XCTAssertEqual(r.status, 0, r.err)
        return try Data(contentsOf: URL(fileURLWithPath: out))
    }

    private func compose(to out: String) throws -> ProcessOutput {
        try runBinary(["compose", consumer, provider, "-o", out])
    }

    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    func testReplacingAFileKeepsItsModeAndOwner() throws {
        let dir = try scratchDirectory(self)
        let out = dir.appendingPathComponent("app.wasm").path
        XCTAssertTrue(FileManager.default.createFile(atPath: out, contents: Data("old".utf8)))
        XCTAssertEqual(chmod(out, 0o640), 0)
        if runningAsRoot { XCTAssertEqual(chown(out, 12345, 54321), 0) }
        let r = try compose(to: out)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), try reference(dir))
        XCTAssertEqual(try mode(out), 0o640)
        if runningAsRoot {
            let attributes = try FileManager.default.attributesOfItem(atPath: out)
            XCTAssertEqual((attributes[.ownerAccountID] as? NSNumber)?.intValue, 12345)
            XCTAssertEqual((attributes[.groupOwnerAccountID] as? NSNumber)?.intValue, 54321)
        }
        XCTAssertEqual(temporaryFiles(in: dir), [])
    }

    func testANewFileHonoursTheUmask() throws {
        let dir = try scratchDirectory(self)
        for (mask, expected) in [(mode_t(0o027), 0o640), (mode_t(0o002), 0o664), (mode_t(0o077), 0o600)] {
            let out = dir.appendingPathComponent("new-\(mask).wasm").path
            let old = umask(mask)
            defer { umask(old) }
            let r = try compose(to: out)
            XCTAssertEqual(r.status, 0, r.err)
            XCTAssertEqual(try mode(out), expected, "umask \(String(mask, radix: 8))")
        }
    }

    /// From the system calls (strace): the result goes to a temporary file that is renamed over the output
    /// (a new one, then an existing one), with no `fsync` of the file or of the directory (wasm-tools syncs
    /// nothing either). (The write-out started every 8 MiB when replacing a large file is checked by
    /// OutputFileTests.)
    func testTheFileIsWrittenThenRenamedWithoutSync() throws {
        let strace = "/usr/bin/strace"
        try Oracle.require(FileManager.default.isExecutableFile(atPath: strace), "strace (\(strace))")
        let dir = try scratchDirectory(self)
        let out = dir.appendingPathComponent("app.wasm").path
        for replacing in [false, true] {
            let log = dir.appendingPathComponent("trace-\(replacing).txt").path
            let r = try runProcess(URL(fileURLWithPath: strace),
                                   ["-f", "-e", "trace=openat,fsync,fdatasync,rename,renameat,renameat2",
                                    "-o", log, try wcompExecutable().path, "compose", consumer, provider, "-o", out])
            XCTAssertEqual(r.status, 0, r.err)
            let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
            func index(_ p: (String) -> Bool) -> Int? { calls.firstIndex(where: p) }
            let created = try XCTUnwrap(index { $0.contains("/.wcomp-") && $0.contains("O_CREAT|O_EXCL") }, calls.joined(separator: "\n"))
            let renamed = try XCTUnwrap(index { $0.contains("rename") && $0.contains("\"\(out)\"") })
            XCTAssertLessThan(created, renamed)
            XCTAssertNil(index { $0.contains("fsync(") || $0.contains("fdatasync(") }, calls.joined(separator: "\n"))
            XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: dir.path).contains { $0.hasPrefix(".wcomp-") })
            let size = (try FileManager.default.attributesOfItem(atPath: out)[.size] as? NSNumber)?.intValue ?? 0
            XCTAssertGreaterThan(size, 100)
        }
    }

    func testASymbolicLinkIsFollowedAndStaysALink() throws {
        let dir = try scratchDirectory(self)
        let target = dir.appendingPathComponent("target.wasm").path
        XCTAssertTrue(FileManager.default.createFile(atPath: target, contents: Data("old".utf8)))
        XCTAssertEqual(chmod(target, 0o600), 0)
        // A chain: link2 → link1 → target.wasm (relative links, resolved from the link's directory).
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link1").path,
                                                   withDestinationPath: "target.wasm")
        let sub = dir.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let link2 = sub.appendingPathComponent("link2").path
        try FileManager.default.createSymbolicLink(atPath: link2, withDestinationPath: "../link1")
        let r = try compose(to: link2)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link2), "../link1")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("link1").path),
                       "target.wasm")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target)), try reference(dir))
        XCTAssertEqual(try mode(target), 0o600)
        XCTAssertEqual(temporaryFiles(in: dir) + temporaryFiles(in: sub), [])
    }

    func testADanglingLinkCreatesItsTargetAndALoopIsAnError() throws {
        let dir = try scratchDirectory(self)
        let link = dir.appendingPathComponent("dangling").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "made.wasm")
        let r = try compose(to: link)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("made.wasm")), try reference(dir))

        let a = dir.appendingPathComponent("a").path, b = dir.appendingPathComponent("b").path
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: "a")
        let loop = try compose(to: a)
        XCTAssertEqual(loop.status, 2)
        XCTAssertEqual(loop.err, "wcomp compose: error: cannot write \(a): Too many levels of symbolic links [io]\n")
    }

    func testAFIFOIsWrittenIntoNotReplaced() throws {
        let dir = try scratchDirectory(self)
        let fifo = dir.appendingPathComponent("pipe").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let expected = try reference(dir)
        // A reader on another thread, as `cat pipe` would be.
        let received = ReceivedBytes()
        let reader = Thread {
            if let h = FileHandle(forReadingAtPath: fifo) { received.set(h.readDataToEndOfFile()) }
        }
        reader.start()
        let r = try compose(to: fifo)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(received.wait(seconds: 60), "the reader got nothing")
        XCTAssertEqual(received.data, expected)
        var st = stat()
        XCTAssertEqual(lstat(fifo, &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFIFO, "the FIFO was replaced")
        XCTAssertEqual(temporaryFiles(in: dir), [])
    }

    func testADeviceIsWrittenIntoNotReplaced() throws {
        let dir = try scratchDirectory(self)
        // As root a wrong implementation would replace /dev/null itself: use a node of our own.
        var devNull = stat()
        XCTAssertEqual(stat("/dev/null", &devNull), 0)
        let null = runningAsRoot ? dir.appendingPathComponent("null").path : "/dev/null"
        if runningAsRoot { XCTAssertEqual(mknod(null, S_IFCHR | 0o666, devNull.st_rdev), 0) }
        let r = try compose(to: null)
        XCTAssertEqual(r.status, 0, r.err)
        var st = stat()
        XCTAssertEqual(lstat(null, &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "the device node was replaced")
        XCTAssertEqual(st.st_rdev, devNull.st_rdev)
        XCTAssertEqual(temporaryFiles(in: dir), [])
        // A device that fails the write: an I/O error, exit 2.
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = try compose(to: "/dev/full")
            XCTAssertEqual(full.status, 2)
            XCTAssertEqual(full.err, "wcomp compose: error: cannot write /dev/full: No space left on device [io]\n")
        }
    }

    func testDashIsStandardOutput() throws {
        let dir = try scratchDirectory(self)
        let expected = try reference(dir)
        let p = Process()
        p.executableURL = try wcompExecutable()
        p.arguments = ["compose", consumer, provider, "-o", "-"]
        let o = Pipe()
        p.standardOutput = o
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = o.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertEqual(data, expected, "standard output holds exactly the component")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("-").path))

        let json = try runBinary(["compose", consumer, provider, "-o", "-", "--json"])
        XCTAssertEqual(json.status, 2)
        XCTAssertTrue(json.err.contains("cannot be combined with -o -"), json.err)
    }

    func testADirectoryIsRefusedAndLeftAlone() throws {
        let dir = try scratchDirectory(self)
        let r = try compose(to: dir.path)
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.err, "wcomp compose: error: cannot write \(dir.path): it is a directory [io]\n")
        XCTAssertEqual(temporaryFiles(in: dir), [])
    }

    func testAMissingDirectoryIsAnIOError() throws {
        let dir = try scratchDirectory(self)
        let out = dir.appendingPathComponent("no/such/dir/app.wasm").path
        let r = try compose(to: out)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.hasPrefix("wcomp compose: error: cannot write \(out): cannot create a temporary file in \(dir.path)/no/such/dir: No such file or directory"), r.err)
    }

    /// A write that fails half-way (the file size limit) leaves the old file and no temporary file.
    /// SIGXFSZ ends the process (its default action) after wcomp's handler removed the file.
    func testAFailedWriteLeavesTheOldFile() throws {
        let dir = try scratchDirectory(self)
        let big = dir.appendingPathComponent("big.wasm")
        try padded(try Data(contentsOf: URL(fileURLWithPath: consumer)), size: 4 << 20).write(to: big)
        let out = dir.appendingPathComponent("app.wasm").path
        XCTAssertTrue(FileManager.default.createFile(atPath: out, contents: Data("old".utf8)))
        let wcomp = try wcompExecutable().path
        let r = try runProcess(URL(fileURLWithPath: "/bin/sh"),
                               ["-c", "ulimit -f 1024; exec \"$0\" compose \"$1\" \"$2\" -o \"$3\"", wcomp, big.path, provider, out])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), Data("old".utf8))
        XCTAssertEqual(temporaryFiles(in: dir), [])
    }
}

/// Bytes handed from a reader thread to the test.
final class ReceivedBytes: @unchecked Sendable {
    private let lock = NSCondition()
    private var value: Data?

    func set(_ d: Data) {
        lock.lock()
        value = d
        lock.signal()
        lock.unlock()
    }

    func wait(seconds: Double) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let deadline = Date().addingTimeInterval(seconds)
        while value == nil { if !lock.wait(until: deadline) { return false } }
        return true
    }

    var data: Data? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
