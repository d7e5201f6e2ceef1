import Foundation
import TestSupport
import WasmBinary
import WasmText
import XCTest

@testable import Compose
@testable import WasmComponent

/// The composed shell is checked with each valid input's type taken from that input's own validation
/// (`TypeArena.adopt`) instead of validating the input again inside the shell. These tests hold the
/// two ways side by side: the same verdicts, the same errors.
final class AdoptionTests: XCTestCase {
    private func validate(_ text: String, adopting: Bool) -> String {
        do {
            let bytes = try WasmText.parse(Array(text.utf8))
            let component = try Component.decode(ByteSlice(copying: bytes))
            var given: [Int: ValidatedComponent] = [:]
            if adopting {
                for (i, s) in component.sections.enumerated() {
                    guard case .component(let inner) = s else { continue }
                    // Standalone, as compose validates its inputs.
                    let v = try ComponentValidator(features: .all).validated(Component.decode(ByteSlice(copying: inner.encode())))
                    XCTAssertTrue(v.isAdoptable)
                    given[i] = v
                }
                XCTAssertFalse(given.isEmpty)
            }
            _ = try ComponentValidator(features: .all).validated(component, checkingFunctionBodies: true, adopting: given)
            return "valid"
        } catch let error as WasmError {
            return "\(error.code) \(error.message) \(error.path)"
        } catch {
            return "\(error)"
        }
    }

    /// Types, a resource and an alias the wrapper defines before the adopted component, so that the
    /// adopted types land at other indices and resource numbers than in their own validation.
    static let prelude = """
        (type $p0 (list u8))
        (type $p1 (func (param "a" $p0)))
        (type $p2 (instance (export "g" (func (type $p1)))))
        (type $p3 (resource (rep i32)))
        (export $p4 "p3" (type $p3))
        (import "i" (instance $pi (export "r" (type (sub resource)))))
        (alias export $pi "r" (type $p5))
        """

    /// A component defining a resource, instantiated twice: each instance has its own resource, whether the
    /// component's type is validated in place or adopted (a resource identity shifted, not shared).
    func testAdoptedResourcesKeepTheirIdentity() throws {
        func wrapper(_ second: String) -> String {
            """
            (component
              \(AdoptionTests.prelude)
              (component $C
                (type $r (resource (rep i32)))
                (export "r" (type $r))
                (core module $m (func (export "f") (result i32) i32.const 7))
                (core instance $i (instantiate $m))
                (func $f (result u32) (canon lift (core func $i "f")))
                (export "f" (func $f))
              )
              (instance $a (instantiate $C))
              (instance $b (instantiate $C))
              (component $D
                (import "x" (instance $x (export "r" (type (sub resource))) (export "f" (func (result u32)))))
                (alias export $x "r" (type $xr))
                (import "y" (instance (export "r" (type (eq $xr)))))
              )
              (instance (instantiate $D (with "x" (instance $a)) (with "y" (instance \(second)))))
            )
            """
        }
        XCTAssertEqual(validate(wrapper("$a"), adopting: false), "valid")
        XCTAssertEqual(validate(wrapper("$a"), adopting: true), "valid")
        let inPlace = validate(wrapper("$b"), adopting: false)
        XCTAssertNotEqual(inPlace, "valid")
        XCTAssertEqual(validate(wrapper("$b"), adopting: true), inPlace)
    }

    /// Function and value types compared across the adopted types: a match and a mismatch read the same.
    func testAdoptedTypesMatchAndMismatchTheSameWay() throws {
        func wrapper(_ expected: String) -> String {
            """
            (component
              \(AdoptionTests.prelude)
              (component $C
                (type $rec (record (field "a" u32) (field "b" (list string))))
                (export $e "rec" (type $rec))
                (core module $mm
                  (memory (export "mem") 1)
                  (func (export "re") (param i32 i32 i32 i32) (result i32) unreachable)
                  (func (export "f") (param i32 i32 i32)))
                (core instance $mi (instantiate $mm))
                (alias core export $mi "mem" (core memory $mem))
                (alias core export $mi "re" (core func $re))
                (func $f (param "x" $e) (canon lift (core func $mi "f") (memory $mem) (realloc $re)))
                (export "f" (func $f) (func (param "x" $e)))
              )
              (instance $a (instantiate $C))
              (component $D
                (import "x" (instance
                  (type $r0 \(expected))
                  (export "rec" (type $t (eq $r0)))
                  (export "f" (func (param "x" $t)))))
              )
              (instance (instantiate $D (with "x" (instance $a))))
            )
            """
        }
        let good = wrapper("(record (field \"a\" u32) (field \"b\" (list string)))")
        let bad = wrapper("(record (field \"a\" u32) (field \"b\" (list u8)))")
        XCTAssertEqual(validate(good, adopting: false), "valid")
        XCTAssertEqual(validate(good, adopting: true), "valid")
        let inPlace = validate(bad, adopting: false)
        XCTAssertNotEqual(inPlace, "valid")
        XCTAssertEqual(validate(bad, adopting: true), inPlace)
    }

