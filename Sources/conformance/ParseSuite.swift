import Foundation
import WasmBinary
import WasmText

/// `parse`: the print→parse round trip. Every valid binary of both suites is printed by `wasm-tools print`
/// 1.262; the text is parsed by `WasmText.parse` and by `wasm-tools parse`, and the two binaries must be
/// identical (including the `name` section). Skipped when wasm-tools is not there. Text the parser refuses
/// as `not supported yet` (components in text, for now) is counted and listed; any other refusal or
/// difference fails the run.
enum ParseSuite {
    /// `tool args...`'s standard output (nil when it fails), through posix_spawn.
    static func run(_ tool: String, _ args: [String]) -> Data? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, tool, &actions, nil, argv, environ)
        close(fds[1])
        guard rc == 0 else { close(fds[0]); return nil }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        close(fds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status == 0 ? data : nil
    }

    /// Prints the summary lines; returns whether the run fails.
    static func run(corpus: String, filter: String?, verbose: Bool) -> Bool {
        guard let tool = PrintSuite.wasmTools() else {
            print("parse: skipped (no wasm-tools in .venv; set WCOMP_WASM_TOOLS)")
            return false
        }
        let scratch = NSTemporaryDirectory() + "wcomp-parse-suite-\(getpid()).wat"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var failed = false
        for suite in ["spec-core", "spec-component"] {
            let dir = corpus + "/" + suite
            guard var rows = try? readManifest(dir) else { continue }
            rows = rows.filter { $0.expect == .valid && (filter.map($0.file.contains) ?? true) }
            var same = 0, skipped = 0, unsupported = 0
            var misses: [String] = []
            var unsupportedFiles: [String] = []
            for row in rows {
                let path = dir + "/" + row.file
                guard let text = run(tool, ["print", path]), (try? text.write(to: URL(fileURLWithPath: scratch))) != nil,
                      let expected = run(tool, ["parse", scratch]) else { skipped += 1; continue }
                do {
                    let bytes = try WasmText.parse(Array(text))
                    if Data(bytes) == expected { same += 1 } else {
                        misses.append("\(row.file): differs from wasm-tools parse (\(bytes.count) vs \(expected.count) bytes)")
                    }
                } catch {
                    if error.message.contains("not supported yet") {
                        unsupported += 1
                        unsupportedFiles.append("\(row.file): \(error.message)")
                    } else {
                        misses.append("\(row.file): \(error.render(source: Array(text), file: "printed text").prefix { $0 != "\n" })")
                    }
                }
            }
            print("parse \(suite): \(same)/\(rows.count - skipped) valid binaries' printed text parsed as wasm-tools parse parses it"
                  + (skipped > 0 ? " (\(skipped) wasm-tools cannot print or parse)" : "")
                  + (unsupported > 0 ? " (\(unsupported) not supported yet)" : ""))
            for u in unsupportedFiles.prefix(verbose ? Int.max : 3) { print("  UNSUPPORTED " + u) }
            if unsupportedFiles.count > 3 && !verbose { print("  ... \(unsupportedFiles.count - 3) more not supported yet") }
            for m in misses.prefix(verbose ? Int.max : 20) { print("  DIFF " + m) }
            if misses.count > 20 && !verbose { print("  ... \(misses.count - 20) more") }
            if !misses.isEmpty { failed = true }
        }
        return failed
    }
}
