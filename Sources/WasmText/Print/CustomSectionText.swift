import WasmBinary
import WasmCore

// Custom sections in the text: `(@producers ...)`, `(@dylink.0 ...)`, branch hints, and `(@custom ...)` for the rest.

extension Printer {
    /// `withPlace`: the `(after ...)` of a module's custom section (components print none).
    /// A `producers` or `dylink.0` section that does not read prints, as wasm-tools does, a comment with
    /// wasmparser's error and then the section as `(@custom ...)`. Throws for a `dylink.0` subsection
    /// wasm-tools does not know how to print (it fails there too).
    func customSection(_ s: CoreState, _ c: CustomSection, offset: Int?, withPlace: Bool = true) throws(WasmError) {
        switch c.name {
        case "name", "component-name", "metadata.code.branch_hint": return
        case ProducersSection.sectionName:
            switch Printer.producers(c.content) {
            case .success(let fields):
                newline(offset)
                startGroup("@producers")
                for f in fields {
                    for v in f.values {
                        newline(v.at)
                        startGroup(f.name)
                        w(" ")
                        str(v.name)
                        w(" ")
                        str(v.version)
                        endGroup()
                    }
                }
                endGroup()
                return
            case .failure(let f):
                if let f { failedCustom(c, f) }
            }
        case "dylink.0":
            if let f = try dylink(c.content, offset: offset) { failedCustom(c, f) } else { return }
        default: break
        }
        newline(offset)
        startGroup("@custom ")
        str(c.name)
        if withPlace { w(" ("); w(s.customPlace); w(")") }
        w(" ")
        if options.skeleton { w("...") } else { bytes(c.content) }
        endGroup()
    }

    /// `;; failed to parse custom section `NAME`: MESSAGE (at offset 0xN)`, on a line of its own.
    func failedCustom(_ c: CustomSection, _ f: CustomFailure) {
        newline(c.content.range.lowerBound)
        w(";; failed to parse custom section `")
        w(c.name)
        w("`: ")
        w(f.message)
        w(" (at offset 0x")
        w(String(f.at, radix: 16))
        w(")")
    }
}

/// Why a known custom section did not read, in wasmparser's words and at its offset.
struct CustomFailure: Error {
    let message: String
    let at: Int
}

/// Reads custom section contents as wasmparser's `BinaryReader` does, with its error messages and offsets.
struct CustomReader {
    var r: ByteReader
    init(_ content: ByteSlice) { r = content.reader }

    var isAtEnd: Bool { r.isAtEnd }
    var position: Int { r.position }

    mutating func byte() throws(CustomFailure) -> UInt8 {
        let at = r.position
        guard let b = try? r.readByte() else { throw CustomFailure(message: "unexpected end-of-file", at: at) }
        return b
    }

    mutating func u32() throws(CustomFailure) -> UInt32 {
        var b = try byte()
        if b & 0x80 == 0 { return UInt32(b) }
        var result = UInt32(b & 0x7f)
        var shift: UInt32 = 7
        while true {
            b = try byte()
            result |= UInt32(b & 0x7f) << shift
            if shift >= 25 && (b >> (32 - shift)) != 0 {
                let message = b & 0x80 != 0 ? "invalid var_u32: integer representation too long" : "invalid var_u32: integer too large"
                throw CustomFailure(message: message, at: r.position - 1)
            }
            shift += 7
            if b & 0x80 == 0 { return result }
        }
    }

    mutating func string() throws(CustomFailure) -> String {
        let n = Int(try u32())
        let start = r.position
        guard n <= r.remaining, let slice = try? r.readSlice(n) else {
            throw CustomFailure(message: "unexpected end-of-file", at: start)
        }
        let text: String? = slice.withUnsafeBytes { b in
            UTF8Validation.firstInvalidOffset(b) == nil ? String(decoding: b, as: UTF8.self) : nil
        }
        guard let text else { throw CustomFailure(message: "malformed UTF-8 encoding", at: start + n - 1) }
        return text
    }

    /// `n` bytes as a reader of their own (a subsection).
    mutating func sub(_ n: Int) throws(CustomFailure) -> CustomReader {
        let start = r.position
        guard n <= r.remaining, let slice = try? r.readSlice(n) else {
            throw CustomFailure(message: "unexpected end-of-file", at: start)
        }
        return CustomReader(slice)
    }
}

/// The `metadata.code.branch_hint` section: per function, (offset in the body, taken) pairs.
struct BranchHints {
    struct Hint { let offset: Int; let taken: Bool; let at: Int }
    var byFunction: [UInt32: [Hint]] = [:]
    init() {}
    init(_ content: ByteSlice) {
        var r = content.reader
        guard let n = try? r.readCount(minimumItemSize: 1, "hint function") else { return }
        for _ in 0..<n {
            guard let f = try? r.readU32(), let m = try? r.readCount(minimumItemSize: 1, "hint") else { return }
            var list: [Hint] = []
            for _ in 0..<m {
                let at = r.position
                guard let off = try? r.readU32(), let size = try? r.readU32(), size == 1, let v = try? r.readByte() else { return }
                list.append(Hint(offset: Int(off), taken: v == 1, at: at))
            }
            byFunction[f] = list
        }
    }
    /// The hints of function `f`, last first (popped as the body prints).
    func forFunction(_ f: UInt32) -> [Hint] { (byFunction[f] ?? []).reversed() }
}