    /// A component whose type has a core module in it is not adopted (core types are interned per run):
    /// the validator validates that section itself.
    func testCoreModuleTypesAreNotAdopted() throws {
        let inner = try WasmText.parse(Array("(component (core module $m) (export \"m\" (core module $m)))".utf8))
        let v = try ComponentValidator(features: .all).validated(Component.decode(ByteSlice(copying: inner)))
        XCTAssertFalse(v.isAdoptable)
        let outer = Component(sections: [.component(try Component.decode(ByteSlice(copying: inner)))])
        XCTAssertNoThrow(try ComponentValidator(features: .all).validated(outer, checkingFunctionBodies: true, adopting: [0: v]))
    }

    /// Every committed composition fixture: the shell check with adopted input types reports exactly what
    /// the check with each input validated (as its interface) inside the shell reports.
    func testShellChecksAgreeOnEveryFixture() throws {
        var pairs: [(String, URL, URL)] = []
        let root = Repo.fixtures.appendingPathComponent("ComposeTests")
        for folder in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let dir = root.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            where file.hasSuffix("-consumer.wasm") {
                let name = String(file.dropLast("-consumer.wasm".count))
                pairs.append((name, dir.appendingPathComponent(file), dir.appendingPathComponent(name + "-provider.wasm")))
            }
        }
        XCTAssertGreaterThanOrEqual(pairs.count, 8)
        var failing = 0
        for (name, consumer, provider) in pairs {
            func outcome(_ adopting: Bool) throws -> String {
                let c = try Make.compose([("app", [UInt8](try Data(contentsOf: consumer))),
                                          ("lib", [UInt8](try Data(contentsOf: provider)))])
                c.adoptsValidatedInputs = adopting
                do {
                    try c.check()
                    return "valid"
                } catch {
                    return "\(error.code) \(error.message) \(error.path)"
                }
            }
            let adopted = try outcome(true)
            XCTAssertEqual(adopted, try outcome(false), name)
            if adopted != "valid" { failing += 1 }
        }
        XCTAssertGreaterThan(failing, 2, "the fixtures include wires that do not type-check")
    }

    /// Adoption into an arena that has resources, aliases and types of its own: the adopted component's
    /// resources get numbers the arena has not used, the arena's own resource names stay, and the adopted
    /// type reads as it did in its own arena.
    func testAdoptionShiftsEveryIdentity() throws {
        func validated(_ text: String) throws -> ValidatedComponent {
            try ComponentValidator(features: .all).validated(Component.decode(ByteSlice(copying: WasmText.parse(Array(text.utf8)))))
        }
        let host = try validated("(component \(AdoptionTests.prelude))")
        let guest = try validated("""
            (component
              (import "in" (instance $i (export "q" (type (sub resource)))))
              (alias export $i "q" (type $q))
              (type $r (resource (rep i32)))
              (export $er "r" (type $r))
              (type $own (own $q))
              (export "own-q" (type $own))
            )
            """)
        let arena = host.arena
        let before = (resources: arena.nextResource, names: arena.resourceNames, defined: arena.defined.count)
        XCTAssertGreaterThan(before.resources, 0)
        let adopted = try XCTUnwrap(arena.adopt(component: guest.type, from: guest.arena))
        let ty = arena[component: adopted]
        let own = guest.arena[component: guest.type]
        XCTAssertEqual(ty.importedResources.count, own.importedResources.count)
        XCTAssertEqual(ty.definedResources.count, own.definedResources.count)
        for (r, _) in ty.importedResources + ty.definedResources {
            XCTAssertGreaterThan(r.raw, before.resources, "a resource number the arena had used")
            XCTAssertLessThanOrEqual(r.raw, arena.nextResource)
        }
        for (r, name) in before.names { XCTAssertEqual(arena.resourceNames[r], name) }
        XCTAssertEqual(arena.defined.count, before.defined + guest.arena.defined.count)
        XCTAssertEqual(ty.imports.keys, own.imports.keys)
        XCTAssertEqual(ty.exports.keys, own.exports.keys)
        // `own-q` still names an `own` of the imported resource, now under its new number.
        guard case .type(let referenced, _)? = ty.exports["own-q"]?.entity,
              case .own(let q) = arena[defined: referenced].type else { return XCTFail("own-q is not an own type") }
        XCTAssertEqual(q.resource, ty.importedResources.first?.0)
    }
}
