import Foundation

/// Progress on stderr: a redrawn bar with rate and ETA on a terminal, a plain line every few seconds otherwise.
public final class ProgressReporter {
    let label: String
    let total: Int
    let unit: String
    let start = Date()
    let interactive = isatty(STDERR_FILENO) != 0
    var lastPrint = Date.distantPast

    public init(_ label: String, total: Int, unit: String = "texts") {
        self.label = label
        self.total = total
        self.unit = unit
    }

    public func update(_ done: Int) {
        let now = Date()
        let finished = done >= total
        guard finished || now.timeIntervalSince(lastPrint) >= (interactive ? 0.2 : 5) else { return }
        lastPrint = now
        let elapsed = max(now.timeIntervalSince(start), 1e-9)
        let rate = Double(done) / elapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let status = "\(label): \(done)/\(total) \(unit), \(String(format: "%.1f", rate)) \(unit)/s, ETA \(String(format: "%.0f", eta)) s"
        if interactive {
            let width = 24, filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let line = "\r[\(bar)] \(status)\u{1B}[K" + (finished ? "\n" : "")
            FileHandle.standardError.write(Data(line.utf8))
        } else {
            FileHandle.standardError.write(Data((status + "\n").utf8))
        }
    }
}
