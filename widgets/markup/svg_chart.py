"""Small SVG charts drawn in Python, so pictures need neither matplotlib nor JavaScript.

Every chart is one `<svg role="img">` carrying a `<title>` and a `<desc>` (its text
alternative), both named by `aria-labelledby`. All text put into a chart is escaped, so
a tutor's or learner's words can never turn into markup. Used by the perturbation
explorer (`line_plot`) and the 'ways of' self-assessment (`radar`); `svg_document` is also the outer
<svg> of the system map (`network_svg`).
"""
import math
import re

from .escape import html_text

FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
INK = "#1f2933"
MUTED = "#52606d"
GRID = "#d9e2ec"


def _number(value):
    """Coordinates with two decimals at most: short, stable text for tests and diffs."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _id(prefix):
    # ids must be valid XML names; the prefix comes from the caller's code, never from a learner
    return re.sub(r"[^A-Za-z0-9_-]", "-", prefix) or "chart"


def svg_document(width, height, title, description, body, id_prefix="chart", css_class="sl-chart"):
    """The outer <svg> with its title and text alternative, scaled to the width of its box."""
    ident = _id(id_prefix)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{html_text(css_class)}" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="max-width:100%;height:auto" '
            f'aria-labelledby="{ident}-title {ident}-desc" {FONT}>'
            f'<title id="{ident}-title">{html_text(title)}</title>'
            f'<desc id="{ident}-desc">{html_text(description)}</desc>'
            f"{body}</svg>")


def _ticks(low, high, count=5):
    """Round tick values covering [low, high]."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), default=raw)
    first = math.ceil(low / step) * step
    ticks, value = [], first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def line_plot(series, x_range, y_range, title, description, x_label, y_label,
              shaded=(), reference_lines=(), id_prefix="plot", width=640, height=340):
    """A line chart.

    series: [(label, [(x, y), ...], colour, dash)] — dash is an SVG dasharray or "".
    shaded: [(x_start, x_end, label)] — bands across the plot, e.g. a period of time.
    reference_lines: [(y, label, colour)] — dashed horizontal lines, labelled at the right.
    """
    left, right, top, bottom = 64, 160, 56, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    (x0, x1), (y0, y1) = x_range, y_range

    def px(x):
        return left + (x - x0) / (x1 - x0) * plot_w

    def py(y):
        return top + plot_h - (y - y0) / (y1 - y0) * plot_h

    parts = []
    for start, end, label in shaded:
        a, b = px(max(start, x0)), px(min(end, x1))
        parts.append(f'<rect class="sl-chart-shade" x="{_number(a)}" y="{top}" width="{_number(max(b - a, 0))}" '
                     f'height="{plot_h}" fill="#fff4dc" stroke="#e0b860" stroke-width="1"/>')
        parts.append(f'<text x="{_number((a + b) / 2)}" y="{top - 6}" font-size="12" fill="#7a4d00" '
                     f'text-anchor="middle">{html_text(label)}</text>')
    for tick in _ticks(y0, y1):
        y = py(tick)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{_number(y)}" y2="{_number(y)}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{left - 8}" y="{_number(y + 4)}" font-size="12" fill="{MUTED}" '
                     f'text-anchor="end">{_number(tick)}</text>')
    for tick in _ticks(x0, x1, 6):
        x = px(tick)
        parts.append(f'<line x1="{_number(x)}" x2="{_number(x)}" y1="{top + plot_h}" y2="{top + plot_h + 5}" '
                     f'stroke="{MUTED}"/>')
        parts.append(f'<text x="{_number(x)}" y="{top + plot_h + 19}" font-size="12" fill="{MUTED}" '
                     f'text-anchor="middle">{_number(tick)}</text>')
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="{INK}"/>')
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{INK}"/>')
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 10}" font-size="13" fill="{INK}" '
                 f'text-anchor="middle">{html_text(x_label)}</text>')
    parts.append(f'<text x="16" y="{top + plot_h / 2}" font-size="13" fill="{INK}" text-anchor="middle" '
                 f'transform="rotate(-90 16 {top + plot_h / 2})">{html_text(y_label)}</text>')
    label_ys = []
    for y_value, label, colour in reference_lines:
        y = py(min(max(y_value, y0), y1))
        parts.append(f'<line class="sl-chart-reference" x1="{left}" x2="{left + plot_w}" y1="{_number(y)}" '
                     f'y2="{_number(y)}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="6 4"/>')
        # keep labels of close lines from overprinting each other
        text_y = y + 4
        for used in label_ys:
            if abs(text_y - used) < 14:
                text_y = used + 14
        label_ys.append(text_y)
        parts.append(f'<text x="{left + plot_w + 6}" y="{_number(text_y)}" font-size="12" fill="{colour}">'
                     f"{html_text(label)}</text>")
    # the legend runs along the top, clear of the lines and of the labels at the right
    legend_x = left
    for label, points, colour, dash in series:
        path = " ".join(f"{_number(px(x))},{_number(py(min(max(y, y0), y1)))}" for x, y in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline class="sl-chart-series" fill="none" stroke="{colour}" stroke-width="2.5"'
                     f'{dash_attr} points="{path}"/>')
        parts.append(f'<line x1="{legend_x}" x2="{legend_x + 22}" y1="14" y2="14" '
                     f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        parts.append(f'<text x="{legend_x + 28}" y="18" font-size="12" fill="{INK}">{html_text(label)}</text>')
        legend_x += 28 + 7 * len(label) + 24
    return svg_document(width, height, title, description, "".join(parts), id_prefix)


def radar(labels, values, maximum, title, description, id_prefix="radar", size=520,
          value_text=lambda v: "not rated" if v is None else f"{v:.1f}"):
    """A radar (spider) chart: one axis per label, clockwise from the top, rings at 1..maximum.

    values may hold None (not rated): that axis shows "not rated" and no point; the shape is
    drawn only when every axis has a value, so a partial profile never looks complete.
    """
    count = len(labels)
    width, height = size + 200, size
    cx, cy, radius = width / 2, height / 2, size / 2 - 70

    def point(index, value):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * value / maximum
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = []
    for ring in range(1, maximum + 1):
        ring_points = " ".join(f"{_number(x)},{_number(y)}" for x, y in (point(i, ring) for i in range(count)))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="1"/>')
        x, y = point(0, ring)
        parts.append(f'<text x="{_number(x + 4)}" y="{_number(y + 4)}" font-size="12" fill="{MUTED}">{ring}</text>')
    for index, label in enumerate(labels):
        x, y = point(index, maximum)
        parts.append(f'<line x1="{_number(cx)}" y1="{_number(cy)}" x2="{_number(x)}" y2="{_number(y)}" '
                     f'stroke="{GRID}" stroke-width="1"/>')
        lx, ly = point(index, maximum * 1.13)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        if ly < cy - 5:
            ly -= 14
        parts.append(f'<text class="sl-chart-axis" x="{_number(lx)}" y="{_number(ly)}" font-size="13" '
                     f'fill="{INK}" text-anchor="{anchor}" font-weight="bold">{html_text(label)}</text>')
        parts.append(f'<text class="sl-chart-value" x="{_number(lx)}" y="{_number(ly + 16)}" font-size="12" '
                     f'fill="{MUTED}" text-anchor="{anchor}">{html_text(value_text(values[index]))}</text>')
    rated = [(i, v) for i, v in enumerate(values) if v is not None]
    if rated and len(rated) == count:
        shape = " ".join(f"{_number(x)},{_number(y)}" for x, y in (point(i, v) for i, v in rated))
        parts.append(f'<polygon class="sl-chart-shape" points="{shape}" fill="#1d4e89" fill-opacity="0.18" '
                     f'stroke="#1d4e89" stroke-width="2.5"/>')
    for index, value in rated:
        x, y = point(index, value)
        parts.append(f'<circle class="sl-chart-point" cx="{_number(x)}" cy="{_number(y)}" r="5" fill="#1d4e89"/>')
    return svg_document(width, height, title, description, "".join(parts), id_prefix)
