import Foundation
import Testing
@testable import EvalBenchCore

/// The correction of the gate's p-values for the number of rows, against values computed by hand (and checked with
/// statsmodels 0.14's `multipletests(p, method="holm")` and `method="fdr_bh"`, which give the same numbers).
struct GateCorrectionTests {
    /// Sorted, p = 0.005, 0.01, 0.03, 0.04 (m = 4). Holm: 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, max(1·0.04, 0.06) = 0.06.
    /// Benjamini-Hochberg: 4·0.04/4 = 0.04, min(4·0.03/3, 0.04) = 0.04, min(4·0.01/2, 0.04) = 0.02, 4·0.005/1 = 0.02.
    @Test func holmAndBenjaminiHochbergByHand() {
        let p = [0.01, 0.04, 0.03, 0.005]
        func close(_ a: [Double], _ b: [Double]) -> Bool { zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 } && a.count == b.count }
        #expect(close(MultipleTestingCorrection.holm.adjust(p), [0.03, 0.06, 0.06, 0.02]))
        #expect(close(MultipleTestingCorrection.bh.adjust(p), [0.02, 0.04, 0.04, 0.02]))
        #expect(MultipleTestingCorrection.none.adjust(p) == p)
        // Ties and the cap at 1: Holm 5·0.0005 = 0.0025 for both, 3·0.02 = 0.06 for both, min(1, 1·0.5)… kept monotone.
        let tied = [0.0005, 0.0005, 0.02, 0.5, 0.02]
        #expect(close(MultipleTestingCorrection.holm.adjust(tied), [0.0025, 0.0025, 0.06, 0.5, 0.06]))
        #expect(close(MultipleTestingCorrection.bh.adjust(tied), [0.00125, 0.00125, 0.025, 0.5, 0.025]))
        #expect(MultipleTestingCorrection.holm.adjust([0.4, 0.6]) == [0.8, 0.8])
        #expect(MultipleTestingCorrection.holm.adjust([]) == [])
    }

    /// 27 rows, each dropping 0.02 (beyond the 0.01 tolerance): one with p = 0.0004, one with p = 0.01, the rest p = 0.5.
    /// Alone, both small ones are regressions at α = 0.025. Holm multiplies the smallest by 27 (0.0108 ≤ 0.025: regression)
    /// and the next by 26 (0.26: noise); Benjamini-Hochberg gives 27·0.0004/1 = 0.0108 and 27·0.01/2 = 0.135.
    @Test func aGateOf27RowsCorrectsByHand() {
        let bootstrap = PairedBootstrap()
        func rows() -> [GateReport.Row] {
            (0..<27).map { i in
                let p = i == 0 ? 0.0004 : i == 1 ? 0.01 : 0.5
                return GateReport.Row(key: .init(task: "T\(i)", split: "test", dimension: 384, precision: "float32", weights: "f32"),
                                      mainScoreName: "ndcg_at_10", baselineModel: "b", candidateModel: "c", baseline: 0.5, candidate: 0.48,
                                      interval: .init(low: -0.04, high: 0.01, pValue: p), units: 100, unitName: "queries", verdict: .pass, note: nil)
            }
        }
        func verdicts(_ correction: MultipleTestingCorrection) -> [GateReport.Verdict] {
            Gate(bootstrap: bootstrap, correction: correction).report(rows: rows(), problems: [], baselineModels: ["b"], candidateModels: ["c"]).rows.map(\.verdict)
        }
        #expect(verdicts(.none).prefix(2) == [.regression, .regression])
        #expect(verdicts(.holm).prefix(2) == [.regression, .noise])
        #expect(verdicts(.bh).prefix(2) == [.regression, .noise])
        #expect(verdicts(.holm).dropFirst(2).allSatisfy { $0 == .noise })
        let report = Gate(bootstrap: bootstrap).report(rows: rows(), problems: [], baselineModels: ["b"], candidateModels: ["c"])
        #expect(abs(report.rows[0].adjustedPValue! - 0.0108) < 1e-12 && abs(report.rows[1].adjustedPValue! - 0.26) < 1e-12)
        #expect(report.status == .regression && report.markdown.contains("Regressed: T0 [test] dim 384 float32 weights f32 -0.0200."))
        // With 400 resamples the smallest p-value, 1/401, times 27 rows exceeds α: the report says how many resamples it needs.
        let few = Gate(bootstrap: PairedBootstrap(resamples: 400)).report(rows: rows(), problems: [], baselineModels: ["b"], candidateModels: ["c"])
        #expect(few.markdown.contains("give --resamples 1080 or more"))
    }
}
