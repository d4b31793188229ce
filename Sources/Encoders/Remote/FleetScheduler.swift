import Foundation
import Kernels

/// Which replica of a fleet sends which batch: each call's batches waiting in one queue, and the replicas' health
/// (failures in a row, out until when) and usage, all under one lock.
final class FleetScheduler: @unchecked Sendable {
    let replicas: [Replica]
    let backOff: FleetEncoder.BackOff
    /// Receives each replica taken out or put back.
    let warn: (String) -> Void
    /// Guards the replicas and every call; broadcast on each change.
    private let state = NSCondition()

    /// Replicas without a connection (their probe failed) start out.
    init(_ replicas: [Replica], backOff: FleetEncoder.BackOff, warn: @escaping (String) -> Void) {
        self.replicas = replicas
        self.backOff = backOff
        self.warn = warn
        for replica in replicas where replica.encoder == nil {
            replica.usage.failures = 1
            replica.failuresInARow = backOff.failures
            takeOut(replica, after: "a failed probe")
        }
    }

    /// `body`'s result, with the lock held.
    func locked<T>(_ body: () -> T) -> T {
        state.lock()
        defer { state.unlock() }
        return body()
    }

    /// The next batch for replica `r`: the first waiting one it has not failed on, else one it has failed on that every
    /// other replica able to take it is out for. Waits while `r` is out (putting it back when its time is up) or no
    /// batch is for it; nil once the call is over.
    func next(for r: Int, in call: FleetCall) -> FleetCall.Batch? {
        state.lock()
        defer { state.unlock() }
        let replica = replicas[r]
        while !call.isOver {
            if let until = replica.outUntil {
                if Date() < until {
                    _ = state.wait(until: until)
                    continue
                }
                replica.outUntil = nil
                warn("replica \(replica.address) put back")
            }
            let index = call.waiting.firstIndex { !$0.failedOn.contains(r) }
                ?? call.waiting.firstIndex { batch in replicas.indices.allSatisfy { batch.failedOn.contains($0) || replicas[$0].outUntil != nil } }
            if let index {
                call.inFlight += 1
                return call.waiting.remove(at: index)
            }
            state.wait()
        }
        return nil
    }

    /// Records replica `r`'s reply to `batch`, which took `seconds`: its vectors placed, or the batch back first in line
    /// and the replica's failure counted (taking it out at `backOff.failures` in a row). A batch that has failed on
    /// every replica, or more than three times per replica, ends the call with an error.
    func finish(_ batch: FleetCall.Batch, on r: Int, _ result: Result<[Float], Error>, seconds: Double, in call: FleetCall) {
        state.lock()
        defer {
            state.broadcast()
            state.unlock()
        }
        call.inFlight -= 1
        let replica = replicas[r]
        switch result {
        case .success(let vectors):
            call.place(batch.rows, vectors)
            replica.usage.texts += batch.rows.count
            replica.usage.seconds += seconds
            replica.failuresInARow = 0
            replica.timesOutInARow = 0
        case .failure(let error):
            replica.usage.failures += 1
            replica.failuresInARow += 1
            replica.lastError = "\(error)"
            if replica.failuresInARow >= backOff.failures && replica.outUntil == nil {
                takeOut(replica, after: "\(replica.failuresInARow) failures")
            }
            var batch = batch
            batch.failures += 1
            batch.failedOn.insert(r)
            if batch.failedOn.count < replicas.count && batch.failures <= 3 * replicas.count {
                call.waiting.insert(batch, at: 0)
            } else if call.error == nil {
                let errors = replicas.map { "\($0.address): \($0.lastError ?? "no failure")" }.joined(separator: "; ")
                call.error = EncoderError("the batch of texts \(batch.rows.lowerBound + 1)–\(batch.rows.upperBound) (the first: "
                    + "\(call.texts[batch.rows.lowerBound].prefix(60).debugDescription)) failed \(batch.failures) times, on "
                    + "\(batch.failedOn.count) of \(replicas.count) replicas; each replica's last error: \(errors)")
            }
        }
    }

    /// Takes `replica` out for the back-off's next delay, with a warning; called with the lock held (or before any call).
    private func takeOut(_ replica: Replica, after reason: String) {
        let delay = min(backOff.maxDelay, backOff.initialDelay * pow(2, Double(replica.timesOutInARow)))
        replica.timesOutInARow += 1
        replica.usage.takenOut += 1
        replica.outUntil = Date().addingTimeInterval(delay)
        warn("replica \(replica.address) taken out after \(reason) (last: \(replica.lastError ?? "none")); retrying in \(String(format: "%g", delay)) s")
    }
}

/// One replica of a fleet: its connection once it has answered, its health and its usage; guarded by the scheduler's lock.
final class Replica: @unchecked Sendable {
    let backend: RemoteBackend
    var encoder: RemoteEncoder?
    var usage: FleetEncoder.Usage
    /// Failures since its last success, and times taken out since then (the back-off doubles with each).
    var failuresInARow = 0, timesOutInARow = 0
    /// Until when it is out; nil while it is in.
    var outUntil: Date?
    var lastError: String?
    var address: String { usage.address }

    init(_ backend: RemoteBackend) {
        self.backend = backend
        usage = FleetEncoder.Usage(address: backend.baseURL.absoluteString)
    }
}

/// One `embed` call of a fleet: its texts, the batches waiting (re-sent ones first), the vectors placed so far and its
/// error; guarded by the scheduler's lock.
final class FleetCall: @unchecked Sendable {
    /// A batch's rows, and the replicas it failed on.
    struct Batch {
        let rows: Range<Int>
        var failures = 0
        var failedOn: Set<Int> = []
    }

    let texts: [String]
    var waiting: [Batch]
    var inFlight = 0
    private(set) var output: EmbeddingMatrix
    private var finished = 0
    var error: Error?
    private let progress: ((Int) -> Void)?

    /// The batches of `texts`, `batchSize` at a time from the first, as `RemoteEncoder` cuts them.
    init(_ texts: [String], dimension: Int, batchSize: Int, progress: ((Int) -> Void)?) {
        self.texts = texts
        output = EmbeddingMatrix(rows: texts.count, dimension: dimension)
        waiting = stride(from: 0, to: texts.count, by: batchSize).map { Batch(rows: $0..<min($0 + batchSize, texts.count)) }
        self.progress = progress
    }

    /// Failed, or every batch placed.
    var isOver: Bool { error != nil || (waiting.isEmpty && inFlight == 0) }

    /// Places a batch's vectors at its rows and reports the texts finished.
    func place(_ rows: Range<Int>, _ vectors: [Float]) {
        let width = output.dimension
        output.values.replaceSubrange((rows.lowerBound * width)..<(rows.upperBound * width), with: vectors)
        finished += rows.count
        progress?(finished)
    }
}
