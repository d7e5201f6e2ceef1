import TestSupport
import WasmBinary
import XCTest

@testable import WasmText

/// Function bodies printed by worker threads (``Printer/code(_:_:count:)``) give the same text as
/// printed on one thread: in order, with the same names and line layout, the same partial text before an
/// error, and the same error.
final class ParallelPrintTests: XCTestCase {
    /// Options that send every code section, however small, through the workers, in chunks of about
    /// `chunkBytes`, their text in pieces of `pieceBytes` (at least 64), a worker waiting once its chunk
    /// holds `textBytes` and is not being written.
    static func parallel(_ base: PrintOptions, threads: Int = 3, chunkBytes: Int, pieceBytes: Int = 64,
                         textBytes: Int = 200) -> PrintOptions {
        var o = base
        o.threads = threads
        o.parallelMinimum = 0
        o.chunkBytes = chunkBytes
        o.pieceBytes = pieceBytes
        o.chunkTextBytes = textBytes
        return o
    }

    static func one(_ base: PrintOptions) -> PrintOptions {
        var o = base
        o.threads = 1
        return o
    }

    /// The text (all that was written, also before an error) and the error, if any.
    static func run(_ bytes: ByteSlice, _ options: PrintOptions, chunkSize: Int = 1 << 20) -> (String, WasmError?) {
        var all: [UInt8] = []
        let out = TextOutput(chunkSize: chunkSize) { b in all.append(contentsOf: b) }
        var failure: WasmError?
        do throws(WasmError) { try WasmText.print(bytes, options: options, to: out) } catch { failure = error }
        return (String(decoding: all, as: UTF8.self), failure)
    }

