"""Bounds that keep extraction time and memory predictable on hostile input.

The largest page of the ScrapingHub benchmark is 1.5 MB with 1,600 elements
nested 51 deep; the limits leave ample room above real article pages while
keeping the worst case near a second of CPU.
"""

from __future__ import annotations

# Bytes of decoded HTML after scripts, styles and comments are dropped.
MAX_HTML_CHARS = 2_000_000
# Elements in the parsed tree; extraction cost grows faster than linearly with it.
MAX_ELEMENTS = 25_000
# Nesting depth: libxml2's own limit (without XML_PARSE_HUGE). It drops whatever
# is nested deeper; such a page is refused so the loss is reported, not silent.
MAX_DEPTH = 255
# Bytes looked at to decide whether the input is text, and its encoding.
SNIFF_BYTES = 4096

# Reading pace for reading_minutes: adult silent reading of non-fiction.
WORDS_PER_MINUTE = 230
CJK_CHARS_PER_MINUTE = 500
