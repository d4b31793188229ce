#!/usr/bin/env python3
"""Checks, in headless Chromium, the self-contained leaderboard.html that evalbench writes.

    python3 scripts/check_report_html.py RESULTS_DIR_OR_HTML [--png OUT] [--chromium PATH] [--height N]

The argument is either the HTML file or a results folder (then FOLDER/leaderboard.html is checked).
The page contract (what evalbench writes):

- `<html data-plots="matryoshka bytes speed">` names the plots that must be present (`agreement` is
  added for compare runs);
- each plot is `<figure class="plot" data-plot="NAME"><svg>...</svg><figcaption>...</figcaption></figure>`,
  and every data mark inside the svg (a point or a bar) has `class="mark"`;
- one inline `<script>` records uncaught errors in `<html data-errors>`, makes `<table id="leaderboard">`
  sortable by its `<th>` elements, and finally sets `<html data-ready="1">`;
- nothing is loaded from outside the file.

The script exits 1, with one line per problem on stderr, when

1. the file is missing;
2. the source references an external resource: a src/href (any element) or CSS url(...)/@import whose
   value starts with http:, https: or //, any `<script src>`, or any `<link href>` that is not a data: URI;
3. after Chromium ran the page (`--dump-dom`), `data-ready` is not "1" or `data-errors` is not empty;
4. Chromium's console log (`--enable-logging=stderr --v=0`) shows an uncaught JavaScript error
   ("Uncaught ..." lines, which also catch unhandled promise rejections that never reach
   window.onerror) or a failed resource load;
5. a plot named in data-plots is absent from the rendered DOM, appears more than once, has no svg, or has
   no `.mark` element inside its svg;
6. `#leaderboard` is absent or has no body rows;
7. the screenshot PNG (`--screenshot --window-size=1400,HEIGHT`) was not written or has a single colour.

Chromium runs with --headless=new --no-sandbox --disable-gpu --hide-scrollbars (we run as root), with
--virtual-time-budget=5000 so scripts finish, with host resolution disabled (so the page is checked
offline), a fresh --user-data-dir per call and a 60 s timeout. Click-to-sort is exercised on a copy of the
page with a probe script appended: it clicks the `dim` header twice and records whether the rows came out
ascending, then descending (8. fails otherwise).

On success it prints one line per plot with its mark count, the table's row count and
`png: PATH (W×H)`, and exits 0. Exit 2 means no Chromium was found. Standard library only; on Debian,
`apt-get install chromium`.
"""

import argparse
import html.parser
import pathlib
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
    "--virtual-time-budget=5000", "--host-resolver-rules=MAP * ~NOTFOUND",
]
TIMEOUT_SECONDS = 60
# Appended to a copy of the page: clicks the "dim" header twice and records in <html data-sort-check> whether the
# table's rows came out ascending, then descending.
SORT_PROBE = """<script>
(function () {
  var headers = Array.prototype.slice.call(document.querySelectorAll("#leaderboard th"));
  var header = headers.filter(function (h) { return h.textContent.trim() === "dim"; })[0];
  var result = "no dim column";
  if (header) {
    var column = headers.indexOf(header);
    var values = function () {
      return Array.prototype.map.call(document.querySelectorAll("#leaderboard tbody tr"), function (row) { return Number(row.cells[column].textContent); });
    };
    header.click();
    var up = values();
    header.click();
    var down = values();
    var ascending = up.every(function (v, i) { return i === 0 || up[i - 1] <= v; });
    var descending = down.every(function (v, i) { return i === 0 || down[i - 1] >= v; });
    result = ascending && descending ? "ok" : "not sorted: " + up.join(",") + " then " + down.join(",");
  }
  document.documentElement.dataset.sortCheck = result;
})();
</script>"""
EXTERNAL = re.compile(r"^\s*(https?:|//)", re.IGNORECASE)
CSS_REFERENCE = re.compile(r"""url\(\s*['"]?([^'")]*)|@import\s+['"]([^'"]*)""", re.IGNORECASE)
# e.g. [123:123:1206/053309.764931:INFO:CONSOLE:1] "Uncaught ReferenceError: f is not defined", source: file:///x.html (1)
CONSOLE_LINE = re.compile(r'\[[^\]]*:(\w+):CONSOLE[^\]]*\] "(.*)", source: (\S*) \((\d+)\)')
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                 "track", "wbr"}


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def classes(self):
        return (self.attrs.get("class") or "").split()


