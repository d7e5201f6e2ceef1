import Foundation
import TestSupport
import XCTest

// Helpers for tests that run the built binary as a separate process and look at the file system
// around it: outputs onto devices, FIFOs and links, signals, inputs from pipes.

/// A fresh directory removed when the test ends.
func scratchDirectory(_ test: XCTestCase, _ name: String = "wcomp-cli") throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
}

/// `testdata/PATH` as an absolute path.
func testdataPath(_ p: String) -> String { Repo.testdata(p) }

/// The names of wcomp's temporary files (`.wcomp-XXXXXX.tmp`) in `dir`.
func temporaryFiles(in dir: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter {
        $0.hasPrefix(".wcomp-") && $0.hasSuffix(".tmp")
    }
}

/// `bytes` with a component-level custom section of `size` zero bytes appended (a valid component
/// stays valid; compose embeds it byte for byte, so the output grows by as much).
func padded(_ bytes: Data, size: Int) -> Data {
    func leb(_ n: Int) -> [UInt8] {
        var n = n
        var out: [UInt8] = []
        repeat {
            var b = UInt8(n & 0x7F)
            n >>= 7
            if n != 0 { b |= 0x80 }
            out.append(b)
        } while n != 0
        return out
    }
    let name = Array("padding".utf8)
    var out = bytes
    out.append(0)
    out.append(contentsOf: leb(leb(name.count).count + name.count + size))
    out.append(contentsOf: leb(name.count))
    out.append(contentsOf: name)
    out.append(Data(count: size))
    return out
}

/// A running `wcomp` whose output goes to files (so nothing blocks on a full pipe).
final class RunningWcomp {
    let process = Process()
    let stdout: URL
    let stderr: URL

    init(_ args: [String], in dir: URL, stdin: FileHandle? = nil) throws {
        stdout = dir.appendingPathComponent("stdout-\(UUID().uuidString)")
        stderr = dir.appendingPathComponent("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.executableURL = try wcompExecutable()
        process.arguments = args
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
    }

    var pid: pid_t { process.processIdentifier }

    func signal(_ sig: Int32) { kill(pid, sig) }

    /// Waits for the end: the exit status, or the signal that ended it.
    func wait() -> (exited: Int32?, signal: Int32?) {
        process.waitUntilExit()
        return process.terminationReason == .exit ? (process.terminationStatus, nil) : (nil, process.terminationStatus)
    }

    var errText: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }
    var outText: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
}

/// Whether this process runs as root (some cases then need a device node of their own).
var runningAsRoot: Bool { getuid() == 0 }

/// Runs the binary; a run still going after `seconds` is killed and reported as hung (a guard
/// against hangs, not a timing assertion: the commands it runs finish in milliseconds).
func runBinaryGuarded(_ args: [String], seconds: Double = 120, stdin: FileHandle? = nil)
    throws -> (status: Int32, out: String, err: String, hung: Bool)
{
    let dir = FileManager.default.temporaryDirectory
    let run = try RunningWcomp(args, in: dir, stdin: stdin)
    let deadline = Date().addingTimeInterval(seconds)
    while run.process.isRunning && Date() < deadline { usleep(2_000) }
    let hung = run.process.isRunning
    if hung { run.signal(SIGKILL) }
    let end = run.wait()
    let result = (end.exited ?? -1, run.outText, run.errText, hung)
    try? FileManager.default.removeItem(at: run.stdout)
    try? FileManager.default.removeItem(at: run.stderr)
    return result
}
