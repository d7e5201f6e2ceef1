import WasmBinary
import WasmCore

// `(@custom "name" (before|after anchor)? "bytes"*)` annotations and the branch hints of
// `(@metadata.code.branch_hint "\00")`: custom sections placed where wasm-tools places them.

/// Where a custom section goes, relative to the standard sections (`(after last)` when not said).
enum CustomPlace: Hashable {
    case beforeFirst, afterLast
    case before(CustomAnchor), after(CustomAnchor)
}

enum CustomAnchor: String, Hashable {
    case type, `import`, `func`, table, memory, global, export, start, elem, code, data, tag
}

struct ParsedCustom {
    var place: CustomPlace
    var section: CustomSection
}

extension ModuleParser {
    /// At a section annotation: `@custom`, `@producers` or `@dylink.0`.
    mutating func sectionAnnotation() throws(TextError) {
        if c.atAnnotation("producers") { return try producersAnnotation() }
        if c.atAnnotation("dylink.0") { return try dylinkAnnotation() }
        try customAnnotation()
    }

    /// `(@producers (language|sdk|processed-by "name" "version")*)`: the `producers` section, after the last
    /// section (fields in the order language, sdk, processed-by, as wasm-tools writes them).
    mutating func producersAnnotation() throws(TextError) {
        try c.openAnnotation()
        var fields: [(String, [(String, String)])] = [("language", []), ("sdk", []), ("processed-by", [])]
        while c.peek.kind == .lparen {
            try c.lparen()
            let t = c.peek
            let k = c.text(c.advance())
            guard let f = fields.firstIndex(where: { $0.0 == k }) else { throw c.error("unknown producers field `\(k)`", t) }
            fields[f].1.append((try c.name(), try c.name()))
            try c.rparen()
        }
        try c.rparen()
        var w = ByteWriter()
        let present = fields.filter { !$0.1.isEmpty }
        w.u32(UInt32(present.count))
        for (name, values) in present {
            w.name(name)
            w.u32(UInt32(values.count))
            for (n, v) in values { w.name(n); w.name(v) }
        }
        customs.append(ParsedCustom(place: .afterLast, section: CustomSection(name: "producers", content: ByteSlice(copying: w.bytes))))
    }

    /// `(@dylink.0 (mem-info ...) (needed ...) (export-info ...) (import-info ...) (runtime-path ...))`: the
    /// `dylink.0` section, before the first section.
    mutating func dylinkAnnotation() throws(TextError) {
        try c.openAnnotation()
        var subsections: [(UInt8, ByteWriter, Int)] = []
        while c.peek.kind == .lparen {
            try c.lparen()
            let t = c.peek
            let k = c.text(c.advance())
            var w = ByteWriter()
            switch k {
            case "mem-info":
                var values: [UInt32] = [0, 0, 0, 0]
                for (slot, kw) in [(0, "memory"), (2, "table")] where c.atList(kw) {
                    try c.openList(kw)
                    values[slot] = try c.u32()
                    values[slot + 1] = try c.u32()
                    try c.rparen()
                }
                for v in values { w.u32(v) }
                subsections.append((1, w, 0))
            case "needed", "runtime-path":
                var names: [String] = []
                while c.peek.kind == .string { names.append(try c.name()) }
                w.u32(UInt32(names.count))
                for n in names { w.name(n) }
                subsections.append((k == "needed" ? 2 : 5, w, 0))
            case "export-info", "import-info":
                let id: UInt8 = k == "export-info" ? 3 : 4
                var entry = ByteWriter()
                entry.name(try c.name())
                if id == 4 { entry.name(try c.name()) }
                entry.u32(try symbolFlags())
                // Consecutive entries of one kind share a subsection.
                if let last = subsections.last, last.0 == id {
                    subsections[subsections.count - 1].1.bytes += entry.bytes
                    subsections[subsections.count - 1].2 += 1
                } else {
                    subsections.append((id, entry, 1))
                }
            default: throw c.error("unknown dylink.0 subsection `\(k)`", t)
            }
            try c.rparen()
        }
        try c.rparen()
        var out = ByteWriter()
        for s in subsections {
            out.byte(s.0)
            var body = ByteWriter()
            if s.0 == 3 || s.0 == 4 { body.u32(UInt32(s.2)) }
            body.bytes += s.1.bytes
            out.u32(UInt32(body.bytes.count))
            out.bytes += body.bytes
        }
        customs.append(ParsedCustom(place: .beforeFirst, section: CustomSection(name: "dylink.0", content: ByteSlice(copying: out.bytes))))
    }

