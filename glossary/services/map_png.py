"""A concept map as a PNG image, for slides and documents that take no SVG.

The SVG is rasterised by cairosvg (Cairo, the Debian package libcairo2, see
scripts/system-deps.sh), so the PNG is the same drawing as the SVG, with no browser.
"""

from __future__ import annotations

# Twice the SVG's own size: sharp on high-density screens and in print.
SCALE = 2.0


class PngUnavailable(RuntimeError):
    """Cairo is not installed on this machine."""


def svg_to_png(svg: str, scale: float = SCALE) -> bytes:
    """The SVG drawn as PNG bytes at `scale` times its size.

    Raises PngUnavailable when the Cairo library cannot be loaded (cairosvg loads it on
    first use, so a machine without it still serves everything else).
    """
    try:
        import cairosvg
    except OSError as error:  # cairocffi raises OSError when libcairo is missing
        raise PngUnavailable(str(error)) from error
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
    if not isinstance(png, bytes):  # svg2png returns bytes when no file is given
        raise PngUnavailable("cairosvg returned no image")
    return png
