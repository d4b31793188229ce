import Foundation

/// A chart drawn as inline SVG: series of points on numeric axes (linear or logarithmic x, linear or logarithmic y),
/// joined by lines or not, with ticks, axis titles and a legend. Every point is a `circle class="mark"` with a
/// `<title>` tooltip, which the page check counts.
struct SVGPlot {
    /// How an axis maps values.
    enum Scale {
        case linear
        /// Logarithmic with ticks at powers of the base (2 for dimensions and bytes, 10 for speed).
        case log(base: Double)
    }

    struct Point {
        var x: Double
        var y: Double
        /// The tooltip.
        var label: String
    }

    struct Series {
        var name: String
        var points: [Point]
        /// Join the points, in x order, with a line (a curve such as the Matryoshka one).
        var joined: Bool
    }

    var xTitle: String
    var yTitle: String
    var xScale: Scale
    var yScale: Scale = .linear
    var series: [Series]

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]

    var points: [Point] { series.flatMap(\.points) }

    var svg: String {
        // The canvas and the margins around the plotting area, in SVG units.
        let (width, height) = (640.0, 380.0)
        let (left, right, top, bottom) = (64.0, 16.0, 16.0, 48.0)
        let xs = points.map(\.x), ys = points.map(\.y)
        guard let xRange = Self.range(xs, xScale), let yRange = Self.range(ys, yScale) else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) 60\"><text x=\"10\" y=\"30\">no data</text></svg>"
        }
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + plotWidth * Self.fraction(x, xRange, xScale) }
        func py(_ y: Double) -> Double { top + plotHeight * (1 - Self.fraction(y, yRange, yScale)) }
        let legendHeight = 18.0 * Double(series.count)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height + legendHeight))\" role=\"img\">"
        // Axes, grid and ticks.
        out += line(left, top, left, top + plotHeight, "axis") + line(left, top + plotHeight, left + plotWidth, top + plotHeight, "axis")
        let (xTicks, yTicks) = (Self.ticks(xRange, xScale), Self.ticks(yRange, yScale))
        for tick in xTicks {
            out += line(px(tick), top, px(tick), top + plotHeight, "grid")
            out += text(px(tick), top + plotHeight + 16, Self.format(tick, among: xTicks), anchor: "middle")
        }
        for tick in yTicks {
            out += line(left, py(tick), left + plotWidth, py(tick), "grid")
            out += text(left - 6, py(tick) + 4, Self.format(tick, among: yTicks), anchor: "end")
        }
        out += text(left + plotWidth / 2, top + plotHeight + 36, xTitle, anchor: "middle", style: "axis-title")
        out += "<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(14 \(f(top + plotHeight / 2))) rotate(-90)\">\(HTML.escape(yTitle))</text>"
        // Series, then the legend below the plot.
        for (index, series) in series.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            let sorted = series.points.sorted { $0.x < $1.x }
            if series.joined && sorted.count > 1 {
                out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\""
                    + sorted.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ") + "\"/>"
            }
            for point in sorted {
                out += "<circle class=\"mark\" cx=\"\(f(px(point.x)))\" cy=\"\(f(py(point.y)))\" r=\"4.5\" fill=\"\(colour)\">"
                    + "<title>\(HTML.escape(point.label))</title></circle>"
            }
            let y = height + 18.0 * Double(index) + 4
            out += "<rect x=\"\(f(left))\" y=\"\(f(y))\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>" + text(left + 18, y + 11, series.name)
        }
        return out + "</svg>"
    }

    func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ style: String) -> String {
        "<line class=\"\(style)\" x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\"/>"
    }

    func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start", style: String = "tick") -> String {
        "<text class=\"\(style)\" x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">\(HTML.escape(content))</text>"
    }

    func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// The axis range: the data's, widened a little (linear) or to whole powers (log); nil without finite data.
    static func range(_ values: [Double], _ scale: Scale) -> ClosedRange<Double>? {
        let finite = values.filter { value in
            guard value.isFinite else { return false }
            if case .log = scale { return value > 0 }
            return true
        }
        guard let low = finite.min(), let high = finite.max() else { return nil }
        switch scale {
        case .linear:
            let pad = high > low ? (high - low) * 0.08 : max(abs(low) * 0.05, 0.01)
            return (low - pad)...(high + pad)
        case .log(let base):
            let (a, b) = (floor(log(low) / log(base)), ceil(log(high) / log(base)))
            return pow(base, a)...pow(base, b > a ? b : a + 1)
        }
    }

    /// Where `value` falls in `range`, 0…1.
    static func fraction(_ value: Double, _ range: ClosedRange<Double>, _ scale: Scale) -> Double {
        switch scale {
        case .linear: return (value - range.lowerBound) / (range.upperBound - range.lowerBound)
        case .log: return (log(value) - log(range.lowerBound)) / (log(range.upperBound) - log(range.lowerBound))
        }
    }

    /// About five round ticks inside the range (linear), or each power of the base (log).
    static func ticks(_ range: ClosedRange<Double>, _ scale: Scale) -> [Double] {
        switch scale {
        case .linear:
            let raw = (range.upperBound - range.lowerBound) / 5
            let magnitude = pow(10, floor(log10(raw)))
            let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
            return stride(from: ceil(range.lowerBound / step) * step, through: range.upperBound, by: step).map { $0 }
        case .log(let base):
            var ticks: [Double] = [], tick = range.lowerBound
            while tick <= range.upperBound * 1.000001 { ticks.append(tick); tick *= base }
            return ticks
        }
    }

    /// A tick label with as many decimals as the smallest gap between neighbouring ticks needs.
    static func format(_ value: Double, among ticks: [Double]) -> String {
        if value != 0 && (abs(value) >= 100_000 || abs(value) < 0.001) { return String(format: "%.0e", value) }
        let gap = zip(ticks, ticks.dropFirst()).map { abs($1 - $0) }.min() ?? 1
        let decimals = gap >= 1 ? 0 : min(6, Int(ceil(-log10(gap) - 1e-9)))
        return String(format: "%.\(decimals)f", value)
    }
}

/// Escaping for text and attribute values in HTML and SVG.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
