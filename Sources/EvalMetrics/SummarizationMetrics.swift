import Kernels

/// Summarization as mteb 2.x's SummarizationEvaluator scores it: each machine summary's score is its highest
/// similarity to the text's human summaries (cosine, dot, and the model's own function); per text, Spearman and Pearson
/// of those scores against the human relevance scores; reported is the mean over texts (`cosine_spearman`, ...). A text
/// whose relevance scores, best cosines or best dot products are all equal is skipped, as mteb skips it.
public enum SummarizationMetrics {
    /// One text's summaries, as rows of the machine and human summary vectors, and its machine summaries' relevance.
    public struct Text {
        public var machine: Range<Int>
        public var human: Range<Int>
        public var relevance: [Double]

        public init(machine: Range<Int>, human: Range<Int>, relevance: [Double]) {
            self.machine = machine
            self.human = human
            self.relevance = relevance
        }
    }

    /// The scores, with the per-item detail the regression gate resamples.
    public struct Result {
        /// Means over the texts not skipped.
        public var scores: [String: Double]
        /// Index of each text not skipped → its correlations (the units a paired bootstrap resamples).
        public var perText: [Int: [String: Double]]
    }

    public static func evaluate(machine: Vectors, human: Vectors, texts: [Text], similarity: SimilarityFunction = .cosine) throws -> Result {
        var perText: [Int: [String: Double]] = [:]
        for (index, text) in texts.enumerated() {
            guard text.machine.count == text.relevance.count, !text.human.isEmpty,
                  text.machine.upperBound <= machine.rows, text.human.upperBound <= human.rows else {
                throw MetricsError("text \(index): \(text.machine.count) machine summaries, \(text.relevance.count) relevance scores, \(text.human.count) human summaries")
            }
            func best(_ function: SimilarityFunction) -> [Double] {
                text.machine.map { m in text.human.map { h in function(machine.row(m), human.row(h)) }.max()! }
            }
            let (cosine, dot, own) = (best(.cosine), best(.dot), best(similarity))
            if Set(text.relevance).count == 1 || Set(dot).count == 1 || Set(cosine).count == 1 { continue }
            perText[index] = [
                "cosine_spearman": try Correlation.spearman(text.relevance, cosine), "cosine_pearson": try Correlation.pearson(text.relevance, cosine),
                "dot_spearman": try Correlation.spearman(text.relevance, dot), "dot_pearson": try Correlation.pearson(text.relevance, dot),
                "spearman": try Correlation.spearman(text.relevance, own), "pearson": try Correlation.pearson(text.relevance, own),
            ]
        }
        guard let first = perText.values.first else {
            throw MetricsError("every one of the \(texts.count) texts has equal relevance scores or equal best similarities, so no correlation is defined")
        }
        var scores: [String: Double] = [:]
        for key in first.keys { scores[key] = perText.values.reduce(0) { $0 + $1[key]! } / Double(perText.count) }
        return Result(scores: scores, perText: perText)
    }
}
