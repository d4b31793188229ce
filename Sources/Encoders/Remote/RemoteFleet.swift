import Foundation

/// The servers a `--backend` spec names: one (`openai:URL`), or replicas of one model, comma-separated
/// (`openai:URL,URL,…`) or one address a line in a file (`openai:@FILE`; blank lines and `#` comments ignored).
public struct RemoteFleet: Sendable, Equatable {
    /// The API, model and request options every replica shares; its address is the first replica's.
    public var backend: RemoteBackend
    /// Every replica's base address, in the order given.
    public var addresses: [URL]

    /// Parses `spec`; nil when it names no remote API (such as `native`). A single address is checked as
    /// `RemoteBackend(spec:model:)` checks it; in a list, an error names the entry (its position, or the file and line).
    public init?(spec: String, model: String) throws {
        guard let colon = spec.firstIndex(of: ":"), let api = RemoteBackend.API(rawValue: String(spec[..<colon])) else { return nil }
        let list = String(spec[spec.index(after: colon)...])
        let entries = try list.hasPrefix("@") ? Self.lines(of: String(list.dropFirst())) : Self.items(of: list)
        var backends: [RemoteBackend] = [], seen: [String: String] = [:]
        for (place, address) in entries {
            guard let place else {
                backends.append(try RemoteBackend(api: api, address: address, model: model))
                continue
            }
            guard !address.isEmpty else {
                throw EncoderError("\(place) is empty: give the addresses separated by commas, e.g. \(api.rawValue):http://h1:8080,http://h2:8080")
            }
            let backend: RemoteBackend
            do {
                backend = try RemoteBackend(api: api, address: address, model: model)
            } catch {
                throw EncoderError("\(place): \(error)")
            }
            if let first = seen[backend.endpoint.absoluteString] {
                throw EncoderError("\(place): \(address) is given twice (also at \(first)); give each replica once")
            }
            seen[backend.endpoint.absoluteString] = place
            backends.append(backend)
        }
        backend = backends[0]
        addresses = backends.map(\.baseURL)
    }

    /// One backend per address, each with `backend`'s API, model and request options.
    public var replicas: [RemoteBackend] {
        addresses.map { address in
            var replica = backend
            replica.baseURL = address
            return replica
        }
    }

    /// How results and reports name the fleet: the backend's label for one address, `openai fleet of 3` for several.
    public var label: String { addresses.count == 1 ? backend.label : "\(backend.api.rawValue) fleet of \(addresses.count)" }

    /// The comma-separated addresses of `list`, each with its position (none when there is only one).
    static func items(of list: String) -> [(place: String?, address: String)] {
        let items = list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        return items.enumerated().map { (place: items.count == 1 ? nil : "address \($0.offset + 1) of \(items.count)", address: $0.element) }
    }

    /// The addresses in the file at `path`, each with its line; blank lines and everything from `#` on are skipped.
    static func lines(of path: String) throws -> [(place: String?, address: String)] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw EncoderError("backend list '\(path)' cannot be read (\(error.localizedDescription)); give a UTF-8 text file with one http:// or https:// address a line")
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let entries: [(place: String?, address: String)] = lines.enumerated().compactMap { number, line in
            let address = line.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            return address.isEmpty ? nil : (place: "backend list '\(path)' line \(number + 1)", address: address)
        }
        guard !entries.isEmpty else {
            throw EncoderError("backend list '\(path)' names no address: give one http:// or https:// address a line (# starts a comment)")
        }
        return entries
    }
}
