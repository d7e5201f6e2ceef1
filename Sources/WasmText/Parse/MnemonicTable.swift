#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmBinary
import WasmCore

// Instruction mnemonics → opcodes, looked up on the token's bytes (no String is made per instruction): an
// open-addressing table built once from the instruction table (`Opcode.allCases` and their mnemonics; the first
// opcode of a mnemonic wins, as `Opcode.named` has it). The table lives in buffers allocated once and never
// freed, so a lookup touches no reference counts; every index into them comes from the table itself.

enum MnemonicTable {
    struct Entry {
        var start: Int32
        var count: Int32
        var op: Opcode
    }
    struct Table: @unchecked Sendable {
        let slots: UnsafeBufferPointer<Int32>
        let entries: UnsafeBufferPointer<Entry>
        let names: UnsafeBufferPointer<UInt8>
        let mask: Int
    }

    static let table: Table = {
        var entries: [Entry] = []
        var names: [UInt8] = []
        var seen = Set<String>()
        for op in Opcode.allCases where !seen.contains(op.mnemonic) {
            seen.insert(op.mnemonic)
            let k = Array(op.mnemonic.utf8)
            entries.append(Entry(start: Int32(names.count), count: Int32(k.count), op: op))
            names += k
        }
        var size = 1
        while size < entries.count * 4 { size <<= 1 }
        var slots = [Int32](repeating: -1, count: size)
        for (i, e) in entries.enumerated() {
            var s = names[Int(e.start)..<Int(e.start + e.count)].withUnsafeBufferPointer { hash($0) } & (size - 1)
            while slots[s] >= 0 { s = (s + 1) & (size - 1) }
            slots[s] = Int32(i)
        }
        func forever<T>(_ a: [T]) -> UnsafeBufferPointer<T> {
            let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(a.count, 1))
            _ = p.initialize(from: a)
            return UnsafeBufferPointer(rebasing: p[0..<a.count])
        }
        return Table(slots: forever(slots), entries: forever(entries), names: forever(names), mask: size - 1)
    }()

    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int { ByteHash.folded(b) }

    static func find(_ b: UnsafeBufferPointer<UInt8>) -> Opcode? {
        let t = table
        guard let key = b.baseAddress, let names = t.names.baseAddress else { return nil }
        var s = hash(b) & t.mask
        while true {
            let i = Int(t.slots[s])
            if i < 0 { return nil }
            let e = t.entries[i]
            if Int(e.count) == b.count, memcmp(names + Int(e.start), key, b.count) == 0 { return e.op }
            s = (s + 1) & t.mask
        }
    }
}
