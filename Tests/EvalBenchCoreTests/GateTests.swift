import Encoders
import Foundation
import Kernels
import EvalMetrics
import Testing
@testable import EvalBenchCore

/// The real default model with its embeddings kept by (prompt, text), so the gate tests' runs encode each text once.
final class CachingEncoder: Encoder {
    let inner: Encoder
    var cache: [String: [Float]] = [:]
    let lock = NSLock()

    init(_ inner: Encoder) { self.inner = inner }

    var identity: ModelIdentity { inner.identity }
    var dimension: Int { inner.dimension }
    var maxTokens: Int { inner.maxTokens }
    var prompts: [String: String] { inner.prompts }
    var weightBytes: Int? { inner.weightBytes }
    var cacheKey: String { inner.cacheKey }
    var similarity: SimilarityFunction { inner.similarity }
    var defaultPromptName: String? { inner.defaultPromptName }
    var defaultDimensions: [Int] { inner.defaultDimensions }
    var runtime: RuntimeFacts? { inner.runtime }
    func tokenCount(_ text: String, prompt: String?, limit: Int?) -> Int? { inner.tokenCount(text, prompt: prompt, limit: limit) }

    func embed(_ texts: [String], prompt: String?, progress: ((Int) -> Void)?) throws -> EmbeddingMatrix {
        lock.lock()
        defer { lock.unlock() }
        let keys = texts.map { (prompt ?? "") + "\u{0}" + $0 }
        let missing = Array(Set(zip(keys, texts).filter { cache[$0.0] == nil }.map(\.1))).sorted()
        if !missing.isEmpty {
            let fresh = try inner.embed(missing, prompt: prompt, progress: nil)
            for (i, text) in missing.enumerated() { cache[(prompt ?? "") + "\u{0}" + text] = fresh.row(i) }
        }
        progress?(texts.count)
        return EmbeddingMatrix(rows: texts.count, dimension: dimension, values: keys.flatMap { cache[$0]! })
    }
}

/// A worse model made from a real one: seeded Gaussian noise (the same for a text every time it is embedded)
/// added to each embedding, which is then L2-normalised again.
final class NoisyEncoder: Encoder {
    let inner: Encoder
    let sigma: Float
    let seed: UInt64

    init(_ inner: Encoder, sigma: Float, seed: UInt64 = 7) {
        self.inner = inner
        self.sigma = sigma
        self.seed = seed
    }

    var identity: ModelIdentity {
        var identity = inner.identity
        identity.name = "evalbench-tests/noisy-all-MiniLM-L6-v2"
        identity.revision = "sigma-\(sigma)"
        return identity
    }
    var dimension: Int { inner.dimension }
    var maxTokens: Int { inner.maxTokens }
    var prompts: [String: String] { inner.prompts }
    var weightBytes: Int? { inner.weightBytes }
    var cacheKey: String { inner.cacheKey + "+noise-\(sigma)-\(seed)" }
    var similarity: SimilarityFunction { inner.similarity }
    var defaultPromptName: String? { inner.defaultPromptName }
    var defaultDimensions: [Int] { inner.defaultDimensions }
    var runtime: RuntimeFacts? { inner.runtime }
    func tokenCount(_ text: String, prompt: String?, limit: Int?) -> Int? { inner.tokenCount(text, prompt: prompt, limit: limit) }

    func embed(_ texts: [String], prompt: String?, progress: ((Int) -> Void)?) throws -> EmbeddingMatrix {
        var matrix = try inner.embed(texts, prompt: prompt, progress: progress)
        let d = matrix.dimension
        for (r, text) in texts.enumerated() {
            var random = SeededRandom(seed: PairedBootstrap.mix(seed, (prompt ?? "") + text))
            var norm: Float = 0
            for j in 0..<d {
                // Box–Muller: one standard normal from two uniforms.
                let u1 = Double.random(in: Double.ulpOfOne..<1, using: &random), u2 = Double.random(in: 0..<1, using: &random)
                let gaussian = Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
                matrix.values[r * d + j] += sigma * gaussian
                norm += matrix.values[r * d + j] * matrix.values[r * d + j]
            }
            for j in 0..<d { matrix.values[r * d + j] /= norm.squareRoot() }
        }
        return matrix
    }
}

