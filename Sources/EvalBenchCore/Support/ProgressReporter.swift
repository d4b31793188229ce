import Foundation

/// Progress of one piece of work (a task's encoding) on stderr: one redrawn line with a bar, rate and ETA on a
/// terminal, a plain `[progress]` line every few seconds otherwise, nothing when quiet. Each write is one whole line
/// in a single `write(2)`, so progress never cuts into a result line sent to the same pipe.
public final class ProgressReporter {
    /// How progress is shown.
    public enum Style: Sendable {
        /// A redrawn line when stderr is a terminal, plain lines otherwise.
        case automatic
        /// No progress at all (`--quiet`).
        case quiet
    }

    let label: String
    let unit: String
    let interactive: Bool
    let quiet: Bool
    /// Seconds between plain lines; a terminal line is redrawn five times a second.
    let interval: Double
    var total: Int
    var done = 0
    var reused = 0
    var start: Date?
    var lastPrint = Date.distantPast
    var finished = false

    public init(_ label: String, total: Int = 0, unit: String = "texts", style: Style = .automatic, interval: Double = 5) {
        self.label = label
        self.total = total
        self.unit = unit
        quiet = style == .quiet
        interactive = isatty(STDERR_FILENO) != 0
        self.interval = interval
        if total > 0 { start = Date() }
    }

    /// More work became known (texts to encode for another role).
    public func expect(_ count: Int) {
        total += count
        if start == nil && count > 0 { start = Date() }
    }

    /// Texts found in the cache instead of encoded: no longer part of the work to do.
    public func reuse(_ count: Int) {
        reused += count
        total -= count
    }

    /// `count` more units are done.
    public func advance(by count: Int) {
        update(done + count)
    }

    /// `done` units of the total are done.
    public func update(_ done: Int) {
        let now = Date()
        if start == nil { start = now }
        self.done = done
        guard now.timeIntervalSince(lastPrint) >= (interactive ? 0.2 : interval) else { return }
        lastPrint = now
        draw(final: false)
    }

    /// Ends the line with the final count and rate (the only line a task that encoded nothing prints).
    public func finish() {
        guard !finished else { return }
        finished = true
        draw(final: true)
    }

    /// "label: done/total texts, rate texts/s, ETA s" (or the totals when final).
    var status: String {
        let elapsed = start.map { max(Date().timeIntervalSince($0), 1e-9) } ?? 0
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let cached = reused > 0 ? ", \(reused) from the cache" : ""
        if finished {
            return "\(label): encoded \(done) \(unit) in \(String(format: "%.1f", elapsed)) s" + (done > 0 ? String(format: ", %.1f %@/s", rate, unit) : "") + cached
        }
        let eta = rate > 0 ? String(format: "%.0f s", Double(max(total - done, 0)) / rate) : "–"
        return "\(label): \(done)/\(total) \(unit), \(String(format: "%.1f", rate)) \(unit)/s, ETA \(eta)" + cached
    }

    func draw(final: Bool) {
        guard !quiet else { return }
        let line: String
        if interactive {
            let width = 24, filled = total > 0 ? min(width, width * done / total) : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            line = "\r[\(bar)] \(status)\u{1B}[K" + (final ? "\n" : "")
        } else {
            line = "[progress] \(status)\n"
        }
        FileHandle.standardError.write(Data(line.utf8))
    }
}
