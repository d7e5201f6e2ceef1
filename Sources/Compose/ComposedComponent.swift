import WasmBinary
import WasmComponent

/// A composed component as the pieces it is written from: the sections wcomp wrote and, between
/// them, the inputs' original bytes (borrowed from the inputs, not copied).
public struct ComposedComponent: Sendable {
    public let parts: [ByteSlice]

    /// Total size in bytes.
    public var count: Int { parts.reduce(0) { $0 + $1.count } }

    /// The whole binary in one array (a copy; for tests and small outputs).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for p in parts { p.withUnsafeBytes { out.append(contentsOf: $0) } }
        return out
    }

    /// Encodes `shell`: written sections are encoded in batches; inputs become component sections
    /// whose contents are the inputs' own bytes.
    init(shell: [ShellPart], inputs: [DecodedInput]) {
        var parts: [ByteSlice] = []
        var pending: [ComponentSection] = []
        var header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]
        func flush() {
            if !pending.isEmpty {
                header.append(contentsOf: Component(sections: pending).encode().dropFirst(8))
                pending.removeAll()
            }
        }
        for part in shell {
            switch part {
            case .section(let s):
                pending.append(s)
            case .input(let k):
                flush()
                let bytes = inputs[k].input.bytes
                var w = ByteWriter(capacity: 6)
                w.byte(0x04)
                w.u32(bytes.count)
                header.append(contentsOf: w.bytes)
                parts.append(ByteSlice(copying: header))
                header.removeAll()
                parts.append(bytes)
            }
        }
        flush()
        if !header.isEmpty { parts.append(ByteSlice(copying: header)) }
        self.parts = parts
    }
}
