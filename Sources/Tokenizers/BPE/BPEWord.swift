/// A word's symbols during merging, as tokenizers' `Word::merge_all` keeps them: a doubly linked list over the initial
/// symbols and a priority queue of candidate merges ordered by rank, then position; a candidate whose pair has changed
/// since it was queued is skipped.
struct BPEWord {
    private var ids: [Int32]
    private var previous: [Int]
    private var next: [Int]
    private var removed: [Bool]

    init(_ ids: [Int32]) {
        self.ids = ids
        previous = ids.indices.map { $0 - 1 }
        next = ids.indices.map { $0 + 1 < ids.count ? $0 + 1 : -1 }
        removed = [Bool](repeating: false, count: ids.count)
    }

    /// The ids left once no merge applies.
    func mergedAll(_ merges: [UInt64: (rank: Int32, id: Int32)]) -> [Int32] {
        guard ids.count > 1 else { return ids }
        var word = self
        var queue = MergeQueue()
        func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }
        for i in 0..<ids.count - 1 {
            if let merge = merges[key(ids[i], ids[i + 1])] { queue.push(.init(rank: merge.rank, position: i, id: merge.id)) }
        }
        while let top = queue.pop() {
            let position = top.position
            guard !word.removed[position], word.next[position] >= 0 else { continue }
            let right = word.next[position]
            guard let merge = merges[key(word.ids[position], word.ids[right])], merge.id == top.id else { continue }
            word.ids[position] = top.id
            word.removed[right] = true
            word.next[position] = word.next[right]
            if word.next[right] >= 0 { word.previous[word.next[right]] = position }
            if word.previous[position] >= 0 {
                let left = word.previous[position]
                if let merge = merges[key(word.ids[left], word.ids[position])] { queue.push(.init(rank: merge.rank, position: left, id: merge.id)) }
            }
            if word.next[position] >= 0 {
                if let merge = merges[key(word.ids[position], word.ids[word.next[position]])] {
                    queue.push(.init(rank: merge.rank, position: position, id: merge.id))
                }
            }
        }
        return word.ids.indices.compactMap { word.removed[$0] ? nil : word.ids[$0] }
    }
}

/// A binary min-heap of candidate merges, lowest rank first and, among equal ranks, leftmost first.
private struct MergeQueue {
    struct Candidate { var rank: Int32; var position: Int; var id: Int32 }
    private var heap: [Candidate] = []

    private static func before(_ a: Candidate, _ b: Candidate) -> Bool {
        a.rank != b.rank ? a.rank < b.rank : a.position < b.position
    }

    mutating func push(_ candidate: Candidate) {
        heap.append(candidate)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Candidate? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < heap.count, Self.before(heap[left], heap[best]) { best = left }
                if right < heap.count, Self.before(heap[right], heap[best]) { best = right }
                if best == parent { break }
                heap.swapAt(parent, best)
                parent = best
            }
        }
        return first
    }
}
