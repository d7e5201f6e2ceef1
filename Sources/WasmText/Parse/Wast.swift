import WasmBinary

// `.wast` scripts: the modules they hold, numbered as `wasm-tools json-from-wast` numbers them (every
// module and component, top level or inside an assertion or a `thread`, in order), with the files it writes
// for each: `N.wasm` for binary and text modules, `N.wat` (the quoted text) and `N.wasm` for `quote`
// modules — only `N.wat` when the module is `assert_malformed`.

/// One module of a `.wast` script.
public struct WastModule: Sendable {
    /// Its number in the script (`x.N.wasm`).
    public var number: Int
    /// 1-based line of its `(module`.
    public var line: Int
    /// The command it belongs to (`module`, `assert_invalid`, `assert_malformed`, ...).
    public var command: String
    /// The binary to write as `N.wasm` (nil for a malformed quote module, or when it cannot be made).
    public var wasm: [UInt8]?
    /// The quoted text to write as `N.wat` (`quote` modules only).
    public var wat: [UInt8]?
    /// Why the binary could not be made (a component, or a text error), when it could not.
    public var error: TextError?
    /// A `quote` module of `assert_malformed`, which a parser must refuse.
    public var mustBeRefused: Bool { command == "assert_malformed" && wat != nil }
}

extension WasmText {
    /// The modules of the `.wast` script `source`. Errors in the script's own structure are thrown; a module
    /// that cannot be made is returned with its `error`.
    public static func wastModules(_ source: [UInt8]) throws(TextError) -> [WastModule] {
        try wastModules(SourceText(source))
    }
    public static func wastModules(_ source: SourceText) throws(TextError) -> [WastModule] {
        var c = try Cursor(source)
        var out: [WastModule] = []
        let fields: Set<Substring> = ["type", "rec", "func", "import", "export", "table", "memory", "global", "tag",
                                      "elem", "data", "start"]
        if let k = c.listKeyword(), fields.contains(k) {
            // A script that is the fields of one module (an inline module)
            var m = WastModule(number: 0, line: 1, command: "module")
            do { m.wasm = try ModuleParser.parse(source) } catch { m.error = error }
            return [m]
        }
        try wastCommands(&c, into: &out, until: .eof)
        return out
    }

    static func line(of offset: Int, in source: SourceText) -> Int {
        var line = 1
        for b in source[0..<min(offset, source.count)] where b == 0x0A { line += 1 }
        return line
    }

    static func wastCommands(_ c: inout Cursor, into out: inout [WastModule], until end: TokenKind) throws(TextError) {
        while c.peek.kind != end {
            guard c.peek.kind == .lparen, let k = c.listKeyword() else { throw c.expected("a script command") }
            switch k {
            case "module" where c.peek(2).kind == .keyword && c.text(c.peek(2)) == "instance",
                 "component" where c.peek(2).kind == .keyword && c.text(c.peek(2)) == "instance":
                try c.skipItem()  // `(module instance $i $m)` instantiates a definition: no file
            case "module", "component":
                try wastModule(&c, command: "module", into: &out)
            case "assert_malformed", "assert_invalid", "assert_unlinkable", "assert_trap", "assert_uninstantiable",
                 "assert_exhaustion", "assert_malformed_custom", "assert_invalid_custom":
                try c.lparen()
                _ = c.advance()
                if c.atList("module") || c.atList("component") {
                    try wastModule(&c, command: String(k), into: &out)
                }
                while c.peek.kind != .rparen {
                    guard c.peek.kind != .eof else { throw c.expected("`)`") }
                    try c.skipItem()
                }
                try c.rparen()
            case "thread":
                try c.lparen()
                _ = c.advance()
                _ = c.optionalID()
                while c.atList("shared") { try c.skipItem() }  // `(shared (module $m))`
                try wastCommands(&c, into: &out, until: .rparen)
                try c.rparen()
            default:
                try c.skipItem()
            }
        }
    }

    /// At `(module` or `(component`: one module of the script.
    static func wastModule(_ c: inout Cursor, command: String, into out: inout [WastModule]) throws(TextError) {
        let start = c.peek
        let source = c.lexer.src
        var m = WastModule(number: out.count, line: line(of: start.start, in: source), command: command)
        defer { out.append(m) }
        let isComponent = c.atList("component")
        // `(module $id? binary "..."*)`, `(module $id? quote "..."*)`, `(module definition $id? ...)`
        var k = 2
        if c.peek(k).kind == .keyword, c.text(c.peek(k)) == "definition" { k += 1 }
        if c.peek(k).kind == .id { k += 1 }
        if c.peek(k).kind == .keyword, c.text(c.peek(k)) == "binary" || c.text(c.peek(k)) == "quote" {
            let quote = c.text(c.peek(k)) == "quote"
            try c.lparen()
            for _ in 1..<k { _ = c.advance() }
            _ = c.advance()
            var bytes: [UInt8] = []
            while c.peek.kind == .string {
                bytes += try c.string()
                if quote { bytes.append(0x20) }
            }
            try c.rparen()
            if !quote { m.wasm = bytes; return }
            // json-from-wast writes a quoted component as `(component` + the strings (each followed by a
            // space) + `)`, and a quoted module as the strings alone.
            if isComponent { bytes = Array("(component".utf8) + bytes + Array(")".utf8) }
            m.wat = bytes
            if command == "assert_malformed" { return }
            do { m.wasm = try ModuleParser.parse(bytes) } catch { m.error = TextError(error.message, at: start.start) }
            return
        }
        let save = c
        do {
            m.wasm = isComponent ? try ComponentParser.parseComponent(&c, definition: true)
                : try ModuleParser.parseModule(&c, definition: true)
        } catch {
            m.error = error
            c = save
            try c.skipItem()
        }
    }
}
