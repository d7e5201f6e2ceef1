import Foundation
import WasmBinary
import XCTest

@testable import Compose

/// Composing damaged inputs throws; it never traps.
final class HostileInputTests: XCTestCase {
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    func testMutatedInputsNeverTrap() throws {
        let dir = Oracles.testdata
        let consumer = try [UInt8](Data(contentsOf: dir.appendingPathComponent("resource/consumer.wasm")))
        let provider = try [UInt8](Data(contentsOf: dir.appendingPathComponent("resource/provider.wasm")))
        var rng = SplitMix(state: 0x5EED)
        var outcomes = (composed: 0, failed: 0)
        for round in 0..<400 {
            var a = consumer, b = provider
            let target = round % 2 == 0
            for _ in 0..<(1 + rng.below(3)) {
                if target {
                    a[8 + rng.below(a.count - 8)] = UInt8(truncatingIfNeeded: rng.next())
                } else {
                    b[8 + rng.below(b.count - 8)] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            if rng.below(10) == 0 { a = Array(a.prefix(8 + rng.below(a.count - 8))) }
            do {
                let c = try Composition(consumer: Make.input("a", a), providers: [Make.input("b", b)])
                _ = try c.output()
                outcomes.composed += 1
            } catch {
                outcomes.failed += 1
            }
        }
        XCTAssertEqual(outcomes.composed + outcomes.failed, 400)
        XCTAssertGreaterThan(outcomes.failed, 0)
    }
}
