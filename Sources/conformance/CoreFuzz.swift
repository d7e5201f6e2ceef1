import Foundation
import WasmBinary
import WasmCore

/// `conformance --fuzz-core N [corpus-dir]`: decodes N mutants of the spec-core valid binaries (random byte
/// changes, insertions, deletions and LEB128-shaped patches from a fixed seed) through every core entry point:
/// header scan, lazy decode plus an operator walk of every body, full decode, re-encode and custom sections.
/// The process surviving is the result; the outcome counts are printed.
func fuzzCore(corpus: String, mutants: Int, seed: UInt64 = 0x5EED) throws {
    let dir = corpus + "/spec-core"
    let rows = try readManifest(dir).filter { $0.expect == .valid }
    var inputs: [[UInt8]] = []
    for row in rows {
        let s = try ByteStorage.load(path: dir + "/" + row.file)
        if s.count > 8 { inputs.append(s.all.array) }
    }
    guard !inputs.isEmpty else { throw RunnerError("no valid binaries under \(dir)") }
    var rng = SplitMix64(seed: seed)
    var decoded = 0, rejected = 0, reencoded = 0
    for i in 0..<mutants {
        var bytes = inputs[i % inputs.count]
        let edits = 1 + Int(rng.next() % 4)
        for _ in 0..<edits {
            let at = 8 + Int(rng.next() % UInt64(max(bytes.count - 8, 1)))
            switch rng.next() % 5 {
            case 0: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
            case 1: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: min(at, bytes.count))
            case 2: if at < bytes.count { bytes.remove(at: at) }
            case 3: if at < bytes.count { bytes[at] |= 0x80 }  // turn a LEB128 byte into a continuation
            default:
                let patch: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
                bytes.replaceSubrange(at..<min(at + 1, bytes.count), with: patch)
            }
        }
        let slice = ByteSlice(copying: bytes)
        _ = try? ModuleHeader.scan(slice)
        if let lazy = try? Module.decode(slice, options: .init(bodies: .lazy)) {
            var ops = OperatorReader(ByteSlice(copying: [0x0B]))
            for body in lazy.codes {
                guard case .bytes(let code) = body.code else { continue }
                ops.reset(code, requireDataCount: lazy.dataCount == nil)
                while let op = try? ops.next() { _ = ops.instruction(op) }
            }
            for c in lazy.customSections { _ = try? c.decoded() }
        }
        if let m = try? Module.decode(slice) {
            decoded += 1
            if (try? Module.decode(m.encode())) == m { reencoded += 1 }
        } else {
            rejected += 1
        }
    }
    print("spec-core fuzz: \(mutants) mutants (0 crashes; decoded \(decoded), round-tripped \(reencoded), "
          + "rejected \(rejected))")
    if reencoded != decoded { throw RunnerError("\(decoded - reencoded) decoded mutants did not round-trip") }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