class TreeBuilder(html.parser.HTMLParser):
    """A lenient element tree (tag, attributes, children) plus the text of <style> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.stack = [self.root]
        self.style_text = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, dict(attrs), self.stack[-1]))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if self.stack[-1].tag == "style":
            self.style_text.append(data)


def parse(text):
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder


def external_references(builder):
    """Problems for everything in the source that would be loaded from outside the file."""
    problems = []
    css = list(builder.style_text)
    for element in builder.root.iter():
        for name, value in element.attrs.items():
            value = value or ""
            if name == "style":
                css.append(value)
            elif name in ("src", "href", "xlink:href", "srcset", "poster", "data", "action") and EXTERNAL.match(value):
                problems.append(f"external resource: <{element.tag} {name}=\"{value}\">")
        if element.tag == "script" and element.attrs.get("src") is not None:
            problems.append(f"external script: <script src=\"{element.attrs['src']}\"> (scripts must be inline)")
        href = element.attrs.get("href") or ""
        if element.tag == "link" and href and not href.startswith("data:") and not EXTERNAL.match(href):
            problems.append(f"external resource: <link href=\"{href}\"> (styles and icons must be inline)")
    for text in css:
        for match in CSS_REFERENCE.finditer(text):
            reference = match.group(1) or match.group(2) or ""
            if EXTERNAL.match(reference):
                problems.append(f"external resource in CSS: {reference}")
    return problems


def run_chromium(chromium, extra_flags, url):
    """Runs Chromium once with a fresh profile; returns (exit code, stdout, stderr) or raises on timeout."""
    with tempfile.TemporaryDirectory(prefix="check-report-chromium-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra_flags, url]
        result = subprocess.run(command, capture_output=True, text=True, errors="replace",
                                timeout=TIMEOUT_SECONDS)
    return result.returncode, result.stdout, result.stderr


def console_errors(stderr):
    """Uncaught errors and failed loads from Chromium's console log lines."""
    errors = []
    for match in CONSOLE_LINE.finditer(stderr):
        severity, message, source, line = match.groups()
        if message.startswith("Uncaught") or message.startswith("Failed to load resource") or severity == "ERROR":
            errors.append(f"JavaScript console error: {message} ({source}:{line})")
    return errors


def check_dom(builder, plot_names):
    """Problems with the rendered DOM, plus (plot, mark count) pairs and the table's body row count."""
    problems, counts = [], []
    html_element = next((e for e in builder.root.iter() if e.tag == "html"), None)
    attrs = html_element.attrs if html_element else {}
    if attrs.get("data-ready") != "1":
        problems.append(f"page not ready: <html data-ready> is {attrs.get('data-ready')!r}, expected '1' "
                        "(the page script did not finish)")
    if attrs.get("data-errors"):
        problems.append(f"page reported errors: data-errors={attrs['data-errors']!r}")

    figures = [e for e in builder.root.iter() if e.tag == "figure" and "plot" in e.classes()]
    for name in plot_names:
        matching = [f for f in figures if f.attrs.get("data-plot") == name]
        if not matching:
            problems.append(f"plot {name}: no <figure class=\"plot\" data-plot=\"{name}\"> in the rendered page")
            continue
        if len(matching) > 1:
            problems.append(f"plot {name}: appears {len(matching)} times")
        svgs = [e for e in matching[0].iter() if e.tag == "svg"]
        if not svgs:
            problems.append(f"plot {name}: figure has no <svg>")
            continue
        marks = sum(1 for svg in svgs for e in svg.iter() if e is not svg and "mark" in e.classes())
        if marks == 0:
            problems.append(f"plot {name}: svg has no class=\"mark\" elements")
        counts.append((name, marks))

    table = next((e for e in builder.root.iter() if e.tag == "table" and e.attrs.get("id") == "leaderboard"), None)
    rows = 0
    if table is None:
        problems.append("table: no <table id=\"leaderboard\"> in the rendered page")
    else:
        rows = sum(1 for e in table.iter() if e.tag == "tr" and not in_head_or_foot(e, table)
                   and any(c.tag == "td" for c in e.children))
        if rows == 0:
            problems.append("table: #leaderboard has no body rows")
    return problems, counts, rows


def check_sorting(chromium, page):
    """Problems with click-to-sort, from a copy of the page with SORT_PROBE appended."""
    text = page.read_text(encoding="utf-8", errors="replace")
    if "</body>" not in text:
        return ["sorting: the page has no </body> to append the probe to"]
    with tempfile.TemporaryDirectory(prefix="check-report-sort-") as folder:
        probe = pathlib.Path(folder) / "probe.html"
        probe.write_text(text.replace("</body>", SORT_PROBE + "</body>", 1), encoding="utf-8")
        code, dom, _ = run_chromium(chromium, ["--dump-dom"], probe.as_uri())
    html_element = next((e for e in parse(dom).root.iter() if e.tag == "html"), None)
    result = html_element.attrs.get("data-sort-check") if html_element else None
    return [] if result == "ok" else [f"sorting: clicking the dim header twice did not sort the table ({result!r}, chromium exit {code})"]


