import Foundation
import TestSupport
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Component × world checks (`targetProblems`) against `wasm-tools component targets` verdicts
/// (testdata/worlds/targets.tsv). Worlds come from the packages `wasm-tools component wit --wasm` encodes
/// (fixtures `packages/<dir>/<name>.wasm`, made by testdata/regenerate); the CLI uses WIT's own mapping.
final class ValidationTargetTests: XCTestCase {
    /// The component type of `world` in the WIT package `wit` (relative to testdata/) encoded by wasm-tools.
    func worldType(wit: String, world: String) throws -> ComponentType {
        let c = try Component.decode(bytes: try fixture("packages/" + wit.dropLast(".wit".count)))
        var types: [ComponentType?] = []
        for section in c.sections {
            switch section {
            case .types(let ts): types.append(contentsOf: ts.map { Optional($0) })
            case .exports(let es):
                for e in es where e.kind == .type {
                    let t = Int(e.index) < types.count ? types[Int(e.index)] : nil
                    if e.name.name == world, case .component(let decls)? = t, case .type(let inner)? = decls.first {
                        return inner
                    }
                    types.append(t)
                }
            default: break
            }
        }
        throw NSError(domain: "no world \(world) in \(wit)", code: 1)
    }

    func testAgreesWithWasmToolsTargets() throws {
        let root = Repo.testdata
        let text = try String(contentsOf: root.appendingPathComponent("worlds/targets.tsv"), encoding: .utf8)
        var worlds: [String: ComponentType] = [:]
        var components: [String: Component] = [:]
        var checked = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("component\t") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 4 else { continue }
            let key = cols[1] + "#" + cols[2]
            if worlds[key] == nil { worlds[key] = try worldType(wit: cols[1], world: cols[2]) }
            if components[cols[0]] == nil {
                components[cols[0]] = try Component.decode(path: root.appendingPathComponent(cols[0]).path, mode: .shallow)
            }
            let problems = try ComponentValidator(features: .all)
                .targetProblems(of: try XCTUnwrap(components[cols[0]]), world: try XCTUnwrap(worlds[key]))
            let row = "\(cols[0]) × \(cols[1]) \(cols[2])"
            checked += 1
            if cols[3] == "ok" {
                XCTAssertEqual(problems, [], row)
                continue
            }
            XCTAssertFalse(problems.isEmpty, row)
            // wasm-tools stops at the first problem; it must be among ours.
            let last = cols.count > 4 ? (cols[4].components(separatedBy: " / ").last ?? "") : ""
            if last.hasPrefix("missing import named `") {
                let name = String(last.dropFirst("missing import named `".count).dropLast())
                XCTAssert(problems.contains { $0.kind == .importNotInWorld && $0.name == name }, "\(row): \(problems)")
            } else if last.hasPrefix("missing export named `") {
                let name = String(last.dropFirst("missing export named `".count).dropLast())
                XCTAssert(problems.contains { $0.kind == .exportNotInComponent && $0.name == name }, "\(row): \(problems)")
            } else {
                XCTAssert(problems.contains { $0.kind == .typeMismatch }, "\(row): \(problems)")
            }
        }
        XCTAssertEqual(checked, 576)  // 32 components × 18 worlds
    }

    /// Every problem is reported, grouped by kind, with the path to a type difference.
    func testReportsEveryProblemWithPaths() throws {
        let consumer = try Component.decode(path: Repo.testdata("cache/consumer.wasm"), mode: .shallow)
        let mismatch = try worldType(wit: "mismatch/cache.wit", world: "consumer")
        let problems = try ComponentValidator(features: .all).targetProblems(of: consumer, world: mismatch)
        XCTAssertEqual(problems, [TargetProblem(kind: .typeMismatch, isImport: true, name: "example:cache/cache@0.1.0",
                                                message: "expected result<list<u8>, error>, found string",
                                                path: ["func get", "result"])])
        let provider = try worldType(wit: "cache/cache.wit", world: "provider")
        let all = try ComponentValidator(features: .all).targetProblems(of: consumer, world: provider)
        XCTAssertTrue(all.contains { $0.kind == .importNotInWorld && $0.name == "example:cache/cache@0.1.0" })
        XCTAssertTrue(all.contains { $0.kind == .exportNotInComponent && $0.name == "example:cache/cache@0.1.0" })
    }

    func testSemverCompatibleNames() {
        XCTAssertTrue(TypeArena.semverCompatible("a:b/c@0.1.0", "a:b/c@0.1.3"))
        XCTAssertTrue(TypeArena.semverCompatible("a:b/c@1.0.0", "a:b/c@1.4.0"))
        // A pre-release is only compatible with itself (as in compose and wit-parser).
        XCTAssertFalse(TypeArena.semverCompatible("a:b/c@1.0.0", "a:b/c@1.4.0-rc.1"))
        XCTAssertFalse(TypeArena.semverCompatible("a:b/c@0.1.0", "a:b/c@0.2.0"))
        XCTAssertFalse(TypeArena.semverCompatible("a:b/c@0.0.1", "a:b/c@0.0.2"))
        XCTAssertFalse(TypeArena.semverCompatible("a:b/c@1.0.0", "a:b/d@1.0.0"))
        XCTAssertFalse(TypeArena.semverCompatible("a:b/c", "a:b/c"))
    }
}
