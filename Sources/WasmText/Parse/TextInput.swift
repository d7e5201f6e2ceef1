import WasmBinary

// The input seam: every command that reads a WebAssembly binary reads the text format too, told apart by the
// content (not the file name). `WasmText.binary(of:label:)` is the one function they call.

extension WasmError.Code {
    /// The text format does not parse (the error message carries `file:line:col`, the line and a caret).
    public static let textSyntax = Self("text-syntax")
}

extension WasmText {
    /// Whether `bytes` are WebAssembly text: after white space and comments (`;;` to the end of the line,
    /// nested `(; ;)`), the first character is `(` — a module, a component or a module field. A binary starts
    /// with `\0asm`, WIT with a word or `//`, so neither is taken for text.
    public static func isText(_ bytes: ByteSlice) -> Bool {
        bytes.withUnsafeBytes { b in
            var i = 0
            let n = b.count
            while i < n {
                switch b[i] {
                case 0x20, 0x09, 0x0A, 0x0D: i += 1
                case UInt8(ascii: ";"):
                    guard i + 1 < n, b[i + 1] == UInt8(ascii: ";") else { return false }
                    while i < n, b[i] != 0x0A { i += 1 }
                case UInt8(ascii: "("):
                    guard i + 1 < n, b[i + 1] == UInt8(ascii: ";") else { return true }
                    var depth = 1
                    i += 2
                    while depth > 0 {
                        guard i + 1 < n else { return false }
                        if b[i] == UInt8(ascii: "("), b[i + 1] == UInt8(ascii: ";") { depth += 1; i += 2 }
                        else if b[i] == UInt8(ascii: ";"), b[i + 1] == UInt8(ascii: ")") { depth -= 1; i += 2 }
                        else { i += 1 }
                    }
                default: return false
                }
            }
            return false
        }
    }

    /// The binary that `storage` holds: the storage itself when it is not text (a binary, or anything else the
    /// caller will refuse as it always did), else the text parsed and encoded, byte-identical to
    /// `wasm-tools parse`. A syntax error is a malformed-input error (exit 1) whose message is
    /// `label:line:col: error: message`, the source line and a caret.
    public static func binary(of storage: ByteStorage, label: String) throws(WasmError) -> ByteStorage {
        let all = storage.all
        guard isText(all) else { return storage }
        let source = SourceText(all)
        do {
            return ByteStorage(copying: try parse(source))
        } catch {
            throw WasmError(.textSyntax, error.render(source: source, file: label), offset: nil, kind: .malformed,
                            file: label)
        }
    }

    /// Parses a `.wat` (a module or a component) to its binary.
    public static func parse(_ source: [UInt8]) throws(TextError) -> [UInt8] {
        try ModuleParser.parse(source)
    }
    /// Parses the text `source` borrows (a mapped file is not copied).
    public static func parse(_ source: SourceText) throws(TextError) -> [UInt8] {
        try ModuleParser.parse(source)
    }
}
