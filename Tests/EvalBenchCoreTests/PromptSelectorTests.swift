import Foundation
import Testing
@testable import EvalBenchCore

@Suite struct PromptSelectorTests {
    static func definition(_ json: String) -> TaskDefinition { try! JSONDecoder().decode(TaskDefinition.self, from: Data(json.utf8)) }
    let task = definition(#"{"name": "SciFact", "type": "Retrieval", "description": "", "data": {"path": "x"}, "format": "beir", "splits": ["test"], "main_score": "ndcg_at_10"}"#)
    let sts = definition(#"{"name": "STSB", "type": "STS", "description": "", "data": {"path": "x"}, "format": "sts-pairs", "splits": ["test"], "main_score": "cosine_spearman"}"#)

    @Test func followsMTEBOrder() throws {
        var prompts = ["query": "q: ", "document": "d: ", "Retrieval": "r: ", "Retrieval-query": "rq: ", "SciFact": "s: ", "SciFact-query": "sq: "]
        func chosen(_ role: TaskRole) throws -> String? { try PromptSelector(prompts: prompts).choose(task: task, role: role)?.name }
        #expect(try chosen(.query) == "SciFact-query")
        #expect(try chosen(.document) == "SciFact")
        prompts["SciFact"] = nil
        #expect(try chosen(.document) == "Retrieval")
        prompts["Retrieval"] = nil
        #expect(try chosen(.document) == "document")
        prompts["document"] = nil
        prompts["passage"] = "p: "
        #expect(try chosen(.document) == "passage")
        #expect(try PromptSelector(prompts: prompts).choose(task: sts, role: .first) == nil)
    }

    @Test func overridesWin() throws {
        let prompts = ["query": "q: ", "other": "o: "]
        #expect(try PromptSelector(prompts: prompts, override: .disabled).choose(task: task, role: .query) == nil)
        #expect(try PromptSelector(prompts: prompts, override: .name("other")).choose(task: task, role: .query)?.text == "o: ")
        #expect(try PromptSelector(prompts: prompts, override: .text("x: ")).choose(task: task, role: .document)?.text == "x: ")
        #expect(throws: EvalBenchError("the model has no prompt named 'missing'")) {
            try PromptSelector(prompts: prompts, override: .name("missing")).choose(task: task, role: .query)
        }
    }

    /// sentence-transformers applies default_prompt_name in encode (symmetric texts: STS, classification, clustering)
    /// and never in encode_query / encode_document; an empty prompt is none.
    @Test func defaultPromptAppliesToSymmetricTextsOnly() throws {
        let selector = PromptSelector(prompts: ["query": "", "classification": "classify: "], defaultPromptName: "classification")
        #expect(try selector.choose(task: sts, role: .first)?.text == "classify: ")
        #expect(try selector.choose(task: task, role: .query) == nil)
        #expect(try selector.choose(task: task, role: .document) == nil)
        #expect(try PromptSelector(prompts: ["STS": "sts: ", "classification": "c: "], defaultPromptName: "classification")
            .choose(task: sts, role: .second)?.name == "STS")
    }
}
