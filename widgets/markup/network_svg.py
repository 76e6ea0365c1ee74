"""Draws a learner's system map as SVG text: actors on a circle, interactions as arrows.

Plain Python (no widgets, no plotting library, no JavaScript), so the same picture goes into
the page and into the learner's journal. Every piece of learner text is escaped.
"""
import math

from .escape import html_text
from .svg_chart import svg_document

WIDTH = 760
RADIUS = 180
NODE_SIZE = 13
LABEL_CHARS = 18      # characters per label line before wrapping
LABEL_LINES = 3       # longer names are cut with "…" in the picture; the full name is in the text alternative
LINE_HEIGHT = 14
LEGEND_ROW = 26
INK = "#1f2933"
LINK_COLOUR = "#52606d"

# Okabe-Ito colours, which stay distinct for most colour-blind readers; the shape carries the type anyway.
SHAPE_COLOURS = {
    "circle": "#E69F00",
    "square": "#56B4E9",
    "diamond": "#009E73",
    "triangle": "#F0E442",
    "hexagon": "#CC79A7",
    "pentagon": "#0072B2",
}
FALLBACK_SHAPE = "circle"
FALLBACK_COLOUR = "#bcccdc"
DOCUMENT = {"id_prefix": "sl-sys-map", "css_class": "sl-sys-svg"}  # the outer <svg> of every map


def _points(x, y, radius, corners, start_degrees):
    return " ".join(
        f"{x + radius * math.cos(math.radians(start_degrees + i * 360 / corners)):.1f},"
        f"{y + radius * math.sin(math.radians(start_degrees + i * 360 / corners)):.1f}"
        for i in range(corners))


def shape_svg(shape, x, y, size, fill, dashed=False):
    """One node's outline; a dashed outline marks an actor with no interactions yet."""
    style = f'fill="{fill}" stroke="{INK}" stroke-width="1.6"' + (' stroke-dasharray="4 3"' if dashed else "")
    if shape == "square":
        side = size * 1.7
        return f'<rect x="{x - side / 2:.1f}" y="{y - side / 2:.1f}" width="{side:.1f}" height="{side:.1f}" {style}/>'
    if shape == "diamond":
        return f'<polygon points="{_points(x, y, size * 1.25, 4, -90)}" {style}/>'
    if shape == "triangle":
        return f'<polygon points="{_points(x, y + size * 0.2, size * 1.35, 3, -90)}" {style}/>'
    if shape == "hexagon":
        return f'<polygon points="{_points(x, y, size * 1.12, 6, 0)}" {style}/>'
    if shape == "pentagon":
        return f'<polygon points="{_points(x, y, size * 1.15, 5, -90)}" {style}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" {style}/>'


def wrap_label(text, width=LABEL_CHARS, max_lines=LABEL_LINES):
    """Split a name into short lines for the picture; very long words are broken, the rest cut with '…'."""
    words = []
    for word in str(text).split():
        while len(word) > width:
            words.append(word[:width])
            word = word[width:]
        words.append(word)
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines or [""]


def circle_layout(count, centre_x, centre_y, radius=RADIUS):
    """Evenly spaced places on a circle, the first at the top, going clockwise; one actor sits in the middle."""
    if count == 1:
        return [(centre_x, centre_y, math.pi / 2)]
    return [(centre_x + radius * math.cos(angle), centre_y + radius * math.sin(angle), angle)
            for angle in (-math.pi / 2 + 2 * math.pi * i / count for i in range(count))]


