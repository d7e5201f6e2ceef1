import Foundation
import TestSupport
import WasmBinary
import WasmComponent
import XCTest

@testable import WIT

/// WIT → component types: our encoding of every corpus package must equal the bytes
/// `wasm-tools component wit --wasm` writes, `package-docs` section included (only their
/// `producers` section is removed before comparing). wasm-tools' encodings, and what it prints for
/// them, are fixtures of this class (`<package>.wasm`, `<package>.wit.expected`; testdata/regenerate).
final class EncodingTests: XCTestCase {
    /// The corpus packages and the WASI packages of DifferentialTests, by stem.
    static func inputs() -> [(stem: String, path: String)] {
        WITCorpus.entries() + [("wasi", Fixture.url("WITTests/DifferentialTests/wasi").path)]
    }

    func testPackagesEncodeLikeWasmTools() throws {
        let inputs = Self.inputs()
        var equal = 0
        for (stem, path) in inputs {
            let theirs = fixturePath(stem + ".wasm")
            guard case .success(let w) = WIT.load(path: path) else {
                XCTFail("\(path) does not load")
                continue
            }
            let ours = w.resolve.encodePackage(w.main).encode()
            let expected = try Self.removingCustomSection("producers", from: try fixture(stem))
            // Their full output (with package-docs) also decodes to what wasm-tools prints.
            let printed = try Fixture.text(atPath: fixturePath(stem + ".wit.expected"))
            if case .success(let back) = WIT.decode(componentAt: theirs) {
                XCTAssertEqual(back.printed(), printed, "\(path): decoding wasm-tools' package differs")
            } else {
                XCTFail("\(path): decoding wasm-tools' package failed")
            }
            if ours == expected {
                equal += 1
            } else {
                XCTFail("\(path): encoding differs from wasm-tools (\(ours.count) vs \(expected.count) bytes)")
            }
        }
        XCTAssertEqual(equal, inputs.count)
    }

    /// The bytes without the custom section named `name` (sections copied as they are).
    static func removingCustomSection(_ name: String, from bytes: [UInt8]) throws -> [UInt8] {
        let slice = ByteSlice(copying: bytes)
        var r = slice.reader
        try r.skip(8)
        var out = Array(bytes[0..<8])
        while !r.isAtEnd {
            let start = r.position
            let id = try r.readByte()
            let size = Int(try r.readU32())
            var keep = true
            if id == 0 {
                var n = r
                keep = try n.readName() != name
            }
            try r.skip(size)
            if keep { out += bytes[start..<r.position] }
        }
        return out
    }

    func testWorldComponentTypeShape() throws {
        let w = try resolved("""
            package a:b;
            interface types { resource r; type t = u32; }
            world w {
              import types;
              use types.{t};
              import f: func(x: t) -> string;
              export run: func();
            }
            """)
        let world = try XCTUnwrap(w.resolve[w.main].worlds["w"])
        guard case .component(let decls) = w.resolve.componentType(of: world) else { return XCTFail() }
        // instance type, import of a:b/types, alias of its `t`, type import `t`, func type,
        // import `f`, func type, export `run`.
        var imports: [String] = []
        var exports: [String] = []
        for d in decls {
            if case .import(let i) = d { imports.append(i.name.name) }
            if case .export(let n, _) = d { exports.append(n.name) }
        }
        XCTAssertEqual(imports, ["a:b/types", "t", "f"])
        XCTAssertEqual(exports, ["run"])
        XCTAssertTrue(decls.contains(.alias(.instanceExport(kind: .type, instance: 0, name: "t"))))
    }

    func testNamedImportsCarryImplementsAndExternalID() throws {
        let w = try resolved("package a:b;\ninterface store {}\nworld w { @external-id(\"db\") import one: store; }\n")
        let world = try XCTUnwrap(w.resolve[w.main].worlds["w"])
        guard case .component(let decls) = w.resolve.componentType(of: world) else { return XCTFail() }
        let names = decls.compactMap { d -> ExternName? in if case .import(let i) = d { return i.name } else { return nil } }
        XCTAssertEqual(names.first?.name, "one")
        XCTAssertEqual(names.first?.implements, "a:b/store")
        XCTAssertEqual(names.first?.externalId, "db")
    }
}
