import Foundation
import XCTest

/// SIGINT, SIGTERM and SIGHUP while `compose` writes its output: the temporary file is removed and
/// the process ends by the signal (a shell reports 128 + its number). Run against the built binary.
///
/// No timing is asserted. The decisive case freezes the process (SIGSTOP) once its temporary file
/// exists, checks that the file is still there while it is frozen, then sends the signal and lets
/// it run: the file must be gone and the process must have died of that signal. A second test sends
/// the signals at many moments of the run (before, during and after the write) and checks only
/// what must hold whenever it lands.
final class SignalTests: XCTestCase {
    private static let signals: [(Int32, String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")]

    /// A consumer padded to 64 MiB, so that writing the result takes a while.
    private func bigConsumer(_ dir: URL) throws -> String {
        let big = dir.appendingPathComponent("big-consumer.wasm")
        try padded(try Data(contentsOf: URL(fileURLWithPath: testdataPath("cache/consumer.wasm"))), size: 64 << 20).write(to: big)
        return big.path
    }

    func testSignalWhileTheTemporaryFileExistsRemovesIt() throws {
        let dir = try scratchDirectory(self, "wcomp-signal")
        let consumer = try bigConsumer(dir)
        let outDir = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let out = outDir.appendingPathComponent("app.wasm").path
        for (sig, name) in Self.signals {
            var caught = false
            for _ in 0..<40 where !caught {
                try? FileManager.default.removeItem(atPath: out)
                let run = try RunningWcomp(["compose", consumer, testdataPath("cache/provider.wasm"), "-o", out], in: dir)
                while run.process.isRunning && temporaryFiles(in: outDir).isEmpty { usleep(200) }
                run.signal(SIGSTOP)
                if run.process.isRunning && !temporaryFiles(in: outDir).isEmpty {
                    // Frozen with its temporary file on disk.
                    caught = true
                    run.signal(sig)
                    run.signal(SIGCONT)
                    let end = run.wait()
                    XCTAssertEqual(end.signal, sig, "\(name): the process should end by the signal (\(end)); \(run.errText)")
                    XCTAssertEqual(temporaryFiles(in: outDir), [], "\(name) left the temporary file")
                    XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(name): no output may appear")
                } else {
                    run.signal(SIGCONT)
                    _ = run.wait()
                }
            }
            XCTAssertTrue(caught, "\(name): never saw the temporary file in 40 runs")
        }
    }

    func testSignalsAtAnyMomentLeaveNoTemporaryFile() throws {
        let dir = try scratchDirectory(self, "wcomp-signal")
        let consumer = try bigConsumer(dir)
        let outDir = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
        let out = outDir.appendingPathComponent("app.wasm").path
        var endings: [String: Int] = [:]
        for (k, delay) in stride(from: 0, to: 300_000, by: 15_000).enumerated() {
            let (sig, name) = Self.signals[k % Self.signals.count]
            try? FileManager.default.removeItem(atPath: out)
            let run = try RunningWcomp(["compose", consumer, testdataPath("cache/provider.wasm"), "-o", out], in: dir)
            usleep(useconds_t(delay))
            run.signal(sig)
            let end = run.wait()
            XCTAssertEqual(temporaryFiles(in: outDir), [], "\(name) after \(delay) µs left the temporary file")
            if let s = end.signal {
                XCTAssertEqual(s, sig, "\(name) after \(delay) µs")
                endings["signal", default: 0] += 1
            } else {
                // Finished before the signal arrived: the output is complete.
                XCTAssertEqual(end.exited, 0, run.errText)
                let size = (try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
                XCTAssertGreaterThan(size, 64 << 20)
                endings["finished", default: 0] += 1
            }
        }
        print("SignalTests: \(endings)")
    }

    /// A command blocked reading a FIFO whose writer is held open ends at once by the signal.
    func testSignalWhileBlockedOnAnInputFIFO() throws {
        let dir = try scratchDirectory(self, "wcomp-signal")
        let fifo = dir.appendingPathComponent("input").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        for (sig, name) in Self.signals {
            // Our writer end (opening it needs a reader: one of ours that never reads, kept open so
            // that writing cannot fail with EPIPE).
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            let writer = open(fifo, O_WRONLY)
            XCTAssertGreaterThanOrEqual(writer, 0)
            defer {
                close(writer)
                close(reader)
            }
            let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D]  // a prefix: wcomp waits for the rest
            XCTAssertEqual(Glibc.write(writer, bytes, 4), 4)
            let run = try RunningWcomp(["validate", fifo], in: dir)
            // Once wcomp holds the FIFO open for reading, the kernel reports it in /proc.
            while run.process.isRunning && !holdsOpen(run.pid, fifo) { usleep(500) }
            run.signal(sig)
            let end = run.wait()
            XCTAssertEqual(end.signal, sig, "\(name): \(end) \(run.errText)")
        }
    }

    private func holdsOpen(_ pid: pid_t, _ path: String) -> Bool {
        let fds = "/proc/\(pid)/fd"
        for fd in (try? FileManager.default.contentsOfDirectory(atPath: fds)) ?? [] {
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fds)/\(fd)")) == path { return true }
        }
        return false
    }
}
