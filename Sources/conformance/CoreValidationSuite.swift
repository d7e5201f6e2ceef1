import Foundation
import WasmBinary
import WasmCore

/// `spec-core` validation verdicts: with each row's feature set (`Features.parse` of the `features` column),
/// valid binaries must validate, invalid ones must fail validation (an error of kind `invalid`), malformed
/// ones must be rejected (normally as `malformed`; wasm-tools also rejects some feature-gated encodings in
/// validation, which is counted as agreement and reported in the summary).
struct CoreValidationSuite: Suite {
    let name = "spec-core"

    func run(directory: String, rows: [ManifestRow], options: RunOptions) -> SuiteResult {
        var misses: [String] = []
        var details: [String] = []
        var counts: [ManifestRow.Expect: (agree: Int, total: Int)] = [.valid: (0, 0), .invalid: (0, 0), .malformed: (0, 0)]
        var malformedAsInvalid = 0
        for row in rows {
            let path = directory + "/" + row.file
            counts[row.expect, default: (0, 0)].total += 1
            let features: Features
            do {
                features = try Features.parse(row.features)
            } catch {
                misses.append("\(row.file): cannot parse features `\(row.features)`: \(error.message)")
                continue
            }
            let storage: ByteStorage
            do {
                storage = try ByteStorage.load(path: path)
            } catch {
                misses.append("\(row.file): cannot read: \(error)")
                continue
            }
            var failure: WasmError?
            do {
                _ = try ModuleValidator.validate(storage.all, features: features, options: ValidationOptions(threads: 1))
            } catch {
                failure = error
            }
            let agrees: Bool
            switch (row.expect, failure) {
            case (.valid, nil):
                agrees = true
            case (.valid, let e?):
                agrees = false
                misses.append("\(row.file): valid but rejected: \(oneLine(e)) [\(row.source)]")
            case (.invalid, nil):
                agrees = false
                misses.append("\(row.file): invalid (\(row.message)) but accepted [\(row.source)]")
            case (.invalid, let e?):
                agrees = e.kind == .invalid
                if !agrees { misses.append("\(row.file): invalid (\(row.message)) but rejected as \(e.kind): \(oneLine(e)) [\(row.source)]") }
            case (.malformed, nil):
                agrees = false
                misses.append("\(row.file): malformed (\(row.message)) but accepted [\(row.source)]")
            case (.malformed, let e?):
                agrees = true
                if e.kind != .malformed {
                    malformedAsInvalid += 1
                    details.append("\(row.file): malformed (\(row.message)) rejected by validation: \(oneLine(e))")
                }
            }
            if agrees { counts[row.expect, default: (0, 0)].agree += 1 }
            if options.verbose, let e = failure, row.expect != .valid {
                details.append("\(row.file): expected \"\(row.message)\", got \"\(e.message)\" [\(e.code)]")
            }
        }
        let total = counts.values.reduce(0) { $0 + $1.total }
        let agree = counts.values.reduce(0) { $0 + $1.agree }
        func part(_ e: ManifestRow.Expect) -> String {
            let c = counts[e] ?? (0, 0)
            return "\(e.rawValue) \(c.agree)/\(c.total)"
        }
        let summary = "spec-core validation: \(agree)/\(total) verdicts agree (\(part(.valid)), \(part(.invalid)), "
            + "\(part(.malformed))\(malformedAsInvalid > 0 ? ", \(malformedAsInvalid) malformed rejected by validation" : "")), 0 crashes"
        return SuiteResult(summary: summary, misses: misses, details: details)
    }

    func oneLine(_ e: WasmError) -> String {
        var s = e.message
        if let o = e.offset { s += " at 0x\(String(o, radix: 16))" }
        if !e.path.isEmpty { s += " in \(e.pathDescription)" }
        return s
    }
}
