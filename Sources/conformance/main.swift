import Foundation
import WasmBinary
import WasmCore

// Corpus conformance runner: `swift run -c release conformance [corpus-dir] [--suite NAME] [--filter S]
// [--verbose] [--skip-prefixes]`. Prints one line per suite; exits 1 if any row misses.
// To add a suite, write a type conforming to `Suite` in its own file and list it here.

var printOnly = false
let suites: [any Suite] = [CoreSuite(), CoreValidationSuite(), ComponentSuite(), ComponentValidationSuite()]

var corpus = "../shared/corpus"
var updatesTable = "testdata/corpus-updates.tsv"
var only: String?
var options = RunOptions()
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--suite": only = args.popFirst()
    case "--filter": options.filter = args.popFirst()
    case "--verbose", "-v": options.verbose = true
    case "--skip-prefixes": options.skipPrefixes = true
    case "--print-only": printOnly = true
    case "--updates": updatesTable = args.popFirst() ?? updatesTable
    case "--sizes":
        print("Operator", MemoryLayout<Operator>.size, "Instruction", MemoryLayout<Instruction>.stride,
              "Immediates", MemoryLayout<Immediates>.size, "BlockType", MemoryLayout<BlockType>.size,
              "RefType", MemoryLayout<RefType>.size, "MemArg", MemoryLayout<MemArg>.size)
        exit(0)
    case "--bench-validate":
        let file = args.popFirst() ?? "testdata/bench/cpython-core.wasm"
        let n = args.popFirst().flatMap(Int.init) ?? 5
        do { try benchValidate(path: file, iterations: n) } catch { print("bench: \(error)"); exit(1) }
        exit(0)
    case "--fuzz-core":
        let n = args.popFirst().flatMap { Int($0) } ?? 100_000
        do { try fuzzCore(corpus: args.popFirst() ?? corpus, mutants: n) } catch { print("fuzz: \(error)"); exit(1) }
        exit(0)
    case "--reencode-core":
        // Decode a core module and write its re-encoding (for differential checks against other tools).
        guard let input = args.popFirst(), let output = args.popFirst() else { print("usage: --reencode-core IN OUT"); exit(2) }
        do {
            let m = try Module.decode(try WasmBinary.ByteStorage.load(path: input).all)
            try Data(m.encode()).write(to: URL(fileURLWithPath: output))
        } catch { print("reencode: \(error)"); exit(1) }
        exit(0)
    case "--bench-core":
        let file = args.popFirst() ?? "testdata/bench/cpython.wasm"
        let n = args.popFirst().flatMap { Int($0) } ?? 5
        do { try benchCore(path: file, iterations: n, only: args.popFirst()) } catch { print("bench: \(error)"); exit(1) }
        exit(0)
    case "--help", "-h":
        print("usage: conformance [corpus-dir] [--suite NAME] [--filter TEXT] [--verbose] [--skip-prefixes] [--updates TSV]")
        print("       conformance --bench-core [module.wasm] [iterations] [only-label-substring]")
        print("       conformance --bench-validate [module.wasm] [iterations]")
        print("       conformance --print-only [corpus-dir]   (or --suite print: the wcomp print vs wasm-tools print pass)")
        print("       conformance --suite parse [corpus-dir]   (print→parse round trip against wasm-tools parse)")
        print("       conformance --fuzz-core [mutants] [corpus-dir]")
        print("       conformance --reencode-core IN.wasm OUT.wasm")
        exit(0)
    default:
        if a.hasPrefix("-") {
            FileHandle.standardError.write(Data("conformance: unknown option \(a)\n".utf8))
            exit(2)
        }
        corpus = a
    }
}

var failed = false
for suite in suites where (only == nil || only == suite.name) && !printOnly {
    let dir = corpus + "/" + suite.name
    guard FileManager.default.fileExists(atPath: dir + "/manifest.tsv") else {
        print("\(suite.name): skipped (no \(dir)/manifest.tsv)")
        continue
    }
    do {
        var rows = try readManifest(dir)
        let updated = try applyCorpusUpdates(&rows, suite: suite.name, table: updatesTable)
        if let f = options.filter { rows = rows.filter { $0.file.contains(f) } }
        let result = suite.run(directory: dir, rows: rows, options: options)
        print(result.summary + (updated > 0 ? " [\(updated) rows with updated expectations: \(updatesTable)]" : ""))
        if options.verbose { for d in result.details { print("  " + d) } }
        for m in result.misses.prefix(options.verbose ? Int.max : 50) { print("  MISS " + m) }
        if result.misses.count > 50 && !options.verbose { print("  ... \(result.misses.count - 50) more") }
        if !result.misses.isEmpty { failed = true }
    } catch {
        print("\(suite.name): error: \(error)")
        failed = true
    }
}
if only == nil || only == "print" {
    if PrintSuite.run(corpus: corpus, filter: options.filter, verbose: options.verbose) { failed = true }
}
if (only == nil && !printOnly) || only == "parse" {
    if ParseSuite.run(corpus: corpus, filter: options.filter, verbose: options.verbose) { failed = true }
}
exit(failed ? 1 : 0)
