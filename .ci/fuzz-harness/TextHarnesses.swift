// Harnesses for WIT text, world checks, composition, JSON, feature lists and the command line.
#if canImport(Glibc)
import Glibc
#endif
import Compose
@testable import WIT
import WasmBinary
import WasmComponent
import WasmCore
@testable import WcompCLI

// MARK: WIT

func fuzzWITLoad(_ bytes: ByteSlice) {
    let result = WIT.load(files: [(path: "fuzz.wit", bytes: bytes.array)])
    let wit: ResolvedWIT
    switch result {
    case .failure(let f):
        _ = f.rendered
        _ = f.wasmError
        for d in f.diagnostics { _ = f.location(d) }
        return
    case .success(let w): wit = w
    }
    checkPrintReparse(wit, what: "WIT text")
    for p in wit.resolve.packages.indices {
        _ = wit.printed(package: PackageID(index: p))
    }
    // The main package as a component (what `wasm-tools component wit --wasm` writes): it must
    // validate (with every feature: WIT may use any), and decode back into the same WIT.
    let encoded = wit.resolve.encodePackage(wit.main).encode()
    let component: Component
    do {
        component = try Component.decode(bytes: encoded)
        try ComponentValidator(features: .all).validate(component)
    } catch {
        violated("encoded WIT package is not a valid component: \(error)\n--- WIT:\n\(wit.printed())")
    }
    switch WIT.decode(component: component) {
    case .failure(let f): violated("encoded WIT package does not decode: \(f.rendered)\n--- WIT:\n\(wit.printed())")
    case .success(let decoded):
        // An empty package encodes as an empty component, which reads back as one (so in wasm-tools).
        let main = wit.resolve.packages[wit.main.index]
        if main.interfaces.isEmpty && main.worlds.isEmpty { break }
        let before = wit.printed(package: wit.main), after = decoded.printed(package: decoded.main)
        if before != after { violated("WIT → component → WIT changed the package:\n--- before:\n\(before)\n--- after:\n\(after)") }
    }
    for w in wit.resolve.packages[wit.main.index].worlds.values {
        let t = wit.resolve.componentType(of: w)
        do {
            _ = try ComponentValidator(features: .all).targetProblems(of: Component(sections: []), world: t)
        } catch {
            violated("world \(wit.resolve.worlds[w.index].name) has an invalid component type: \(error)")
        }
    }
}

/// Printed WIT must load again, and print each package the same. (The order of packages may
/// change: a package printed after its dependants moves ahead of them; docs may lose leading
/// spaces, as in wasm-tools.)
func checkPrintReparse(_ wit: ResolvedWIT, what: String) {
    let text = wit.printed()
    switch WIT.load(source: text, path: "printed.wit", options: wit.resolve.options) {
    case .failure(let f):
        violated("printed \(what) does not load again:\n\(f.rendered)\n--- printed:\n\(text)")
    case .success(let again):
        let first = packageTexts(wit), second = packageTexts(again)
        if first != second { violated("printing is not stable:\n--- first:\n\(text)\n--- second:\n\(again.printed())") }
    }
}

func packageTexts(_ wit: ResolvedWIT) -> [String: String] {
    var out: [String: String] = [:]
    for (k, p) in wit.resolve.packages.enumerated() { out[p.name.description] = wit.printed(package: PackageID(index: k), docs: false) }
    return out
}

func fuzzWITDecode(_ bytes: ByteSlice) {
    guard let c = try? Component.decode(bytes, mode: .shallow) else { return }
    switch WIT.decode(component: c) {
    case .failure(let f): _ = f.rendered
    case .success(let wit):
        // Printed WIT need not load again (wasm-tools prints unloadable WIT for some valid
        // components too, e.g. a function using a resource of an exported instance).
        _ = wit.printed()
        _ = wit.printed(docs: false)
    }
}

// MARK: World checks

/// The WIT files of testdata with their worlds (for `validate --wit`).
let worldFiles: [(path: String, worlds: [String])] = {
    var out: [(String, [String])] = []
    for f in ["testdata/cache/cache.wit", "testdata/mismatch/cache.wit", "testdata/worlds/async.wit",
              "testdata/worlds/nested.wit", "testdata/worlds/resources.wit", "testdata/worlds/types.wit",
              "testdata/worlds/uses.wit"] {
        let path = repoRoot + "/" + f
        guard case .success(let wit) = WIT.load(path: path) else {
            fputs("wcomp-fuzz: \(path) does not load\n", stderr)
            exit(2)
        }
        out.append((path, Array(wit.resolve.packages[wit.main.index].worlds.keys)))
    }
    return out
}()

