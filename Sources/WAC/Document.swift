import WasmBinary
import WasmComponent
import WIT
import Compose

/// A composition document, parsed, resolved and planned.
///
/// ```swift
/// let doc = try WACComposition.load(path: "app.wac", bytes: text, resolver: PackageResolver(directories: ["deps"]))
/// try doc.composition.check()        // wires type-checked; problems located in the document
/// let out = try doc.composition.output()
/// ```
public struct WACComposition {
    public let document: WAC.Document
    public let sources: SourceMap
    public let composition: Composition
    /// Each instance: its `let` name, package and component file.
    public let instances: [(name: String, package: String, path: String)]
    /// `targets ns:name/world`: where the world's WIT is, and the world's name.
    public let targets: (path: String, world: String, span: Span)?
    let instanceSpans: [Span]
    /// Where each import and export of the result is named in the document.
    public let importNameSpans: [String: Span]
    public let exportNameSpans: [String: Span]
    let argumentSpans: [[String: Span]]
    let labels: [String]

    /// Whether `bytes` are a document rather than a binary (no wasm magic, and text).
    public static func isDocument(_ bytes: ByteSlice) -> Bool {
        let n = min(bytes.count, 4)
        var prefix: [UInt8] = []
        bytes.withUnsafeBytes { prefix = Array($0.prefix(n)) }
        return prefix != [0x00, 0x61, 0x73, 0x6D] && !(prefix.first.map { $0 == 0x28 } ?? false)
            && !isWatText(bytes)
    }

