import Foundation
import WasmBinary
import XCTest

@testable import WasmCore

/// The shared corpus and the reference tools, found relative to the package root.
enum Oracles {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static var shared: URL { packageRoot.appendingPathComponent("../shared").standardized }
    static var specCore: URL { shared.appendingPathComponent("corpus/spec-core") }
    static var wasmTools: URL { packageRoot.appendingPathComponent(".venv/bin/wasm-tools") }

    /// The one gate for oracle-dependent tests: throws `XCTSkip` when `url` is missing, unless
    /// WCOMP_REQUIRE_ORACLES=1, in which case the test fails.
    static func require(_ url: URL, _ what: String) throws {
        if FileManager.default.fileExists(atPath: url.path) { return }
        if ProcessInfo.processInfo.environment["WCOMP_REQUIRE_ORACLES"] == "1" {
            XCTFail("\(what) is required (WCOMP_REQUIRE_ORACLES=1) but missing at \(url.path)")
        }
        throw XCTSkip("\(what) not found at \(url.path)")
    }

    /// Runs a tool: (exit status, stdout, stderr).
    @discardableResult
    static func run(_ tool: URL, _ args: [String], stdin: Data? = nil) throws -> (Int32, Data, String) {
        let p = Process()
        p.executableURL = tool
        p.arguments = args
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        if stdin != nil { p.standardInput = inp }
        try p.run()
        if let stdin {
            inp.fileHandleForWriting.write(stdin)
            try inp.fileHandleForWriting.close()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, o, String(decoding: e, as: UTF8.self))
    }

    /// Assembles WebAssembly text with `wasm-tools parse`.
    static func wat(_ text: String) throws -> [UInt8] {
        try require(wasmTools, "wasm-tools")
        let (status, out, err) = try run(wasmTools, ["parse", "-"], stdin: Data(text.utf8))
        guard status == 0 else { throw XCTSkip("wasm-tools parse failed: \(err)") }
        return [UInt8](out)
    }
}

/// Byte-level module construction for hand-written cases.
enum Bytes {
    static let preamble: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    static func u32(_ v: UInt32) -> [UInt8] {
        var w = ByteWriter()
        w.u32(v)
        return w.bytes
    }

    /// A section: id, size, payload.
    static func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] { [id] + u32(UInt32(payload.count)) + payload }

    /// A vector: count, then the items' bytes.
    static func vec(_ items: [[UInt8]]) -> [UInt8] { u32(UInt32(items.count)) + items.flatMap { $0 } }

    static func name(_ s: String) -> [UInt8] { u32(UInt32(s.utf8.count)) + Array(s.utf8) }

    /// A module of the given sections.
    static func module(_ sections: [UInt8]...) -> [UInt8] { preamble + sections.flatMap { $0 } }

    /// `(type (func))` as a type section.
    static let voidType = section(1, vec([[0x60, 0x00, 0x00]]))

    /// A module with one `[] -> []` function whose body (after the locals) is `code`.
    static func function(_ code: [UInt8], locals: [UInt8] = [0x00], extra: [[UInt8]] = []) -> [UInt8] {
        let body = locals + code
        var sections = [voidType, section(3, vec([[0x00]]))]
        sections += extra
        sections.append(section(10, vec([u32(UInt32(body.count)) + body])))
        return preamble + sections.flatMap { $0 }
    }
}

func decode(_ bytes: [UInt8], _ bodies: ModuleDecodeOptions.Bodies = .decoded) throws -> Module {
    try Module.decode(ByteSlice(copying: bytes), options: .init(bodies: bodies))
}

/// Asserts that decoding fails with `code` at `offset` (and, if given, with `path`).
func assertMalformed(_ bytes: [UInt8], _ code: WasmError.Code, at offset: Int? = nil, path: [String]? = nil,
                     file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try decode(bytes), file: file, line: line) { error in
        guard let e = error as? WasmError else { return XCTFail("not a WasmError: \(error)", file: file, line: line) }
        XCTAssertEqual(e.code, code, "\(e)", file: file, line: line)
        XCTAssertEqual(e.kind, .malformed, file: file, line: line)
        if let offset { XCTAssertEqual(e.offset, offset, "\(e)", file: file, line: line) }
        if let path { XCTAssertEqual(e.path, path, "\(e)", file: file, line: line) }
    }
}

/// Decodes, re-encodes, and checks the bytes are identical and the models equal.
func assertRoundTrip(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
    do {
        let m = try decode(bytes)
        let e = m.encode()
        XCTAssertEqual(e, bytes, "re-encoding differs", file: file, line: line)
        XCTAssertEqual(try decode(e), m, file: file, line: line)
        let lazy = try decode(bytes, .lazy)
        XCTAssertEqual(lazy.encode(), bytes, "lazy re-encoding differs", file: file, line: line)
    } catch {
        XCTFail("\(error)", file: file, line: line)
    }
}
