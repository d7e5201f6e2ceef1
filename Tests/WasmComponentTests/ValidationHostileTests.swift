import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Inputs built to make validation slow or deep: DAG-shaped types whose unfolded size is huge must be
/// walked once per distinct type (these take minutes when walked as trees). The fixtures build chains
/// `(type $t0 (tuple u8 u8))`, `(type $tK (tuple $tK-1 $tK-1))`: 17 deep, 2^17 leaves and 18 distinct types.
final class ValidationHostileTests: XCTestCase {
    /// A chain, and a nested component with 3000 `(alias outer 1 17 (type))`.
    func testManyAliasesOfADeepTypeAcrossAComponentBoundary() throws {
        try assertValid("many-aliases-of-a-deep-type-across-a-component-boundary")
    }

    func testStructuralComparisonOfDeepTypes() throws {
        // Two structurally equal chains, compared at an instantiation, many times: a component importing
        // `t` as `(eq $a17)` is instantiated 200 times with `$b17`.
        try assertValid("structural-comparison-of-deep-types")
    }

    /// The total effective size of a component's imports and exports is bounded (as in wasm-tools):
    /// 500 imports of `(func (param "x" $t17))` are too many, 5 of `$t15` (chain 15 deep) are fine.
    func testImportsUsingADeepAnonymousType() throws {
        try assertInvalid("imports-using-a-deep-anonymous-type-1", .limitExceeded,
                          "effective type size exceeds the limit of 1000000", path: ["component", "import \"f1\""])
        try assertValid("imports-using-a-deep-anonymous-type-2")
    }

    /// Hand-built bytes (no assembler): an outer alias count beyond the enclosing scopes, and an
    /// instantiation argument of the wrong sort, are errors, not traps.
    func testHandBuiltEdgeCases() {
        func error(_ bytes: [UInt8]) -> WasmError? {
            do {
                try ComponentValidator(features: .all).validate(bytes: ByteSlice(copying: bytes))
                return nil
            } catch {
                return error
            }
        }
        // alias outer 5 0 (type)
        XCTAssertEqual(error(Bytes.component([(6, [0x01, 0x03, 0x02, 0x05, 0x00])]))?.message, "invalid outer alias count of 5")
        // instance (instantiate component 0) with no components
        XCTAssertEqual(error(Bytes.component([(5, [0x01, 0x00, 0x00, 0x00])]))?.message,
                       "unknown component 0: component index out of bounds")
        // type (own 0) where type 0 is u8
        XCTAssertEqual(error(Bytes.component([(7, [0x02, 0x7D, 0x69, 0x00])]))?.message, "type index 0 is not a resource type")
        // canon lift of core func 7 with type 0 (a func type)
        XCTAssertEqual(error(Bytes.component([(7, [0x01, 0x40, 0x00, 0x01, 0x00]), (8, [0x01, 0x00, 0x00, 0x07, 0x00, 0x00])]))?.message,
                       "unknown core function 7: function index out of bounds")
    }
}
