import WasmComponent

/// The syntax tree of WIT files, before any name is resolved. Internal: the resolver turns it into
/// the public model (``Resolve``).
enum AST {
    struct Ident: Hashable {
        var name: String
        var span: Span
    }

    /// The comments directly before an item (all comments count as docs, as in wasm-tools).
    struct Docs {
        var comments: [Range<Int>] = []
        var file: Int32 = -1
        var isEmpty: Bool { comments.isEmpty }
    }

    enum Attribute {
        case since(span: Span, version: Version)
        case unstable(span: Span, feature: Ident)
        case deprecated(span: Span, version: Version)
        case externalID(span: Span, value: String)

        var span: Span {
            switch self {
            case .since(let s, _), .unstable(let s, _), .deprecated(let s, _), .externalID(let s, _): return s
            }
        }
    }

    /// `ns:pkg@1.0.0` (with 🪺 nested names `a:b:c/d`, namespace `a:b` and name `c/d`).
    struct PackageRef {
        var docs = Docs()
        var span: Span
        var namespace: [Ident]
        var name: [Ident]
        var version: (span: Span, version: Version)?
        var isNested: Bool { namespace.count > 1 || name.count > 1 }

        var packageName: PackageName {
            PackageName(namespace: namespace.map(\.name).joined(separator: ":"),
                        name: name.map(\.name).joined(separator: "/"), version: version?.version)
        }
    }

    struct File {
        var package: PackageRef?
        var items: [Item] = []
        var file: Int32
    }

    enum Item {
        case interface(Interface)
        case world(World)
        case use(ToplevelUse)
        case package(NestedPackage)
    }

    struct NestedPackage {
        var name: PackageRef
        var items: [Item]
    }

    struct ToplevelUse {
        var span: Span
        var attributes: [Attribute]
        var path: UsePath
        var asName: Ident?
        var localName: Ident { asName ?? path.name }
    }

    enum UsePath {
        case id(Ident)
        case package(PackageRef, Ident)

        var name: Ident {
            switch self {
            case .id(let i), .package(_, let i): return i
            }
        }
        var span: Span {
            switch self {
            case .id(let i): return i.span
            case .package(let p, let i): return p.span.through(i.span)
            }
        }
    }

    struct Interface {
        var docs: Docs
        var attributes: [Attribute]
        var name: Ident
        var items: [InterfaceItem]
    }

    enum InterfaceItem {
        case typeDef(TypeDef)
        case function(NamedFunc)
        case use(Use)
    }

    struct Use {
        var span: Span
        var attributes: [Attribute]
        var from: UsePath
        var names: [UseName]
    }

    struct UseName {
        var name: Ident
        var asName: Ident?
        var localName: Ident { asName ?? name }
    }

    struct World {
        var docs: Docs
        var attributes: [Attribute]
        var name: Ident
        var items: [WorldItem]
    }

    enum WorldItem {
        case `import`(Extern)
        case export(Extern)
        case use(Use)
        case typeDef(TypeDef)
        case include(Include)
    }

    struct Extern {
        var docs: Docs
        var attributes: [Attribute]
        var keyword: Span
        var kind: ExternKind
    }

    enum ExternKind {
        /// `name: interface { … }`
        case interface(Ident, [InterfaceItem])
        /// `path;`
        case path(UsePath)
        /// `name: func(…)`
        case function(Ident, Func)
        /// `name: path;` (a plain name implementing a named interface)
        case namedPath(Ident, UsePath)

        var span: Span {
            switch self {
            case .interface(let i, _), .function(let i, _), .namedPath(let i, _): return i.span
            case .path(let p): return p.name.span
            }
        }
    }

    struct Include {
        var span: Span
        var attributes: [Attribute]
        var from: UsePath
        var names: [(name: Ident, asName: Ident)]
    }

    struct TypeDef {
        var docs: Docs
        var attributes: [Attribute]
        var name: Ident
        var body: TypeBody
    }

    enum TypeBody {
        case alias(TypeRef)
        case record([Field])
        case flags([Case])
        case variant([Case])
        case `enum`([Case])
        case resource([ResourceFunc])
    }

    struct Field {
        var docs: Docs
        var name: Ident
        var type: TypeRef
    }

    /// A flag, enum case or variant case (`type` only for variants).
    struct Case {
        var docs: Docs
        var name: Ident
        var type: TypeRef?
    }

    enum ResourceFuncKind { case method, `static`, constructor }

    struct ResourceFunc {
        var kind: ResourceFuncKind
        var function: NamedFunc
    }

    struct NamedFunc {
        var docs: Docs
        var attributes: [Attribute]
        var name: Ident
        var function: Func
    }

    struct Func {
        var span: Span
        var isAsync: Bool
        var params: [(name: Ident, type: TypeRef)]
        var result: TypeRef?
    }

    enum Primitive: Hashable {
        case bool, u8, u16, u32, u64, s8, s16, s32, s64, f32, f64, char, string, errorContext
    }

    /// A type expression.
    indirect enum TypeRef {
        case primitive(Primitive, Span)
        case name(Ident)
        case list(TypeRef, Span)
        case fixedList(TypeRef, UInt32, Span)
        case map(TypeRef, TypeRef, Span)
        case own(Ident, Span)
        case borrow(Ident, Span)
        case tuple([TypeRef], Span)
        case option(TypeRef, Span)
        case result(TypeRef?, TypeRef?, Span)
        case future(TypeRef?, Span)
        case stream(TypeRef?, Span)

        var span: Span {
            switch self {
            case .primitive(_, let s), .list(_, let s), .fixedList(_, _, let s), .map(_, _, let s), .own(_, let s),
                .borrow(_, let s), .tuple(_, let s), .option(_, let s), .result(_, _, let s), .future(_, let s),
                .stream(_, let s):
                return s
            case .name(let i): return i.span
            }
        }
    }
}
