/// Every task kind evalbench implements, by the `type` a task file names.
enum TaskKinds {
    static let all: [any TaskKind.Type] = [
        RetrievalTask.self, RerankingTask.self, STSTask.self, PairClassificationTask.self, ClassificationTask.self, ClusteringTask.self,
        SummarizationTask.self, BitextMiningTask.self, RegressionTask.self, MultilabelClassificationTask.self, InstructionRerankingTask.self,
        InstructionRetrievalTask.self,
    ]

    static func named(_ type: String) -> (any TaskKind.Type)? { all.first { $0.typeName == type } }
}