/// A scratch file for harnesses that go through the command line (one per process).
let scratchPath: String = {
    var template = Array("/tmp/wcomp-fuzz-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    if fd < 0 { fputs("wcomp-fuzz: mkstemp failed\n", stderr); exit(2) }
    close(fd)
    let path = String(cString: template)
    atexit { unlink(scratchPath) }
    return path
}()

func writeScratch(_ bytes: ByteSlice, suffix: String = "") -> String {
    let path = scratchPath + suffix
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    if fd < 0 { fputs("wcomp-fuzz: cannot write \(path)\n", stderr); exit(2) }
    bytes.withUnsafeBytes { b in
        var off = 0
        while off < b.count {
            let n = write(fd, b.baseAddress! + off, b.count - off)
            if n <= 0 { break }
            off += n
        }
    }
    close(fd)
    return path
}

@discardableResult
func runCLI(_ args: [String]) -> Int32 {
    let out = StringOutput(), err = StringOutput()
    let code = CLI.run(args, console: Console(out: out, err: err))
    if code != 0 && err.text.isEmpty && out.text.isEmpty { violated("`wcomp \(args.joined(separator: " "))` failed silently") }
    return code
}

func fuzzWorldCheck(_ bytes: ByteSlice) {
    let path = writeScratch(bytes, suffix: ".wasm")
    // The first byte (after the preamble) picks world file and world, so the fuzzer can steer it.
    let pick = bytes.count > 8 ? Int(bytes.buffer[8]) : 0
    let file = worldFiles[pick % worldFiles.count]
    let world = file.worlds[(pick / worldFiles.count) % max(file.worlds.count, 1)]
    runCLI(["validate", path, "--wit", file.path, "--world", world])
    runCLI(["validate", path, "--wit", file.path, "--world", world, "--semver-compatible", "--json"])
}

/// The testdata components checked against fuzzed worlds.
let worldCheckComponents: [Component] = {
    ["testdata/worlds/cache-consumer.wasm", "testdata/worlds/counter-provider.wasm",
     "testdata/worlds/types-shapes-provider.wasm", "testdata/worlds/uses-service.wasm",
     "testdata/worlds/async-transfer.wasm", "testdata/worlds/nested-host.wasm"].map { f in
        guard let c = try? Component.decode(load(f), mode: .shallow) else {
            fputs("wcomp-fuzz: \(f) does not decode\n", stderr)
            exit(2)
        }
        return c
    }
}()

func fuzzWorldCheckWIT(_ bytes: ByteSlice) {
    guard case .success(let wit) = WIT.load(files: [(path: "fuzz.wit", bytes: bytes.array)]) else { return }
    let r = wit.resolve
    for w in r.packages[wit.main.index].worlds.values {
        let type = r.componentType(of: w)
        for c in worldCheckComponents {
            for semver in [false, true] {
                guard let problems = try? ComponentValidator(features: .all).targetProblems(of: c, world: type, semverCompatible: semver)
                else { continue }
                let world = r.worlds[w.index]
                let located = problems.map { WorldCheck.Located(problem: $0, location: WorldCheck.location(of: $0, in: r, world: world)) }
                let report = WorldCheck.Report(witPath: "fuzz.wit", worldName: world.name,
                                               worldLocation: r.sources.location(world.span), problems: located)
                _ = WorldCheck.render(report, file: "c.wasm")
                _ = WorldCheck.json(report).serialized()
            }
        }
    }
}

// MARK: Inspect

func fuzzInspect(_ bytes: ByteSlice) {
    let isWasm = BinaryKind.detect(bytes) != .notWasm
    let path = writeScratch(bytes, suffix: isWasm ? ".wasm" : ".wit")
    runCLI(["inspect", path])
    runCLI(["inspect", path, "--json", "--all"])
    // Components: their world; core modules: the world in a `component-type` custom section.
    if isWasm { runCLI(["inspect", path, "--wit"]) }
}

// MARK: Compose

let cacheConsumer = load("testdata/cache/consumer.wasm")
let cacheProvider = load("testdata/cache/provider.wasm")

func fuzzCompose(_ bytes: ByteSlice) {
    let fuzzed = ComposeInput(label: "fuzzed.wasm", bytes: bytes)
    compose(consumer: ComposeInput(label: "consumer.wasm", bytes: cacheConsumer), providers: [fuzzed])
    compose(consumer: fuzzed, providers: [ComposeInput(label: "provider.wasm", bytes: cacheProvider)])
}

func compose(consumer: ComposeInput, providers: [ComposeInput]) {
    guard let c = try? Composition(consumer: consumer, providers: providers) else { return }
    _ = c.plan.wires.count
    guard let out = try? c.output() else { return }
    let bytes = ByteSlice(copying: out.bytes)
    do {
        try ComponentValidator(features: .all).validate(bytes: bytes)
    } catch {
        violated("composed component does not validate: \(error)")
    }
}

// MARK: Small parsers

func fuzzJSON(_ bytes: ByteSlice) {
    guard let v = JSON.parse(bytes.array) else { return }
    for pretty in [true, false] {
        let text = v.serialized(pretty: pretty)
        guard let again = JSON.parse(Array(text.utf8)) else { violated("serialized JSON does not parse: \(text)") }
        if again.serialized(pretty: pretty) != text { violated("JSON serialization is not stable: \(text)") }
    }
}

func fuzzFeatures(_ bytes: ByteSlice) {
    let text = String(decoding: bytes.buffer, as: UTF8.self)
    guard let f = try? Features.parse(text) else { return }
    // The names of a set parse back to a set with the same names. (Not always the same bits: like
    // wasm-tools, `-bulk-memory-opt` leaves half of the two-bit bulk-memory flag, which enables
    // neither name; `-reference-types`' half likewise.)
    let again = try? Features.parse(f.names.joined(separator: ","), base: [])
    if again?.names != f.names { violated("Features.parse(names).names != names for \(text)") }
}

func fuzzArgs(_ bytes: ByteSlice) {
    let args = bytes.buffer.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    guard let invocation = try? ArgumentParser.parse(args) else { return }
    switch invocation {
    case .help, .version, .missingCommand: runCLI(args)
    case .run(let parsed):
        _ = parsed.positionals.count
        if let spec = WcompSpec.command(named: parsed.command) { _ = Help.command(spec) }
    }
}

// MARK: Set-up

/// Loads a harness's fixed inputs before the first run (so their cost is not charged to an input).
func warmUp(_ name: String) {
    switch name {
    case "world-check": _ = worldFiles.count; _ = scratchPath
    case "world-check-wit": _ = worldCheckComponents.count
    case "inspect": _ = scratchPath
    case "compose": _ = cacheConsumer.count + cacheProvider.count
    case "cli": _ = cliScratch
    default: break
    }
}