extension Printer {
    struct ProducerValue { let name: String; let version: String; let at: Int }
    struct ProducerField { let name: String; let values: [ProducerValue] }

    /// The `producers` section with the offset of each value; a failure with wasmparser's message, or
    /// with none when not even the field count reads (wasm-tools then prints no comment).
    enum ProducersRead { case success([ProducerField]), failure(CustomFailure?) }

    static func producers(_ content: ByteSlice) -> ProducersRead {
        var r = CustomReader(content)
        guard let n = try? r.u32() else { return .failure(nil) }
        var fields: [ProducerField] = []
        do throws(CustomFailure) {
            for _ in 0..<n {
                let at = r.position
                let name = try r.string()
                guard ["language", "processed-by", "sdk"].contains(name) else {
                    throw CustomFailure(message: "invalid producers field name: `\(name)`", at: at)
                }
                let m = try r.u32()
                var values: [ProducerValue] = []
                for _ in 0..<m {
                    let at = r.position
                    let v = try r.string()
                    let version = try r.string()
                    values.append(ProducerValue(name: v, version: version, at: at))
                }
                fields.append(ProducerField(name: name, values: values))
            }
            if !r.isAtEnd {
                throw CustomFailure(message: "section size mismatch: unexpected data at the end of the section", at: r.position)
            }
        } catch {
            return .failure(error)
        }
        return .success(fields)
    }
}

extension Printer {
    /// `(@dylink.0 ...)` as wasm-tools prints it, or (nothing printed) why the section does not read.
    /// Throws for a subsection of an unknown kind, which wasm-tools does not print either.
    func dylink(_ content: ByteSlice, offset: Int?) throws(WasmError) -> CustomFailure? {
        enum Item { case mem(UInt32, UInt32, UInt32, UInt32), needed([String]), exports([(String, UInt32)])
                    case imports([(String, String, UInt32)]), paths([String]), unknown(UInt8) }
        var r = CustomReader(content)
        var items: [(Int, Item)] = []
        func names(_ r: inout CustomReader) throws(CustomFailure) -> [String] {
            let n = try r.u32()
            var out: [String] = []
            for _ in 0..<n { out.append(try r.string()) }
            return out
        }
        do throws(CustomFailure) {
            while !r.isAtEnd {
                let start = r.position
                let id = try r.byte()
                var s = try r.sub(Int(try r.u32()))
                let item: Item
                switch id {
                case 1: item = .mem(try s.u32(), try s.u32(), try s.u32(), try s.u32())
                case 2: item = .needed(try names(&s))
                case 3:
                    let n = try s.u32()
                    var list: [(String, UInt32)] = []
                    for _ in 0..<n { list.append((try s.string(), try s.u32())) }
                    item = .exports(list)
                case 4:
                    let n = try s.u32()
                    var list: [(String, String, UInt32)] = []
                    for _ in 0..<n { list.append((try s.string(), try s.string(), try s.u32())) }
                    item = .imports(list)
                case 5: item = .paths(try names(&s))
                default: item = .unknown(id)
                }
                items.append((start, item))
                // wasm-tools stops at the first subsection it cannot print (what follows is not read).
                if case .unknown = item { break }
            }
        } catch {
            return error
        }
        for (start, item) in items {
            if case .unknown(let id) = item {
                throw WasmError(.malformedCustomSection, "don't know how to print dylink.0 subsection id \(id)", offset: start)
            }
        }
        newline(offset)
        startGroup("@dylink.0")
        for (start, item) in items {
            switch item {
            case .mem(let ms, let ma, let ts, let ta):
                newline(start)
                startGroup("mem-info")
                if ms > 0 || ma > 0 { w(" (memory "); int(ms); w(" "); int(ma); w(")") }
                if ts > 0 || ta > 0 { w(" (table "); int(ts); w(" "); int(ta); w(")") }
                endGroup()
            case .needed(let list), .paths(let list):
                newline(start)
                if case .needed = item { startGroup("needed") } else { startGroup("runtime-path") }
                for n in list { w(" "); str(n) }
                endGroup()
            case .exports(let list):
                for (n, flags) in list {
                    newline(start)
                    startGroup("export-info ")
                    str(n)
                    dylinkFlags(flags)
                    endGroup()
                }
            case .unknown: break
            case .imports(let list):
                for (m, f, flags) in list {
                    newline(start)
                    startGroup("import-info ")
                    str(m)
                    w(" ")
                    str(f)
                    dylinkFlags(flags)
                    endGroup()
                }
            }
        }
        endGroup()
        return nil
    }

    func dylinkFlags(_ flags0: UInt32) {
        var flags = flags0
        let names: [(UInt32, StaticString)] = [(1, "binding-weak"), (2, "binding-local"), (4, "visibility-hidden"),
                                               (0x10, "undefined"), (0x20, "exported"), (0x40, "explicit-name"),
                                               (0x80, "no-strip"), (0x100, "tls"), (0x200, "absolute")]
        for (bit, name) in names where flags & bit != 0 {
            flags &= ~bit
            w(" ")
            w(name)
        }
        if flags != 0 { w(" 0x"); w(String(flags, radix: 16)) }
    }
}
