import WasmBinary
import WasmComponent
import WasmCore

/// Checks a (valid) component against a WIT world with `ComponentValidator.targetProblems` and
/// renders every problem with the WIT location it concerns (`wcomp validate APP --wit PATH
/// [--world NAME] [--semver-compatible]`).
public enum WorldCheck {
    public struct Located: Sendable {
        public var problem: TargetProblem
        public var location: SourceLocation?
    }

    public struct Report: Sendable {
        public var witPath: String
        public var worldName: String
        public var worldLocation: SourceLocation?
        public var problems: [Located]
        public var targets: Bool { problems.isEmpty }
    }

    public enum Failure: Error {
        /// The WIT did not parse or resolve: its diagnostics, rendered.
        case wit(WITFailure)
        case usage(WasmError)
    }

    public static func check(_ component: Component, witPath: String, world: String?, semverCompatible: Bool,
                      features: Features) throws(WasmError) -> Result<Report, Failure> {
        let wit: ResolvedWIT
        switch WIT.load(path: witPath) {
        case .success(let w): wit = w
        case .failure(let f): return .failure(.wit(f))
        }
        return try check(component, wit: wit, witPath: witPath, world: world, semverCompatible: semverCompatible,
                         features: features)
    }

    /// The same, against WIT already resolved (`witPath` names it in messages).
    public static func check(_ component: Component, wit: ResolvedWIT, witPath: String, world: String?,
                             semverCompatible: Bool, features: Features) throws(WasmError) -> Result<Report, Failure> {
        guard let worldID = wit.world(named: world) else {
            let all = wit.resolve.packages[wit.main.index].worlds.keys
            let message = world.map { "no world named `\($0)` in \(witPath) (worlds: \(all.joined(separator: ", ")))" }
                ?? "\(witPath) has \(all.count) worlds (\(all.joined(separator: ", "))); choose one with --world"
            return .failure(.usage(WasmError(.usage, message, offset: nil, kind: .usage)))
        }
        let r = wit.resolve
        let w = r.worlds[worldID.index]
        let problems = try ComponentValidator(features: features)
            .targetProblems(of: component, world: r.componentType(of: worldID), semverCompatible: semverCompatible)
        let located = problems.map { Located(problem: $0, location: location(of: $0, in: r, world: w)) }
        let qualified = w.package.map { r.packages[$0.index].name.interfaceID(w.name) } ?? w.name
        return .success(Report(witPath: witPath, worldName: qualified, worldLocation: r.sources.location(w.span),
                               problems: located))
    }

    /// The WIT item a problem is about: the world item (or, for a difference inside an interface,
    /// the function or type there); for imports the world lacks, the world itself.
    static func location(of p: TargetProblem, in r: Resolve, world w: World) -> SourceLocation? {
        let items = p.isImport ? w.imports : w.exports
        let wanted = p.worldName ?? p.name
        guard p.kind != .importNotInWorld,
              let item = zip(items.keys, items.values).first(where: { r.externName($0, $1).name == wanted })?.1 else {
            return r.sources.location(w.span)
        }
        if case .interface(let iid, _, _, _, _) = item, case .member(let kind, let name)? = p.path.first {
            let i = r.interfaces[iid.index]
            if kind == "func", let f = i.functions[name] { return r.sources.location(f.span) ?? r.sources.location(item.span) }
            if kind == "type", let t = i.types[name] {
                return r.sources.location(r.types[t.index].span) ?? r.sources.location(item.span)
            }
        }
        return r.sources.location(item.span)
    }

    public static let groups: [(TargetProblem.Kind, String)] = [
        (.importNotInWorld, "imports missing from the world"),
        (.exportNotInComponent, "exports missing from the component"),
        (.typeMismatch, "type mismatches"),
    ]

    /// `file: error: ... does not target world ...` and the problems grouped by kind.
    public static func render(_ report: Report, file: String) -> String {
        let n = report.problems.count
        var s = "\(file): error: the component does not target world `\(report.worldName)`"
        if let l = report.worldLocation { s += " (\(l))" }
        s += ": \(n) problem\(n == 1 ? "" : "s") [target-mismatch]\n"
        for (kind, title) in groups {
            let ps = report.problems.filter { $0.problem.kind == kind }
            if ps.isEmpty { continue }
            s += "  \(title):\n"
            for p in ps { s += "    " + line(p) + "\n" }
        }
        return s
    }

    public static func line(_ p: Located) -> String {
        let q = p.problem
        var s = p.location.map { "\($0): " } ?? ""
        s += ([.text((q.isImport ? "import " : "export ") + q.name)] + q.path).rendered
        if let w = q.worldName { s += " (world: \(w))" }
        switch q.kind {
        case .typeMismatch: s += ": \(q.message)"
        case .importNotInWorld, .exportNotInComponent: break
        }
        return s
    }
}
