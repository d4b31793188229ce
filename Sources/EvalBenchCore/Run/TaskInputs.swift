import Foundation
import Kernels

/// A task split's embeddings at the model's full dimension, by role, with the prompts that produced them.
struct TaskInputs {
    var embeddings: [TaskRole: EmbeddingMatrix]
    var prompts: [TaskRole: PromptSelector.Choice]

    init<Examples: TaskExamples>(task: TaskDefinition, examples: Examples, store: EmbeddingStore, prompts selector: PromptSelector) throws {
        embeddings = [:]
        prompts = [:]
        let roles = try examples.texts.map { role, texts in (role, texts, try selector.choose(task: task, role: role)) }
        store.announce(roles.map { ($0.1, $0.2?.text) })
        for (role, texts, choice) in roles {
            if let choice { prompts[role] = choice }
            embeddings[role] = try store.embeddings(texts, prompt: choice?.text)
        }
    }

    /// Every role's embeddings in their Matryoshka view at `dimension`.
    func truncated(to dimension: Int, similarity: SimilarityFunction) -> RoleEmbeddings {
        RoleEmbeddings(byRole: embeddings.mapValues { $0.matryoshka(dimension, similarity: similarity) })
    }
}

extension EmbeddingMatrix {
    /// Matryoshka view: the rows sliced to `dimension`, and L2-normalised again for cosine (which does not change
    /// cosine scores and keeps int8 ranges comparable across dimensions); sliced only for the other similarity
    /// functions, as sentence-transformers' `truncate_dim` leaves them.
    func matryoshka(_ dimension: Int, similarity: SimilarityFunction) -> EmbeddingMatrix {
        self.dimension == dimension ? self : truncated(to: dimension, renormalize: similarity == .cosine)
    }
}
