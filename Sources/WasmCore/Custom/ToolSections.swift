import WasmBinary

// The `producers` and `target_features` custom sections (tool conventions). Decoded on request, separately
// from the module: their contents never make a module malformed.

extension WasmError.Code {
    /// A custom section whose content does not follow its convention.
    public static let malformedCustomSection = Self("malformed-custom-section")
}

/// `producers`: which languages, tools and SDKs produced the module.
public struct ProducersSection: Hashable, Sendable {
    public struct Value: Hashable, Sendable {
        public var name: String
        public var version: String
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }
    public struct Field: Hashable, Sendable {
        /// `language`, `processed-by` or `sdk`.
        public var name: String
        public var values: [Value]
        public init(name: String, values: [Value]) {
            self.name = name
            self.values = values
        }
    }

    public var fields: [Field]
    public init(fields: [Field] = []) { self.fields = fields }

    public static let sectionName = "producers"
    public static let fieldNames: Set<String> = ["language", "processed-by", "sdk"]

    public static func decode(_ content: ByteSlice) throws(WasmError) -> ProducersSection {
        var r = content.reader
        let n = try r.readCount(minimumItemSize: 2, "producers field")
        var fields: [Field] = []
        fields.reserveCapacity(n)
        for _ in 0..<n {
            let at = r.position
            let name = try r.readName()
            guard fieldNames.contains(name) else {
                throw WasmError(.malformedCustomSection, "invalid producers field name `\(name)` (expected "
                                + "language, processed-by or sdk)", offset: at)
            }
            let m = try r.readCount(minimumItemSize: 2, "producers value")
            var values: [Value] = []
            values.reserveCapacity(m)
            for _ in 0..<m {
                let vname = try r.readName()
                values.append(Value(name: vname, version: try r.readName()))
            }
            fields.append(Field(name: name, values: values))
        }
        try r.expectEnd("producers section")
        return ProducersSection(fields: fields)
    }

    public func encode() -> [UInt8] {
        var w = ByteWriter()
        w.vector(fields) { w, f in
            w.name(f.name)
            w.vector(f.values) { w, v in
                w.name(v.name)
                w.name(v.version)
            }
        }
        return w.bytes
    }

    /// The values of field `name` (e.g. `processed-by`).
    public func values(of name: String) -> [Value] { fields.filter { $0.name == name }.flatMap(\.values) }
}

/// `target_features`: the features the producer used (`+`), must not be used (`-`), or required (`=`).
public struct TargetFeaturesSection: Hashable, Sendable {
    public enum Prefix: UInt8, Hashable, Sendable {
        case used = 0x2B  // '+'
        case disallowed = 0x2D  // '-'
        case required = 0x3D  // '='
        public var character: Character { Character(Unicode.Scalar(rawValue)) }
    }
    public struct Entry: Hashable, Sendable {
        public var prefix: Prefix
        public var name: String
        public init(prefix: Prefix, name: String) {
            self.prefix = prefix
            self.name = name
        }
    }

    public var entries: [Entry]
    public init(entries: [Entry] = []) { self.entries = entries }

    public static let sectionName = "target_features"

    public static func decode(_ content: ByteSlice) throws(WasmError) -> TargetFeaturesSection {
        var r = content.reader
        let n = try r.readCount(minimumItemSize: 2, "target feature")
        var entries: [Entry] = []
        entries.reserveCapacity(n)
        for _ in 0..<n {
            let at = r.position
            let b = try r.readByte()
            guard let prefix = Prefix(rawValue: b) else {
                throw WasmError(.malformedCustomSection, "invalid target feature prefix 0x\(String(b, radix: 16)) "
                                + "(expected +, - or =)", offset: at)
            }
            entries.append(Entry(prefix: prefix, name: try r.readName()))
        }
        try r.expectEnd("target_features section")
        return TargetFeaturesSection(entries: entries)
    }

    public func encode() -> [UInt8] {
        var w = ByteWriter()
        w.vector(entries) { w, e in
            w.byte(e.prefix.rawValue)
            w.name(e.name)
        }
        return w.bytes
    }
}

/// A custom section decoded by kind (unknown ones stay raw).
public enum DecodedCustomSection: Hashable, Sendable {
    case name(NameSection)
    case producers(ProducersSection)
    case targetFeatures(TargetFeaturesSection)
    case raw(CustomSection)
}

extension CustomSection {
    /// Decodes the content if wcomp knows this section's convention.
    public func decoded() throws(WasmError) -> DecodedCustomSection {
        switch name {
        case NameSection.sectionName: return .name(try withFrame(.section("name")) { () throws(WasmError) in
            try NameSection.decode(content)
        })
        case ProducersSection.sectionName: return .producers(try withFrame(.section("producers")) {
            () throws(WasmError) in try ProducersSection.decode(content)
        })
        case TargetFeaturesSection.sectionName: return .targetFeatures(try withFrame(.section("target_features")) {
            () throws(WasmError) in try TargetFeaturesSection.decode(content)
        })
        default: return .raw(self)
        }
    }
}

extension Module {
    /// The decoded `name` section, if present and well-formed.
    public var nameSection: NameSection? {
        guard let c = customSection(named: NameSection.sectionName) else { return nil }
        return try? NameSection.decode(c.content)
    }

    /// The decoded `producers` section, if present and well-formed.
    public var producers: ProducersSection? {
        guard let c = customSection(named: ProducersSection.sectionName) else { return nil }
        return try? ProducersSection.decode(c.content)
    }

    /// The decoded `target_features` section, if present and well-formed.
    public var targetFeatures: TargetFeaturesSection? {
        guard let c = customSection(named: TargetFeaturesSection.sectionName) else { return nil }
        return try? TargetFeaturesSection.decode(c.content)
    }
}
