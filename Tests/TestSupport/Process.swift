import Foundation

/// What a program did: its exit status and everything it wrote.
public struct ProcessOutput: Sendable {
    public let status: Int32
    public let stdout: Data
    public let stderr: String

    /// Standard output as text.
    public var out: String { String(decoding: stdout, as: UTF8.self) }
    public var err: String { stderr }
}

/// Runs `tool` with `args` (in `cwd` if given), feeding it `stdin` (or nothing: its standard input is
/// closed) and collecting standard output and error. The three pipes are served at the same time, so a
/// program that writes a lot to either stream, or reads its input late, cannot block.
@discardableResult
public func runProcess(_ tool: URL, _ args: [String], stdin: Data? = nil, cwd: URL? = nil) throws -> ProcessOutput {
    let p = Process()
    p.executableURL = tool
    p.arguments = args
    if let cwd { p.currentDirectoryURL = cwd }
    let out = Pipe(), err = Pipe(), inp = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = inp
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    p.environment = env
    try p.run()
    let group = DispatchGroup()
    let errBox = DataBox()
    DispatchQueue.global().async(group: group) {
        errBox.data = err.fileHandleForReading.readDataToEndOfFile()
    }
    DispatchQueue.global().async(group: group) {
        if let stdin { inp.fileHandleForWriting.write(stdin) }
        try? inp.fileHandleForWriting.close()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return ProcessOutput(status: p.terminationStatus, stdout: o, stderr: String(decoding: errBox.data, as: UTF8.self))
}

/// Written by one reader thread, read after `DispatchGroup.wait()`.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
