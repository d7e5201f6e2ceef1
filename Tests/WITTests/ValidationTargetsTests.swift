import Foundation
import TestSupport
import WasmBinary
import WasmComponent
import XCTest

@testable import WIT

/// WIT worlds mapped to component types (`Resolve.componentType(of:)`) and checked against
/// components with the component validator: the verdicts of `wasm-tools component targets`
/// recorded in testdata/worlds/targets.tsv.
final class ValidationTargetsTests: XCTestCase {
    func testWorldTypesFromWITAgreeWithTargetsVerdicts() throws {
        let text = try String(contentsOfFile: Repo.path("testdata/worlds/targets.tsv"), encoding: .utf8)
        var worlds: [String: ComponentType] = [:]
        var components: [String: Component] = [:]
        var checked = 0, mismatches: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("component\t") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 4 else { continue }
            let key = cols[1] + "#" + cols[2]
            if worlds[key] == nil {
                guard case .success(let wit) = WIT.load(path: Repo.path("testdata/" + cols[1])),
                      let world = wit.world(named: cols[2]) else {
                    XCTFail("cannot load world \(key)")
                    continue
                }
                worlds[key] = wit.resolve.componentType(of: world)
            }
            if components[cols[0]] == nil {
                components[cols[0]] = try Component.decode(path: Repo.path("testdata/" + cols[0]), mode: .shallow)
            }
            let problems = try ComponentValidator(features: .all)
                .targetProblems(of: try XCTUnwrap(components[cols[0]]), world: try XCTUnwrap(worlds[key]))
            checked += 1
            if problems.isEmpty != (cols[3] == "ok") {
                mismatches.append("\(cols[0]) × \(cols[1]) \(cols[2]): expected \(cols[3]), got \(problems)")
            }
        }
        XCTAssertEqual(checked, 576)  // 32 components × 18 worlds
        XCTAssert(mismatches.isEmpty, mismatches.joined(separator: "\n"))
    }
}
