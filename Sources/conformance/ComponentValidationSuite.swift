import Foundation
import WasmBinary
import WasmCore
import WasmComponent

/// `spec-component validation`: every row of the component corpus through `ComponentValidator`
/// (decoding included): valid rows must be accepted, invalid and malformed rows rejected.
///
/// Rows are validated with their manifest features (`all`) minus `cm-nested-names`: the upstream
/// tests are written for the Component Model without 🪺 nested namespaces (`extern-names` t.10/t.11
/// expect `foo:bar:baz/qux` and `foo:bar/baz/qux` to be rejected), while wasm-tools' `all` enables it.
struct ComponentValidationSuite: Suite {
    let name = "spec-component"

    func run(directory: String, rows: [ManifestRow], options: RunOptions) -> SuiteResult {
        var misses: [String] = []
        var agree = 0
        var valid = 0, validOK = 0, invalid = 0, invalidOK = 0, malformed = 0, malformedOK = 0
        var invalidAsMalformed = 0
        var details: [String] = []
        for row in rows {
            let path = directory + "/" + row.file
            let storage: ByteStorage
            let features: Features
            do {
                storage = try ByteStorage.load(path: path)
                features = try Features.parse(row.features).subtracting(.cmNestedNames)
            } catch {
                misses.append("\(row.file): cannot prepare: \(error)")
                continue
            }
            var failure: WasmError?
            do {
                try ComponentValidator(features: features).validate(bytes: storage.all)
            } catch {
                failure = error
            }
            switch row.expect {
            case .valid:
                valid += 1
                if let failure {
                    misses.append("\(row.file): valid but rejected: \(failure) [\(row.source)]")
                } else {
                    validOK += 1
                    agree += 1
                }
            case .invalid, .malformed:
                if row.expect == .invalid { invalid += 1 } else { malformed += 1 }
                guard let failure else {
                    misses.append("\(row.file): \(row.expect.rawValue) (\(row.message)) but accepted [\(row.source)]")
                    continue
                }
                agree += 1
                if row.expect == .invalid {
                    invalidOK += 1
                    if failure.kind == .malformed { invalidAsMalformed += 1 }
                } else {
                    malformedOK += 1
                }
                if options.verbose {
                    details.append("\(row.file): expected \"\(row.message)\", got \"\(failure.message)\" [\(failure.code)] "
                                   + "at \(failure.pathDescription)")
                }
            }
        }
        let summary = "spec-component validation: \(agree)/\(rows.count) verdicts agree (valid accepted \(validOK)/\(valid), "
            + "invalid rejected \(invalidOK)/\(invalid) (\(invalidAsMalformed) while decoding), "
            + "malformed rejected \(malformedOK)/\(malformed)), 0 crashes"
        return SuiteResult(summary: summary, misses: misses, details: details)
    }
}
