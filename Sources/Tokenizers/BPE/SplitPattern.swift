import Foundation

/// What a `Split` pre-tokenizer or a `Replace` normalizer looks for: `{"String": …}` (literal text) or
/// `{"Regex": …}` (the two well-known pre-tokenizer regexes by hand, any other through NSRegularExpression).
enum SplitPattern: Decodable {
    case literal([UInt8])
    case wellKnown(WellKnownPattern)
    case regex(NSRegularExpression)

    private enum Key: String, CodingKey { case String, Regex }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let literal = try container.decodeIfPresent(String.self, forKey: .String) {
            guard !literal.isEmpty else { throw UnsupportedField(decoder, Key.String, "is empty, which matches nowhere") }
            self = .literal(Array(literal.utf8))
        } else if let source = try container.decodeIfPresent(String.self, forKey: .Regex) {
            self = try SplitPattern(regex: source, decoder: decoder)
        } else {
            throw UnsupportedField(decoder, nil, "has neither a String nor a Regex pattern")
        }
    }

    private init(regex source: String, decoder: Decoder) throws {
        if let known = WellKnownPattern(regex: source) { self = .wellKnown(known); return }
        do { self = .regex(try NSRegularExpression(pattern: source)) } catch {
            throw UnsupportedField(decoder, Key.Regex, "'\(source)' is not a regular expression NSRegularExpression understands")
        }
    }

    /// The pieces of `text` as tokenizers' `find_matches` gives them: UTF-8 byte ranges covering the text in order,
    /// each flagged as a match or not.
    func matches(in text: String) -> [(range: Range<Int>, isMatch: Bool)] {
        let length = text.utf8.count
        guard length > 0 else { return [(0..<0, false)] }
        let found: [Range<Int>]
        switch self {
        case .wellKnown(let pattern): found = pattern.matches(in: text)
        case .literal(let needle): found = Self.occurrences(of: needle, in: Array(text.utf8))
        case .regex(let regex): found = Self.matches(of: regex, in: text)
        }
        var pieces: [(range: Range<Int>, isMatch: Bool)] = []
        var previous = 0
        for range in found {
            if previous != range.lowerBound { pieces.append((previous..<range.lowerBound, false)) }
            pieces.append((range, true))
            previous = range.upperBound
        }
        if previous != length { pieces.append((previous..<length, false)) }
        return pieces
    }

    /// The UTF-8 byte ranges of `regex`'s matches. NSRegularExpression counts UTF-16 units, and a match may end inside
    /// a grapheme (`\p{L}+` stops before a combining mark), where String's NSRange conversion gives up; so the offsets
    /// are mapped here, one pass over the text.
    static func matches(of regex: NSRegularExpression, in text: String) -> [Range<Int>] {
        var utf8Offset = [Int](repeating: 0, count: text.utf16.count + 1)
        var utf16 = 0, utf8 = 0
        for scalar in text.unicodeScalars {
            utf8Offset[utf16] = utf8
            if scalar.utf16.count == 2 { utf8Offset[utf16 + 1] = utf8 }
            utf16 += scalar.utf16.count
            utf8 += scalar.utf8.count
        }
        utf8Offset[utf16] = utf8
        return regex.matches(in: text, range: NSRange(location: 0, length: utf16)).map { match in
            utf8Offset[match.range.lowerBound]..<utf8Offset[match.range.upperBound]
        }
    }

    /// Non-overlapping occurrences, leftmost first. A needle of valid UTF-8 starts on a lead byte, so it can only be
    /// found on a character boundary.
    private static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], haystack[i..<i + needle.count].elementsEqual(needle) {
                found.append(i..<i + needle.count)
                i += needle.count
            } else {
                i += 1
            }
        }
        return found
    }
}

/// How a `Split` pre-tokenizer treats what its pattern matched (tokenizers' `SplitDelimiterBehavior`).
enum SplitBehavior: String, Decodable {
    case removed = "Removed", isolated = "Isolated", mergedWithPrevious = "MergedWithPrevious"
    case mergedWithNext = "MergedWithNext", contiguous = "Contiguous"

    /// The byte ranges kept from `matches`, merged as the behaviour says.
    func pieces(_ matches: [(range: Range<Int>, isMatch: Bool)]) -> [Range<Int>] {
        switch self {
        case .isolated: return matches.map(\.range)
        case .removed: return matches.filter { !$0.isMatch }.map(\.range)
        case .contiguous:
            return Self.fold(matches) { isMatch, previous in isMatch == previous }
        case .mergedWithPrevious:
            return Self.fold(matches) { isMatch, previous in isMatch && !previous }
        case .mergedWithNext:
            let reversed = Self.fold(matches.reversed().map { ($0.range, $0.isMatch) }, extendingStart: true) { isMatch, previous in
                isMatch && !previous
            }
            return reversed.reversed()
        }
    }

    /// tokenizers' fold: a piece for which `joins(isMatch, previousIsMatch)` holds is merged into the last one kept.
    private static func fold(_ matches: [(range: Range<Int>, isMatch: Bool)], extendingStart: Bool = false,
                             joins: (Bool, Bool) -> Bool) -> [Range<Int>] {
        var kept: [Range<Int>] = []
        var previous = false
        for (range, isMatch) in matches {
            if joins(isMatch, previous), let last = kept.last {
                kept[kept.count - 1] = extendingStart ? range.lowerBound..<last.upperBound : last.lowerBound..<range.upperBound
            } else {
                kept.append(range)
            }
            previous = isMatch
        }
        return kept
    }
}

extension String {
    /// The bytes of `range`, which must lie on scalar boundaries, as a string.
    func utf8Slice(_ range: Range<Int>) -> String {
        var copy = self
        return copy.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }
}
