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
        pendingHints.append((out.count, v[0]))
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