def _label_svg(lines, x, y, angle):
    dx, dy = math.cos(angle), math.sin(angle)
    label_x, label_y = x + dx * (NODE_SIZE + 10), y + dy * (NODE_SIZE + 10)
    anchor = "start" if dx > 0.3 else ("end" if dx < -0.3 else "middle")
    if dy < -0.3:        # above the node: the last line sits just above it
        first_y = label_y - (len(lines) - 1) * LINE_HEIGHT
    elif dy > 0.3:       # below the node
        first_y = label_y + LINE_HEIGHT * 0.8
    else:                # beside the node: centred on it
        first_y = label_y - (len(lines) - 1) * LINE_HEIGHT / 2 + 4
    spans = "".join(f'<tspan x="{label_x:.1f}" y="{first_y + i * LINE_HEIGHT:.1f}">{html_text(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text text-anchor="{anchor}" font-size="12.5" fill="{INK}">{spans}</text>'


def _link_svg(start, end, offset, title):
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    # a link and its reverse are drawn side by side, not on top of each other
    ox, oy = -uy * offset, ux * offset
    gap = NODE_SIZE + 5
    return (f'<g class="sl-sys-link"><title>{html_text(title)}</title>'
            f'<line x1="{x1 + ux * gap + ox:.1f}" y1="{y1 + uy * gap + oy:.1f}" '
            f'x2="{x2 - ux * (gap + 2) + ox:.1f}" y2="{y2 - uy * (gap + 2) + oy:.1f}" '
            f'stroke="{LINK_COLOUR}" stroke-width="1.6" marker-end="url(#sl-sys-arrow)"/></g>')


def text_alternative(actors, links):
    """The whole map in words, for screen readers and for anyone who can't see the picture."""
    if not actors:
        return "Map of your system: nothing added yet."
    people = "; ".join(f"{a['name']} ({a['type']})" for a in actors)
    said = "; ".join(f"{l['from']} to {l['to']}: {l['label']}" for l in links) or "none yet"
    return (f"Map of your system with {len(actors)} actor(s) and {len(links)} interaction(s). "
            f"Actors: {people}. Interactions: {said}.")


def network_svg(actors, links, actor_types):
    """The map as an SVG string. `actor_types` are rows of data/actor_types.csv (type, shape)."""
    shape_of = {t["type"]: t["shape"] for t in actor_types}
    title = f"Map of your system: {len(actors)} actor(s), {len(links)} interaction(s)"
    alternative = text_alternative(actors, links)
    if not actors:
        return svg_document(WIDTH, 80, title, alternative, (
            f'<rect x="1" y="1" width="{WIDTH - 2}" height="78" rx="8" fill="#f7f9fb" stroke="#d9e2ec"/>'
            f'<text x="{WIDTH / 2}" y="45" text-anchor="middle" font-size="15" fill="#52606d">'
            "Your map appears here as you add people, organisations and bodies.</text>"), **DOCUMENT)

    centre_x, centre_y = WIDTH / 2, RADIUS + 80
    graph_height = 2 * RADIUS + 160
    places = circle_layout(len(actors), centre_x, centre_y)
    where = {a["name"]: (x, y) for a, (x, y, _) in zip(actors, places)}
    connected = {l["from"] for l in links} | {l["to"] for l in links}
    pairs = {(l["from"], l["to"]) for l in links}

    parts = []
    for link in links:
        if link["from"] not in where or link["to"] not in where:
            continue
        offset = 4 if (link["to"], link["from"]) in pairs else 0
        parts.append(_link_svg(where[link["from"]], where[link["to"]], offset,
                               f"{link['from']} → {link['to']}: {link['label']}"))
    for actor, (x, y, angle) in zip(actors, places):
        shape = shape_of.get(actor["type"], FALLBACK_SHAPE)
        fill = SHAPE_COLOURS.get(shape, FALLBACK_COLOUR)
        dashed = actor["name"] not in connected
        status = " — not connected yet" if dashed else ""
        parts.append(f'<g class="sl-sys-node"><title>{html_text(actor["name"])} ({html_text(actor["type"])})'
                     f"{status}</title>"
                     + shape_svg(shape, x, y, NODE_SIZE, fill, dashed)
                     + _label_svg(wrap_label(actor["name"]), x, y, angle) + "</g>")

    legend, height = _legend_svg(actors, actor_types, graph_height)
    return svg_document(WIDTH, height, title, alternative, (
        f'<defs><marker id="sl-sys-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{LINK_COLOUR}"/></marker></defs>'
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="{height - 2}" rx="8" fill="#ffffff" stroke="#d9e2ec"/>'
        + "".join(parts) + legend), **DOCUMENT)


def _legend_svg(actors, actor_types, top):
    """Shapes and names of the types (with how many of each), the dashed outline and the arrow."""
    counts = {}
    for actor in actors:
        counts[actor["type"]] = counts.get(actor["type"], 0) + 1
    items = [(lambda x, y, t=t: shape_svg(t["shape"], x, y, 8, SHAPE_COLOURS.get(t["shape"], FALLBACK_COLOUR)),
              f"{t['type']} ({counts.get(t['type'], 0)})") for t in actor_types]
    items.append((lambda x, y: shape_svg("circle", x, y, 8, "#ffffff", dashed=True),
                  "dashed outline: not connected yet"))
    items.append((lambda x, y: (f'<line x1="{x - 12}" y1="{y}" x2="{x + 10}" y2="{y}" stroke="{LINK_COLOUR}" '
                                f'stroke-width="1.6" marker-end="url(#sl-sys-arrow)"/>'),
                  "arrow: an interaction, from → to"))
    columns = 2
    rows = math.ceil(len(items) / columns)
    parts = [f'<g class="sl-sys-legend"><text x="24" y="{top + 4}" font-size="13" font-weight="bold" '
             f'fill="{INK}">Key</text>']
    for index, (draw, text) in enumerate(items):
        column, row = divmod(index, rows)
        x, y = 40 + column * (WIDTH / columns), top + 26 + row * LEGEND_ROW
        parts.append(draw(x, y)
                     + f'<text x="{x + 20}" y="{y + 4}" font-size="12.5" fill="{INK}">{html_text(text)}</text>')
    parts.append("</g>")
    return "".join(parts), top + 26 + rows * LEGEND_ROW + 6
