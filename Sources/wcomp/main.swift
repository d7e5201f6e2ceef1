#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WcompCLI

let out = FileOutput(fd: 1)
let err = FileOutput(fd: 2)
let status = CLI.run(Array(CommandLine.arguments.dropFirst()), console: Console(out: out, err: err))
out.flush()
err.flush()
exit(status)
