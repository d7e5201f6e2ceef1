// The `$id`s of an index space (or of a function's locals): names to indices, looked up by the bytes of a token
// so that a reference allocates nothing (an open-addressing table over one buffer of the names' bytes).

struct IdIndex {
    /// The names' bytes, one after another.
    private var arena: [UInt8] = []
    private var entries: [(start: Int, count: Int, value: UInt32)] = []
    /// Entry numbers + 1 by hash (0: empty); the count is a power of two, at most half full.
    private var slots: [Int32] = []

    var isEmpty: Bool { entries.isEmpty }

    init() {}
    init(_ d: [String: UInt32]) {
        for (k, v) in d.sorted(by: { $0.value < $1.value }) { self[k] = v }
    }

    subscript(key: String) -> UInt32? {
        get {
            var k = key
            return k.withUTF8 { find($0) }
        }
        set {
            guard let newValue else { return }  // never removed
            var k = key
            k.withUTF8 { set($0, newValue) }
        }
    }

    /// The names come from the input: hashed with the standard library's seeded hash, so that a text cannot be
    /// written to make every name probe the same run of slots.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h = Hasher()
        h.combine(bytes: UnsafeRawBufferPointer(key))
        return h.finalize()
    }

    /// The slot of `key`: its entry number + 1 there, or 0 (an empty slot, where it would go). `slots` is not
    /// empty.
    private func probe(_ key: UnsafeBufferPointer<UInt8>) -> (slot: Int, entry: Int) {
        let mask = slots.count - 1
        var i = IdIndex.hash(key) & mask
        return arena.withUnsafeBufferPointer { a in
            while true {
                let e = Int(slots[i])
                if e == 0 { return (i, 0) }
                let entry = entries[e - 1]
                if entry.count == key.count, a[entry.start..<entry.start + entry.count].elementsEqual(key) { return (i, e) }
                i = (i + 1) & mask
            }
        }
    }

    /// The index named by `key`.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> UInt32? {
        if slots.isEmpty { return nil }
        let e = probe(key).entry
        return e == 0 ? nil : entries[e - 1].value
    }

    mutating func set(_ key: UnsafeBufferPointer<UInt8>, _ value: UInt32) {
        if (entries.count + 1) * 2 > slots.count { grow() }
        let (i, e) = probe(key)
        if e != 0 {
            entries[e - 1].value = value
            return
        }
        entries.append((arena.count, key.count, value))
        arena.append(contentsOf: key)
        slots[i] = Int32(truncatingIfNeeded: entries.count)
    }

    private mutating func grow() {
        let size = max(16, slots.count * 2)
        slots = [Int32](repeating: 0, count: size)
        let mask = size - 1
        arena.withUnsafeBufferPointer { a in
            for (n, entry) in entries.enumerated() {
                var i = IdIndex.hash(UnsafeBufferPointer(rebasing: a[entry.start..<entry.start + entry.count])) & mask
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = Int32(truncatingIfNeeded: n + 1)
            }
        }
    }
}

extension Cursor {
    /// The index `$id` token `t` names in `ids`: a plain `$name` looked up by its bytes, a `$"..."` by its
    /// decoded name.
    func lookup(_ t: Token, in ids: IdIndex) -> UInt32? {
        let plain = withBytes(t) { b in b.count > 1 && b[1] != UInt8(ascii: "\"") }
        if plain { return withBytes(t) { ids.find(UnsafeBufferPointer(rebasing: $0.dropFirst())) } }
        return ids[idName(t)]
    }
}
