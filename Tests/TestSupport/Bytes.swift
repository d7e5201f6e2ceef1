import WasmBinary

/// Byte-level construction of modules and components, for cases written by hand (and for inputs
/// too large or too regular to commit as text).
public enum Bytes {
    public static let preamble: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
    /// A component's preamble (layer 1, version 0x0d).
    public static let componentPreamble: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]

    /// Unsigned LEB128.
    public static func u32(_ v: UInt32) -> [UInt8] {
        var w = ByteWriter()
        w.u32(v)
        return w.bytes
    }

    /// A section: id, size, payload.
    public static func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] { [id] + u32(UInt32(payload.count)) + payload }

    /// A custom section.
    public static func custom(_ name: String, _ content: [UInt8]) -> [UInt8] { section(0, self.name(name) + content) }

    /// A vector: count, then the items' bytes.
    public static func vec(_ items: [[UInt8]]) -> [UInt8] { u32(UInt32(items.count)) + items.flatMap { $0 } }

    /// A name: length, then UTF-8.
    public static func name(_ s: String) -> [UInt8] { u32(UInt32(s.utf8.count)) + Array(s.utf8) }

    /// A module of the given sections.
    public static func module(_ sections: [UInt8]...) -> [UInt8] { preamble + sections.flatMap { $0 } }

    /// A component of the given sections.
    public static func component(_ sections: [UInt8]...) -> [UInt8] { componentPreamble + sections.flatMap { $0 } }

    /// A component of sections given as (id, payload).
    public static func component(_ sections: [(UInt8, [UInt8])]) -> [UInt8] {
        componentPreamble + sections.flatMap { section($0.0, $0.1) }
    }

    /// `(func)`, and a function type of the given (encoded) value types.
    public static let void: [UInt8] = [0x60, 0x00, 0x00]
    public static func funcType(_ params: [UInt8], _ results: [UInt8]) -> [UInt8] {
        [0x60] + u32(UInt32(params.count)) + params + u32(UInt32(results.count)) + results
    }

    /// `(type (func))` as a type section.
    public static let voidType = section(1, vec([void]))

    /// A module with one `[] -> []` function whose body (after the locals) is `code`.
    public static func function(_ code: [UInt8], locals: [UInt8] = [0x00], extra: [[UInt8]] = []) -> [UInt8] {
        let body = locals + code
        var sections = [voidType, section(3, vec([[0x00]]))]
        sections += extra
        sections.append(section(10, vec([u32(UInt32(body.count)) + body])))
        return preamble + sections.flatMap { $0 }
    }

    /// A `name` custom section naming functions.
    public static func names(_ functions: [(UInt32, String)]) -> [UInt8] {
        let map = vec(functions.map { u32($0.0) + name($0.1) })
        return custom("name", [1] + u32(UInt32(map.count)) + map)
    }

    /// A module with function types `types` (encoded), functions of those types with bodies (locals +
    /// instructions, `end` included), and `before`/`after` sections around the code section. Returns the
    /// bytes and the absolute offset of each body's first instruction byte after its locals.
    public static func module(types: [[UInt8]], functions: [(type: UInt32, locals: [UInt8], code: [UInt8])],
                              before: [[UInt8]] = [], after: [[UInt8]] = []) -> (bytes: [UInt8], code: [Int]) {
        var out = preamble + section(1, vec(types)) + section(3, vec(functions.map { u32($0.type) }))
        out += before.flatMap { $0 }
        var payload = u32(UInt32(functions.count))
        var relative: [Int] = []
        for f in functions {
            let body = f.locals + f.code
            payload += u32(UInt32(body.count))
            relative.append(payload.count + f.locals.count)
            payload += body
        }
        let header = [10] + u32(UInt32(payload.count))
        let base = out.count + header.count
        out += header + payload
        out += after.flatMap { $0 }
        return (out, relative.map { base + $0 })
    }
}
