import Foundation

/// tokenizers' BPE model: a word's characters become vocabulary ids (or byte-fallback `<0xAB>` tokens, or the unknown
/// token), then merges apply by rank, lowest first. Results are cached per word.
final class BPEModel: @unchecked Sendable {
    let vocab: [ExactString: Int32]
    /// Merge rank and result id by the pair of ids merged (left id in the high 32 bits).
    let merges: [UInt64: (rank: Int32, id: Int32)]
    let unknownID: Int32?
    let fuseUnknown: Bool
    /// The id of `<0xAB>` for each byte, when byte fallback is on.
    let byteFallback: [Int32?]?
    let ignoreMerges: Bool
    /// Ids of single characters below U+0180, which covers the byte-level alphabet, without hashing.
    private let smallCharacterIDs: [Int32?]
    // The cache is the only state that changes after loading; the lock guards it.
    private var cache: [ExactString: [Int32]] = [:]
    private let cacheLock = NSLock()
    private static let cacheCapacity = 10_000, cacheableWordBytes = 256

    init(vocab: [ExactString: Int32], merges: [UInt64: (rank: Int32, id: Int32)], unknownID: Int32?, fuseUnknown: Bool,
         byteFallback: Bool, ignoreMerges: Bool) {
        self.vocab = vocab
        self.merges = merges
        self.unknownID = unknownID
        self.fuseUnknown = fuseUnknown
        self.byteFallback = byteFallback ? (0..<256).map { vocab[ExactString(String(format: "<0x%02X>", $0))] } : nil
        self.ignoreMerges = ignoreMerges
        smallCharacterIDs = (0..<0x180).map { vocab[ExactString(String(Unicode.Scalar(UInt32($0))!))] }
    }

    /// Appends the ids of one pre-tokenized word.
    func tokenize(_ word: String, into ids: inout [Int32]) {
        if word.isEmpty { return }
        let key = ExactString(word)
        if ignoreMerges, let id = vocab[key] { ids.append(id); return }
        cacheLock.lock()
        let cached = cache[key]
        cacheLock.unlock()
        if let cached { ids += cached; return }
        let pieces = merge(word)
        if word.utf8.count < Self.cacheableWordBytes {
            cacheLock.lock()
            if cache.count < Self.cacheCapacity { cache[key] = pieces }
            cacheLock.unlock()
        }
        ids += pieces
    }

    /// tokenizers' `merge_word`: the initial symbols, then every merge.
    private func merge(_ word: String) -> [Int32] {
        var symbols: [Int32] = []
        var unknown = false
        for scalar in word.unicodeScalars {
            let id = scalar.value < 0x180 ? smallCharacterIDs[Int(scalar.value)] : vocab[ExactString(String(scalar))]
            if let id {
                if unknown, let unknownID { symbols.append(unknownID) }
                unknown = false
                symbols.append(id)
                continue
            }
            if let byteFallback {
                let bytes = Array(String(scalar).utf8).map { byteFallback[Int($0)] }
                if bytes.allSatisfy({ $0 != nil }) {
                    // As tokenizers does, the fallback bytes go in while an unknown token is still pending.
                    symbols += bytes.map { $0! }
                    continue
                }
            }
            guard let unknownID else { continue }
            if unknown && !fuseUnknown { symbols.append(unknownID) }
            unknown = true
        }
        if unknown, let unknownID { symbols.append(unknownID) }
        return BPEWord(symbols).mergedAll(merges)
    }
}