    /// A `.wat` text starts with `(` after blanks and comments; a document never does.
    static func isWatText(_ bytes: ByteSlice) -> Bool {
        var result = false
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i < raw.count {
                let b = raw[i]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1; continue }
                if b == UInt8(ascii: ";"), i + 1 < raw.count, raw[i + 1] == UInt8(ascii: ";") {
                    while i < raw.count && raw[i] != 0x0A { i += 1 }
                    continue
                }
                result = b == UInt8(ascii: "(")
                return
            }
        }
        return result
    }

    /// Parses and resolves the document; every problem is a located diagnostic.
    public static func load(path: String, bytes: [UInt8], resolver: PackageResolver,
                            options: ComposeOptions = .init()) throws(WITFailure) -> WACComposition {
        var sources = SourceMap()
        let file = sources.add(path: path, bytes: bytes)
        let doc: WAC.Document
        var evaluator = Evaluator(file: file, bytes: bytes, resolver: resolver)
        let graph: CompositionGraph
        do {
            doc = try WAC.parse(bytes: bytes, file: file)
            graph = try evaluator.evaluate(doc)
        } catch {
            throw WITFailure([error], sources: sources)
        }
        let labels = graph.instances.map(\.label)
        var targets: (String, String, Span)?
        if let t = doc.targets, t.package == doc.package.name, t.version == doc.package.version {
            let name = t.items.map(\.name).joined(separator: "/")
            var isWorld = false, isOther = false
            for case .type(let s) in doc.statements where s.name.name == name {
                if case .world = s { isWorld = true } else { isOther = true }
            }
            if !isWorld {
                let d = isOther
                    ? WITDiagnostic(.witInvalid, "`\(t.text)` is not a world", at: t.span)
                    : WITDiagnostic(.witUnknownName, "the document declares no world named `\(name)`", at: t.items.last?.span ?? t.span)
                throw WITFailure([d], sources: sources)
            }
            targets = ("", name, t.items.last?.span ?? t.span)
        } else if let t = doc.targets {
            let (found, tried) = resolver.find(t.package, version: t.version?.description)
            let path: String
            switch found {
            case .wit(let p)?, .file(let p)?: path = p
            case nil:
                throw WITFailure([WITDiagnostic(.witUnknownName, "unknown package `\(t.package)` in `targets`", at: t.span,
                                                hint: "looked for " + tried.map { "`\($0)`" }.joined(separator: ", "))],
                                 sources: sources)
            }
            targets = (path, t.items.map(\.name).joined(separator: "/"), t.span)
        }
        let composition: Composition
        do {
            composition = try Composition(graph: graph, options: options)
        } catch {
            throw WITFailure([locate(error, labels: labels, spans: evaluator.instanceSpans, arguments: evaluator.argumentSpans,
                                     fallback: doc.package.span)], sources: sources)
        }
        return WACComposition(
            document: doc, sources: sources, composition: composition,
            instances: graph.instances.enumerated().map { (i, inst) in
                (inst.name, evaluator.instancePackages[i], evaluator.componentPaths[inst.component])
            },
            targets: targets, instanceSpans: evaluator.instanceSpans,
            importNameSpans: Dictionary(zip(graph.imports.map(\.name), evaluator.importSpans), uniquingKeysWith: { a, _ in a }),
            exportNameSpans: Dictionary(zip(graph.exports.map(\.name), evaluator.exportSpans), uniquingKeysWith: { a, _ in a }), argumentSpans: evaluator.argumentSpans, labels: labels)
    }

    /// A composition error placed in the document: at the argument of the import it is about
    /// (`import `X` of LABEL`), else at the `new` of the first instance it names; the other
    /// instances it names are related places.
    static func locate(_ e: WasmError, labels: [String], spans: [Span], arguments: [[String: Span]],
                       fallback: Span) -> WITDiagnostic {
        let message = Array(e.message.utf8)
        var mentioned: [(at: Int, instance: Int)] = []
        for (i, l) in labels.enumerated() {
            if let at = firstIndex(of: Array(l.utf8), in: message) { mentioned.append((at, i)) }
        }
        mentioned.sort { $0.at < $1.at }
        guard let first = mentioned.first else { return WITDiagnostic(e.code, e.message, at: fallback) }
        var span = spans[first.instance]
        // `import `NAME` of LABEL`: the argument given for NAME.
        let prefix = Array("import `".utf8)
        if first.at >= 4, let start = lastIndex(of: prefix, in: Array(message[..<first.at])) {
            let nameBytes = message[(start + prefix.count)..<first.at]
            if let close = nameBytes.firstIndex(of: UInt8(ascii: "`")) {
                let name = String(decoding: message[(start + prefix.count)..<close], as: UTF8.self)
                if first.instance < arguments.count, let a = arguments[first.instance][name] { span = a }
            }
        }
        var related: [WITDiagnostic.Related] = []
        for m in mentioned.dropFirst() where m.instance != first.instance {
            related.append(.init(message: "\(labels[m.instance]) is created here", span: spans[m.instance]))
        }
        var d = WITDiagnostic(e.code, e.message, at: span, related: related)
        d.path = e.path
        return d
    }

    static func firstIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= hay.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }

    static func lastIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= hay.count else { return nil }
        var i = hay.count - needle.count
        while i >= 0 {
            if hay[i] == needle[0], Array(hay[i..<(i + needle.count)]) == needle { return i }
            i -= 1
        }
        return nil
    }

    /// The document as a WIT package for a `targets` of one of its own worlds: its interface and
    /// world declarations where they are, everything else blanked (newlines kept), so WIT's
    /// locations are the document's lines and columns.
    public var witOfDocument: [UInt8] {
        guard let f = sources.files.first else { return [] }
        var out = f.bytes.map { $0 == 0x0A || $0 == 0x0D ? $0 : UInt8(ascii: " ") }
        for s in document.declarationSpans where s.end <= out.count {
            var lastSolid: UInt8 = 0
            // Per open `{`: whether it is a `use path.{…}` list (whose `;` WIT keeps).
            var braces: [Bool] = []
            var closedUse = false
            for i in s.start..<s.end {
                let b = f.bytes[i]
                if b == UInt8(ascii: "{") { braces.append(lastSolid == UInt8(ascii: ".")) }
                if b == UInt8(ascii: "}") { closedUse = braces.popLast() ?? false }
                // WAC allows `export i: interface { … };` and `include w with { … };` in a world;
                // WIT has no `;` there.
                out[i] = b == UInt8(ascii: ";") && lastSolid == UInt8(ascii: "}") && !closedUse ? UInt8(ascii: " ") : b
                if b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { lastSolid = b }
            }
        }
        // `package name;` where the document's `package name [targets …];` is (never shorter).
        let header = Array("package \(document.package.text);".utf8)
        let at = document.package.span.start - 8
        if at >= 0, at + header.count <= out.count, Array(f.bytes[at..<(at + 8)]) == Array("package ".utf8) {
            for (k, b) in header.enumerated() { out[at + k] = b }
            return out
        }
        return header + [0x0A] + out
    }

    /// ``Composition/check()``, with a failure placed in the document.
    public func check() throws(WITFailure) {
        do {
            try composition.check()
        } catch {
            throw failure(error)
        }
    }

    /// A composition error as a located failure.
    public func failure(_ e: WasmError) -> WITFailure {
        WITFailure([Self.locate(e, labels: labels, spans: instanceSpans, arguments: argumentSpans,
                                fallback: document.package.span)], sources: sources)
    }
}
