import Foundation
import WasmBinary
import WasmCore

/// `conformance --bench-core FILE [N]`: times the core-module paths on one module (best of N runs) and
/// prints MB/s. Build with `-c release`; numbers from debug builds mean nothing.
func benchCore(path: String, iterations: Int, only: String? = nil) throws {
    let storage = try ByteStorage.load(path: path)
    let bytes = storage.all
    let mb = Double(bytes.count) / 1_000_000

    func time(_ label: String, _ body: () throws -> String) rethrows {
        if let only, !label.contains(only) { return }
        var best = Double.infinity
        var note = ""
        for _ in 0..<max(iterations, 1) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            note = try body()
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            best = min(best, dt)
        }
        let rate = mb / best
        let padded = label.padding(toLength: 38, withPad: " ", startingAt: 0)
        print("  \(padded) " + String(format: "%8.2f ms %8.1f MB/s  ", best * 1000, rate) + note)
    }

    print("\(path): \(bytes.count) bytes")
    try time("header scan") {
        let h = try ModuleHeader.scan(bytes)
        return "\(h.sections.count) sections, \(h.functionCount) functions, \(h.exportCount) exports"
    }
    try time("decode (lazy bodies)") {
        let m = try Module.decode(bytes, options: .init(bodies: .lazy))
        return "\(m.codes.count) bodies"
    }
    try time("decode (lazy) + read every operator") {
        let m = try Module.decode(bytes, options: .init(bodies: .lazy))
        let requireDataCount = m.dataCount == nil
        var count = 0
        var ops = OperatorReader(ByteSlice(copying: [0x0b]))
        for body in m.codes {
            guard case .bytes(let code) = body.code else { continue }
            ops.reset(code, requireDataCount: requireDataCount)
            while let op = try ops.next() {
                count &+= Int(op.opcode.rawValue & 1)
                count &+= 1
            }
        }
        return "\(count) (ops + odd opcodes)"
    }
    try time("decode (bodies decoded)") {
        let m = try Module.decode(bytes, options: .init(bodies: .decoded))
        var n = 0
        for b in m.codes { if case .instructions(let l) = b.code { n += l.count } }
        return "\(n) instructions"
    }
    if only == nil || "encode (decoded model)".contains(only ?? "") {
        let decoded = try Module.decode(bytes)
        time("encode (decoded model)") {
            let e = decoded.encode()
            return "\(e.count) bytes"
        }
    }
    let lazy = try Module.decode(bytes, options: .init(bodies: .lazy))
    time("encode (lazy model)") {
        let e = lazy.encode()
        return "\(e.count) bytes" + (e == bytes.array ? ", byte-identical" : ", differs")
    }
}