    /// Symbol flags of `export-info` / `import-info`: numbers and flag names, or-ed.
    mutating func symbolFlags() throws(TextError) -> UInt32 {
        let names: [Substring: UInt32] = ["binding-weak": 1, "binding-local": 2, "visibility-hidden": 4, "undefined": 16,
                                          "exported": 32, "explicit-name": 64, "no-strip": 128, "tls": 256, "absolute": 512]
        var flags: UInt32 = 0
        while c.peek.kind == .keyword {
            if c.atU32 { flags |= try c.u32(); continue }
            guard let f = names[c.text(c.peek)] else { throw c.expected("a symbol flag") }
            _ = c.advance()
            flags |= f
        }
        return flags
    }

    /// At `(@custom`: the section, up to and including its `)`.
    mutating func customAnnotation() throws(TextError) {
        try c.openAnnotation()
        let name = try c.name()
        var place = CustomPlace.afterLast
        if c.peek.kind == .lparen {
            try c.lparen()
            let where_ = c.text(c.advance())
            let anchorToken = c.peek
            guard anchorToken.kind == .keyword else { throw c.expected("a section name") }
            let anchor = c.text(c.advance())
            switch (where_, anchor) {
            case ("before", "first"): place = .beforeFirst
            case ("after", "last"): place = .afterLast
            case ("before", _), ("after", _):
                guard let a = CustomAnchor(rawValue: String(anchor)) else {
                    throw c.error("unknown section `\(anchor)`", anchorToken)
                }
                place = where_ == "before" ? .before(a) : .after(a)
            default: throw c.error("expected `before` or `after`")
            }
            try c.rparen()
        }
        var bytes: [UInt8] = []
        while c.peek.kind == .string { bytes += try c.string() }
        try c.rparen()
        customs.append(ParsedCustom(place: place, section: CustomSection(name: name, content: ByteSlice(copying: bytes))))
    }

    /// `(@metadata.code.branch_hint "\00")` before an instruction: its value, for the next instruction.
    mutating func branchHint(_ out: [Instruction]) throws(TextError) {
        try c.openAnnotation()
        let t = c.peek
        let v = try c.string()
        guard v.count == 1 else { throw c.error("invalid branch hint", t) }
        try c.rparen()
        if c.peek.kind == .lparen { foldedHint = v[0] } else { pendingHints.append((out.count, v[0])) }
    }

    /// The `metadata.code.branch_hint` section content of the hints recorded per function.
    func branchHintSection() -> CustomSection? {
        guard !functionHints.isEmpty else { return nil }
        var w = ByteWriter()
        w.u32(UInt32(functionHints.count))
        for (f, hints) in functionHints {
            w.u32(f)
            w.u32(UInt32(hints.count))
            for (offset, value) in hints {
                w.u32(offset)
                w.u32(1)
                w.byte(value)
            }
        }
        return CustomSection(name: "metadata.code.branch_hint", content: ByteSlice(copying: w.bytes))
    }

    /// Byte offsets in the encoded body (from its locals) of the instructions the pending hints stand before.
    mutating func recordHints(function: UInt32, locals: [LocalGroup], code: [Instruction]) {
        guard !pendingHints.isEmpty else { return }
        var w = ByteWriter()
        w.u32(UInt32(locals.count))
        for g in locals {
            w.u32(g.count)
            w.valType(g.type)
        }
        var hints: [(UInt32, UInt8)] = []
        var next = 0
        for (i, ins) in code.enumerated() {
            while next < pendingHints.count, pendingHints[next].0 == i {
                hints.append((UInt32(truncatingIfNeeded: w.bytes.count), pendingHints[next].1))
                next += 1
            }
            if next == pendingHints.count { break }
            w.instruction(ins)
        }
        pendingHints = []
        if !hints.isEmpty { functionHints.append((function, hints)) }
    }
}
