import Foundation
import TestSupport
import XCTest
@testable import WcompCLI

/// man/wcomp.1 and completions/ must list exactly the commands and flags the CLI accepts.
final class DocumentationDriftTests: XCTestCase {
    private func read(_ path: String) throws -> String {
        try String(contentsOf: Repo.root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Expected: command name → every flag spelling it accepts (long and short).
    private var expected: [String: Set<String>] {
        var m: [String: Set<String>] = [:]
        for c in WcompSpec.commands {
            m[c.name] = Set(c.options.flatMap { [$0.name] + ($0.short.map { [$0] } ?? []) })
        }
        m[""] = Set(WcompSpec.globalOptions.flatMap { [$0.name] + ($0.short.map { [$0] } ?? []) })
        return m
    }

    private func flags(in text: Substring) -> Set<String> {
        let unescaped = text.replacingOccurrences(of: "\\-", with: "-")
        let pattern = try! NSRegularExpression(pattern: #"(?<![\w-])(--?[a-zA-Z][a-zA-Z0-9-]*)"#)
        let ns = unescaped as NSString
        return Set(pattern.matches(in: unescaped, range: NSRange(location: 0, length: ns.length)).map {
            ns.substring(with: $0.range(at: 1))
        })
    }

    func testManPage() throws {
        let man = try read("man/wcomp.1")
        // Global options section.
        let global = try XCTUnwrap(man.range(of: ".SH GLOBAL OPTIONS")).upperBound
        let commandsStart = try XCTUnwrap(man.range(of: ".SH COMMANDS")).lowerBound
        XCTAssertEqual(flags(in: man[global..<commandsStart]), expected[""])
        // One .SS block per command.
        let blocks = man[commandsStart...].components(separatedBy: ".SS \"wcomp ").dropFirst()
        var seen: [String] = []
        for block in blocks {
            let name = String(block.prefix { $0 != " " && $0 != "\"" })
            seen.append(name)
            let body = block.components(separatedBy: ".SH ")[0]
            // Drop the synopsis line (it shows [OPTIONS], not flags).
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
            let optionLines = lines.filter { $0.hasPrefix(".B") }.joined(separator: "\n")
            XCTAssertEqual(flags(in: Substring(optionLines)), expected[name], "man page flags of `\(name)`")
        }
        XCTAssertEqual(seen, WcompSpec.commands.map(\.name))
    }

    func testBashCompletion() throws {
        let bash = try read("completions/wcomp.bash")
        let commandsLine = try XCTUnwrap(bash.split(separator: "\n").first { $0.contains("local commands=") })
        XCTAssertEqual(Set(commandsLine.split(separator: "\"")[1].split(separator: " ").map(String.init)),
                       Set(WcompSpec.commands.map(\.name) + ["help"]))
        for c in WcompSpec.commands {
            let line = try XCTUnwrap(bash.split(separator: "\n").first { $0.contains("\(c.name)) opts=") },
                                     "bash completion lacks \(c.name)")
            XCTAssertEqual(Set(line.split(separator: "\"")[1].split(separator: " ").map(String.init)), expected[c.name])
        }
    }

    func testZshCompletion() throws {
        let zsh = try read("completions/_wcomp")
        for c in WcompSpec.commands {
            let start = try XCTUnwrap(zsh.range(of: "                \(c.name))\n")).upperBound
            let end = try XCTUnwrap(zsh.range(of: ";;", range: start..<zsh.endIndex)).lowerBound
            // Option specs look like '--json[...]' or {-h,--help}'[...]'; exclusion lists like '(-h --help)' don't count.
            let block = String(zsh[start..<end])
            let regex = try NSRegularExpression(pattern: #"(--?[a-zA-Z][a-zA-Z0-9-]*)(?=[\[,}])"#)
            let ns = block as NSString
            let names = Set(regex.matches(in: block, range: NSRange(location: 0, length: ns.length)).map {
                ns.substring(with: $0.range(at: 1))
            })
            XCTAssertEqual(names, expected[c.name], "zsh flags of \(c.name)")
        }
        for c in WcompSpec.commands { XCTAssertTrue(zsh.contains("'\(c.name):")) }
    }

    func testFishCompletion() throws {
        let fish = try read("completions/wcomp.fish")
        for c in WcompSpec.commands {
            XCTAssertTrue(fish.contains("-a \(c.name) "), "fish lacks command \(c.name)")
            var names: Set<String> = []
            for line in fish.split(separator: "\n") where line.contains("__fish_seen_subcommand_from \(c.name)'") {
                let words = line.split(separator: " ")
                for (k, w) in words.enumerated() where k + 1 < words.count {
                    if w == "-l" { names.insert("--" + words[k + 1]) }
                    if w == "-s" { names.insert("-" + words[k + 1]) }
                }
            }
            XCTAssertEqual(names, expected[c.name], "fish flags of \(c.name)")
        }
    }

    func testRealBinaryHelpMatchesSpec() throws {
        let r = try runBinary(["--help"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.out, Help.general())
        for c in WcompSpec.commands {
            let h = try runBinary(["help", c.name])
            XCTAssertEqual(h.out, Help.command(c))
            for o in c.options { XCTAssertTrue(h.out.contains(o.name), "help for \(c.name) lacks \(o.name)") }
        }
        let bad = try runBinary(["frobnicate"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.out, "")
        XCTAssertEqual(bad.err.split(separator: "\n").count, 2)
    }
}
