"""Chinese fonts (中文字体) for the renderers: Noto Sans/Serif CJK SC from fonts-noto-cjk.

Fonts are found by file path so that rendering does not depend on fontconfig caches.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

__all__ = [
    "SANS_FAMILY",
    "SERIF_FAMILY",
    "cjk_font_dirs",
    "find_cjk_font",
]

SERIF_FAMILY = "Noto Serif CJK SC"
SANS_FAMILY = "Noto Sans CJK SC"

# Debian's fonts-noto-cjk layout first; other distributions after.
_SEARCH_ROOTS = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/google-noto-cjk"),
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
)
_FILE_NAMES = {
    ("sans", "regular"): ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf"),
    ("sans", "bold"): ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf"),
    ("serif", "regular"): ("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf"),
    ("serif", "bold"): ("NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold.otf"),
}


def _roots() -> tuple[Path, ...]:
    extra = os.environ.get("NIANBAO_FONT_DIR")
    return ((Path(extra),) if extra else ()) + _SEARCH_ROOTS


@functools.cache
def find_cjk_font(style: str = "sans", weight: str = "regular") -> Path | None:
    """Path of a Noto CJK font file (`style` sans/serif, `weight` regular/bold), or None."""
    names = _FILE_NAMES[(style, weight)]
    for root in _roots():
        if not root.is_dir():
            continue
        for name in names:
            direct = root / name
            if direct.is_file():
                return direct
        for name in names:
            found = next(iter(sorted(root.rglob(name))), None)
            if found is not None:
                return found
    return None


@functools.cache
def cjk_font_dirs() -> tuple[str, ...]:
    """Directories holding the CJK font files, for Typst's `font_paths`."""
    dirs: list[str] = []
    for style in ("sans", "serif"):
        for weight in ("regular", "bold"):
            path = find_cjk_font(style, weight)
            if path is not None and str(path.parent) not in dirs:
                dirs.append(str(path.parent))
    return tuple(dirs)
