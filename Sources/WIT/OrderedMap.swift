/// A dictionary that remembers insertion order (WIT items print in definition order).
public struct OrderedMap<Key: Hashable, Value>: Sequence {
    public private(set) var keys: [Key] = []
    public private(set) var values: [Value] = []
    private var index: [Key: Int] = [:]

    public init() {}

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: Key) -> Value? {
        guard let i = index[key] else { return nil }
        return values[i]
    }

    public func contains(_ key: Key) -> Bool { index[key] != nil }

    /// Position of `key` in insertion order.
    public func position(of key: Key) -> Int? { index[key] }

    /// Inserts or replaces; returns the previous value. A replaced key keeps its position.
    @discardableResult
    public mutating func insert(_ key: Key, _ value: Value) -> Value? {
        if let i = index[key] {
            let old = values[i]
            values[i] = value
            return old
        }
        index[key] = keys.count
        keys.append(key)
        values.append(value)
        return nil
    }

    /// Updates the value at position `i`.
    public mutating func setValue(at i: Int, _ value: Value) { values[i] = value }

    /// Changes the value at position `i` in place (a copy taken out and stored back would copy
    /// everything the value holds on its first change).
    @discardableResult
    public mutating func modifyValue<R>(at i: Int, _ body: (inout Value) throws -> R) rethrows -> R {
        try body(&values[i])
    }

    public func makeIterator() -> Zip2Sequence<[Key], [Value]>.Iterator { zip(keys, values).makeIterator() }

    /// Keeps the entries for which `keep` is true, in order.
    public mutating func filter(_ keep: (Key, Value) throws -> Bool) rethrows {
        var out = OrderedMap()
        for (k, v) in self where try keep(k, v) { out.insert(k, v) }
        self = out
    }

    /// Stable sort by a key.
    public mutating func stableSort<K: Comparable>(by key: (Key, Value) -> K) {
        let order = keys.indices.sorted { a, b in
            let ka = key(keys[a], values[a])
            let kb = key(keys[b], values[b])
            return ka != kb ? ka < kb : a < b
        }
        var out = OrderedMap()
        for i in order { out.insert(keys[i], values[i]) }
        self = out
    }
}

extension OrderedMap: Equatable where Value: Equatable {
    public static func == (a: OrderedMap, b: OrderedMap) -> Bool { a.keys == b.keys && a.values == b.values }
}

extension OrderedMap: Hashable where Value: Hashable {
    public func hash(into h: inout Hasher) {
        h.combine(keys)
        h.combine(values)
    }
}

extension OrderedMap: @unchecked Sendable where Key: Sendable, Value: Sendable {}
