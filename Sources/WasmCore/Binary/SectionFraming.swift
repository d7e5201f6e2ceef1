import WasmBinary

/// The framing rules every reader of a module's sections shares (the decoder, the validator's walker and
/// the header scan): a known id, a size that fits, each non-custom section at most once and in the
/// required order; at the end, matching function/code and data-count/data lengths.
struct SectionFraming {
    private var lastID: SectionID?
    /// Bit `id` set for each non-custom section seen.
    private var seen: UInt16 = 0

    /// Reads a section's id and size at `r` (left at the first byte of the contents) and checks them.
    /// Returns the id and the offset of the id byte; the contents are the next `size` bytes.
    mutating func next(_ r: inout ByteReader) throws(WasmError) -> (id: SectionID, start: Int, size: Int) {
        let start = r.position
        let idByte = try r.readByte()
        guard let id = SectionID(rawValue: idByte) else {
            throw WasmError(.unknownSection, "malformed section id \(idByte)", offset: start)
        }
        let sizeAt = r.position
        let size = Int(try r.readU32())
        guard size <= r.remaining else {
            throw WasmError(.unexpectedEnd, "unexpected end of section or function: \(id.name) section size "
                            + "\(size) exceeds the \(r.remaining) bytes left", offset: sizeAt)
        }
        if id != .custom {
            let bit: UInt16 = 1 << id.rawValue
            if seen & bit != 0 {
                throw WasmError(.duplicateSection, "unexpected content after last section: duplicate \(id.name) section",
                                offset: start)
            }
            if let last = lastID, id.orderRank < last.orderRank {
                throw WasmError(.sectionOutOfOrder, "unexpected content after last section: the \(id.name) section "
                                + "must come before the \(last.name) section", offset: start)
            }
            seen |= bit
            lastID = id
        }
        return (id, start, size)
    }

    /// The checks after the last section: as many function bodies as functions, and as many data
    /// segments as a data count section declares.
    static func checkCounts(functions: Int?, bodies: Int?, dataCount: UInt32?, segments: Int?,
                            at offset: Int) throws(WasmError) {
        let funcs = functions ?? 0, codes = bodies ?? 0
        if funcs != codes {
            throw WasmError(.inconsistent, "function and code section have inconsistent lengths "
                            + "(\(funcs) functions, \(codes) bodies)", offset: offset)
        }
        if let n = dataCount, Int(n) != (segments ?? 0) {
            throw WasmError(.inconsistent, "data count and data section have inconsistent lengths "
                            + "(data count \(n), \(segments ?? 0) segments)", offset: offset)
        }
    }
}
