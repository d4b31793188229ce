import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// When a failed request is tried again, and how long to wait first.
public struct RetryPolicy: Sendable {
    /// Tries after the first; 0 means no retry.
    public var retries: Int
    /// Wait before the first retry; doubled for each further one, up to `maxDelay`.
    public var initialDelay: Double
    public var maxDelay: Double
    /// Longest Retry-After honoured; a server asking for more is waited on this long.
    public var maxRetryAfter: Double
    /// How to wait (tests record the delays instead of sleeping them).
    public var sleep: @Sendable (Double) -> Void

    public init(retries: Int = 3, initialDelay: Double = 0.5, maxDelay: Double = 8, maxRetryAfter: Double = 60,
                sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.retries = retries
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.sleep = sleep
    }

    /// The backoff before retry number `attempt` (1 for the first retry).
    func backoff(_ attempt: Int) -> Double { min(maxDelay, initialDelay * pow(2, Double(attempt - 1))) }
}

/// A blocking JSON-over-HTTP client for the remote backends: one POST at a time per call, a timeout per try,
/// retries with backoff on timeouts, connection failures, 429 (honouring Retry-After) and 5xx.
public struct HTTPClient: Sendable {
    public var timeout: Double
    public var retry: RetryPolicy
    /// Sent as `Authorization: Bearer …`; never printed or written anywhere.
    var apiKey: String?
    let session: URLSession

    public init(timeout: Double = 60, retry: RetryPolicy = RetryPolicy(), apiKey: String? = nil) {
        self.timeout = timeout
        self.retry = retry
        self.apiKey = apiKey
        // URLSession's own timeouts only back ours up: on Linux a fraction of a second there fails at once.
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.rounded(.up) + 1
        configuration.timeoutIntervalForResource = timeout.rounded(.up) + 1
        session = URLSession(configuration: configuration)
    }

    /// A reply with a 2xx status: its body.
    public func post(_ url: URL, json body: Data) throws -> Data {
        var attempt = 0
        while true {
            let outcome = send(url, body)
            let delay: Double
            switch outcome {
            case .reply(let status, let data, _) where (200..<300).contains(status):
                return data
            case .reply(let status, _, let retryAfter) where status == 429 || (500..<600).contains(status):
                guard attempt < retry.retries else { throw failure(url, outcome, attempts: attempt + 1) }
                delay = retryAfter.map { min($0, retry.maxRetryAfter) } ?? retry.backoff(attempt + 1)
            case .reply:
                throw failure(url, outcome, attempts: attempt + 1)
            case .transport(_, let retryable):
                guard retryable, attempt < retry.retries else { throw failure(url, outcome, attempts: attempt + 1) }
                delay = retry.backoff(attempt + 1)
            }
            attempt += 1
            retry.sleep(delay)
        }
    }

    enum Outcome {
        case reply(status: Int, body: Data, retryAfter: Double?)
        case transport(String, retryable: Bool)
    }

    func send(_ url: URL, _ body: Data) -> Outcome {
        var request = URLRequest(url: url, timeoutInterval: timeout.rounded(.up) + 1)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        let done = DispatchSemaphore(value: 0)
        let box = ReplyBox()
        let task = session.dataTask(with: request) { data, response, error in
            box.set(data, response, error)
            done.signal()
        }
        task.resume()
        // This bounds the whole exchange; the session's timeout is an idle timeout.
        if done.wait(timeout: .now() + timeout) == .timedOut {
            task.cancel()
            return .transport("no answer within \(format(timeout)) s", retryable: true)
        }
        let (data, response, error) = box.get()
        if let error {
            let code = (error as? URLError)?.code
            if code == .timedOut { return .transport("no answer within \(format(timeout)) s", retryable: true) }
            let retryable = code.map { [.cannotConnectToHost, .networkConnectionLost, .notConnectedToInternet, .cannotFindHost,
                                        .dnsLookupFailed].contains($0) } ?? false
            return .transport(error.localizedDescription, retryable: retryable)
        }
        guard let http = response as? HTTPURLResponse else { return .transport("the reply is not HTTP", retryable: false) }
        return .reply(status: http.statusCode, body: data ?? Data(), retryAfter: Self.retryAfter(http.value(forHTTPHeaderField: "Retry-After")))
    }

    /// Seconds from a Retry-After header: a number of seconds or an HTTP date.
    static func retryAfter(_ header: String?) -> Double? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Double(header), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: header).map { max(0, $0.timeIntervalSinceNow) }
    }

    func failure(_ url: URL, _ outcome: Outcome, attempts: Int) -> EncoderError {
        let tries = attempts == 1 ? "" : " after \(attempts) attempts"
        switch outcome {
        case .reply(let status, let body, _):
            return EncoderError("\(url.absoluteString): HTTP \(status)\(tries): \(Self.excerpt(body))")
        case .transport(let message, _):
            return EncoderError("\(url.absoluteString): \(message)\(tries)")
        }
    }

    /// The server's error message where its body has one, else the start of the body.
    static func excerpt(_ body: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            if let message = (object["error"] as? [String: Any])?["message"] as? String { return message }
            if let message = object["error"] as? String { return message }
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return text.isEmpty ? "(empty body)" : text
    }

    func format(_ seconds: Double) -> String { String(format: "%g", seconds) }
}

/// Hands a data task's completion to the waiting thread.
private final class ReplyBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (Data?, URLResponse?, Error?) = (nil, nil, nil)
    func set(_ data: Data?, _ response: URLResponse?, _ error: Error?) { lock.withLock { value = (data, response, error) } }
    func get() -> (Data?, URLResponse?, Error?) { lock.withLock { value } }
}
