import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Inputs built to make validation slow or deep: DAG-shaped types whose unfolded size is huge must be
/// walked once per distinct type (these take minutes when walked as trees).
final class ValidationHostileTests: XCTestCase {
    /// `(tuple t t)` seventeen times over: 2^17 leaves, 18 distinct types.
    func chain(_ prefix: String, _ depth: Int = 17) -> String {
        var s = "(type $\(prefix)0 (tuple u8 u8))\n"
        for k in 1...depth { s += "(type $\(prefix)\(k) (tuple $\(prefix)\(k - 1) $\(prefix)\(k - 1)))\n" }
        return s
    }

    func testManyAliasesOfADeepTypeAcrossAComponentBoundary() throws {
        let aliases = String(repeating: "(alias outer 1 17 (type))\n", count: 3000)
        try assertValid("(component \(chain("t")) (component \(aliases)))")
    }

    func testStructuralComparisonOfDeepTypes() throws {
        // Two structurally equal chains, compared at an instantiation, many times.
        let instances = (0..<200).map { _ in "(instance (instantiate $c (with \"t\" (type $b17))))" }.joined(separator: "\n")
        try assertValid("""
            (component \(chain("a")) \(chain("b"))
              (component $c
                (alias outer 1 $a17 (type $a))
                (import "t" (type (eq $a))))
              \(instances))
            """)
    }

    /// The total effective size of a component's imports and exports is bounded (as in wasm-tools).
    func testImportsUsingADeepAnonymousType() throws {
        let imports = (0..<500).map { "(import \"f\($0)\" (func (param \"x\" $t17)))" }.joined(separator: "\n")
        try assertInvalid("(component \(chain("t")) \(imports))", .limitExceeded,
                          "effective type size exceeds the limit of 1000000", path: ["component", "import \"f1\""])
        let few = (0..<5).map { "(import \"f\($0)\" (func (param \"x\" $t15)))" }.joined(separator: "\n")
        try assertValid("(component \(chain("t", 15)) \(few))")
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
