import Foundation
import Testing

@testable import GateBenchReport

@Suite struct GrowthFitTests {
    let sizes: [Double] = [5_000, 50_000, 500_000, 2_500_000]

    @Test(arguments: GrowthModel.allCases)
    func eachShapeIsRecognizedWithNoise(model: GrowthModel) {
        let noise = [1.02, 0.98, 1.01, 0.99]
        let times = zip(sizes, noise).map { 1e-7 * model.value(at: $0) * $1 }
        let best = GrowthFit.all(sizes: sizes, times: times)[0]
        #expect(best.model == model)
        #expect(best.relativeResidual < 0.03)
    }

    @Test func aCurveThatStartsFlatAndTurnsLinearBends() {
        let points = [("tiny", 5_000.0, 1e-4), ("small", 50_000.0, 1.05e-4), ("medium", 500_000.0, 9e-4), ("large", 2_500_000.0, 4.6e-3)]
            .map { CapacityScan.Curve.Point(wave: $0.0, size: $0.1, median: $0.2) }
        let curve = CapacityScan.Curve(benchmark: "x", points: points)
        #expect(curve.slopes.count == 3)
        #expect(curve.bends.count == 1)
        #expect(curve.bends[0].hasPrefix("at small: slope 0.02 → 0.9"))
        let straight = CapacityScan.Curve(
            benchmark: "y", points: sizes.enumerated().map { .init(wave: "w\($0.offset)", size: $0.element, median: $0.element * 1e-9) })
        #expect(straight.bends.isEmpty)
        #expect(straight.best?.model == .linear)
        #expect(CapacityScan.Curve(benchmark: "z", points: Array(points.prefix(2))).fits.isEmpty)
    }
}
