import WasmCore

// Instruction mnemonics → opcodes, looked up on the token's bytes (no String is made per instruction): an
// open-addressing table built once from the instruction table (`Opcode.allCases` and their mnemonics; the first
// opcode of a mnemonic wins, as `Opcode.named` has it).

enum MnemonicTable {
    struct Table: Sendable {
        var slots: [Int32]
        var keys: [[UInt8]]
        var ops: [Opcode]
        var mask: Int
    }

    static let table: Table = {
        var keys: [[UInt8]] = []
        var ops: [Opcode] = []
        var seen = Set<String>()
        for op in Opcode.allCases where !seen.contains(op.mnemonic) {
            seen.insert(op.mnemonic)
            keys.append(Array(op.mnemonic.utf8))
            ops.append(op)
        }
        var size = 1
        while size < keys.count * 4 { size <<= 1 }
        var slots = [Int32](repeating: -1, count: size)
        for (i, k) in keys.enumerated() {
            var s = k.withUnsafeBufferPointer { hash($0) } & (size - 1)
            while slots[s] >= 0 { s = (s + 1) & (size - 1) }
            slots[s] = Int32(i)
        }
        return Table(slots: slots, keys: keys, ops: ops, mask: size - 1)
    }()

    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    static func find(_ b: UnsafeBufferPointer<UInt8>) -> Opcode? {
        let t = table
        var s = hash(b) & t.mask
        while true {
            let i = Int(t.slots[s])
            if i < 0 { return nil }
            let k = t.keys[i]
            if k.count == b.count, k.withUnsafeBufferPointer({ kb in kb.elementsEqual(b) }) { return t.ops[i] }
            s = (s + 1) & t.mask
        }
    }
}
