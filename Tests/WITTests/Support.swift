import Foundation
import XCTest

/// Skips (or, with WCOMP_REQUIRE_ORACLES=1, fails) when a reference tool or shared file is missing.
func requireOracle(_ available: Bool, _ what: String) throws {
    if available { return }
    if ProcessInfo.processInfo.environment["WCOMP_REQUIRE_ORACLES"] == "1" {
        XCTFail("required oracle missing: \(what)")
        throw XCTSkip("missing \(what)")
    }
    throw XCTSkip("missing \(what)")
}