/// `evalbench gate` on real runs of all-MiniLM-L6-v2 over the bundled tasks (the first 60 queries, pairs or test
/// texts of each): the same model twice passes with deltas of zero, the model with noisy embeddings regresses,
/// and changed data, a missing task or nothing at all is unusable input.
@Suite(.serialized) struct GateTests {
    static let tasks = ["EvalBenchSTS", "EvalBenchRetrieval", "EvalBenchReranking", "EvalBenchClassification", "EvalBenchClustering",
                        "EvalBenchPairClassification"]
    static let model = Result { try CachingEncoder(SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")) }
    static let q4 = Result { try CachingEncoder(SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2", variant: WeightsVariant(.q4))) }

    let root = FileManager.default.temporaryDirectory.appendingPathComponent("evalbench-gate-\(UUID().uuidString)")

    /// Runs `encoder` on the bundled tasks at 384 and 128 dimensions into `root/name`.
    func run(_ name: String, noise sigma: Float? = nil, q4: Bool = false, tasks: [String] = Self.tasks, precisions: [Precision] = [.float32],
             limit: Int? = 60) throws -> URL {
        let model = try (q4 ? Self.q4 : Self.model).get()
        let encoder: Encoder = sigma.map { NoisyEncoder(model, sigma: $0) } ?? model
        let registry = try TaskRegistry(folder: RunnerTests.tasksFolder)
        let output = root.appendingPathComponent(name)
        let configuration = RunConfiguration(tasks: try tasks.map(registry.task(named:)), dimensions: [384, 128], precisions: precisions,
                                             rescore: false, output: output, limit: limit, threads: 2, progress: .quiet)
        _ = try Runner(encoder: encoder, loader: TaskLoader(registry: registry, dataDirectory: nil), configuration: configuration).run()
        return output
    }

    /// A copy of a results folder, to edit.
    func copy(_ folder: URL, as name: String) throws -> URL {
        let target = root.appendingPathComponent(name)
        try FileManager.default.copyItem(at: folder, to: target)
        return target
    }

    /// The folder holding the full-dimension float32 result files of a run.
    func modelFolder(_ output: URL, _ name: String = "sentence-transformers__all-MiniLM-L6-v2") throws -> URL {
        let model = output.appendingPathComponent(name)
        return model.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: model.path).first!)
    }

    /// Rewrites the JSON object in `file`, as a hostile or careless hand would.
    func edit(_ file: URL, _ change: (inout [String: Any]) -> Void) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: file)
    }

    /// ../shared/fuzz-findings 16 and 17: the gate takes the delta from the main scores and the interval from the detail,
    /// so a main score its detail does not recompute, one outside its metric's range, a boolean, or two entries for one
    /// split make the input unusable (exit 2), as does a damaged detail file (a label of 1e300), without a crash.
    @Test func inconsistentOrOutOfRangeMainScoresAreUnusable() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let baseline = try run("baseline")
        /// The gate's report on a copy of the baseline whose `task` result has its `scores.test` entries changed.
        func candidate(_ name: String, _ task: String, _ change: @escaping (inout [[String: Any]]) -> Void) throws -> GateReport {
            let folder = try copy(baseline, as: name)
            try edit(try modelFolder(folder).appendingPathComponent("\(task).json")) { object in
                var scores = object["scores"] as! [String: Any]
                var entries = scores["test"] as! [[String: Any]]
                change(&entries)
                scores["test"] = entries
                object["scores"] = scores
            }
            return Gate().compare(baseline: baseline, candidate: folder)
        }
        let dropped = try candidate("dropped", "EvalBenchPairClassification") { entries in
            let main = entries[0]["main_score"] as! Double
            entries[0]["main_score"] = main - 0.2
            entries[0]["max_ap"] = main - 0.2
        }
        #expect(dropped.status == .unusable && dropped.problems.contains { $0.contains("disagrees with") && $0.contains("recomputed from EvalBenchPairClassification.json") })
        // The reproducer's edit: main_score alone lowered, the metric it names and the detail untouched.
        let mainOnly = try candidate("main-only", "EvalBenchPairClassification") { entries in
            entries[0]["main_score"] = (entries[0]["main_score"] as! Double) - 0.2
        }
        #expect(mainOnly.status == .unusable && mainOnly.problems.contains { $0.contains("is not the file's own max_ap") }, "\(mainOnly.problems)")
        let outside = try candidate("outside", "EvalBenchPairClassification") { entries in
            entries[0]["main_score"] = 5.0
            entries[0]["max_ap"] = 5.0
        }
        #expect(outside.status == .unusable && outside.problems.contains { $0.contains("main_score 5.0 is outside 0.0…1.0, the range of max_ap") })
        let boolean = try candidate("boolean", "EvalBenchPairClassification") { entries in entries[0]["main_score"] = true }
        #expect(boolean.status == .unusable && boolean.problems.contains { $0.contains("is not a result file written by `evalbench run`") })
        let twice = try candidate("twice", "EvalBenchSTS") { entries in
            var second = entries[0]
            second["main_score"] = 0.0
            entries.append(second)
        }
        #expect(twice.status == .unusable && twice.problems.contains { $0.contains("scores.test holds 2 entries") })

