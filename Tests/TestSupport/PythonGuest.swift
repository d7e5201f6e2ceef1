import Foundation

/// A trivial componentize-py guest (`world app { export run: func() -> string; }`, ~18 MB with CPython
/// inside), built once into testdata/build/wit-wasi/app.wasm (git-ignored) and reused. Gate first, as the
/// test's first statement: `try Oracle.require(.componentizePy)`.
public enum PythonGuest {
    public static let directory = Repo.testdata.appendingPathComponent("build/wit-wasi")

    /// The guest's path, building it when it is not there yet.
    public static func component() throws -> String {
        let out = directory.appendingPathComponent("app.wasm").path
        if Repo.exists(out) { return out }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "package example:app;\nworld app { export run: func() -> string; }\n"
            .write(to: directory.appendingPathComponent("app.wit"), atomically: true, encoding: .utf8)
        try "import wit_world\nclass WitWorld(wit_world.WitWorld):\n    def run(self) -> str: return \"hi\"\n"
            .write(to: directory.appendingPathComponent("app.py"), atomically: true, encoding: .utf8)
        let tmp = out + ".tmp"
        let made = try runProcess(
            Repo.componentizePy, ["-d", "app.wit", "-w", "app", "componentize", "app", "-o", tmp], cwd: directory)
        guard made.status == 0 else { throw Oracle.Missing(description: "componentize-py failed: \(made.err)") }
        try FileManager.default.moveItem(atPath: tmp, toPath: out)
        return out
    }
}
