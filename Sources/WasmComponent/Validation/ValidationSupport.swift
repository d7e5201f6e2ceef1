import WasmBinary
import WasmCore

// Error codes, limits and small containers shared by the component validator.

extension WasmError.Code {
    /// An import/export name, label or interface name that breaks the naming rules.
    public static let invalidName = Self("invalid-name")
    /// Two names in one scope that are not strongly unique (or a duplicate argument/export).
    public static let nameConflict = Self("name-conflict")
    /// An index that refers to the wrong kind of definition ("type index 0 is not a function type").
    public static let sortMismatch = Self("sort-mismatch")
    /// A type that is not a subtype of the type required (instantiation, ascription, start).
    public static let incompatibleType = Self("incompatible-type")
    /// A core function whose signature is not what the Canonical ABI requires.
    public static let abiMismatch = Self("abi-mismatch")
    /// Missing, duplicate or conflicting canonical options.
    public static let invalidCanonOption = Self("invalid-canon-option")
    /// A defined type breaking a structural rule (empty record, more than 32 flags, borrow in a result...).
    public static let invalidDefinedType = Self("invalid-defined-type")
    /// An instantiation that lacks an argument, or an argument that lacks an export.
    public static let missingArgument = Self("missing-argument")
    /// A resource rule: local resources, destructors, resources crossing component boundaries.
    public static let resourceMisuse = Self("resource-misuse")
    /// A type used by an import or export that has no externally visible name.
    public static let typeNotExported = Self("type-not-exported")
    /// An alias that is not allowed where it appears.
    public static let invalidAlias = Self("invalid-alias")
    /// A value (🪙) used more than once or never used.
    public static let valueUse = Self("value-use")
    /// An invalid start definition (🪙).
    public static let invalidStart = Self("invalid-start")
    /// An invalid core type or module type declared inside a component.
    public static let invalidCoreType = Self("invalid-core-type")
}

/// An `invalid` error without an offset; the validator fills in the offset of the item being validated.
@inline(__always)
func invalid(_ code: WasmError.Code, _ message: String) -> WasmError {
    WasmError(code, message, offset: nil, kind: .invalid)
}

/// Fails with `requires-feature` unless `features` contains `feature`.
func require(_ feature: Features, in features: Features, _ message: @autoclosure () -> String) throws(WasmError) {
    if !features.contains(feature) {
        throw invalid(.featureDisabled, "\(message()) (the `\(feature.name)` feature is not enabled)")
    }
}

/// Runs `body`; an error that has no offset yet gets `offset`.
@inline(__always)
func at<T>(_ offset: Int?, _ body: () throws(WasmError) -> T) throws(WasmError) -> T {
    do throws(WasmError) {
        return try body()
    } catch {
        var e = error
        if e.offset == nil { e.offset = offset }
        throw e
    }
}

/// wasmparser's limits for component validation (`wasmparser::limits`).
enum ValidationLimits {
    static let maxTypes = 1_000_000
    static let maxFunctions = 1_000_000
    static let maxExports = 1_000_000
    static let maxModules = 1_000
    static let maxComponents = 1_000
    static let maxInstances = 1_000
    static let maxValues = 1_000
    static let maxCoreIndexSpaceItems = 1_000_000
    static let maxTypeSize: UInt32 = 1_000_000
    static let maxTypeDepth: UInt32 = 100
    /// Canonical ABI: `elem_size(t, 'i64')` of every defined value type must stay below 2^28.
    static let maxElemSize: UInt64 = 1 << 28
}

/// Fails when an index space of `count` items cannot grow by one more.
func checkMax(_ count: Int, _ max: Int, _ what: String) throws(WasmError) {
    if count >= max { throw invalid(.limitExceeded, "\(what) count exceeds limit of \(max)") }
}

/// An insertion-ordered dictionary: imports, exports and resource paths keep their order.
package struct OrderedMap<Key: Hashable, Value> {
    package private(set) var keys: [Key] = []
    package private(set) var values: [Value] = []
    private var positions: [Key: Int] = [:]

    package init() {}

    package var count: Int { keys.count }
    package var isEmpty: Bool { keys.isEmpty }

    package subscript(key: Key) -> Value? {
        guard let i = positions[key] else { return nil }
        return values[i]
    }

    package func position(of key: Key) -> Int? { positions[key] }

    /// Inserts `value` under a new `key`; returns false and changes nothing when `key` exists.
    @discardableResult
    mutating func insertNew(_ key: Key, _ value: Value) -> Bool {
        if positions[key] != nil { return false }
        positions[key] = keys.count
        keys.append(key)
        values.append(value)
        return true
    }

    /// Inserts or replaces (a replaced entry keeps its position).
    mutating func set(_ key: Key, _ value: Value) {
        if let i = positions[key] { values[i] = value } else { insertNew(key, value) }
    }

    mutating func setValue(at i: Int, _ value: Value) { values[i] = value }

    package func contains(_ key: Key) -> Bool { positions[key] != nil }

    /// The same keys, in the same order, with `transform` applied to each value.
    func mapValues<T, E: Error>(_ transform: (Value) throws(E) -> T) throws(E) -> OrderedMap<Key, T> {
        var m = OrderedMap<Key, T>()
        m.keys = keys
        m.positions = positions
        m.values.reserveCapacity(values.count)
        for v in values { m.values.append(try transform(v)) }
        return m
    }
}

extension OrderedMap: Sendable where Key: Sendable, Value: Sendable {}

/// Size, nesting depth and whether a `borrow` is inside: what wasmparser tracks per type to bound
/// the cost of structural checks (sizes below 1,000,000 and depths up to 100).
package struct TypeInfo: Hashable, Sendable {
    package var size: UInt32 = 1
    package var depth: UInt32 = 1
    package var containsBorrow = false

    static let borrow = TypeInfo(size: 1, depth: 1, containsBorrow: true)

    /// Adds `other` as a member of this aggregate.
    mutating func combine(_ other: TypeInfo) throws(WasmError) {
        let (sum, overflow) = size.addingReportingOverflow(other.size)
        if overflow || sum >= ValidationLimits.maxTypeSize {
            throw invalid(.limitExceeded, "effective type size exceeds the limit of \(ValidationLimits.maxTypeSize)")
        }
        size = sum
        depth = max(depth, other.depth &+ 1)
        containsBorrow = containsBorrow || other.containsBorrow
    }
}

extension CoreSort {
    /// A noun for messages: `function`, `table`, `memory`, `global`, `tag`.
    var noun: String {
        switch self {
        case .func: "function"
        default: name
        }
    }
}
