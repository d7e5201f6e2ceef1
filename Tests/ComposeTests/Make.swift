import Foundation
import WasmBinary
import WasmComponent
import XCTest

@testable import Compose

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
