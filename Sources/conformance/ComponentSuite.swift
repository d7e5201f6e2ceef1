import Foundation
import WasmBinary
import WasmComponent

/// `spec-component`: every malformed binary must fail to decode (kind `malformed`); every valid and invalid
/// one must decode in full and shallow mode to the same model, survive `decode(encode(decode(b))) ==
/// decode(b)` (nested components re-encoded too), and re-encode byte-identically unless the decoder saw a
/// non-minimal LEB128. The type space is built for each (it must not trap; unresolved references are
/// counted, not failures: validation is separate). Every truncated prefix of every valid binary is decoded.
struct ComponentSuite: Suite {
    let name = "spec-component"

    func run(directory: String, rows: [ManifestRow], options: RunOptions) -> SuiteResult {
        var misses: [String] = []
        var malformed = 0, malformedRejected = 0
        var decodable = 0, decoded = 0, shallowEqual = 0
        var roundTripEqual = 0, identical = 0, nonMinimal = 0
        var exceptions = Tally()
        var spacesWithErrors = 0
        var prefixes = 0, prefixesAccepted = 0
        var verboseLines: [String] = []

        for row in rows {
            let path = directory + "/" + row.file
            let storage: ByteStorage
            do {
                storage = try ByteStorage.load(path: path)
            } catch {
                misses.append("\(row.file): cannot read: \(error)")
                continue
            }
            let bytes = storage.all
            if row.expect == .malformed {
                malformed += 1
                do {
                    _ = try Component.decode(bytes, mode: .full)
                    misses.append("\(row.file): malformed (\(row.message)) but decoded [\(row.source)]")
                } catch {
                    malformedRejected += 1
                    if error.kind != .malformed { misses.append("\(row.file): rejected with kind \(error.kind): \(error)") }
                    if options.verbose {
                        verboseLines.append("\(row.file): expected \"\(row.message)\", got \"\(error.message)\" [\(error.code)]")
                    }
                }
                continue
            }
            decodable += 1
            let component: Component
            do {
                component = try Component.decode(bytes, mode: .full)
            } catch {
                misses.append("\(row.file): \(row.expect.rawValue) but failed to decode: \(error) [\(row.source)]")
                continue
            }
            decoded += 1
            if (try? Component.decode(bytes, mode: .shallow)) == component { shallowEqual += 1 }
            else { misses.append("\(row.file): shallow decoding differs from full decoding") }
            let encoded = component.encode(reuseNestedBytes: false)
            do {
                if try Component.decode(ByteSlice(copying: encoded), mode: .full) == component { roundTripEqual += 1 }
                else { misses.append("\(row.file): decode(encode(c)) != c") }
            } catch {
                misses.append("\(row.file): re-encoded component fails to decode: \(error)")
            }
            let original = bytes.array
            if encoded == original { identical += 1 }
            else if component.sawNonMinimalEncoding { nonMinimal += 1 }
            else { exceptions.add(firstDifference(original, encoded), example: row.file) }
            if !TypeSpace(component).errors.isEmpty { spacesWithErrors += 1 }
            if row.expect == .valid && !options.skipPrefixes {
                for n in 0..<original.count {
                    prefixes += 1
                    if (try? Component.decode(bytes.slice(0..<n), mode: .full)) != nil { prefixesAccepted += 1 }
                }
            }
        }

        var summary = "\(name): malformed rejected \(malformedRejected)/\(malformed), "
            + "valid+invalid decoded \(decoded)/\(decodable) (shallow = full \(shallowEqual)), "
            + "round-trip equal \(roundTripEqual)/\(decoded) "
            + "(byte-identical \(identical), non-minimal LEB128 \(nonMinimal), exceptions \(exceptions.total)"
        if exceptions.total > 0 { summary += ": " + exceptions.summary }
        summary += "), type spaces with unresolved references \(spacesWithErrors)"
        if options.skipPrefixes {
            summary += ", truncated prefixes skipped"
        } else {
            summary += ", truncated prefixes \(prefixes) (0 crashes; rejected \(prefixes - prefixesAccepted), "
                + "accepted at section boundaries \(prefixesAccepted))"
        }
        var details = exceptions.counts.keys.sorted().map { "exception \($0): e.g. \(exceptions.examples[$0] ?? "")" }
        details += verboseLines
        return SuiteResult(summary: summary, misses: misses, details: details)
    }

    func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
        var i = 0
        while i < a.count && i < b.count && a[i] == b[i] { i += 1 }
        return "unclassified difference at 0x\(String(i, radix: 16))"
    }
}
