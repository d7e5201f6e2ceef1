import WasmBinary

/// WebAssembly proposals that gate constructs, named exactly as wasm-tools names them so users can
/// pass the same `--features` strings to both tools. Bits follow wasm-tools' own layout, which keeps
/// the two-bit proposals (reference-types ⊃ call-indirect-overlong, bulk-memory ⊃ bulk-memory-opt).
public struct Features: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let mutableGlobal = Features(rawValue: 1)
    public static let saturatingFloatToInt = Features(rawValue: 1 << 1)
    public static let signExtension = Features(rawValue: 1 << 2)
    public static let referenceTypes = Features(rawValue: (1 << 3) | (1 << 34))
    public static let multiValue = Features(rawValue: 1 << 4)
    public static let bulkMemory = Features(rawValue: (1 << 5) | (1 << 35))
    public static let simd = Features(rawValue: 1 << 6)
    public static let relaxedSimd = Features(rawValue: 1 << 7)
    public static let threads = Features(rawValue: 1 << 8)
    public static let sharedEverythingThreads = Features(rawValue: 1 << 9)
    public static let tailCall = Features(rawValue: 1 << 10)
    public static let floats = Features(rawValue: 1 << 11)
    public static let multiMemory = Features(rawValue: 1 << 12)
    public static let exceptions = Features(rawValue: 1 << 13)
    public static let memory64 = Features(rawValue: 1 << 14)
    public static let extendedConst = Features(rawValue: 1 << 15)
    public static let componentModel = Features(rawValue: 1 << 16)
    public static let functionReferences = Features(rawValue: 1 << 17)
    public static let memoryControl = Features(rawValue: 1 << 18)
    public static let gc = Features(rawValue: 1 << 19)
    public static let customPageSizes = Features(rawValue: 1 << 20)
    public static let cmValues = Features(rawValue: 1 << 21)
    public static let cmNestedNames = Features(rawValue: 1 << 22)
    public static let legacyExceptions = Features(rawValue: 1 << 23)
    public static let gcTypes = Features(rawValue: 1 << 24)
    public static let stackSwitching = Features(rawValue: 1 << 25)
    public static let wideArithmetic = Features(rawValue: 1 << 26)
    public static let cmAsync = Features(rawValue: 1 << 27)
    public static let cmAsyncStackful = Features(rawValue: 1 << 28)
    public static let cmMoreAsyncBuiltins = Features(rawValue: 1 << 29)
    public static let cmThreading = Features(rawValue: 1 << 30)
    public static let cmErrorContext = Features(rawValue: 1 << 31)
    public static let cmFixedLengthLists = Features(rawValue: 1 << 32)
    public static let cmGC = Features(rawValue: 1 << 33)
    public static let callIndirectOverlong = Features(rawValue: 1 << 34)
    public static let bulkMemoryOpt = Features(rawValue: 1 << 35)
    public static let customDescriptors = Features(rawValue: 1 << 36)
    public static let compactImports = Features(rawValue: 1 << 37)
    public static let cmMap = Features(rawValue: 1 << 38)
    public static let cm64 = Features(rawValue: 1 << 39)
    public static let cmImplements = Features(rawValue: 1 << 40)
    public static let cmCanonNames = Features(rawValue: 1 << 41)
    /// ⏩ `stream.forward` / `future.forward` (component-model#717).
    public static let cmForward = Features(rawValue: 1 << 42)
    /// `[get]` / `[set]` accessor names.
    public static let cmAccessors = Features(rawValue: 1 << 43)

    /// Every flag with its wasm-tools name, in wasm-tools' order.
    public static let named: [(name: String, feature: Features)] = [
        ("mutable-global", .mutableGlobal), ("saturating-float-to-int", .saturatingFloatToInt),
        ("sign-extension", .signExtension), ("reference-types", .referenceTypes),
        ("multi-value", .multiValue), ("bulk-memory", .bulkMemory), ("simd", .simd),
        ("relaxed-simd", .relaxedSimd), ("threads", .threads),
        ("shared-everything-threads", .sharedEverythingThreads), ("tail-call", .tailCall),
        ("floats", .floats), ("multi-memory", .multiMemory), ("exceptions", .exceptions),
        ("memory64", .memory64), ("extended-const", .extendedConst), ("component-model", .componentModel),
        ("function-references", .functionReferences), ("memory-control", .memoryControl), ("gc", .gc),
        ("custom-page-sizes", .customPageSizes), ("legacy-exceptions", .legacyExceptions),
        ("gc-types", .gcTypes), ("stack-switching", .stackSwitching), ("wide-arithmetic", .wideArithmetic),
        ("cm-values", .cmValues), ("cm-nested-names", .cmNestedNames), ("cm-async", .cmAsync),
        ("cm-async-stackful", .cmAsyncStackful), ("cm-more-async-builtins", .cmMoreAsyncBuiltins),
        ("cm-threading", .cmThreading), ("cm-error-context", .cmErrorContext),
        ("cm-fixed-length-lists", .cmFixedLengthLists), ("cm-gc", .cmGC),
        ("call-indirect-overlong", .callIndirectOverlong), ("bulk-memory-opt", .bulkMemoryOpt),
        ("custom-descriptors", .customDescriptors), ("compact-imports", .compactImports),
        ("cm-map", .cmMap), ("cm64", .cm64), ("cm-implements", .cmImplements),
        ("cm-canon-names", .cmCanonNames), ("cm-forward", .cmForward), ("cm-accessors", .cmAccessors),
    ]

    public static let all = Features(rawValue: named.reduce(0) { $0 | $1.feature.rawValue })

    /// wasm-tools 1.262's default: the proposals at phase 4 or later, plus the component model with 🔀 async,
    /// maps and `implements`. Pinned by `testdata/features/` (one case per feature, wasm-tools' verdicts).
    public static let `default`: Features = [
        .mutableGlobal, .saturatingFloatToInt, .signExtension, .referenceTypes, .multiValue, .bulkMemory,
        .simd, .relaxedSimd, .threads, .tailCall, .floats, .multiMemory, .exceptions, .memory64,
        .extendedConst, .componentModel, .functionReferences, .gc, .gcTypes, .wideArithmetic, .cmAsync,
        .callIndirectOverlong, .bulkMemoryOpt, .compactImports, .cmMap, .cmImplements,
    ]

    public static let mvp: Features = [.floats, .gcTypes]
    public static let wasm1: Features = mvp.union(.mutableGlobal)
    public static let wasm2: Features = wasm1.union([
        .bulkMemory, .referenceTypes, .signExtension, .saturatingFloatToInt, .multiValue, .simd,
    ])
    public static let wasm3: Features = wasm2.union([
        .gc, .tailCall, .extendedConst, .functionReferences, .multiMemory, .relaxedSimd, .threads,
        .exceptions, .memory64,
    ])
    public static let lime1: Features = wasm1.union([
        .multiValue, .signExtension, .saturatingFloatToInt, .bulkMemoryOpt, .extendedConst,
        .callIndirectOverlong,
    ])

    static let groups: [(String, Features)] = [
        ("mvp", mvp), ("wasm1", wasm1), ("wasm2", wasm2), ("wasm3", wasm3), ("lime1", lime1),
    ]

    /// Every name `parse` accepts (flags, groups and `all`), for help text and completions.
    public static var acceptedNames: [String] { named.map(\.name) + groups.map(\.0) + ["all"] }

    /// Parses wasm-tools' `--features` syntax, applied left to right starting from `base`:
    /// `name` enables, `-name` disables, a group (`mvp`, `wasm1`, `wasm2`, `wasm3`, `lime1`) replaces
    /// the set (`-group` removes it), `all` / `-all` enable or disable everything.
    public static func parse(_ text: String, base: Features = .default) throws(WasmError) -> Features {
        var result = base
        for raw in text.split(separator: ",") {
            let part = raw.trimmingCharacters(in: " \t")
            if part.isEmpty { continue }
            let enable = !part.hasPrefix("-")
            let name = enable ? part : String(part.dropFirst())
            if name == "all" {
                result = enable ? result.union(.all) : []
            } else if let (_, g) = groups.first(where: { $0.0 == name }) {
                if enable { result = g } else { result.subtract(g) }
            } else if let (_, f) = named.first(where: { $0.name == name }) {
                if enable { result.formUnion(f) } else { result.subtract(f) }
            } else {
                let hint = closestName(to: name, in: acceptedNames).map { " (did you mean `\($0)`?)" } ?? ""
                throw WasmError(.usage, "unknown feature `\(name)`\(hint)", offset: nil, kind: .usage)
            }
        }
        return result
    }

    /// The wasm-tools names of the flags in `self` (a flag counts when all its bits are set).
    public var names: [String] {
        Self.named.filter { contains($0.feature) }.map(\.name)
    }

    /// The name of a single flag (for messages like "requires the `gc` feature").
    public var name: String {
        Self.named.first(where: { $0.feature == self })?.name ?? names.joined(separator: ",")
    }

    public var description: String { names.joined(separator: ",") }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
public func closestName(to word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
    let w = Array(word)
    var best: (String, Int)?
    for c in candidates {
        let d = distance(w, Array(c))
        if d <= Swift.max(1, w.count / 3), d < (best?.1 ?? Int.max) { best = (c, d) }
    }
    return best?.0
}
