import WasmBinary
import WasmCore

/// What validating a component works out: every type it defines, imports or exports, resolved
/// (instantiation arguments substituted, `(eq …)` bounds and exported types as fresh names for what
/// they refer to, `(sub resource)` imports and defined resources as abstract identities), in the
/// validator's arena. WIT decoding and composition read this instead of walking the component's
/// index spaces a second time.
///
/// ```swift
/// let v = try ComponentValidator(features: .all).validated(component)
/// for e in v.externs where e.isImport { _ = v.rootType.imports[e.name] }
/// ```
public struct ValidatedComponent: @unchecked Sendable {
    /// An import or export of the root component, in section order.
    package struct Extern: Sendable {
        package var isImport: Bool
        package var name: String
        /// The absolute offset of the import or export item (nil for a built model).
        package var offset: Int?
    }

    public var summary: ComponentValidator.Summary
    /// The type store: defined, function, instance and component types, by `TypeRef`. Read-only
    /// once validation returns (the arena is not shared with another run).
    package let arena: TypeArena
    /// The root component's type (`arena[component: type]`).
    package let type: TypeRef
    /// The root's index spaces: types (for type imports/exports, the name they create), functions,
    /// instances and nested components.
    package let types: [TypeRef]
    package let funcs: [TypeRef]
    package let instances: [TypeRef]
    package let components: [TypeRef]
    /// The root's imports and exports in section order.
    package let externs: [Extern]

    /// The root component's type: its imports and exports by name, with their types.
    package var rootType: ComponentTy { arena[component: type] }
}

extension Item {
    /// The extern name this item was imported or exported under (its attributes restored).
    package func externName(_ name: String) -> ExternName {
        var attributes: [NameAttribute] = []
        if let implements { attributes.append(.implements(implements)) }
        if let versionSuffix { attributes.append(.versionSuffix(versionSuffix)) }
        if let externalId { attributes.append(.externalId(externalId)) }
        return ExternName(name, form: attributes.isEmpty ? .plain : .attributed, attributes: attributes)
    }
}
