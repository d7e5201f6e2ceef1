import WasmBinary
import WasmCore

/// Options of `wcomp print`, as `wasm-tools print` names them.
public struct PrintOptions: Sendable {
    /// `-p` / `--print-offsets`: each line starts with the binary offset of what it prints.
    public var offsets = false
    /// `--skeleton`: function bodies, data and custom section contents become `...`.
    public var skeleton = false
    /// `--name-unnamed`: synthesize `$#func3`-style names for items without one.
    public var nameUnnamed = false
    /// `--fold-instructions`: folded (s-expression) instructions.
    public var fold = false
    /// Threads that print function bodies (nil: one per online CPU; 1: all on the calling thread). The
    /// text is the same whatever the number.
    public var threads: Int?
    /// A code section smaller than this prints on the calling thread (tests lower it).
    var parallelMinimum = 64 * 1024
    /// Bytes of bodies in one chunk a worker prints whole (tests lower it).
    var chunkBytes = 16 * 1024
    /// Bytes in each buffer of a chunk's text (tests lower it).
    var pieceBytes = 64 * 1024
    /// Bytes of text a chunk may hold before its worker waits for it to be written (tests lower it).
    var chunkTextBytes = 512 * 1024
    public init(offsets: Bool = false, skeleton: Bool = false, nameUnnamed: Bool = false, fold: Bool = false,
                threads: Int? = nil) {
        self.offsets = offsets
        self.skeleton = skeleton
        self.nameUnnamed = nameUnnamed
        self.fold = fold
        self.threads = threads
    }
}

/// The shared machinery of the text printer: groups `( ... )`, lines and indentation, names, strings,
/// numbers, core types. The layout rules are wasm-tools' (wasmprinter): a group that spans several lines
/// closes on a line of its own, indented two spaces per open group.
final class Printer {
    let out: TextOutput
    let options: PrintOptions
    @exclusivity(unchecked) var nesting = 0
    @exclusivity(unchecked) var line = 0
    @exclusivity(unchecked) var groupLines: [Int] = []

    init(out: TextOutput, options: PrintOptions) {
        self.out = out
        self.options = options
    }

    static let maxNesting = 50

    @inline(__always) func w(_ s: StaticString) { out.write(s) }
    @inline(__always) func w(_ s: String) { out.write(s) }
    @inline(__always) func int<T: BinaryInteger>(_ v: T) { out.write(int: v) }

    func startGroup(_ name: StaticString) {
        out.write(byte: UInt8(ascii: "("))
        out.write(name)
        nesting += 1
        groupLines.append(line)
    }

    func startGroup(_ name: String) {
        out.write(byte: UInt8(ascii: "("))
        out.write(name)
        nesting += 1
        groupLines.append(line)
    }

    func endGroup() {
        nesting -= 1
        if let l = groupLines.popLast(), l != line { newline(nil) }
        out.write(byte: UInt8(ascii: ")"))
    }

    func endGroup(at offset: Int) {
        nesting -= 1
        let l = groupLines.popLast()
        if options.offsets {
            newline(offset)
        } else if let l, l != line {
            newline(offset)
        }
        out.write(byte: UInt8(ascii: ")"))
    }

    /// A newline and the deepest indentation, written as one slice.
    nonisolated(unsafe) static let indentation: UnsafeRawBufferPointer = {
        let n = 1 + 2 * maxNesting
        let p = UnsafeMutableRawBufferPointer.allocate(byteCount: n, alignment: 1)
        p.initializeMemory(as: UInt8.self, repeating: 32)
        p[0] = 10
        return UnsafeRawBufferPointer(p)
    }()

    func newline(_ offset: Int?) {
        if !options.offsets {
            line += 1
            let n = 1 + 2 * min(nesting, Printer.maxNesting)
            out.write(UnsafeRawBufferPointer(rebasing: Printer.indentation[0..<n]))
            return
        }
        out.write(byte: 10)
        if options.offsets {
            if let offset {
                var h = String(offset, radix: 16)
                if h.count < 6 { h += String(repeating: " ", count: 6 - h.count) }
                w("(;@"); w(h); w(";)")
            } else {
                w("           ")
            }
        }
        line += 1
        var n = min(nesting, Printer.maxNesting)
        while n > 0 { out.write(byte: 32); out.write(byte: 32); n -= 1 }
    }

    // MARK: Names

    func writeIdentifier(_ n: Naming) {
        out.write(bytes: n.identifier)
    }

    /// The identifier, and `(@name "...")` after a synthesized one.
    func writeName(_ n: Naming) {
        writeIdentifier(n)
        if n.isSynthetic {
            w(" ")
            startGroup("@name \"")
            strContents(n.name)
            w("\"")
            endGroup()
        }
    }

    /// A reference to item `i`: its name, or the index.
    func idx(_ space: NameSpace, _ i: UInt32) {
        if let n = space[i] { writeIdentifier(n) }
        else if options.nameUnnamed { w("$#"); w(space.desc); int(i) }
        else { int(i) }
    }

    /// The name of the item being defined, then `(;N;)`.
    func name(_ space: NameSpace, _ i: UInt32) {
        if let n = space[i] { writeName(n); w(" ") }
        else if options.nameUnnamed { w("$#"); w(space.desc); int(i); w(" ") }
        w("(;"); int(i); w(";)")
    }

    // MARK: Strings

    func str(_ s: String) {
        w("\"")
        strContents(s)
        w("\"")
    }

    func strContents(_ s: String) {
        for c in s.unicodeScalars {
            let v = c.value
            if v >= 0x20 && v < 0x7f && c != "\"" && c != "\\" {
                out.write(byte: UInt8(v))
            } else {
                w("\\u{"); w(String(v, radix: 16)); w("}")
            }
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    func bytes(_ b: ByteSlice) {
        w("\"")
        b.withUnsafeBytes { out.writeEscaped($0) }
        w("\"")
    }
}
