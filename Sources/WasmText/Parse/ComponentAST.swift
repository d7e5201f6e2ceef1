import WasmBinary
import WasmComponent
import WasmCore

// The component text format as written: fields with their abbreviations still in place (inline type uses,
// inline exports and imports, `(func $i "name")` references to instance exports, instantiation arguments
// that are bundles of exports). `ComponentParser` builds it; `ComponentLowering` expands the abbreviations,
// resolves `$id`s and makes the binary model, in the order wasm-tools' `wast` crate does, so that the
// bytes are the same.

/// A reference as written: a number, or an `$id` (gensym ids, made by the expansion, are never named).
enum TRef: Hashable {
    case num(UInt32)
    case id(String)
    case gen(Int)
}

/// A reference with its position (for errors).
struct TIndex: Hashable {
    var ref: TRef
    var at: Int
}

/// `(kind idx "name"*)`: an item, or an export of an instance (each name one level of `alias export`).
struct TItemRef: Hashable {
    var index: TIndex
    var names: [String] = []
}

/// An `$id` and `(@name "...")` of a definition.
struct TDefName: Hashable {
    var id: String?
    var name: String?
    var at: Int
    /// A gensym id given by the expansion (a definition without `$id` that something it adds refers to).
    var gen: Int?
    init(id: String?, name: String?, at: Int, gen: Int? = nil) {
        self.id = id
        self.name = name
        self.at = at
        self.gen = gen
    }
    static func none(at: Int) -> TDefName { TDefName(id: nil, name: nil, at: at) }
    /// The key `$id`s resolve by (the `$id`, else the gensym).
    var key: TRef? { id.map { .id($0) } ?? gen.map { .gen($0) } }
}

struct TLabeled {
    var name: String
    var type: TValType
}

struct TCase {
    var name: String
    var type: TValType?
}

indirect enum TValType {
    case primitive(PrimitiveValType)
    case ref(TIndex)
    case inline(TDefinedType)
}

enum TDefinedType {
    case primitive(PrimitiveValType)
    case record([TLabeled])
    case variant([TCase])
    case list(TValType)
    case fixedList(TValType, UInt32)
    case tuple([TValType])
    case flags([String])
    case `enum`([String])
    case option(TValType)
    case result(TValType?, TValType?)
    case own(TIndex)
    case borrow(TIndex)
    case stream(TValType?)
    case future(TValType?)
    case map(TValType, TValType)
}

struct TFuncType {
    var isAsync = false
    var params: [TLabeled] = []
    var result: TValType?
}

/// A type use: a reference `(type idx "name"*)`, or an inline definition.
enum TTypeUse<T> {
    case ref(TItemRef)
    case inline(T)
}

enum TTypeDef {
    case defined(TDefinedType)
    case `func`(TFuncType)
    case component([TDecl])
    case instance([TDecl])
    /// `(resource (rep t) (dtor f)?)`: the rep's token position is kept (a core value type).
    case resource(rep: ValType, dtor: TCoreRef?)
}

/// `(type $id (export "n")* def)`.
struct TTypeField {
    var name: TDefName
    var exports: [ExternName] = []
    var def: TTypeDef
}

/// A core item reference: `(core func idx "name"?)` and the like (the name: an export of a core instance).
struct TCoreRef {
    var index: TIndex
    var exportName: String?
}

/// `(core type $id (func ...))`, `(core type $id (module ...))`, or one `(core rec ...)`: core type
/// definitions are read again from their token position when they are resolved (their `$id`s then name the
/// scope's core types).
enum TCoreTypeDef {
    /// `(core type $id sub)`: the token position of the definition after the id.
    case sub(pos: Int)
    /// `(core rec (type ...)*)`: the position of the first `(type`; the ids and names of its types.
    case rec(pos: Int, names: [TDefName])
    case module(pos: Int)
}

struct TCoreTypeField {
    var name: TDefName
    var def: TCoreTypeDef
}

enum TItemSigKind {
    case module(TCoreModuleTypeUse)
    case `func`(TTypeUse<TFuncType>)
    case component(TTypeUse<[TDecl]>)
    case instance(TTypeUse<[TDecl]>)
    case value(TValType)
    case type(TTypeBound)
}

