import Foundation
import WasmBinary
import WasmCore
import TestSupport
import XCTest

@testable import WasmComponent

/// wcomp's feature flags against wasm-tools 1.262, from the committed table `testdata/features/verdicts.tsv`
/// (made by `testdata/regenerate`; no tool runs here): one tiny case per feature pins the default set, and
/// every case must get wasm-tools' verdict under each `--features` set the table lists.
final class FeatureTableTests: XCTestCase {
    struct Row {
        var file: String
        var pins: String
        var features: String
        var valid: Bool
        var message: String
    }

    static func rows() throws -> [Row] {
        let url = Repo.testdata.appendingPathComponent("features/verdicts.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }.dropFirst()
            .map { line in
                let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                return Row(file: c[0], pins: c[1], features: c[2], valid: c[3] == "valid", message: c.count > 4 ? c[4] : "")
            }
    }

    /// wcomp's verdict: nil when valid, else the error.
    static func validate(_ file: String, features: Features) throws -> WasmError? {
        let storage = try ByteStorage.load(path: Repo.testdata(file))
        do {
            if BinaryKind.detect(storage.all) == .component {
                try ComponentValidator(features: features).validate(bytes: storage.all)
            } else {
                _ = try ModuleValidator.validate(storage.all, features: features)
            }
            return nil
        } catch {
            return error
        }
    }

    func testDefaultFeatureSetIsWasmTools() throws {
        let rows = try Self.rows()
        var onByDefault: Set<String> = [], pinned: Set<String> = []
        for name in Set(rows.map(\.pins)) where !name.isEmpty {
            func verdict(_ fs: String) -> Bool? { rows.first { $0.pins == name && $0.features == fs }?.valid }
            pinned.insert(name)
            switch (verdict(""), verdict("-" + name), verdict(name)) {
            case (true, false, true): onByDefault.insert(name)
            case (false, false, true): break
            case let v: XCTFail("features/\(name).wat does not pin `\(name)`: wasm-tools says \(v)")
            }
        }
        XCTAssertEqual(pinned.sorted(), Features.named.map(\.name).sorted(), "every feature has a case, and no other")
        XCTAssertEqual(Features.default.names.sorted(), onByDefault.sorted())
        // The set itself, not only the names: no stray bits (the two-bit proposals are named by both halves).
        XCTAssertEqual(Features.default, try Features.parse(onByDefault.sorted().joined(separator: ","), base: []))
    }

    func testVerdictsMatchWasmTools() throws {
        var misses: [String] = []
        let rows = try Self.rows()
        for row in rows {
            let features = try Features.parse(row.features)
            let error = try Self.validate(row.file, features: features)
            if (error == nil) != row.valid {
                misses.append("\(row.file) --features=\(row.features): wasm-tools says "
                    + (row.valid ? "valid" : "invalid (\(row.message))") + ", wcomp says " + (error.map { "\($0)" } ?? "valid"))
            }
        }
        XCTAssertGreaterThan(rows.count, 250)
        XCTAssert(misses.isEmpty, "\(misses.count) verdicts differ:\n" + misses.joined(separator: "\n"))
    }
}
