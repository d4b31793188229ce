import Foundation

/// A row with a text to embed: a labelled text, a multilabelled one.
public protocol TextRow {
    var text: String { get }
}

extension LabelledText: TextRow {}

/// One split of a task that trains per experiment on drawn training texts (classification, multilabel
/// classification): the union of the texts the experiments draw, each experiment's rows among them, and the test texts.
/// Only the union is embedded (as mteb 2.x encodes), not the whole training split.
public struct DrawnExamples<Row: TextRow>: TaskExamples {
    /// The union of the experiments' training texts, in the order of the training split.
    public var train: [Row]
    /// Per experiment, its training texts as rows of `train`, in the order the draw took them.
    public var experiments: [[Int]]
    public var test: [Row]
    /// Texts in the whole training split.
    public var trainingSplitSize: Int

    public init(train: [Row], experiments: [[Int]], test: [Row], trainingSplitSize: Int) {
        (self.train, self.experiments, self.test, self.trainingSplitSize) = (train, experiments, test, trainingSplitSize)
    }

    /// The examples of `draws`, each a list of rows of the whole training split.
    public init(training: [Row], draws: [[Int]], test: [Row]) {
        let union = Array(Set(draws.joined())).sorted()
        let row = Dictionary(uniqueKeysWithValues: union.enumerated().map { ($1, $0) })
        self.init(train: union.map { training[$0] }, experiments: draws.map { $0.map { row[$0]! } }, test: test, trainingSplitSize: training.count)
    }

    public var texts: [(role: TaskRole, texts: [String])] { [(.train, train.map(\.text)), (.test, test.map(\.text))] }
    public var size: String { "\(train.count) of \(trainingSplitSize) train, \(test.count) test" }
    /// The first `n` test texts; the training draws stay as they are.
    public func limited(to n: Int) -> DrawnExamples {
        var copy = self
        copy.test = Array(test.prefix(n))
        return copy
    }
}
