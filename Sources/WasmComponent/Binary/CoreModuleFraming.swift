import WasmBinary

/// Stand-in for WasmCore's module decoder until it lands: checks a core module's preamble, section
/// framing (ids, sizes, custom section names) and section order. Remove together with the call in
/// `decodeNestedCoreModule` once `Module.decode` is available.
enum CoreModuleFraming {
    /// Position of each known section id in the required order (custom sections excluded).
    static func order(of id: UInt8) -> Int? {
        switch id {
        case 1: 1  // type
        case 2: 2  // import
        case 3: 3  // function
        case 4: 4  // table
        case 5: 5  // memory
        case 13: 6  // tag
        case 6: 7  // global
        case 7: 8  // export
        case 8: 9  // start
        case 9: 10  // element
        case 12: 11  // data count
        case 10: 12  // code
        case 11: 13  // data
        default: nil
        }
    }

    static func check(_ bytes: ByteSlice) throws(WasmError) {
        var r = bytes.reader
        try ComponentDecoder.readPreamble(&r, expected: .module, nested: true)
        var last = 0
        while !r.isAtEnd {
            let idAt = r.position
            let id = try r.readByte()
            let sizeAt = r.position
            let size = Int(try r.readU32())
            guard size <= r.remaining else {
                throw WasmError(.unexpectedEnd, "section size \(size) exceeds the \(r.remaining) bytes left", offset: sizeAt)
            }
            if id == 0 {
                try r.withLimit(size, "custom section") { (s: inout ByteReader) throws(WasmError) in
                    _ = try s.readName()
                    try s.skip(s.remaining)
                }
                continue
            }
            guard let o = order(of: id) else {
                throw WasmError(.unknownSection, "malformed section id: \(id)", offset: idAt)
            }
            if o <= last { throw WasmError(.sectionOutOfOrder, "section out of order", offset: idAt) }
            last = o
            try r.skip(size)
        }
    }
}