enum TCoreModuleTypeUse {
    case ref(TCoreRef)
    case inline(pos: Int)
}

enum TTypeBound {
    case eq(TIndex)
    case subResource
}

struct TItemSig {
    var name: TDefName
    var kind: TItemSigKind
}

struct TImport {
    var name: ExternName
    var sig: TItemSig
}

struct TExport {
    var name: TDefName
    var externName: ExternName
    var kind: ComponentExternalKind
    var item: TItemRef
    var type: TItemSig?
}

enum TAliasTarget {
    case export(instance: TIndex, name: String, kind: ComponentExternalKind)
    case coreExport(instance: TIndex, name: String, sort: CoreSort)
    case outer(outer: TIndex, index: TIndex, kind: OuterAliasKind)
}

struct TAlias {
    var name: TDefName
    var target: TAliasTarget
}

enum TDecl {
    case coreType(TCoreTypeField)
    case type(TTypeField)
    case alias(TAlias)
    case `import`(TImport)
    case export(ExternName, TItemSig)
}

enum TCoreInstanceArg {
    case instance(TCoreRef)
    case bundle([(String, CoreSort, TCoreRef)])
}

enum TCoreInstanceKind {
    case instantiate(module: TItemRef, args: [(String, TCoreInstanceArg)])
    case bundle([(String, CoreSort, TCoreRef)])
}

enum TInstanceArg {
    case item(ComponentExternalKind, TItemRef)
    case bundle([TExport])
}

enum TInstanceKind {
    case `import`(ExternName, TTypeUse<[TDecl]>)
    case instantiate(component: TItemRef, args: [(String, TInstanceArg)])
    case bundle([TExport])
}

/// One canonical option.
enum TCanonOption {
    case plain(CanonOption)
    case memory(TCoreRef)
    case realloc(TCoreRef)
    case postReturn(TCoreRef)
    case callback(TCoreRef)
    case coreType(TCoreRef)
}

/// A `canon` definition with its references unresolved.
enum TCanon {
    case lift(coreFunc: TCoreRef, options: [TCanonOption], type: TTypeUse<TFuncType>)
    /// Everything that defines a core function: the built-in's row in the canon table (its opcode) and the
    /// values of its immediates, in the table's order.
    case core(opcode: UInt8, at: Int, args: [TCanonArg])
}

enum TCanonArg {
    case `func`(TItemRef)
    case type(TItemRef)
    case coreType(TCoreRef)
    case table(TCoreRef)
    case memory(TCoreRef)
    case result(TValType?)
    case valType(ValType)
    case slot(UInt32)
    case flag(Bool)
    case options([TCanonOption])
}

/// A component field. Definitions written with inline `(export "n")`s keep them (`exports`): the expansion
/// appends those exports at the end of the component. `(func ...)` and `(core func ...)` forms are read as the
/// `import`, `alias` or `canon` they stand for.
enum TField {
    case coreModule(TDefName, exports: [ExternName], TCoreModuleKind)
    case coreInstance(TDefName, TCoreInstanceKind)
    case coreType(TCoreTypeField)
    case component(TDefName, exports: [ExternName], TComponentKind)
    case instance(TDefName, exports: [ExternName], TInstanceKind)
    case alias(TAlias, exports: [ExternName])
    case type(TTypeField)
    case canon(TDefName, TCanon, exports: [ExternName])
    case start(func: TIndex, args: [TItemRef], results: [TDefName])
    case `import`(TImport, exports: [ExternName])
    case export(TExport)
    case custom(WasmComponent.CustomSection)
}

enum TCoreModuleKind {
    case inline([UInt8])
    /// Parsed after the component, with the other modules at once (`ComponentParser.deferredModules[k]`).
    case deferred(Int)
    case `import`(ExternName, TCoreModuleTypeUse)
}

enum TComponentKind {
    case inline(TComponent)
    case `import`(ExternName, TTypeUse<[TDecl]>)
}

/// A component as written: its fields, and the exports written inline on its definitions (which the
/// expansion appends at its end).
final class TComponent {
    var name: TDefName
    var fields: [TField] = []
    init(name: TDefName) { self.name = name }
}
