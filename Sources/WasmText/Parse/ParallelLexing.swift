import Dispatch
import Synchronization

// Lexing a large text in two halves at once. The second half starts after a line break near the middle and is
// lexed as if a token started there; the first half is lexed up to that point. When the first half reaches it
// between tokens and outside a skipped annotation (a comment, string or annotation crossing it makes the first
// half go on to the end instead), the halves are what lexing in order gives, errors included: an error in the
// first half comes first in the text, and the second half's error is the one lexing in order meets next.

extension Lexer {
    /// The size from which a text is lexed in halves (tests set it to check both ways agree).
    nonisolated(unsafe) static var parallelBytes = 4 << 20

    /// The tokens of the text lexed in halves; nil when the text has no line break to split at.
    func tokenizeInHalves() throws(TextError) -> [Token]? {
        let n = src.count
        guard let nl = src[(n / 2)...].firstIndex(of: 0x0A) else { return nil }
        let split = nl + 1
        guard split < n else { return nil }
        let first = Mutex<(tokens: [Token], stopped: Bool, error: TextError?)>(([], false, nil))
        let second = Mutex<(tokens: [Token], error: TextError?)>(([], nil))
        let lexer = self
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            var out: [Token] = []
            if half == 0 {
                out.reserveCapacity(n / 5)  // room for the second half too: it is appended here
                do throws(TextError) {
                    let stopped = try lexer.tokens(from: 0, stopAt: split, into: &out) != nil
                    let result = (out, stopped, TextError?.none)
                    first.withLock { $0 = result }
                } catch {
                    let e = error
                    first.withLock { $0.error = e }
                }
            } else {
                out.reserveCapacity((n - split) / 5)
                do throws(TextError) {
                    _ = try lexer.tokens(from: split, stopAt: nil, into: &out)
                    let result = (out, TextError?.none)
                    second.withLock { $0 = result }
                } catch {
                    let e = error
                    second.withLock { $0.error = e }
                }
            }
        }
        // Taken out of the locks (not copied), so that appending the second half copies only it.
        let a = first.withLock { x in let r = x; x = ([], false, nil); return r }
        if let e = a.error { throw e }
        if !a.stopped { return a.tokens }  // the first half went on to the end
        let b = second.withLock { x in let r = x; x = ([], nil); return r }
        if let e = b.error { throw e }
        var tokens = a.tokens
        tokens.append(contentsOf: b.tokens)
        return tokens
    }
}
