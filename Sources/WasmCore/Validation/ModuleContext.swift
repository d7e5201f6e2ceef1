import WasmBinary

/// Everything function bodies and constant expressions are checked against: the canonical types and the
/// module's index spaces. Built up section by section by `ModuleWalker`; frozen (and shared between worker
/// threads) once the code section starts.
struct ModuleContext: @unchecked Sendable {
    struct Table: Hashable {
        var element: VT
        var is64: Bool
        var shared: Bool
        var addr: VT { is64 ? .i64 : .i32 }
    }
    struct Memory: Hashable {
        var is64: Bool
        var shared: Bool
        var addr: VT { is64 ? .i64 : .i32 }
    }
    struct Global: Hashable {
        var type: VT
        var mutable: Bool
        var shared: Bool
    }

    var features: Features
    var types = CanonicalTypes()
    /// Module type index of each function (imported first).
    var functionTypeIndices: [UInt32] = []
    /// Canonical type id of each function.
    var functionTypes: [UInt32] = []
    var importedFunctions = 0
    /// Imported functions declared with an exact type (custom descriptors).
    var exactImports: Set<UInt32> = []
    var tables: [Table] = []
    var memories: [Memory] = []
    var globals: [Global] = []
    var importedGlobals = 0
    /// Canonical function type id of each tag.
    var tags: [UInt32] = []
    var elementTypes: [VT] = []
    var dataCount: UInt32?
    /// Functions that may be named by `ref.func` in code (element segments, exports, global initializers).
    var declaredFunctions: [Bool] = []

    init(features: Features) { self.features = features }

    @inline(__always) func isSubtype(_ a: VT, _ b: VT) -> Bool { a == b || types.isSubtype(a, b) }

    mutating func declare(function index: UInt32) {
        let i = Int(index)
        guard i < functionTypes.count else { return }
        if declaredFunctions.count < functionTypes.count {
            declaredFunctions += repeatElement(false, count: functionTypes.count - declaredFunctions.count)
        }
        declaredFunctions[i] = true
    }

    func isDeclared(function index: UInt32) -> Bool {
        let i = Int(index)
        return i < declaredFunctions.count && declaredFunctions[i]
    }

    /// Whether `ref.func index` has an exact type (defined functions and exact imports).
    func hasExactType(function index: UInt32) -> Bool {
        Int(index) >= importedFunctions || exactImports.contains(index)
    }
}
