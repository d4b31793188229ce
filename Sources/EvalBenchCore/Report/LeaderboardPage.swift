import Foundation

/// `leaderboard.html`: one self-contained page (inline CSS, SVG and script; nothing fetched) with the sortable
/// leaderboard and the plots people choose a dimension, precision, weights variant and backend by: the Matryoshka
/// curve (score against dimension), score against bytes per vector, score against texts/s, and for a compare
/// folder each backend's agreement with the first. `scripts/check_report_html.py` renders it in headless Chromium.
struct LeaderboardPage {
    let board: Leaderboard
    let comparison: ComparisonSummary?

    /// A plot with its name (the `data-plot` the page check looks for), title and caption; nil SVG when there is
    /// nothing to draw, with the caption saying why.
    struct Figure {
        var name: String
        var title: String
        var caption: String
        var svg: String?
    }

    var figures: [Figure] {
        var figures = [matryoshka, bytes, speed]
        if let comparison { figures.append(agreement(comparison)) }
        return figures
    }

    /// The series of the first two plots: one per model, backend, weights variant and precision, each row placed at
    /// `x(row)` and its Mean (Task).
    func curves(_ x: (Leaderboard.Row) -> Double) -> [SVGPlot.Series] {
        let groups = Dictionary(grouping: board.rows.filter { $0.meanTask != nil }) { "\($0.model) · \($0.backend) · \($0.weights) · \($0.precision)" }
        return groups.keys.sorted().map { name in
            SVGPlot.Series(name: name, points: groups[name]!.map { row in
                SVGPlot.Point(x: x(row), y: row.meanTask!, label: "\(name): dim \(row.dimension), \(row.bytesPerVector) bytes, "
                    + String(format: "Mean (Task) %.4f", row.meanTask!))
            }, joined: true)
        }
    }

    var matryoshka: Figure {
        let plot = SVGPlot(xTitle: "dimension", yTitle: "Mean (Task)", xScale: .log(base: 2), series: curves { Double($0.dimension) })
        return Figure(name: "matryoshka", title: "Matryoshka curve: score against dimension",
                      caption: "Mean (Task) at each dimension, a line per model, backend, weights variant and precision.",
                      svg: plot.points.isEmpty ? nil : plot.svg)
    }

    var bytes: Figure {
        let plot = SVGPlot(xTitle: "bytes per stored vector", yTitle: "Mean (Task)", xScale: .log(base: 2), series: curves { Double($0.bytesPerVector) })
        return Figure(name: "bytes", title: "Score against bytes per vector",
                      caption: "What each byte of the index buys: the same rows as the Matryoshka curve, placed by the size of one stored vector.",
                      svg: plot.points.isEmpty ? nil : plot.svg)
    }

    var speed: Figure {
        // Speed belongs to the encoder (model, backend, weights), not to the dimension or precision: one point each, at
        // the largest float32 dimension with a Mean (Task).
        let encoders = Dictionary(grouping: board.rows.filter { $0.meanTask != nil && $0.textsPerSecond != nil }) { "\($0.model) · \($0.backend) · \($0.weights)" }
        let series = encoders.keys.sorted().map { name -> SVGPlot.Series in
            let rows = encoders[name]!
            let row = rows.filter { $0.precision == Precision.float32.rawValue }.max { $0.dimension < $1.dimension } ?? rows[0]
            return SVGPlot.Series(name: name, points: [SVGPlot.Point(x: row.textsPerSecond!, y: row.meanTask!, label: "\(name): "
                + String(format: "%.1f texts/s, Mean (Task) %.4f at dim %d %@", row.textsPerSecond!, row.meanTask!, row.dimension, row.precision))], joined: false)
        }
        let plot = SVGPlot(xTitle: "texts per second (encoding)", yTitle: "Mean (Task)", xScale: .log(base: 10), series: series)
        return Figure(name: "speed", title: "Score against speed",
                      caption: plot.points.isEmpty ? "No encoding speed in these results: every text came from the cache."
                        : "One point per model, backend and weights variant: its encoding rate over the run's tasks and its Mean (Task) "
                        + "at its full dimension, float32.",
                      svg: plot.points.isEmpty ? nil : plot.svg)
    }

