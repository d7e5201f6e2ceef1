import WasmBinary

/// The type section of a scanned module, read again on demand: `type(i)` decodes from the nearest
/// recorded position (one every ``TypeTable/stride`` rec groups), so the table costs a few bytes per
/// `stride` groups however many types the module declares.
public struct TypeTable: Hashable, Sendable {
    /// Rec groups between two recorded positions.
    static let stride = 64
    /// The number of types (sub types of every rec group).
    public internal(set) var count = 0
    /// The section's bytes after the count, once seen.
    var section: ByteSlice?
    /// Every `stride`-th rec group: its offset and the index of its first type.
    var offsets: [Int] = []
    var firstTypes: [Int] = []

    public init() {}

    mutating func begin(_ r: ByteReader) {
        section = ByteSlice(storage: r.storage, range: r.position..<r.end)
    }

    /// Called before rec group `group` is read at `offset` (`count` types precede it).
    mutating func mark(group: Int, at offset: Int) {
        if group % Self.stride == 0 {
            offsets.append(offset)
            firstTypes.append(count)
        }
    }

    /// Type `index`, or nil when there is none (or it cannot be decoded).
    public func type(_ index: Int) -> SubType? {
        guard let n = blockNumber(containing: index), let b = block(n), index - b.first < b.types.count else { return nil }
        return b.types[index - b.first]
    }

    /// Which block of recorded rec groups (``stride`` of them) holds type `index`.
    public func blockNumber(containing index: Int) -> Int? {
        guard index >= 0, index < count, !firstTypes.isEmpty else { return nil }
        var lo = 0, hi = firstTypes.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if firstTypes[mid] <= index { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The types of block `number`: the index of its first type and the types, for callers that
    /// cache what they look up.
    public func block(_ number: Int) -> (first: Int, types: [SubType])? {
        guard number >= 0, number < offsets.count, let section else { return nil }
        let end = number + 1 < offsets.count ? offsets[number + 1] : section.range.upperBound
        var r = ByteReader(storage: section.storage, range: offsets[number]..<end)
        var types: [SubType] = []
        while !r.isAtEnd, let g = try? r.readRecGroup() { types += g.types }
        return (firstTypes[number], types)
    }

    /// Every type, in order (for callers that show them all).
    public var all: [SubType] {
        guard let section else { return [] }
        var r = ByteReader(storage: section.storage, range: (offsets.first ?? section.range.upperBound)..<section.range.upperBound)
        var out: [SubType] = []
        out.reserveCapacity(count)
        while out.count < count, !r.isAtEnd, let g = try? r.readRecGroup() { out += g.types }
        return out
    }
}

/// A vector section of a scanned module (imports, exports), read again on demand.
public struct ItemTable: Hashable, Sendable {
    /// The number of entries (import groups count once).
    public internal(set) var count = 0
    /// The entries' bytes (after the count).
    var section: ByteSlice?

    public init() {}

    mutating func begin(_ r: ByteReader, count: Int) {
        self.count = count
        section = ByteSlice(storage: r.storage, range: r.position..<r.end)
    }

    /// Reads entries from the start while `next` returns true, at most `count` of them.
    func read(limit: Int, _ next: (inout ByteReader) throws(WasmError) -> Bool) throws(WasmError) {
        guard let section, limit > 0 else { return }
        var r = section.reader
        for _ in 0..<count where !r.isAtEnd {
            if try !next(&r) { return }
        }
    }
}
