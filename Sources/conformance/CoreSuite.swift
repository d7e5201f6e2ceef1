import Foundation
import WasmBinary
import WasmCore

/// `spec-core`: every malformed binary must fail to decode; every valid and invalid one must decode, survive
/// `decode(encode(decode(b))) == decode(b)`, and re-encode byte-identically unless the decoder saw a
/// non-minimal LEB128 (other differences are classified exceptions). Every truncated prefix of every valid
/// binary is decoded too (it must not crash).
struct CoreSuite: Suite {
    let name = "spec-core"

    func run(directory: String, rows: [ManifestRow], options: RunOptions) -> SuiteResult {
        var misses: [String] = []
        var malformed = 0, malformedRejected = 0
        var decodable = 0, decoded = 0
        var roundTrips = 0, roundTripEqual = 0, identical = 0, nonMinimal = 0
        var exceptions = Tally()
        var prefixes = 0, prefixesAccepted = 0
        var prefixRejections = Tally()
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
            switch row.expect {
            case .malformed:
                malformed += 1
                do {
                    _ = try Module.decode(bytes)
                    misses.append("\(row.file): malformed (\(row.message)) but decoded [\(row.source)]")
                } catch {
                    malformedRejected += 1
                    if error.kind != .malformed {
                        misses.append("\(row.file): rejected with kind \(error.kind): \(error)")
                    }
                    if options.verbose {
                        verboseLines.append("\(row.file): expected \"\(row.message)\", got \"\(error.message)\" [\(error.code)]")
                    }
                }
            case .valid, .invalid:
                decodable += 1
                var report = ModuleDecodeReport()
                let module: Module
                do {
                    module = try Module.decode(bytes, report: &report)
                } catch {
                    misses.append("\(row.file): \(row.expect.rawValue) but failed to decode: \(error) [\(row.source)]")
                    continue
                }
                decoded += 1
                roundTrips += 1
                let encoded = module.encode()
                do {
                    let again = try Module.decode(encoded)
                    if again == module {
                        roundTripEqual += 1
                    } else {
                        misses.append("\(row.file): decode(encode(m)) != m")
                    }
                } catch {
                    misses.append("\(row.file): re-encoded module fails to decode: \(error)")
                }
                let original = bytes.array
                if encoded == original {
                    identical += 1
                } else if report.sawNonMinimalEncoding {
                    nonMinimal += 1
                } else {
                    exceptions.add(classify(original: original, encoded: encoded), example: row.file)
                }
                if row.expect == .valid && !options.skipPrefixes {
                    for n in 0..<original.count {
                        prefixes += 1
                        do {
                            _ = try Module.decode(bytes.slice(0..<n))
                            prefixesAccepted += 1
                        } catch {
                            prefixRejections.add(error.code.rawValue, example: "\(row.file)[0..<\(n)]")
                        }
                    }
                }
            }
        }

        var summary = "\(name): malformed rejected \(malformedRejected)/\(malformed), "
            + "valid+invalid decoded \(decoded)/\(decodable), "
            + "round-trip equal \(roundTripEqual)/\(roundTrips) "
            + "(byte-identical \(identical), non-minimal LEB128 \(nonMinimal), exceptions \(exceptions.total)"
        if exceptions.total > 0 { summary += ": " + exceptions.summary }
        summary += ")"
        if options.skipPrefixes {
            summary += ", truncated prefixes skipped"
        } else {
            summary += ", truncated prefixes \(prefixes) (0 crashes; rejected \(prefixes - prefixesAccepted), "
                + "accepted at section boundaries \(prefixesAccepted))"
        }
        var details = exceptions.counts.keys.sorted().map { "exception \($0): e.g. \(exceptions.examples[$0] ?? "")" }
        details += prefixRejections.counts.sorted { $0.key < $1.key }.map { "prefix rejections [\($0.key)]: \($0.value)" }
        details += verboseLines
        return SuiteResult(summary: summary, misses: misses, details: details)
    }

    /// Explains why a re-encoding differs although every LEB128 was minimal.
    func classify(original: [UInt8], encoded: [UInt8]) -> String {
        var i = 0
        while i < original.count && i < encoded.count && original[i] == encoded[i] { i += 1 }
        if i < original.count, i < encoded.count,
           original[i] == 0x63, AbstractHeapType(rawValue: encoded[i]) != nil,
           i + 1 < original.count, original[i + 1] == encoded[i] {
            return "reference type in long form (0x63 <heap type>) re-encoded in short form"
        }
        let o = original[i..<min(original.count, i + 8)].map { String($0, radix: 16) }.joined(separator: " ")
        let e = encoded[i..<min(encoded.count, i + 8)].map { String($0, radix: 16) }.joined(separator: " ")
        return "unclassified difference at 0x\(String(i, radix: 16)): [\(o)] vs [\(e)]"
    }
}