    func agreement(_ comparison: ComparisonSummary) -> Figure {
        let backends = Dictionary(grouping: comparison.agreements, by: \.backend)
        let series = backends.keys.sorted().flatMap { backend -> [SVGPlot.Series] in
            [("mean", \ComparisonSummary.Agreement.meanCosine), ("minimum", \ComparisonSummary.Agreement.minimumCosine)].map { name, value in
                SVGPlot.Series(name: "\(backend), \(name) over texts", points: backends[backend]!.enumerated().map { index, row in
                    SVGPlot.Point(x: Double(index + 1), y: max(1 - row[keyPath: value], 1e-9),
                                  label: "\(backend) \(row.task) \(row.role): \(name) cosine " + String(format: "%.7f", row[keyPath: value]))
                }, joined: false)
            }
        }
        let plot = SVGPlot(xTitle: "task role (hover a point for its name)", yTitle: "1 − cosine to \(comparison.reference)", xScale: .linear,
                           yScale: .log(base: 10), series: series)
        return Figure(name: "agreement", title: "Backend agreement with \(comparison.reference)",
                      caption: "Per backend and task role, 1 − the cosine of each text's embedding to \(comparison.reference)'s, "
                        + "mean and worst over the texts (log scale: lower agrees better).",
                      svg: plot.points.isEmpty ? nil : plot.svg)
    }

    var html: String {
        let figures = self.figures
        let drawn = figures.filter { $0.svg != nil }.map(\.name).joined(separator: " ")
        var page = """
        <!DOCTYPE html>
        <html lang="en" data-plots="\(drawn)">
        <head>
        <meta charset="utf-8">
        <title>evalbench leaderboard</title>
        <script>
        document.documentElement.dataset.errors = "";
        window.addEventListener("error", function (event) { document.documentElement.dataset.errors += (event.message || "error") + "\\n"; });
        </script>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
        .scroll { overflow-x: auto; } table { border-collapse: collapse; margin: 12px 0 28px; }
        th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; white-space: nowrap; }
        th { background: #f2f2f2; cursor: pointer; user-select: none; }
        th[data-order="asc"]::after { content: " ▲"; } th[data-order="desc"]::after { content: " ▼"; }
        td:nth-child(-n+3), th:nth-child(-n+3) { text-align: left; }
        .plots { display: flex; flex-wrap: wrap; gap: 24px; }
        figure { margin: 0; width: 640px; } figcaption { color: #555; }
        svg { width: 640px; height: auto; background: #fff; }
        .axis { stroke: #333; } .grid { stroke: #e3e3e3; } .tick { font-size: 11px; fill: #444; } .axis-title { font-size: 12px; fill: #222; }
        </style>
        </head>
        <body>
        <h1>evalbench leaderboard</h1>
        <p>\(board.rows.count) rows over \(board.tasks.count) tasks. Mean (Task) averages every task; Mean (TaskType) averages the means of each
        task type, as mteb's leaderboard does; a row missing a task has neither. Rank (Borda) ranks the rows by the points their rank in
        each task earns, a missing task earning none. Click a column to sort.</p>

        """
        page += "<div class=\"scroll\">\n" + table + "</div>\n<h2>Plots</h2>\n<div class=\"plots\">\n"
        for figure in figures {
            page += "<figure class=\"plot\" data-plot=\"\(figure.name)\"><h3>\(HTML.escape(figure.title))</h3>\n"
                + (figure.svg ?? "") + "\n<figcaption>\(HTML.escape(figure.caption))</figcaption></figure>\n"
        }
        page += """
        </div>
        <script>
        function sortTable(header) {
          var table = document.getElementById("leaderboard"), body = table.tBodies[0];
          var column = Array.prototype.indexOf.call(header.parentNode.children, header);
          var ascending = header.dataset.order !== "asc";
          Array.prototype.forEach.call(header.parentNode.children, function (other) { delete other.dataset.order; });
          header.dataset.order = ascending ? "asc" : "desc";
          function value(row) { var text = row.cells[column].textContent.trim(), number = Number(text); return text === "" || isNaN(number) ? text : number; }
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = value(a), y = value(b);
            if (typeof x === "number" && typeof y === "number") { return ascending ? x - y : y - x; }
            if (typeof x === "number") { return -1; }
            if (typeof y === "number") { return 1; }
            return ascending ? x.localeCompare(y) : y.localeCompare(x);
          });
          rows.forEach(function (row) { body.appendChild(row); });
        }
        document.querySelectorAll("#leaderboard th").forEach(function (header) { header.addEventListener("click", function () { sortTable(header); }); });
        document.documentElement.dataset.ready = "1";
        </script>
        </body>
        </html>

        """
        return page
    }

    var table: String {
        var out = "<table id=\"leaderboard\">\n<thead><tr>" + board.header.map { name in
            "<th title=\"\(HTML.escape(board.taskTypes[name] ?? name))\">\(HTML.escape(name))</th>"
        }.joined() + "</tr></thead>\n<tbody>\n"
        for row in board.rows {
            out += "<tr>" + board.cells(row).map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
