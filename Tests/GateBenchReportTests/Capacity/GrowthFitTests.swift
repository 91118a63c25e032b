import Foundation
import Testing

@testable import GateBenchReport

@Suite struct GrowthFitTests {
    let sizes: [Double] = [5_000, 50_000, 500_000, 2_500_000]

    let sizes5: [Double] = [5_000, 50_000, 500_000, 2_500_000, 5_000_000]

    @Test(arguments: GrowthModel.allCases)
    func eachShapeIsRecognizedWithAFixedCostAndNoise(model: GrowthModel) throws {
        let noise = [1.01, 0.99, 1.01, 0.99, 1.0]
        // A fixed cost of a tenth of the smallest wave's growth term.
        let fixed = model == .constant ? 1e-4 : 0.1 * 1e-7 * model.value(at: sizes5[0])
        let times = zip(sizes5, noise).map { (fixed + 1e-7 * (model == .constant ? 0 : model.value(at: $0))) * $1 }
        let best = try #require(GrowthFit.all(sizes: sizes5, times: times).first)
        #expect(best.model == model)
        #expect(best.relativeResidual < 0.02)
    }

    @Test func theFixedPartOfAListingIsSeparatedFromItsGrowth() throws {
        // 170 µs at any size plus 0.5 µs per row: flat over the small sizes, linear beyond.
        let rows: [Double] = [500, 500, 2_500, 12_500]
        let times = rows.map { 170e-6 + 0.5e-6 * $0 }
        let fit = GrowthFit(model: .linear, sizes: rows, times: times)
        #expect(abs(fit.fixed - 170e-6) < 1e-9 && abs(fit.coefficient - 0.5e-6) < 1e-12)
        #expect(fit.relativeResidual < 1e-9)
        #expect(abs(fit.time(at: 1_000) - 670e-6) < 1e-9)
    }

    @Test func aCurveThatStartsFlatAndTurnsLinearBends() {
        let points = [("tiny", 5_000.0, 1e-4), ("small", 50_000.0, 1.05e-4), ("medium", 500_000.0, 9e-4), ("large", 2_500_000.0, 4.6e-3)]
            .map { CapacityScan.Curve.Point(wave: $0.0, size: $0.1, median: $0.2) }
        let curve = CapacityScan.Curve(benchmark: "x", parameter: "teams", points: points)
        #expect(curve.slopes.count == 3)
        #expect(curve.bends.count == 1)
        #expect(curve.bends[0].hasPrefix("at small: slope 0.02 → 0.9"))
        let straight = CapacityScan.Curve(
            benchmark: "y", parameter: "teams", points: sizes.enumerated().map { .init(wave: "w\($0.offset)", size: $0.element, median: $0.element * 1e-9) })
        #expect(straight.bends.isEmpty)
        #expect(straight.best?.model == .linear)
        #expect(CapacityScan.Curve(benchmark: "z", parameter: "teams", points: Array(points.prefix(2))).fits.isEmpty)
        let sameSize = points.map { CapacityScan.Curve.Point(wave: $0.wave, size: min($0.size, 50_000), median: $0.median) }
        #expect(CapacityScan.Curve(benchmark: "w", parameter: "tools", points: sameSize).fits.isEmpty)
    }
}