def in_head_or_foot(element, table):
    while element is not None and element is not table:
        if element.tag in ("thead", "tfoot"):
            return True
        element = element.parent
    return False


def png_size_and_colours(path):
    """(width, height, has more than one colour) of an 8-bit non-interlaced PNG; raises ValueError otherwise."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    position, idat, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        position += 12 + length
    if header is None:
        raise ValueError("PNG has no IHDR chunk")
    width, height, depth, colour_type, _, _, interlace = header
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour_type)
    if depth != 8 or interlace or channels is None:
        raise ValueError(f"unsupported PNG (bit depth {depth}, colour type {colour_type}, interlace {interlace})")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    previous = bytearray(stride)
    first_pixel = None
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        row = unfilter(kind, row, previous, channels)
        if first_pixel is None:
            first_pixel = bytes(row[:channels])
        if row != first_pixel * width:
            return width, height, True  # a second colour: no need to decode further
        previous = row
    return width, height, False


def unfilter(kind, row, previous, bpp):
    if kind == 0 or (kind == 2 and not any(row)):
        return row if kind == 0 else bytearray(previous)
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        up = previous[i]
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 2:
            row[i] = (row[i] + up) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            upper_left = previous[i - bpp] if i >= bpp else 0
            p = left + up - upper_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
            predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else upper_left)
            row[i] = (row[i] + predictor) & 0xFF
        else:
            raise ValueError(f"bad PNG filter type {kind}")
    return row


def find_chromium(given):
    if given:
        return shutil.which(given) or (given if pathlib.Path(given).is_file() else None)
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=pathlib.Path, help="leaderboard.html, or a results folder holding it")
    parser.add_argument("--png", type=pathlib.Path, help="screenshot path (default: leaderboard.png beside the HTML)")
    parser.add_argument("--chromium", help="Chromium binary (default: first of %s on PATH)" % ", ".join(CHROMIUM_NAMES))
    parser.add_argument("--height", type=int, default=2400, help="screenshot window height in pixels (default 2400)")
    args = parser.parse_args()

    chromium = find_chromium(args.chromium)
    if chromium is None:
        wanted = args.chromium or " / ".join(CHROMIUM_NAMES)
        print(f"check_report_html: no Chromium found ({wanted}); install it (apt-get install chromium) or pass --chromium PATH",
              file=sys.stderr)
        return 2

    page = args.path / "leaderboard.html" if args.path.is_dir() else args.path
    if not page.is_file():
        print(f"missing: {page} does not exist", file=sys.stderr)
        return 1
    png = args.png or page.with_name("leaderboard.png")
    source = parse(page.read_text(encoding="utf-8", errors="replace"))
    problems = external_references(source)
    source_html = next((e for e in source.root.iter() if e.tag == "html"), None)
    plot_names = ((source_html.attrs.get("data-plots") if source_html else None) or "").split()
    if not plot_names:
        problems.append("no plots listed: <html data-plots> is missing or empty")

    url = page.resolve().as_uri()
    counts, rows, size = [], 0, None
    try:
        code, dom, log = run_chromium(chromium, ["--enable-logging=stderr", "--v=0", "--dump-dom"], url)
        if code != 0 or not dom.strip():
            problems.append(f"chromium --dump-dom failed (exit {code}): {log.strip().splitlines()[-1:]}")
        problems += console_errors(log)
        dom_problems, counts, rows = check_dom(parse(dom), plot_names)
        problems += dom_problems
        problems += check_sorting(chromium, page)
    except subprocess.TimeoutExpired:
        problems.append(f"chromium --dump-dom timed out after {TIMEOUT_SECONDS} s")

    png.unlink(missing_ok=True)  # a stale screenshot must not pass for a new one
    try:
        code, _, log = run_chromium(chromium, [f"--screenshot={png.resolve()}", f"--window-size=1400,{args.height}"], url)
        if not png.is_file():
            problems.append(f"png: {png} was not written (chromium exit {code}): {log.strip().splitlines()[-1:]}")
        else:
            width, height, coloured = png_size_and_colours(png)
            size = (width, height)
            if not coloured:
                problems.append(f"png: {png} ({width}×{height}) is blank (a single colour)")
    except subprocess.TimeoutExpired:
        problems.append(f"chromium --screenshot timed out after {TIMEOUT_SECONDS} s")
    except (ValueError, zlib.error, struct.error) as error:
        problems.append(f"png: {png} cannot be decoded: {error}")

    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    for name, marks in counts:
        print(f"plot {name}: {marks} marks")
    print(f"table: {rows} rows, sorted by clicking a header")
    print(f"png: {png} ({size[0]}×{size[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
