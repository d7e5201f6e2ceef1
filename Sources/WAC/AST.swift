import WIT
import WasmComponent

/// The syntax tree of a WAC document (`LANGUAGE.md` of bytecodealliance/wac), every node with its
/// span in the document's ``SourceMap``.
public enum WAC {
    public struct Ident: Sendable, Equatable {
        public var name: String
        public var span: Span
    }

    /// A name given as an identifier or a string literal (`as "wasi:cli/run@0.2.0"`).
    public struct Name: Sendable, Equatable {
        public var text: String
        public var span: Span
    }

    /// `a as b` in `include w with { a as b }`.
    public struct IncludeName: Sendable, Equatable {
        public var from: Ident
        public var to: Ident
    }

    /// `ns:name[@version]` (a package to instantiate, or the document's own name).
    public struct PackageName: Sendable, Equatable {
        /// `ns:name` (nested namespaces joined with `:`).
        public var name: String
        public var version: Version?
        public var span: Span
        public var text: String { version.map { "\(name)@\($0)" } ?? name }
    }

    /// `ns:name/item[/item…][@version]`: an interface or world of a package.
    public struct PackagePath: Sendable, Equatable {
        public var package: String
        /// The item path after the package (`cache`, or `a/b`).
        public var items: [Ident]
        public var version: Version?
        public var span: Span
        /// `ns:name/item@version` as written (normalized).
        public var text: String {
            "\(package)/\(items.map(\.name).joined(separator: "/"))" + (version.map { "@\($0)" } ?? "")
        }
    }

    public indirect enum TypeRef: Sendable, Equatable {
        /// A primitive (`u32`, `string`, …).
        case primitive(String, Span)
        case tuple([TypeRef], Span)
        case list(TypeRef, Span)
        case option(TypeRef, Span)
        case result(ok: TypeRef?, error: TypeRef?, Span)
        case borrow(TypeRef, Span)
        case named(Ident)

        public var span: Span {
            switch self {
            case .primitive(_, let s), .tuple(_, let s), .list(_, let s), .option(_, let s), .result(_, _, let s),
                 .borrow(_, let s): return s
            case .named(let i): return i.span
            }
        }
    }

    public struct NamedType: Sendable, Equatable {
        public var name: Ident
        public var type: TypeRef
    }

    public enum Results: Sendable, Equatable {
        case none
        case scalar(TypeRef)
        case named([NamedType])
    }

    public struct FuncType: Sendable, Equatable {
        public var params: [NamedType]
        public var results: Results
        public var span: Span
    }

    public enum FuncTypeRef: Sendable, Equatable {
        case `func`(FuncType)
        case named(Ident)
    }

    public enum ResourceItem: Sendable, Equatable {
        case constructor(params: [NamedType], span: Span)
        case method(name: Ident, isStatic: Bool, type: FuncType)
    }

    public struct Case: Sendable, Equatable {
        public var name: Ident
        public var type: TypeRef?
    }

    public enum AliasTarget: Sendable, Equatable {
        case `func`(FuncType)
        case type(TypeRef)
    }

    public enum TypeDecl: Sendable, Equatable {
        case variant(Ident, [Case])
        case record(Ident, [NamedType])
        case flags(Ident, [Ident])
        case `enum`(Ident, [Ident])
        case alias(Ident, AliasTarget)
        case resource(Ident, [ResourceItem])

        public var name: Ident {
            switch self {
            case .variant(let n, _), .record(let n, _), .flags(let n, _), .enum(let n, _), .alias(let n, _),
                 .resource(let n, _): return n
            }
        }
    }

    public enum UsePath: Sendable, Equatable {
        case package(PackagePath)
        case ident(Ident)
    }

    public struct UseItem: Sendable, Equatable {
        public var name: Ident
        public var alias: Ident?
    }

    public struct Use: Sendable, Equatable {
        public var path: UsePath
        public var items: [UseItem]
        public var span: Span
    }

    public enum InterfaceItem: Sendable, Equatable {
        case use(Use)
        case type(TypeDecl)
        case export(Ident, FuncTypeRef)
    }

    public enum ExternType: Sendable, Equatable {
        case `func`(FuncType)
        case interface([InterfaceItem], Span)
        case ident(Ident)
    }

    public enum WorldItemPath: Sendable, Equatable {
        case named(Ident, ExternType)
        case package(PackagePath)
        case ident(Ident)
    }

    public enum WorldItem: Sendable, Equatable {
        case use(Use)
        case type(TypeDecl)
        case `import`(WorldItemPath, Span)
        case export(WorldItemPath, Span)
        case include(UsePath, with: [IncludeName], Span)
    }

    public enum TypeStatement: Sendable, Equatable {
        case interface(Ident, [InterfaceItem])
        case world(Ident, [WorldItem])
        case type(TypeDecl)

        public var name: Ident {
            switch self {
            case .interface(let n, _), .world(let n, _): return n
            case .type(let d): return d.name
            }
        }
    }

    public enum ImportType: Sendable, Equatable {
        case package(PackagePath)
        case `func`(FuncType)
        case interface([InterfaceItem], Span)
        case ident(Ident)
    }

    public struct Import: Sendable, Equatable {
        public var id: Ident
        /// `as "name"` or `as name`: the name the result imports it under.
        public var asName: Name?
        public var type: ImportType
        public var span: Span
    }

    public enum Arg: Sendable, Equatable {
        /// `name`: the item `name` (an import or instance of the document) for the argument `name`.
        case ident(Ident)
        /// `...name`: every export of instance `name` that the component imports.
        case spread(Ident, Span)
        /// `name: expr` / `"name": expr`.
        case named(Name, Expr)
    }

    public struct New: Sendable, Equatable {
        public var package: PackageName
        public var args: [Arg]
        /// The `...` that ends the arguments: import whatever is left.
        public var fill: Span?
        public var span: Span
    }

    public indirect enum Primary: Sendable, Equatable {
        case new(New)
        case nested(Expr)
        case ident(Ident)
    }

    public enum Postfix: Sendable, Equatable {
        /// `.name`
        case access(Ident)
        /// `["name"]`
        case named(Name)

        public var span: Span {
            switch self {
            case .access(let i): return i.span
            case .named(let n): return n.span
            }
        }
    }

    public struct Expr: Sendable, Equatable {
        public var primary: Primary
        public var postfix: [Postfix]
        public var span: Span
    }

    public struct Let: Sendable, Equatable {
        public var id: Ident
        public var expr: Expr
        public var span: Span
    }

    public enum ExportOptions: Sendable, Equatable {
        case none
        /// `export inst...;`
        case spread(Span)
        /// `export expr as name;`
        case `as`(Name)
    }

    public struct Export: Sendable, Equatable {
        public var expr: Expr
        public var options: ExportOptions
        public var span: Span
    }

    public enum Statement: Sendable, Equatable {
        case `import`(Import)
        case type(TypeStatement)
        case `let`(Let)
        case export(Export)
    }

    public struct Document: Sendable, Equatable {
        public var package: PackageName
        public var targets: PackagePath?
        public var statements: [Statement]
        /// The file's index in ``sources``.
        public var file: Int32
        /// The whole text of each top-level interface and world declaration (for `targets` a
        /// world of the document, checked as WIT).
        public var declarationSpans: [Span] = []
    }
}
