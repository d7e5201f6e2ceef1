import WasmBinary
import WasmCore

// Compact imports (the compact-imports proposal): `(import "m" (item "a" (func)) (item "b" (global i32)))`
// (one module name, each item with its type: the `0x7F` form) and `(import "m" (item "a") (item "b") (func))`
// (one module name and one type for every item: the `0x7E` form).

extension ModuleParser {
    mutating func addImportName(_ kind: Substring, _ id: (id: String?, name: String?), at: Int) throws(TextError) {
        switch kind {
        case "func": _ = try names.add(.func, id, at: at)
        case "table": _ = try names.add(.table, id, at: at)
        case "memory": _ = try names.add(.memory, id, at: at)
        case "global": _ = try names.add(.global, id, at: at)
        case "tag": _ = try names.add(.tag, id, at: at)
        default: throw c.error("unknown import kind `\(kind)`")
        }
    }

    /// Pass 1: after the module name of a compact import, the ids of its items.
    mutating func collectCompactImport(at: Int) throws(TextError) {
        var bare = 0
        while c.atList("item") {
            try c.openList("item")
            _ = try c.string()
            if c.peek.kind == .lparen {
                guard let kind = c.listKeyword() else { throw c.expected("an import description") }
                _ = c.advance(); _ = c.advance()
                try addImportName(kind, try c.idAndName(), at: at)
                while c.peek.kind != .rparen { try c.skipItem() }
                try c.rparen()
            } else {
                bare += 1
            }
            try c.rparen()
        }
        guard bare > 0 else { return }
        guard let kind = c.listKeyword() else { throw c.expected("an import description") }
        for _ in 0..<bare { try addImportName(kind, (nil, nil), at: at) }
    }

    /// Pass 2: after the module name of a compact import, through the import's `)` (its caller's).
    mutating func compactImport(_ module: String) throws(TextError) {
        var items: [CompactImportItem] = []
        var names: [String] = []
        while c.atList("item") {
            try c.openList("item")
            let n = try c.name()
            if c.peek.kind == .lparen {
                guard names.isEmpty else { throw c.error("unexpected import type") }
                try c.lparen()
                let kind = c.text(c.advance())
                _ = try c.idAndName()
                items.append(CompactImportItem(name: n, type: try externDesc(String(kind))))
                try c.rparen()
            } else {
                guard items.isEmpty else { throw c.error("unexpected `)`") }
                names.append(n)
            }
            try c.rparen()
        }
        if !items.isEmpty {
            imports.append(.compactItems(module: module, items: items))
            for i in items { count(Import(module: module, name: i.name, type: i.type)) }
        } else {
            try c.lparen()
            let kt = c.peek
            let kind = c.text(c.advance())
            if c.peek.kind == .id { throw c.error("identifier not allowed") }
            _ = try c.idAndName()
            let t = try externDesc(String(kind))
            try c.rparen()
            _ = kt
            imports.append(.compactType(module: module, type: t, names: names))
            for n in names { count(Import(module: module, name: n, type: t)) }
        }
        try c.rparen()
    }
}