        let huge = try copy(baseline, as: "huge")
        try edit(try modelFolder(huge).appendingPathComponent("details/EvalBenchPairClassification.json")) { object in
            var labels = object["labels"] as! [Any]; labels[0] = 1e300; object["labels"] = labels
        }
        // A similarity array the main score does not use, cut short: the detail file is damaged all the same.
        let short = try copy(baseline, as: "short")
        try edit(try modelFolder(short).appendingPathComponent("details/EvalBenchSTS.json")) { object in
            var similarities = object["similarities"] as! [String: Any]
            similarities["manhattan"] = Array((similarities["manhattan"] as! [Any]).dropLast())
            object["similarities"] = similarities
        }
        let shortened = Gate().compare(baseline: baseline, candidate: short)
        #expect(shortened.status == .unusable && shortened.problems.contains { $0.contains("similarities.manhattan") }, "\(shortened.problems)")
        let report = Gate().compare(baseline: baseline, candidate: huge)
        #expect(report.status == .unusable && report.problems.contains { $0.contains("details/EvalBenchPairClassification.json is not a detail file") },
                "\(report.problems)")
    }

    @Test func theSameModelTwicePassesWithZeroDeltas() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let baseline = try run("baseline"), candidate = try run("candidate")
        for report in [Gate().compare(baseline: baseline, candidate: candidate), Gate().compare(baseline: baseline, candidate: baseline)] {
            #expect(report.status == .pass)
            #expect(report.status.exitCode == 0)
            #expect(report.problems.isEmpty)
            #expect(report.rows.count == Self.tasks.count * 2)
            #expect(Set(report.rows.map(\.key.task)) == Set(Self.tasks))
            for row in report.rows {
                #expect(row.delta == 0, "\(row.key)")
                #expect(row.interval == PairedBootstrap.Interval(low: 0, high: 0, pValue: 1), "\(row.key)")
                #expect(row.verdict == .pass && row.note == nil, "\(row.key)")
                #expect((row.units ?? 0) > 0, "\(row.key)")
            }
            #expect(report.markdown.contains("| EvalBenchSTS | test | 384 | float32 | f32 | "))
            #expect(report.markdown.contains("| +0.0000 | +0.0000 | +0.0000 | 1 | 1 | pass |"))
        }
        // The units resampled are the queries, pairs and experiments of each task kind.
        let report = Gate().compare(baseline: baseline, candidate: candidate)
        let units = Dictionary(report.rows.map { ($0.key.task, $0.unitName ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(units == ["EvalBenchSTS": "pairs", "EvalBenchRetrieval": "queries", "EvalBenchReranking": "queries",
                          "EvalBenchClassification": "experiments", "EvalBenchClustering": "experiments", "EvalBenchPairClassification": "pairs"])
        // One result file against itself works too.
        let file = try modelFolder(baseline).appendingPathComponent("EvalBenchRetrieval.json")
        let single = Gate().compare(baseline: file, candidate: file)
        #expect(single.status == .pass && single.rows.count == 1 && single.rows[0].units == 60)
    }

    @Test func aNoisyModelRegressesAndTheReportNamesTheRow() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let baseline = try run("baseline"), candidate = try run("noisy", noise: 0.06)
        let report = Gate().compare(baseline: baseline, candidate: candidate)
        #expect(report.problems.isEmpty)
        #expect(report.status == .regression)
        #expect(report.status.exitCode == 1)
        #expect(report.candidateModels == ["evalbench-tests/noisy-all-MiniLM-L6-v2"])
        for task in ["EvalBenchRetrieval", "EvalBenchReranking", "EvalBenchClassification"] {
            for dimension in [384, 128] {
                let row = try #require(report.rows.first { $0.key.task == task && $0.key.dimension == dimension })
                #expect(row.verdict == .regression, "\(row.key): \(row.delta) \(String(describing: row.interval))")
            }
        }
        // Every verdict follows the rule: a drop beyond 0.01 regresses when its p-value, Holm-corrected across the 12
        // rows, is at most 0.025, and is noise otherwise (60 STS pairs are too few to call the noisy model's drop there a
        // regression).
        #expect(report.correction == .holm && report.testedRows == 12)
        let adjusted = MultipleTestingCorrection.holm.adjust(report.rows.map { $0.interval!.pValue })
        for (row, p) in zip(report.rows, adjusted) {
            #expect(row.adjustedPValue == p, "\(row.key)")
            print("bound gate noisy \(row.key): delta \(String(format: "%+.4f", row.delta)) (tolerance -0.01), Holm-adjusted p \(p) (α 0.025)")
            let expected: GateReport.Verdict = row.delta >= -0.01 ? .pass : p <= 0.025 ? .regression : .noise
            #expect(row.verdict == expected, "\(row.key)")
        }
        #expect(report.markdown.contains("corrected by Holm across the 12 rows with an interval"))
        #expect(report.markdown.split(separator: "\n", omittingEmptySubsequences: false)[2].hasPrefix("Regressed: "))
        #expect(report.rows.contains { $0.verdict == .noise })
        #expect(report.markdown.contains("### evalbench gate: regression"))
        #expect(report.markdown.split(separator: "\n").contains { $0.hasPrefix("| EvalBenchRetrieval | test | 128 | float32 | f32 | ") && $0.hasSuffix("| **regression** |") })

        // The JSON report says the same.
        let json = root.appendingPathComponent("gate.json")
        try report.writeJSON(to: json)
        struct Written: Decodable {
            struct Row: Decodable { var task: String; var embed_dim: Int; var verdict: String }
            var status: String
            var exit_code: Int
            var rows: [Row]
        }
        let written = try JSONDecoder().decode(Written.self, from: Data(contentsOf: json))
        #expect(written.status == "regression" && written.exit_code == 1)
        #expect(written.rows.contains { $0.task == "EvalBenchRetrieval" && $0.embed_dim == 128 && $0.verdict == "regression" })

        // The detail reproduces the main scores: the statistic over every unit once is the delta of the main scores.
        let (b, c) = (try GateInputs.results(baseline).sorted { $0.key < $1.key }, try GateInputs.results(candidate).sorted { $0.key < $1.key })
        #expect(b.map(\.key) == c.map(\.key) && b.count == report.rows.count)
        for (x, y) in zip(b, c) {
            let paired = try #require(try PairedDetail.pair(baseline: x.detail, candidate: y.detail).0)
            #expect(abs(paired.delta(Array(0..<paired.units)) - (y.mainScore - x.mainScore)) < 1e-5, "\(x.key)")
        }

        // A tolerance larger than every drop passes the same results.
        #expect(Gate(maxDrop: 1).compare(baseline: baseline, candidate: candidate).status == .pass)
        // The interval is reproducible from the seed.
        let again = Gate().compare(baseline: baseline, candidate: candidate)
        #expect(again.rows.map(\.interval) == report.rows.map(\.interval))
    }

    @Test func q4WeightsAgainstAnF32BaselineRegressAcrossWeights() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let baseline = try run("baseline"), candidate = try run("q4", q4: true)
        // Row by row the weights differ, so without --across-weights nothing pairs up.
        let strict = Gate().compare(baseline: baseline, candidate: candidate)
        #expect(strict.status == .unusable && strict.problems.contains { $0.contains("weights f32 is missing from the candidate") })
        let report = Gate(acrossWeights: true).compare(baseline: baseline, candidate: candidate)
        #expect(report.problems.isEmpty)
        #expect(report.rows.count == Self.tasks.count * 2)
        #expect(report.rows.allSatisfy { $0.key.weights == "f32 → q4" })
        #expect(report.status == .regression)
        let regressed = report.rows.filter { $0.verdict == .regression }
        #expect(!regressed.isEmpty)
        for row in regressed {
            #expect(report.markdown.contains("| \(row.key.task) | test | \(row.key.dimension) | float32 | f32 → q4 | "))
        }
        // More than one variant on a side cannot be paired.
        let mixed = Gate(acrossWeights: true).compare(baseline: try GateInputs.results(baseline) + GateInputs.results(candidate), candidate: try GateInputs.results(candidate))
        #expect(mixed.status == .unusable && mixed.problems.contains { $0.contains("the baseline holds f32, q4") })
    }

    @Test func withoutDetailARowComparesMainScoresOnly() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let baseline = try run("baseline"), candidate = try run("noisy", noise: 0.06)
        try FileManager.default.removeItem(at: try modelFolder(candidate, "evalbench-tests__noisy-all-MiniLM-L6-v2").appendingPathComponent("details/EvalBenchSTS.json"))
        let report = Gate().compare(baseline: baseline, candidate: candidate)
        let row = try #require(report.rows.first { $0.key.task == "EvalBenchSTS" && $0.key.dimension == 384 })
        #expect(row.interval == nil)
        #expect(row.note?.contains("no candidate detail") == true && row.note?.contains("details/EvalBenchSTS.json is missing") == true)
        #expect(row.note?.hasSuffix("main scores only") == true)
        // With no interval to call it noise, a drop beyond the tolerance is a regression.
        #expect(row.verdict == .regression)
        #expect(report.markdown.contains("| – | – | – | – | **regression** — no candidate detail"))
        // The 128-dimension row kept its detail.
        #expect(report.rows.first { $0.key.task == "EvalBenchSTS" && $0.key.dimension == 128 }?.interval != nil)
    }

    @Test func changedTaskDataIsUnusable() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let baseline = try run("baseline")
        let candidate = try copy(baseline, as: "candidate")
        let file = try modelFolder(candidate).appendingPathComponent("EvalBenchSTS.json")
        var result = try ResultFile.read(file)
        result.evalbench.data_sha256 = String(repeating: "0", count: 64)
        try JSONEncoder().encode(result).write(to: file)
        let report = Gate().compare(baseline: baseline, candidate: candidate)
        #expect(report.status == .unusable)
        #expect(report.status.exitCode == 2)
        #expect(report.problems.count == 1)
        #expect(report.problems[0].hasPrefix("EvalBenchSTS [test] dim 384 float32 weights f32: evalbench.data_sha256 differs"))
        #expect(report.rows.first { $0.key.task == "EvalBenchSTS" && $0.key.dimension == 384 }?.verdict == .unusable)
        #expect(report.markdown.contains("Unusable input:"))
    }

    @Test func aTaskMissingOnOneSideIsUnusable() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let baseline = try run("baseline")
        let candidate = try copy(baseline, as: "candidate")
        try FileManager.default.removeItem(at: try modelFolder(candidate).appendingPathComponent("EvalBenchRetrieval.json"))
        let report = Gate().compare(baseline: baseline, candidate: candidate)
        #expect(report.status == .unusable && report.status.exitCode == 2)
        #expect(report.problems.count == 1)
        #expect(report.problems[0].hasPrefix("EvalBenchRetrieval [test] dim 384 float32 weights f32 is missing from the candidate"))
        // Swapped, the task is missing from the baseline.
        let swapped = Gate().compare(baseline: candidate, candidate: baseline)
        #expect(swapped.status == .unusable && swapped.problems[0].contains("is missing from the baseline"))
        // The rows both sides have are still compared.
        #expect(report.rows.count == Self.tasks.count * 2 - 1 && report.rows.allSatisfy { $0.verdict == .pass })
    }

    @Test func emptyOrUnreadableInputIsUnusable() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let report = Gate().compare(baseline: empty, candidate: empty)
        #expect(report.status == .unusable && report.status.exitCode == 2 && report.rows.isEmpty)
        #expect(report.problems == ["the baseline \(empty.path) holds no result files", "the candidate \(empty.path) holds no result files"])
        #expect(Gate().compare(baseline: [], candidate: []).problems == ["there are no results to compare"])
        // A side that cannot be read is the only problem reported, not every row as missing from it.
        let baseline = try run("baseline")
        let absent = Gate().compare(baseline: baseline, candidate: root.appendingPathComponent("absent"))
        #expect(absent.status == .unusable && absent.rows.isEmpty)
        #expect(absent.problems.count == 1 && absent.problems[0].hasPrefix("candidate: ") && absent.problems[0].contains("absent does not exist"))
        // A JSON file among the results that is not a result file: the problem names the file and the field it lacks.
        let stray = try copy(baseline, as: "stray")
        try Data("{\"task_name\": \"X\"}".utf8).write(to: stray.appendingPathComponent("notes.json"))
        let problems = Gate().compare(baseline: baseline, candidate: stray).problems
        #expect(problems.count == 1 && problems[0].contains("stray/notes.json is not a result file written by `evalbench run`: missing field 'dataset_revision'"), "\(problems)")
    }

    /// 6 tasks × 2 dimensions × 3 precisions = 36 rows of the same model run twice: no false alarm, and the report says
    /// which correction it applied across how many rows.
    @Test func identicalRunsOfManyRowsPass() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let baseline = try run("baseline", precisions: [.float32, .int8, .binary]), candidate = try run("again", precisions: [.float32, .int8, .binary])
        for correction in MultipleTestingCorrection.allCases {
            let report = Gate(correction: correction).compare(baseline: baseline, candidate: candidate)
            #expect(report.status == .pass && report.problems.isEmpty, "\(correction)")
            #expect(report.rows.count == 36 && report.testedRows == 36)
            #expect(report.rows.allSatisfy { $0.delta == 0 && $0.adjustedPValue == 1 })
            #expect(report.markdown.contains("corrected by \(correction.title) across the 36 rows"))
        }
    }

    /// A baseline in the embeddings-benchmark/results layout (mteb's files, no evalbench record, `pearson` stored as a
    /// list): rows compare main scores without intervals; a limited candidate, or a published file whose main score is
    /// not the candidate's main metric, is unusable.
    @Test func aPublishedBaselineComparesMainScoresOnly() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let candidate = try run("full", tasks: ["EvalBenchSTS"], limit: nil)
        let ours = try ResultFile.read(try modelFolder(candidate).appendingPathComponent("EvalBenchSTS.json"))
        let score = try #require(ours.scores["test"]?.first?.main_score)
        let folder = root.appendingPathComponent("published/results/sentence-transformers__all-MiniLM-L6-v2/8b3219a92973c328a8e22fadcfa821b5dc75636a")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func publish(_ main: Double, metric: Double) throws {
            let file: [String: Any] = [
                "dataset_revision": "b0fddb56ed78048fa8b90373c8a3cfc37b684831", "evaluation_time": 1.2, "kg_co2_emissions": NSNull(),
                "mteb_version": "1.12.75", "task_name": "EvalBenchSTS",
                "scores": ["test": [["cosine_spearman": metric, "main_score": main, "pearson": [0.8, 0.0], "hf_subset": "default", "languages": ["eng-Latn"]]]]]
            try JSONSerialization.data(withJSONObject: file).write(to: folder.appendingPathComponent("EvalBenchSTS.json"))
        }
        // Published 0.02 above what the candidate scores: both dimensions' rows regress, named as main scores only.
        try publish(score + 0.02, metric: score + 0.02)
        let report = Gate().compare(baseline: root.appendingPathComponent("published"), candidate: candidate)
        #expect(report.problems.isEmpty && report.publishedBaseline && report.baselineModels == ["sentence-transformers/all-MiniLM-L6-v2"])
        #expect(report.rows.count == 2 && report.rows.allSatisfy { $0.interval == nil && $0.note == "published score: main scores only" })
        #expect(report.rows.first { $0.key.dimension == 384 }?.verdict == .regression)
        #expect(abs(report.rows.first { $0.key.dimension == 384 }!.delta + 0.02) < 1e-6)
        #expect(report.markdown.contains("compares main scores without intervals"))
        // Published at the candidate's full-dimension score: that row passes with a delta of zero.
        try publish(score, metric: score)
        let same = Gate().compare(baseline: root.appendingPathComponent("published"), candidate: candidate)
        #expect(same.rows.first { $0.key.dimension == 384 }.map { $0.verdict == .pass && abs($0.delta) < 1e-6 } == true)
        // The published main score is another metric than the candidate's: unusable.
        try publish(score, metric: score - 0.1)
        let other = Gate().compare(baseline: root.appendingPathComponent("published"), candidate: candidate)
        #expect(other.status == .unusable && other.problems.allSatisfy { $0.contains("is not its cosine_spearman") })
        // A limited candidate cannot be held to a score over the whole split.
        try publish(score, metric: score)
        let limited = try run("limited", tasks: ["EvalBenchSTS"])
        let cut = Gate().compare(baseline: root.appendingPathComponent("published"), candidate: limited)
        #expect(cut.status == .unusable && cut.problems.contains { $0.contains("ran with --limit 60") })
        // A task the published folder lacks is missing from the baseline; published scores as the candidate are refused.
        let more = try run("more", tasks: ["EvalBenchSTS", "EvalBenchClassification"], limit: nil)
        #expect(Gate().compare(baseline: root.appendingPathComponent("published"), candidate: more).problems
            .contains { $0.contains("EvalBenchClassification [test] dim 384") && $0.contains("missing from the published baseline") })
        // A published file that is not one: the problem names the file and the field.
        for (content, message) in [(#"{"task_name": "EvalBenchSTS", "scores": {"test": [{"main_score": "high", "hf_subset": "default"}]}}"#,
                                    "scores.test[0].main_score is not a number between -1 and 1"),
                                   (#"{"task_name": "EvalBenchSTS", "scores": {"test": {"main_score": 0.5}}}"#, "scores.test is not a list of entries"),
                                   (#"{"task_name": "", "scores": {}}"#, "field task_name is not a name")] {
            try content.write(to: folder.appendingPathComponent("EvalBenchSTS.json"), atomically: true, encoding: .utf8)
            let damaged = Gate().compare(baseline: root.appendingPathComponent("published"), candidate: candidate)
            #expect(damaged.status == .unusable && damaged.problems.contains { $0.contains("EvalBenchSTS.json: \(message)") }, "\(damaged.problems)")
        }
        try publish(score, metric: score)
        let swapped = Gate().compare(baseline: candidate, candidate: root.appendingPathComponent("published"))
        #expect(swapped.status == .unusable && swapped.problems.contains { $0.contains("the candidate must be results written by `evalbench run`") })
    }

    @Test func bootstrapIsPairedSeededAndPercentile() {
        let bootstrap = PairedBootstrap(resamples: 500, confidence: 0.9, seed: 3)
        // A constant per-unit difference has no spread.
        #expect(bootstrap.interval(units: 50, key: "k") { _ in -0.25 } == PairedBootstrap.Interval(low: -0.25, high: -0.25, pValue: 1.0 / 501))
        // No draw is worse: p is 1; half the draws not worse: p about a half.
        #expect(bootstrap.interval(units: 50, key: "k") { _ in 0 }?.pValue == 1)
        let coin = bootstrap.interval(units: 2, key: "k") { indices in indices[0] == 0 ? 1 : -1 }!
        print("bound bootstrap coin: p \(coin.pValue) (bounds 0.4…0.6)")
        #expect(abs(coin.pValue - 0.5) < 0.1, "bound coin p \(coin.pValue)")
        // A mean over resampled differences: the interval holds the mean and is the same from the same seed and key.
        let differences = (0..<40).map { Double($0 % 7) / 10 - 0.2 }
        let mean = { (indices: [Int]) in indices.reduce(0) { $0 + differences[$1] } / Double(indices.count) }
        let interval = bootstrap.interval(units: 40, key: "k", statistic: mean)!
        let average = differences.reduce(0, +) / 40
        #expect(interval.low < average && average < interval.high)
        #expect(bootstrap.interval(units: 40, key: "k", statistic: mean) == interval)
        #expect(bootstrap.interval(units: 40, key: "other", statistic: mean) != interval)
        #expect(bootstrap.interval(units: 0, key: "k", statistic: mean) == nil)
        #expect(bootstrap.interval(units: 5, key: "k") { _ in .nan } == nil)
        #expect(PairedBootstrap.percentile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(PairedBootstrap.percentile([1, 2, 3, 4], 0) == 1 && PairedBootstrap.percentile([1, 2, 3, 4], 1) == 4)
    }
}
