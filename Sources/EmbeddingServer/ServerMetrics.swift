import Foundation

/// Counters for `GET /metrics`, in Prometheus' text format: requests by route and status, texts embedded,
/// time spent embedding, requests in flight.
final class ServerMetrics: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [String: Int] = [:]
    private var texts = 0
    private var embeddingSeconds = 0.0
    private var inFlight = 0

    func started() { lock.withLock { inFlight += 1 } }

    func finished(route: String, status: Int, texts count: Int = 0, seconds: Double = 0) {
        lock.withLock {
            inFlight -= 1
            requests["route=\"\(route)\",status=\"\(status)\"", default: 0] += 1
            texts += count
            embeddingSeconds += seconds
        }
    }

    var text: String {
        lock.withLock {
            var lines = ["# HELP evalbench_requests_total Embedding requests by route and HTTP status.",
                         "# TYPE evalbench_requests_total counter"]
            lines += requests.keys.sorted().map { "evalbench_requests_total{\($0)} \(requests[$0]!)" }
            lines += ["# HELP evalbench_texts_embedded_total Texts embedded.", "# TYPE evalbench_texts_embedded_total counter",
                      "evalbench_texts_embedded_total \(texts)",
                      "# HELP evalbench_embedding_seconds_total Wall time spent in the encoder.",
                      "# TYPE evalbench_embedding_seconds_total counter", "evalbench_embedding_seconds_total \(embeddingSeconds)",
                      "# HELP evalbench_requests_in_flight Embedding requests being answered.", "# TYPE evalbench_requests_in_flight gauge",
                      "evalbench_requests_in_flight \(inFlight)"]
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
