import Dispatch

/// Splits `0..<count` into at most `threads` contiguous chunks and runs them concurrently; `body`
/// receives each chunk and the index of the worker running it (for per-worker scratch buffers).
public func parallelWorkers(_ count: Int, threads: Int, _ body: (Range<Int>, Int) -> Void) {
    let workers = max(1, min(threads, count))
    if workers == 1 { body(0..<count, 0); return }
    let chunk = (count + workers - 1) / workers
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        let range = (w * chunk)..<min(count, (w + 1) * chunk)
        if !range.isEmpty { body(range, w) }
    }
}

/// Threads worth using for a matrix product of `work` multiply-adds: one below about a million, where
/// dispatching costs more than it saves.
public func workerCount(work: Int, threads: Int) -> Int { work >= 1 << 20 ? threads : 1 }

/// `parallelWorkers` for bodies that need only their chunk.
public func parallelChunks(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    parallelWorkers(count, threads: threads) { range, _ in body(range) }
}

/// Runs `body` for every index of `0..<count`: with more than one thread, concurrently on the machine's cores, each
/// index handed to the next free core (so unequal items still share the cores evenly); with one, in order.
public func parallelForEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    if threads > 1 && count > 1 {
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    } else {
        for i in 0..<count { body(i) }
    }
}
