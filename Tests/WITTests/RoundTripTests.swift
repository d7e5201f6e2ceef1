import TestSupport
import XCTest

@testable import WIT

/// parse → print → parse gives the same model, and printing is a fixed point.
final class RoundTripTests: XCTestCase {
    func roundTrip(_ path: String, options: ResolveOptions = ResolveOptions(), line: UInt = #line) {
        guard case .success(let first) = WIT.load(path: path, options: options) else {
            return XCTFail("\(path) does not load", line: line)
        }
        let text = first.printed()
        switch WIT.load(source: text, path: "printed.wit", options: options) {
        case .failure(let f):
            XCTFail("\(path): printed text does not parse:\n\(f.rendered)\n\(text)", line: line)
        case .success(let second):
            XCTAssertEqual(ModelDump.dump(second, normalizeDocs: true), ModelDump.dump(first, normalizeDocs: true),
                           "\(path): model changed", line: line)
            XCTAssertEqual(second.resolve.packages.count, first.resolve.packages.count, line: line)
            // From the second print on, text and model are exactly stable.
            let text2 = second.printed()
            guard case .success(let third) = WIT.load(source: text2, path: "printed2.wit", options: options) else {
                return XCTFail("\(path): second print does not parse", line: line)
            }
            XCTAssertEqual(ModelDump.dump(third), ModelDump.dump(second), "\(path): model changed on second round", line: line)
            XCTAssertEqual(third.printed(), text2, "\(path): printing is not a fixed point", line: line)
        }
    }

    func testCorpusRoundTrips() {
        let entries = Repo.list(Repo.witCorpus.path)
        XCTAssertFalse(entries.isEmpty)
        for e in entries { roundTrip(e) }
    }

    func testGatedCorpusRoundTripsWithFeatures() {
        let gates = Repo.witCorpus.path + "/gates.wit"
        roundTrip(gates, options: ResolveOptions(features: ["fancy-calc"]))
        roundTrip(gates, options: ResolveOptions(allFeatures: true))
    }

    func testModelDumpSeesDifferences() throws {
        // The comparison above is only meaningful if the dump distinguishes models.
        let a = try resolved("package a:b;\ninterface i { f: func(x: u8); }\n")
        let b = try resolved("package a:b;\ninterface i { f: func(x: u16); }\n")
        let c = try resolved("package a:b;\ninterface i { /// d\n f: func(x: u8); }\n")
        XCTAssertNotEqual(ModelDump.dump(a), ModelDump.dump(b))
        XCTAssertNotEqual(ModelDump.dump(a), ModelDump.dump(c))
    }

    func testEscapedNamesRoundTrip() throws {
        let w = try resolved("package a:b;\ninterface %interface { type %type = u8; %func: func(%use: %type) -> %type; }\n")
        let text = w.printed()
        XCTAssertTrue(text.contains("interface %interface {"))
        XCTAssertTrue(text.contains("%func: func(%use: %type) -> %type;"))
        let again = try resolved(text)
        XCTAssertEqual(ModelDump.dump(again), ModelDump.dump(w))
    }
}
