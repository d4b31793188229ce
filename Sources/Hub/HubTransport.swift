import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Blocking HTTP GETs for the Hub client: small replies in memory, file downloads streamed to disk from an offset
/// (a `Range` request, so an interrupted download resumes). Redirects are followed here, not by URLSession, so the
/// token goes only to the Hub's own host, never to the storage a download is redirected to.
final class HubTransport: Sendable {
    let token: String?
    let host: String?
    let timeout: Double

    /// A reply: its status, headers (lower-case names) and the address that gave it.
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var url: URL
    }

    init(token: String?, endpoint: URL, timeout: Double = 60) {
        self.token = token
        self.host = endpoint.host
        self.timeout = timeout
    }

    /// A GET whose body is kept (JSON listings), redirects followed.
    func get(_ url: URL) throws -> Reply { try send(url, sink: nil) }

    /// A GET whose 200/206 body is appended to `file` from byte `offset` (`Range: bytes=offset-`); a server that
    /// ignores the range answers 200 and the file is started again. `progress` gets the bytes the file holds.
    func download(_ url: URL, to file: URL, from offset: Int64, progress: @escaping @Sendable (Int64) -> Void) throws -> Reply {
        try send(url, sink: FileSink(file: file, offset: offset, progress: progress))
    }

    private func send(_ url: URL, sink: FileSink?) throws -> Reply {
        var current = url
        for _ in 0..<6 {
            var request = URLRequest(url: current, timeoutInterval: timeout)
            request.setValue("evalbench", forHTTPHeaderField: "User-Agent")
            if let token, current.host == host { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let sink, sink.offset > 0 { request.setValue("bytes=\(sink.offset)-", forHTTPHeaderField: "Range") }
            let reply = try exchange(request, sink: sink)
            guard (300..<400).contains(reply.status), let location = reply.headers["location"] else { return reply }
            guard let next = URL(string: location, relativeTo: current)?.absoluteURL else {
                throw HubError("\(current.absoluteString) redirects to '\(location.prefix(200))', which is not an address")
            }
            current = next
        }
        throw HubError("\(url.absoluteString) redirects more than 5 times")
    }

    private func exchange(_ request: URLRequest, sink: FileSink?) throws -> Reply {
        let delegate = TransferDelegate(sink: sink)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request).resume()
        delegate.done.wait()
        let url = request.url!
        if let failure = delegate.failure { throw failure }
        if let error = delegate.error {
            throw HubError("\(url.absoluteString): \(error.localizedDescription) (the connection failed or dropped)")
        }
        guard let response = delegate.response else { throw HubError("\(url.absoluteString): the reply is not HTTP") }
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return Reply(status: response.statusCode, headers: headers, body: delegate.body, url: url)
    }
}

/// Where a download's bytes go: appended to a file from an offset.
private struct FileSink {
    var file: URL
    var offset: Int64
    var progress: @Sendable (Int64) -> Void
}

/// Collects one exchange's reply for the thread waiting on `done`, writing a download's body to its file as it arrives.
private final class TransferDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    let sink: FileSink?
    var response: HTTPURLResponse?
    var body = Data()
    var error: Error?
    var failure: HubError?
    private var handle: FileHandle?
    private var written: Int64 = 0

    init(sink: FileSink?) { self.sink = sink }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        self.response = response as? HTTPURLResponse
        if let sink, let status = self.response?.statusCode, status == 200 || status == 206 {
            do {
                handle = try open(sink, restart: status == 200)
            } catch {
                failure = HubError("cannot write \(sink.file.path): \(error.localizedDescription)")
                completionHandler(.cancel)
                return
            }
        }
        completionHandler(.allow)
    }

    /// The partial file, from its start when the server sent the whole file rather than the range asked for.
    private func open(_ sink: FileSink, restart: Bool) throws -> FileHandle {
        if restart || !FileManager.default.fileExists(atPath: sink.file.path) {
            guard FileManager.default.createFile(atPath: sink.file.path, contents: nil) else {
                throw HubError(String(cString: strerror(errno)))
            }
            written = 0
        } else {
            written = sink.offset
        }
        let handle = try FileHandle(forWritingTo: sink.file)
        try handle.truncate(atOffset: UInt64(written))
        try handle.seekToEnd()
        return handle
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let sink, let handle else {
            if body.count < 64 << 20 { body.append(data) }
            return
        }
        do {
            try handle.write(contentsOf: data)
            written += Int64(data.count)
            sink.progress(written)
        } catch {
            failure = HubError("cannot write \(sink.file.path): \(error.localizedDescription)")
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if failure == nil { self.error = error }
        try? handle?.close()
        done.signal()
    }
}
