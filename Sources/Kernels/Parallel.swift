import Dispatch

/// Splits `0..<count` into `threads` contiguous chunks and runs them concurrently.
public func parallelChunks(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    let workers = max(1, min(threads, count))
    if workers == 1 { body(0..<count); return }
    let chunk = (count + workers - 1) / workers
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        let range = (w * chunk)..<min(count, (w + 1) * chunk)
        if !range.isEmpty { body(range) }
    }
}
