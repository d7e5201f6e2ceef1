import Foundation
import WasmBinary
import WasmText

/// `parse`: the print→parse round trip. Every valid binary of both suites is printed by `wasm-tools print`
/// 1.262; the text is parsed by `WasmText.parse` and by `wasm-tools parse`, and the two binaries must be
/// identical (including the `name` and `component-name` sections). Skipped when wasm-tools is not there.
/// Text the parser refuses as `not supported yet` is counted and listed (none is, since components are read
/// too); any other refusal or difference fails the run.
enum ParseSuite {
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
                guard let text = PrintSuite.output(tool, ["print", path]), (try? text.write(to: URL(fileURLWithPath: scratch))) != nil,
                      let expected = PrintSuite.output(tool, ["parse", scratch]) else { skipped += 1; continue }
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
