import Foundation
import WasmBinary
import WasmCore

/// `conformance --bench-validate FILE [N]`: times core-module validation (best of N runs): with the default
/// worker threads, on one thread, and the operator reader alone (the floor a single-threaded validator
/// cannot beat). Build with `-c release`.
func benchValidate(path: String, iterations: Int) throws {
    let storage = try ByteStorage.load(path: path)
    let bytes = storage.all
    let mb = Double(bytes.count) / 1_000_000
    func time(_ label: String, _ body: () throws -> String) rethrows {
        var best = Double.infinity
        var note = ""
        for _ in 0..<max(iterations, 1) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            note = try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        let padded = label.padding(toLength: 34, withPad: " ", startingAt: 0)
        print("  \(padded) " + String(format: "%8.2f ms %8.1f MB/s  ", best * 1000, mb / best) + note)
    }
    print("\(path): \(bytes.count) bytes")
    try time("validate (default threads)") {
        "\(try ModuleValidator.validate(bytes).functionTypeIndices.count) functions"
    }
    try time("validate (1 thread)") {
        "\(try ModuleValidator.validate(bytes, options: ValidationOptions(threads: 1)).functionTypeIndices.count) functions"
    }
    try time("read every operator (1 thread)") {
        let m = try Module.decode(bytes, options: .init(bodies: .lazy))
        var count = 0
        var ops = OperatorReader(ByteSlice(copying: [0x0b]))
        for body in m.codes {
            guard case .bytes(let code) = body.code else { continue }
            ops.reset(code, requireDataCount: m.dataCount == nil)
            while let op = try ops.next() { count &+= Int(op.opcode.rawValue & 1) &+ 1 }
        }
        return "\(count)"
    }
}
