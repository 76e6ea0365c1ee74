"""Text made safe to show: HTML and Markdown escaping, the course's small HTML figures, and SVG drawings
(`svg_chart`, `network_svg`). Imports nothing of the course's."""
