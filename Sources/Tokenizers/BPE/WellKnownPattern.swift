/// Hand-written scanners for the pre-tokenizer regexes of GPT-2 and of Qwen2 / Llama 3, which match exactly what
/// Oniguruma matches for them (leftmost alternative first, with the same backtracking) at a fraction of a general
/// regex engine's cost. Any other regex goes to NSRegularExpression.
enum WellKnownPattern: Sendable {
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
    case gpt2
    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,n}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    /// with at most `maxDigits` digits a piece (Qwen2: `\p{N}`, one; Llama 3: `\p{N}{1,3}`).
    case qwen2(maxDigits: Int)

    static let gpt2Source = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    init?(regex: String) {
        let qwen2 = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        let llama3 = qwen2.replacingOccurrences(of: #"|\p{N}|"#, with: #"|\p{N}{1,3}|"#)
        switch regex {
        case Self.gpt2Source: self = .gpt2
        case qwen2: self = .qwen2(maxDigits: 1)
        case llama3: self = .qwen2(maxDigits: 3)
        default: return nil
        }
    }

    /// The UTF-8 byte ranges of the successive matches in `text` (they cover it, since every character matches).
    func matches(in text: String) -> [Range<Int>] {
        let scalars = ScalarsWithOffsets(text)
        let values = scalars.values
        let classes = values.map(ScalarClass.init)
        var result: [Range<Int>] = []
        var i = 0
        while i < values.count {
            let end: Int
            switch self {
            case .gpt2: end = gpt2Match(at: i, values, classes)
            case .qwen2(let maxDigits): end = qwen2Match(at: i, values, classes, maxDigits: maxDigits)
            }
            result.append(scalars.offsets[i]..<scalars.offsets[end])
            i = end
        }
        return result
    }

    private func gpt2Match(at i: Int, _ values: [UInt32], _ classes: [ScalarClass]) -> Int {
        if let end = contraction(at: i, values, caseless: false) { return end }
        let space = values[i] == 0x20 && i + 1 < values.count
        for wanted in [ScalarClass.letter, .number, .other] {
            if classes[i] == wanted { return run(of: wanted, from: i, classes) }
            if space && classes[i + 1] == wanted { return run(of: wanted, from: i + 1, classes) }
        }
        return whitespace(at: i, classes)
    }

    private func qwen2Match(at i: Int, _ values: [UInt32], _ classes: [ScalarClass], maxDigits: Int) -> Int {
        if let end = contraction(at: i, values, caseless: true) { return end }
        let newline = values[i] == 0x0A || values[i] == 0x0D
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if classes[i] == .letter { return run(of: .letter, from: i, classes) }
        if !newline, classes[i] != .number, i + 1 < values.count, classes[i + 1] == .letter {
            return run(of: .letter, from: i + 1, classes)
        }
        // \p{N}{1,maxDigits}
        if classes[i] == .number { return min(run(of: .number, from: i, classes), i + maxDigits) }
        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        var symbols: Int?
        if classes[i] == .other { symbols = run(of: .other, from: i, classes) }
        else if values[i] == 0x20, i + 1 < values.count, classes[i + 1] == .other { symbols = run(of: .other, from: i + 1, classes) }
        if var end = symbols {
            while end < values.count, values[end] == 0x0A || values[end] == 0x0D { end += 1 }
            return end
        }
        // \s*[\r\n]+ : the whitespace up to and including its last line break.
        let spaceEnd = run(of: .space, from: i, classes)
        if let lastBreak = (i..<spaceEnd).last(where: { values[$0] == 0x0A || values[$0] == 0x0D }) { return lastBreak + 1 }
        return whitespace(at: i, classes)
    }

    /// `'s|'t|'re|'ve|'m|'ll|'d`, optionally ignoring case as Oniguruma's `(?i:…)` does (where `ſ` folds to `s`).
    private func contraction(at i: Int, _ values: [UInt32], caseless: Bool) -> Int? {
        guard values[i] == 0x27, i + 1 < values.count else { return nil }
        func letter(_ k: Int, _ lower: Character) -> Bool {
            guard k < values.count else { return false }
            let l = UInt32(lower.asciiValue!)
            if values[k] == l { return true }
            guard caseless else { return false }
            return values[k] == l - 0x20 || (lower == "s" && values[k] == 0x17F)
        }
        if letter(i + 1, "s") || letter(i + 1, "t") || letter(i + 1, "m") || letter(i + 1, "d") { return i + 2 }
        if (letter(i + 1, "r") || letter(i + 1, "v")) && letter(i + 2, "e") { return i + 3 }
        if letter(i + 1, "l") && letter(i + 2, "l") { return i + 3 }
        return nil
    }

    /// `\s+(?!\S)|\s+` at a whitespace character: the run, less its last character when a non-space follows and the
    /// run is longer than one (that character then starts the next piece, as in " world").
    private func whitespace(at i: Int, _ classes: [ScalarClass]) -> Int {
        let end = run(of: .space, from: i, classes)
        return end < classes.count && end - i >= 2 ? end - 1 : max(end, i + 1)
    }

    private func run(of wanted: ScalarClass, from start: Int, _ classes: [ScalarClass]) -> Int {
        var end = start
        while end < classes.count, classes[end] == wanted { end += 1 }
        return end
    }
}
