// The columns of `CanonicalTypes`: arrays that only grow and whose copies share one buffer.
//
// A component's validation interns every nested module's types into one store, and each module's
// function bodies are checked against a copy of that store taken when the module is handed to the
// `BodyPool` (and kept until its bodies are checked). With Swift arrays, the next append to the store
// after such a copy copies the whole store, so a component of many modules would copy it once per
// module: quadratic time and memory (1.3 MB of modules of 1,000 types each needed 660 MB). Here an
// append writes past the end of every copy, which never looks there, so copies cost nothing; only a
// full buffer moves to one twice the size (copies keep the old one), which keeps the total linear.

/// An array that only grows (`append`; an element can be replaced, `subscript`'s setter, only by the
/// copy that appended it, before any other copy is made), whose copies share storage.
///
/// Copies may be read from any thread while the copy they were made from appends: an append writes a
/// slot no older copy reads (a copy reads only below its own `count`), or moves to a new buffer. Only
/// one copy appends at a time (the store's owner; the copies handed to other threads only read).
package struct GrowOnlyArray<Element>: @unchecked Sendable {
    final class Buffer {
        let base: UnsafeMutablePointer<Element>
        let capacity: Int
        /// Slots initialized so far (by whichever copy appended last).
        var used = 0

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        deinit {
            base.deinitialize(count: used)
            base.deallocate()
        }
    }

    private var buffer: Buffer
    private(set) var count = 0

    init() { buffer = Buffer(capacity: 16) }

    @inline(__always) subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "GrowOnlyArray index out of range")
            return buffer.base[i]
        }
        set {
            precondition(i >= 0 && i < count, "GrowOnlyArray index out of range")
            buffer.base[i] = newValue
        }
    }

    /// Elements `range` (a view that keeps the buffer alive).
    @inline(__always) subscript(range: Range<Int>) -> Elements {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "GrowOnlyArray range out of range")
        return Elements(buffer: buffer, range: range)
    }

    mutating func append(_ e: Element) {
        // Another copy appended past this one's end: its elements are not this copy's, so move away.
        if count != buffer.used || count == buffer.capacity {
            let next = Buffer(capacity: Swift.max(16, count * 2))
            next.base.initialize(from: buffer.base, count: count)
            next.used = count
            buffer = next
        }
        (buffer.base + count).initialize(to: e)
        buffer.used += 1
        count += 1
    }

    /// A run of elements of a `GrowOnlyArray`.
    package struct Elements: RandomAccessCollection, @unchecked Sendable {
        let buffer: Buffer
        let range: Range<Int>

        package var startIndex: Int { range.lowerBound }
        package var endIndex: Int { range.upperBound }
        @inline(__always) package subscript(i: Int) -> Element {
            precondition(range.contains(i), "GrowOnlyArray.Elements index out of range")
            return buffer.base[i]
        }
    }
}

extension GrowOnlyArray.Elements: Equatable where Element: Equatable {
    package static func == (a: Self, b: Self) -> Bool { a.elementsEqual(b) }
}
