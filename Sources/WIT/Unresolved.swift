/// One package after its own names are resolved but before it is linked with its dependencies.
///
/// Ids inside are local: indices into the arrays below. Items from other packages come first in
/// each array (placeholder interfaces/worlds, then `unknown` types for names `use`d from them);
/// ``Resolve`` maps them to the real items when the package is linked.
struct UnresolvedPackage {
    var name: PackageName
    var nameSpan: Span
    var docs: Docs
    var types: [TypeDef] = []
    var interfaces: [Interface] = []
    var worlds: [World] = []
    /// Packages referred to, then the interfaces/worlds referred to in each, with the stability of
    /// every reference.
    var foreignDeps = OrderedMap<PackageName, OrderedMap<String, ForeignItem>>()
    /// Where each foreign package is first mentioned (parallel to `foreignDeps`).
    var foreignDepSpans: [Span] = []
    /// Types used in handles whose resource-ness can only be checked after linking.
    var requiredResourceTypes: [(TypeID, Span)] = []
    /// Whether the package name uses 🪺 nested namespaces/packages.
    var usesNestedNames = false

    struct ForeignItem {
        var item: ItemRef
        var stabilities: [Stability]
    }

    enum ItemRef: Hashable {
        case interface(InterfaceID)
        case world(WorldID)
    }
}