    func testEveryFixtureAndFlagPrintsTheSameOnWorkers() throws {
        let folder = fixtureFolder.deletingLastPathComponent().appendingPathComponent("PrintTests")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".wasm") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 6)
        for name in names {
            let bytes = ByteSlice(copying: try [UInt8](Data(contentsOf: folder.appendingPathComponent(name))))
            for (infix, flags) in PrintTests.flags {
                let (expected, expectedError) = Self.run(bytes, Self.one(flags))
                for chunkBytes in [1, 7, 200] {
                    let (text, error) = Self.run(bytes, Self.parallel(flags, chunkBytes: chunkBytes), chunkSize: 64)
                    XCTAssertEqual(error?.description, expectedError?.description, "\(name) \(infix) \(chunkBytes)")
                    if text != expected {
                        XCTFail("\(name) \(infix)chunks of \(chunkBytes): first difference at line \(firstDifference(text, expected))")
                    }
                }
            }
        }
    }

    /// A module of `n` functions `(param i32) (result i32)`, named `$fK`, with bodies of different sizes
    /// (every 97th one large, so that its text takes many pieces and its worker waits for them to be
    /// written). `bad`: the body of that
    /// function holds an unknown opcode half-way.
    static func module(functions n: Int, bad: Int? = nil, truncated: Bool = false) -> [UInt8] {
        var bodies: [[UInt8]] = []
        for k in 0..<n {
            var code: [UInt8] = [0x01, 0x01, 0x7f]  // one i32 local
            let repeats = k % 97 == 96 ? 400 : 1 + k % 13
            for j in 0..<repeats {
                code += [0x02, 0x40, 0x20, 0x00] + [0x41] + Bytes.u32(UInt32(j % 50)) + [0x6a, 0x21, 0x01, 0x0b]
                if k == bad && j == repeats / 2 { code.append(0xff) }
            }
            code += [0x20, 0x01, 0x0b]
            bodies.append(Bytes.u32(UInt32(code.count)) + code)
        }
        var codeSection = Bytes.vec(bodies)
        if truncated {
            // The last entry claims more bytes than the section has.
            codeSection += Bytes.u32(1000)
            codeSection = Bytes.u32(UInt32(n + 1)) + Array(codeSection.dropFirst(Bytes.u32(UInt32(n)).count))
        }
        let types = Bytes.section(1, Bytes.vec([Bytes.funcType([0x7f], [0x7f])]))
        let funcs = Bytes.section(3, Bytes.vec([[UInt8]](repeating: [0x00], count: n + (truncated ? 1 : 0))))
        let names = Bytes.names((0..<n).map { (UInt32($0), "f\($0)") })
        return Bytes.module(types, funcs, Bytes.section(10, codeSection), names)
    }

    func testManyFunctionsPrintInOrder() {
        let bytes = ByteSlice(copying: Self.module(functions: 3000))
        let (expected, e1) = Self.run(bytes, Self.one(PrintOptions()))
        XCTAssertNil(e1)
        XCTAssertTrue(expected.contains("(func $f2999 (;2999;) (type 0) (param i32) (result i32)"))
        for (threads, chunkBytes) in [(2, 64), (3, 1000), (8, 4096)] {
            let (text, error) = Self.run(bytes, Self.parallel(PrintOptions(), threads: threads, chunkBytes: chunkBytes))
            XCTAssertNil(error)
            XCTAssertTrue(text == expected, "threads \(threads), chunks of \(chunkBytes): first difference at line \(firstDifference(text, expected))")
        }
        // The default options, on a section above the threshold.
        XCTAssertEqual(Self.run(bytes, PrintOptions()).0, expected)
    }

    func testMalformedBodyOnAWorkerPrintsWhatPrecedes() {
        for bad in [0, 1500, 2999] {
            let bytes = ByteSlice(copying: Self.module(functions: 3000, bad: bad))
            let (expected, e1) = Self.run(bytes, Self.one(PrintOptions()))
            XCTAssertNotNil(e1)
            let (text, e2) = Self.run(bytes, Self.parallel(PrintOptions(), chunkBytes: 500))
            XCTAssertEqual(e2?.description, e1?.description)
            XCTAssertEqual(e2?.offset, e1?.offset)
            XCTAssertTrue(text == expected, "bad \(bad): first difference at line \(firstDifference(text, expected))")
        }
    }

    func testEntryPastTheSectionEndFailsAfterEveryBody() {
        let bytes = ByteSlice(copying: Self.module(functions: 2000, truncated: true))
        let (expected, e1) = Self.run(bytes, Self.one(PrintOptions()))
        XCTAssertNotNil(e1)
        let (text, e2) = Self.run(bytes, Self.parallel(PrintOptions(), chunkBytes: 300))
        XCTAssertEqual(e2?.description, e1?.description)
        XCTAssertTrue(text.contains("$f1999"))
        XCTAssertTrue(text == expected, "first difference at line \(firstDifference(text, expected))")
    }

    /// A memory and `n` data segments (active and passive, of 0 to 300 bytes of every value); `bad`: that
    /// segment's offset expression is cut short (an unknown opcode), `truncated`: the last one claims
    /// more bytes than the section has.
    static func dataModule(segments n: Int, bad: Int? = nil, truncated: Bool = false) -> [UInt8] {
        var segments: [[UInt8]] = []
        for k in 0..<n {
            let bytes = (0..<(k * 37 % 301)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ k) }
            if k % 5 == 4 {
                segments.append([0x01] + Bytes.u32(UInt32(bytes.count)) + bytes)
            } else {
                let offset: [UInt8] = k == bad ? [0x41, 0x00, 0xff] : [0x41] + Bytes.u32(UInt32(k * 16)) + [0x0b]
                segments.append([0x00] + offset + Bytes.u32(UInt32(bytes.count)) + bytes)
            }
        }
        var data = Bytes.vec(segments)
        if truncated {
            data = Bytes.u32(UInt32(n + 1)) + Array(data.dropFirst(Bytes.u32(UInt32(n)).count)) + [0x01] + Bytes.u32(1000)
        }
        return Bytes.module(Bytes.section(5, [0x01, 0x00, 0x01]), Bytes.section(11, data))
    }

    func testDataSegmentsOnWorkersPrintTheSame() {
        for (bad, truncated) in [(nil, false), (0, false), (777, false), (1998, false), (nil, true)] {
            let bytes = ByteSlice(copying: Self.dataModule(segments: 2000, bad: bad, truncated: truncated))
            let (expected, e1) = Self.run(bytes, Self.one(PrintOptions()))
            XCTAssertEqual(e1 == nil, bad == nil && !truncated)
            if bad == nil { XCTAssertTrue(expected.contains("(data (;1998;) (i32.const 31968) \""), expected.suffix(300).description) }
            for (threads, chunkBytes) in [(2, 64), (3, 1000), (8, 5000)] {
                let (text, e2) = Self.run(bytes, Self.parallel(PrintOptions(), threads: threads, chunkBytes: chunkBytes), chunkSize: 100)
                XCTAssertEqual(e2?.description, e1?.description)
                XCTAssertEqual(e2?.offset, e1?.offset)
                XCTAssertTrue(text == expected, "bad \(String(describing: bad)) truncated \(truncated) threads \(threads): first difference at line \(firstDifference(text, expected))")
            }
        }
    }

    /// A sink that fails (a closed pipe) stops the printing with its error; the workers end.
    func testFailingSinkStops() {
        let bytes = ByteSlice(copying: Self.module(functions: 3000))
        var calls = 0
        let out = TextOutput(chunkSize: 4096) { (_: UnsafeRawBufferPointer) throws(WasmError) in
            calls += 1
            if calls > 3 { throw WasmError(.io, "cannot write standard output: Broken pipe", offset: nil, kind: .io) }
        }
        XCTAssertThrowsError(try WasmText.print(bytes, options: Self.parallel(PrintOptions(), chunkBytes: 100), to: out)) { error in
            XCTAssertEqual((error as? WasmError)?.kind, .io)
        }
    }

    func firstDifference(_ a: String, _ b: String) -> Int {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<min(x.count, y.count) where x[i] != y[i] { return i + 1 }
        return min(x.count, y.count) + 1
    }
}
