// libFuzzer entry point for wcomp's fuzz harnesses (built and run by `.ci/fuzz`, never by `swift build`).
//
// One binary holds every harness; `WCOMP_FUZZ_TARGET` picks the one to run. A harness must never trap on
// any input: every failure must come back as a thrown error or a `.failure`. Properties that must hold on
// every input (round trips, "validates ⇒ decodes") end in `violated(...)`, which aborts so libFuzzer keeps
// the input.
#if canImport(Glibc)
import Glibc
#endif
import WasmBinary

/// A harness: takes the fuzzer's bytes (a private heap copy, so ASan sees reads past the end).
typealias Harness = (ByteSlice) -> Void

let harnesses: [(name: String, run: Harness, about: String)] = [
    ("module-decode", fuzzModuleDecode, "ModuleHeader.scan, Module.decode (decoded and lazy bodies), custom sections, re-encode round trip"),
    ("module-validate", fuzzModuleValidate, "ModuleValidator.validate (first byte picks the feature set); valid ⇒ decodes"),
    ("component-decode", fuzzComponentDecode, "Component.decode (full, shallow), re-encode round trip, TypeSpace, TypePrinter, name section"),
    ("component-validate", fuzzComponentValidate, "ComponentValidator (first byte picks the feature set); valid ⇒ decodes"),
    ("print", fuzzPrint, "WasmText.print (plain and -p --skeleton --name-unnamed): no trap, printable ASCII, deterministic"),
    ("parse", fuzzParse, "WasmText.parse / wastModules / the input seam on fuzzed text: no trap, errors render, parsed ⇒ decodes, deterministic"),
    ("inspect", fuzzInspect, "wcomp inspect through CLI.run on a temporary file: text, --json --all, --wit"),
    ("wit-load", fuzzWITLoad, "WIT.load(source:), diagnostics rendering, printing, print ⇒ reparse, package encoding ⇒ WIT.decode"),
    ("wit-decode", fuzzWITDecode, "WIT.decode(component:) on a fuzzed component, then print ⇒ reparse"),
    ("world-check", fuzzWorldCheck, "wcomp validate --wit: fuzzed component against the testdata worlds"),
    ("world-check-wit", fuzzWorldCheckWIT, "ComponentValidator.targetProblems: testdata components against fuzzed WIT worlds"),
    ("compose", fuzzCompose, "Composition: fuzzed provider with testdata/cache/consumer.wasm, fuzzed consumer with provider.wasm"),
    ("json", fuzzJSON, "JSON.parse, serialize ⇒ reparse"),
    ("features", fuzzFeatures, "Features.parse"),
    ("args", fuzzArgs, "ArgumentParser.parse on NUL-separated arguments, help rendering"),
    ("cli", fuzzCLI, "CLI.run on NUL-separated arguments with up to three files (@1 @2 @3, @d a WIT directory): exit status, no temporary files left, JSON parses, written compositions validate"),
]

nonisolated(unsafe) var selected: Harness?

/// Stops the run with a message; libFuzzer reports it as a crash and saves the input.
func violated(_ what: String) -> Never {
    fputs("\nwcomp-fuzz: property violated: \(what)\n", stderr)
    abort()
}

/// The repository root (`WCOMP_ROOT`, set by `.ci/fuzz`), for the fixed inputs some harnesses use.
let repoRoot: String = {
    if let p = getenv("WCOMP_ROOT") { return String(cString: p) }
    return "."
}()

func load(_ relative: String) -> ByteSlice {
    do {
        return try ByteStorage.load(path: repoRoot + "/" + relative).all
    } catch {
        fputs("wcomp-fuzz: cannot read \(relative) (set WCOMP_ROOT): \(error)\n", stderr)
        exit(2)
    }
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let name = getenv("WCOMP_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let h = harnesses.first(where: { $0.name == name }) else {
        fputs("wcomp-fuzz: set WCOMP_FUZZ_TARGET to one of:\n", stderr)
        for h in harnesses { fputs("  \(h.name)  \(h.about)\n", stderr) }
        exit(2)
    }
    selected = h.run
    warmUp(name)
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = ByteSlice(copying: UnsafeBufferPointer(start: data, count: data == nil ? 0 : count))
    selected?(bytes)
    return 0
}
