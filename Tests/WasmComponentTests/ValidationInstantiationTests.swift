import Foundation
import WasmBinary
import WasmCore
import XCTest

@testable import WasmComponent

/// Instantiation: component subtyping with paths to the difference, resource substitution and
/// freshness, core module instantiation, ascriptions, aliases of instance exports, start and values.
final class ValidationInstantiationTests: XCTestCase {
    func testMismatchPathLeadsToTheDifference() throws {
        try assertInvalid("mismatch-path-leads-to-the-difference-1", .incompatibleType, "expected string, found list<u8>",
            path: ["component", "instance 1", "import \"cache\"", "func get", "result", "ok"])
        try assertInvalid("mismatch-path-leads-to-the-difference-2", .incompatibleType, "expected no result, found one", path: ["component", "instance 0", "import \"f\""])
        try assertInvalid("mismatch-path-leads-to-the-difference-3", .incompatibleType, "expected u8, found u16",
            path: ["component", "instance 0", "import \"r\"", "field \"b\"", "tuple field 1"])
    }

    func testMissingArgumentsAndDuplicates() throws {
        try assertInvalid("missing-arguments-and-duplicates-1", .missingArgument, "missing import named `x`", path: ["component", "instance 0"])
        try assertInvalid("missing-arguments-and-duplicates-2", .nameConflict, "instantiation argument `x` conflicts with previous argument `x`",
            path: ["component", "instance 0"])
        // More arguments than imports is fine.
        try assertValid("missing-arguments-and-duplicates-3")
    }

    func testResourcesSubstituteAndStayFresh() throws {
        // The argument's resource is substituted for the import everywhere it is used.
        try assertValid("resources-substitute-and-stay-fresh-1")
        // Two different resources do not match.
        try assertInvalid("resources-substitute-and-stay-fresh-2", .incompatibleType, "resource types are not the same",
            path: ["component", "instance 0", "import \"make\"", "result"])
        // Each instantiation defines fresh resources.
        try assertInvalid("resources-substitute-and-stay-fresh-3", .incompatibleType, "resource types are not the same", path: ["component", "instance 2", "import \"r2\""])
    }

    func testCoreModuleInstantiation() throws {
        try assertInvalid("core-module-instantiation-1", .missingArgument, "missing module instantiation argument named `env`", path: ["component", "core instance 0"])
        try assertInvalid("core-module-instantiation-2", .incompatibleType, "expected (func), found (func (param i32))",
            path: ["component", "core instance 1", "with \"env\" export \"f\""])
        try assertInvalid("core-module-instantiation-3", .incompatibleType, "mismatch in the shared flag for memories",
            path: ["component", "core instance 1", "with \"env\" export \"m\""])
        try assertInvalid("core-module-instantiation-4", .nameConflict,
                          "module has a duplicate import name `a:b` that is not allowed in components",
                          path: ["component", "core module 0"])
    }

    func testAscriptionsAndAliases() throws {
        try assertInvalid("ascriptions-and-aliases-1", .incompatibleType, "ascribed type of export is not compatible with item's type: expected s32, found u32",
            path: ["component", "export \"g\"", "param \"x\""])
        try assertInvalid("ascriptions-and-aliases-2", .unknownExport,
                          "instance 0 has no export named `x`", path: ["component", "alias export 0 \"x\" (func)"])
        try assertInvalid("ascriptions-and-aliases-3",
                          .sortMismatch, "export `x` for instance 0 is not a type",
                          path: ["component", "alias export 0 \"x\" (type)"])
    }

    func testStartAndValues() throws {
        try assertInvalid("start-and-values-1", .featureDisabled,
                          "component model `value`s (the `cm-values` feature is not enabled)",
                          path: ["component", "import \"v\""], features: .default)
        try assertInvalid("start-and-values-2", .valueUse,
                          "value 0 was not used as part of an instantiation, start function, or export",
                          path: ["component"])
        try assertInvalid("start-and-values-3",
                          .valueUse, "value 0 cannot be used more than once", path: ["component", "export \"b\""])
        try assertValid("start-and-values-4")
    }
}
