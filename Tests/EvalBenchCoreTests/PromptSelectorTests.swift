import Testing
@testable import EvalBenchCore

@Suite struct PromptSelectorTests {
    let task = TaskDefinition(name: "SciFact", type: .retrieval, description: "", domains: nil, languages: nil,
                              data: .init(path: "x", dataset: nil), format: .beir, splits: ["test"], main_score: "ndcg_at_10",
                              prompt_names: nil, evaluation: nil, suites: nil, source: nil)

    @Test func followsMTEBOrder() throws {
        var prompts = ["query": "q: ", "document": "d: ", "Retrieval": "r: ", "Retrieval-query": "rq: ", "SciFact": "s: ", "SciFact-query": "sq: "]
        func chosen(_ role: String?) throws -> String? { try PromptSelector(prompts: prompts).choose(task: task, role: role)?.name }
        #expect(try chosen("query") == "SciFact-query")
        #expect(try chosen("document") == "SciFact")
        prompts["SciFact"] = nil
        #expect(try chosen("document") == "Retrieval")
        prompts["Retrieval"] = nil
        #expect(try chosen("document") == "document")
        #expect(try chosen(nil) == nil)
    }

    @Test func overridesWin() throws {
        let prompts = ["query": "q: ", "other": "o: "]
        #expect(try PromptSelector(prompts: prompts, override: .disabled).choose(task: task, role: "query") == nil)
        #expect(try PromptSelector(prompts: prompts, override: .name("other")).choose(task: task, role: "query")?.text == "o: ")
        #expect(try PromptSelector(prompts: prompts, override: .text("x: ")).choose(task: task, role: "document")?.text == "x: ")
        #expect(throws: EvalBenchError("the model has no prompt named 'missing'")) {
            try PromptSelector(prompts: prompts, override: .name("missing")).choose(task: task, role: "query")
        }
    }
}
