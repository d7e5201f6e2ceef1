import Foundation
import WasmBinary
import WasmComponent
import XCTest

@testable import Compose

/// The reference tools and testdata, found relative to the package root.
enum Oracles {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static var testdata: URL { packageRoot.appendingPathComponent("testdata") }
    static var wasmTools: URL { packageRoot.appendingPathComponent(".venv/bin/wasm-tools") }
    static var python: URL { packageRoot.appendingPathComponent(".venv/bin/python3") }
    static var componentizePy: URL { packageRoot.appendingPathComponent(".venv/bin/componentize-py") }

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
    static func run(_ tool: URL, _ args: [String], stdin: Data? = nil, cwd: URL? = nil) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = tool
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
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
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// Assembles component text with `wasm-tools parse`.
    static func wat(_ text: String) throws -> [UInt8] {
        try require(wasmTools, "wasm-tools")
        let p = Process()
        p.executableURL = wasmTools
        p.arguments = ["parse", "-"]
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        inp.fileHandleForWriting.write(Data(text.utf8))
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            XCTFail("wasm-tools parse failed: \(String(decoding: e, as: UTF8.self))")
            return []
        }
        return [UInt8](o)
    }

    /// `wasm-tools validate` on `bytes`: nil when valid, else its message.
    static func validate(_ bytes: [UInt8]) throws -> String? {
        try require(wasmTools, "wasm-tools")
        let (status, _, err) = try run(wasmTools, ["validate", "-"], stdin: Data(bytes))
        return status == 0 ? nil : err
    }
}

/// A scratch directory removed at the end of the test.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("wcomp-compose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Minimal components built from the model (no tools needed): each imports the given names as
/// empty instances (or functions) and exports the given names as empty instances.
enum Make {
    static func component(imports: [String] = [], funcImports: [String] = [], exports: [String] = []) -> [UInt8] {
        var sections: [ComponentSection] = [
            .types([.instance([]), .func(ComponentFuncType(params: [], result: nil))]),
        ]
        if !imports.isEmpty {
            sections.append(.imports(imports.map { ComponentImport(name: ExternName($0), type: .instance(0)) }))
        }
        if !funcImports.isEmpty {
            sections.append(.imports(funcImports.map { ComponentImport(name: ExternName($0), type: .func(1)) }))
        }
        if !exports.isEmpty {
            sections.append(.instances([.fromExports([])]))
            let empty = UInt32(imports.count)
            sections.append(.exports(exports.map { ComponentExport(name: ExternName($0), kind: .instance, index: empty) }))
        }
        return Component(sections: sections).encode()
    }

    static func input(_ label: String, _ bytes: [UInt8]) -> ComposeInput {
        ComposeInput(label: label, bytes: ByteSlice(copying: bytes))
    }

    /// Plans a composition of model components: `specs[0]` is the consumer.
    static func compose(_ specs: [(String, [UInt8])], options: ComposeOptions = .init()) throws -> Composition {
        let inputs = specs.map { input($0.0, $0.1) }
        return try Composition(consumer: inputs[0], providers: Array(inputs.dropFirst()), options: options)
    }
}

/// Asserts that `body` throws a `WasmError` with `code`, and returns it.
@discardableResult
func assertComposeError(_ code: WasmError.Code, file: StaticString = #filePath, line: UInt = #line,
                        _ body: () throws -> Void) -> WasmError? {
    do {
        try body()
        XCTFail("expected \(code)", file: file, line: line)
    } catch let e as WasmError {
        XCTAssertEqual(e.code, code, e.description, file: file, line: line)
        return e
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
    return nil
}

extension Composition {
    /// The composed bytes, type-checked and validated.
    func bytes() throws -> [UInt8] { try output().bytes }
}
