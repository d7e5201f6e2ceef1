import WasmBinary
import WasmComponent

// The type of an instance import that several inputs share. Components generated from WIT import
// only the functions they use, so two components importing `wasi:io/streams` usually declare
// different subsets of it: the result imports the union (every export any importer declares, the
// highest version's declaration first), which each importer's instantiation then checks against.

extension ShellBuilder {
    /// The union of the instance types of group `g`'s importers, as a result type index; nil when an
    /// importer's type uses a construct the union does not handle (then the chosen importer's type
    /// is used, and validation reports any importer it does not satisfy).
    func unionInstanceType(_ g: Int) throws(WasmError) -> UInt32? {
        let group = plan.imports[g]
        var seen = Set<Int>()
        var members: [UnionMember] = []
        let ordered = group.importers.filter { $0.name == group.name } + group.importers.filter { $0.name != group.name }
        for importer in ordered where !seen.contains(importer.input) {
            seen.insert(importer.input)
            let s = importer.input
            guard let imp = inputs[s].imports.first(where: { $0.name.name == importer.name }),
                  case .instance(let t) = imp.type, let decls = instanceBody(s, t),
                  let member = UnionMember(input: s, decls: decls) else { return nil }
            members.append(member)
        }
        guard members.count > 1 else { return nil }
        let union = UnionBody(members: members)
        for m in union.members.indices {
            for name in union.members[m].exportOrder where union.exportIndex[name] == nil {
                guard try union.copyExport(name, of: m, shell: self) else { return nil }
            }
        }
        return emitUnion(.instance(union.decls))
    }

    /// The declarations of input `s`'s top-level instance type `t` (following re-exports).
    private func instanceBody(_ s: Int, _ t: UInt32) -> [TypeDeclaration]? {
        var t = t
        for _ in 0..<100 {
            guard Int(t) < inputs[s].types.count else { return nil }
            switch inputs[s].types[Int(t)] {
            case .defined(.instance(let decls)): return decls
            case .same(let j): t = j
            default: return nil
            }
        }
        return nil
    }
}

/// One importer's instance type body, indexed.
struct UnionMember {
    enum Origin {
        case defined(ComponentType)
        /// `alias outer 1 i (type)`: type `i` of the input's top level.
        case outer(UInt32)
        /// An exported type (declaration number).
        case export(String)
    }

    let input: Int
    let decls: [TypeDeclaration]
    var types: [Origin] = []
    var exportDecl: [String: Int] = [:]
    var exportOrder: [String] = []

    /// Nil when the body uses something the union does not handle.
    init?(input: Int, decls: [TypeDeclaration]) {
        self.input = input
        self.decls = decls
        for (k, d) in decls.enumerated() {
            switch d {
            case .type(let t):
                switch t {
                case .defined, .func: types.append(.defined(t))
                default: return nil
                }
            case .alias(.outer(.type, 1, let i)): types.append(.outer(i))
            case .export(let name, let desc):
                exportDecl[name.name] = k
                exportOrder.append(name.name)
                switch desc {
                case .type: types.append(.export(name.name))
                case .func, .value: break
                default: return nil
                }
            default: return nil
            }
        }
    }
}

/// The union body being built.
final class UnionBody {
    let members: [UnionMember]
    var decls: [TypeDeclaration] = []
    var typeCount: UInt32 = 0
    /// Export name → the body's type index (type exports) or nil (other exports).
    var exportIndex: [String: UInt32?] = [:]
    var memo: [Int: [UInt32: UInt32]] = [:]
    var outerMemo: [UInt32: UInt32] = [:]
    var depth = 0

    init(members: [UnionMember]) { self.members = members }

    /// Copies export `name` of member `m` (and what it refers to); false when unsupported.
    func copyExport(_ name: String, of m: Int, shell: ShellBuilder) throws(WasmError) -> Bool {
        guard let k = members[m].exportDecl[name], case .export(let n, let desc) = members[m].decls[k] else { return false }
        let map = { (i: UInt32) throws(WasmError) -> UInt32 in try self.local(i, of: m, shell: shell) }
        let copied: ExternDesc
        switch desc {
        case .func(let t): copied = .func(try map(t))
        case .value(let v): copied = .value(try ShellBuilder.copy(v, map))
        case .type(.eq(let t)): copied = .type(.eq(try map(t)))
        case .type(.subResource): copied = desc
        default: return false
        }
        decls.append(.export(name: n, type: copied))
        if case .type = desc {
            exportIndex[name] = typeCount
            typeCount += 1
        } else {
            exportIndex[name] = .some(nil)
        }
        return true
    }

    /// The union body's index for type `i` of member `m`'s body.
    func local(_ i: UInt32, of m: Int, shell: ShellBuilder) throws(WasmError) -> UInt32 {
        if let d = memo[m]?[i] { return d }
        let origins = members[m].types
        guard Int(i) < origins.count, depth < 100 else {
            throw .compose(.composeBadInput, "\(shell.inputs[members[m].input].label) is invalid: unknown type \(i) "
                           + "in an instance type")
        }
        depth += 1
        defer { depth -= 1 }
        let out: UInt32
        switch origins[Int(i)] {
        case .defined(let t):
            let map = { (j: UInt32) throws(WasmError) -> UInt32 in try self.local(j, of: m, shell: shell) }
            switch t {
            case .defined(let d): decls.append(.type(.defined(try ShellBuilder.copy(d, map))))
            case .func(let f): decls.append(.type(.func(try ShellBuilder.copy(f, map))))
            default: throw .compose(.composeUnsupported, "unexpected type in an instance type")
            }
            out = typeCount
            typeCount += 1
        case .outer(let top):
            let mapped = try shell.mapType(members[m].input, top)
            if let d = outerMemo[mapped] {
                out = d
            } else {
                decls.append(.alias(.outer(kind: .type, count: 1, index: mapped)))
                out = typeCount
                typeCount += 1
                outerMemo[mapped] = out
            }
        case .export(let name):
            // Exported types are shared by name: every member's `output-stream` is the union's.
            if case .some(.some(let d)) = exportIndex[name] {
                out = d
            } else {
                guard try copyExport(name, of: m, shell: shell), case .some(.some(let d)) = exportIndex[name] else {
                    throw .compose(.composeUnsupported, "cannot merge export `\(name)` of an instance type")
                }
                out = d
            }
        }
        memo[m, default: [:]][i] = out
        return out
    }
}
