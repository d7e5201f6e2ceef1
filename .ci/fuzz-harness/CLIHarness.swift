// The command line as a whole: arguments, files, flags and WIT together, through CLI.run.
#if canImport(Glibc)
import Glibc
#endif
import WasmBinary
import WasmComponent
@testable import WcompCLI

/// Between the arguments and each file's contents in a `cli` input.
let cliFileMarker: [UInt8] = Array("\u{ff}@@FILE@@\u{fe}".utf8)

/// A scratch directory for the `cli` harness (one per process).
let cliScratch: String = {
    var template = Array("/tmp/wcomp-fuzz-cli-XXXXXX".utf8CString)
    guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
        fputs("wcomp-fuzz: mkdtemp failed\n", stderr)
        exit(2)
    }
    return String(cString: template)
}()

/// `wcomp ARGS...` with files: the input is the NUL-separated arguments, then up to three files,
/// each after `cliFileMarker`. An argument `@1`, `@2`, `@3` (with any suffix, e.g. `@1.wit`) names
/// that file; `@d` a directory holding file 1 as `a.wit` and file 2 as `deps/b.wit`. Every other path
/// (positional arguments, `--wit`, `-o`) is confined to the scratch directory, and `-` never reads
/// standard input. Properties: the exit status is 0, 1 or 2; no temporary file is left behind; with
/// --json, a report on standard output is JSON; a written composition validates.
func fuzzCLI(_ bytes: ByteSlice) {
    let all = bytes.array
    var segments: [[UInt8]] = []
    var start = 0, i = 0
    while i + cliFileMarker.count <= all.count {
        if all[i..<(i + cliFileMarker.count)].elementsEqual(cliFileMarker) {
            segments.append(Array(all[start..<i]))
            i += cliFileMarker.count
            start = i
        } else {
            i += 1
        }
    }
    segments.append(Array(all[start...]))
    var raw = segments[0].split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    if raw.count > 64 { raw = Array(raw.prefix(64)) }
    let files = Array(segments.dropFirst().prefix(3))

    // Fresh scratch contents for every input.
    clearScratch()
    var named: [String: String] = [:]
    func file(_ token: String) -> String {
        if let p = named[token] { return p }
        var path = cliScratch + "/missing"
        if token == "@d", !files.isEmpty {
            let dir = cliScratch + "/d"
            mkdir(dir, 0o700)
            mkdir(dir + "/deps", 0o700)
            writeFile(dir + "/a.wit", files[0])
            if files.count > 1 { writeFile(dir + "/deps/b.wit", files[1]) }
            path = dir
        } else if token.hasPrefix("@"), let n = token.dropFirst().first?.wholeNumberValue, n >= 1, n <= files.count {
            let suffix = token.dropFirst(2).filter { $0.isLetter || $0 == "." }
            path = cliScratch + "/f\(n)" + String(suffix.prefix(8))
            writeFile(path, files[n - 1])
        }
        named[token] = path
        return path
    }
    let valued: Set<String> = ["--features", "--world", "--wire"]
    let pathValued: Set<String> = ["-o", "--output", "--wit"]
    var args: [String] = []
    for (k, a) in raw.enumerated() {
        let previous = k > 0 ? raw[k - 1] : ""
        if k == 0 {
            args.append(a)
        } else if pathValued.contains(previous) {
            args.append(previous == "--wit" ? file(a) : cliScratch + "/out.wasm")
        } else if a.hasPrefix("--output=") {
            args.append("--output=" + cliScratch + "/out.wasm")
        } else if a.hasPrefix("--wit=") {
            args.append("--wit=" + file(String(a.dropFirst(6))))
        } else if valued.contains(previous) || (a.hasPrefix("-") && a != "-") {
            args.append(a)
        } else {
            args.append(file(a))
        }
    }

    let out = StringOutput(), err = StringOutput()
    let status = CLI.run(args, console: Console(out: out, err: err))
    let shown = "`wcomp \(args.joined(separator: " "))`"
    if ![0, 1, 2].contains(status) { violated("\(shown) exited \(status)") }
    if status != 0 && out.text.isEmpty && err.text.isEmpty { violated("\(shown) failed silently") }
    let names = (try? directoryNames(cliScratch)) ?? []
    if let tmp = names.first(where: { $0.hasPrefix(".wcomp-") }) { violated("\(shown) left \(tmp)") }
    if args.contains("--json") && status != 2 && !out.text.isEmpty && JSON.parse(Array(out.text.utf8)) == nil {
        violated("\(shown) printed JSON that does not parse:\n\(out.text)")
    }
    if args.first == "compose" && status == 0 && !args.contains("--dry-run"), names.contains("out.wasm"),
       let written = try? ByteStorage.load(path: cliScratch + "/out.wasm") {
        do {
            try ComponentValidator(features: .all).validate(bytes: written.all)
        } catch {
            violated("\(shown) wrote an invalid component: \(error)")
        }
    }
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    if fd < 0 { return }
    bytes.withUnsafeBytes { b in
        var off = 0
        while off < b.count, let base = b.baseAddress {
            let n = write(fd, base + off, b.count - off)
            if n <= 0 { break }
            off += n
        }
    }
    close(fd)
}

func directoryNames(_ dir: String) throws -> [String] {
    guard let d = opendir(dir) else { return [] }
    defer { closedir(d) }
    var names: [String] = []
    while let e = readdir(d) {
        let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

/// Empties the scratch directory (its files and the `d/` tree).
func clearScratch() {
    for dir in [cliScratch + "/d/deps", cliScratch + "/d", cliScratch] {
        for name in (try? directoryNames(dir)) ?? [] {
            let p = dir + "/" + name
            if unlink(p) != 0 { rmdir(p) }
        }
    }
}
