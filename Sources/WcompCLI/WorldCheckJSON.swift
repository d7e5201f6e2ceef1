import WIT
import WasmBinary

extension WorldCheck {
    /// The report as the `world` member of `validate --wit --json`.
    static func json(_ report: Report) -> JSON {
        .object([
            ("wit", .string(report.witPath)),
            ("world", .string(report.worldName)),
            ("targets", .bool(report.targets)),
            ("problems", .array(report.problems.map { p in
                let q = p.problem
                return .object([
                    ("kind", .string(q.kind.rawValue)),
                    ("direction", .string(q.isImport ? "import" : "export")),
                    ("name", .string(q.name)),
                    ("worldName", q.worldName.map { .string($0) } ?? .null),
                    ("message", .string(q.message)),
                    ("path", .array(q.path.map { .string($0.description) })),
                    ("location", ErrorReport.location(p.location)),
                ])
            })),
        ])
    }
}
