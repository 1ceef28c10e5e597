"""hipmech: hip biomechanics for clinicians and sport scientists.

Turns motion-capture, force-plate, video-keypoint and dynamometer data into hip abduction
moments, pelvic drop angles, knee valgus and left/right strength-asymmetry statistics.

Conventions (units, frames, signs, NaN policy) are on the docs' conventions page: SI units and
radians everywhere, trajectories as (n_frames, 3) float64 arrays, NaN marks a missing sample.
"""

try:
    from . import _core  # noqa: F401  (the compiled core; everything below comes from it)
except ImportError as exc:  # pragma: no cover - only without a build
    raise ImportError(
        "hipmech's compiled core (hipmech._core) could not be imported. Install the package "
        "with `pip install .` (or `bash scripts/dev setup` and `.venv/bin/pip install .`) rather "
        f"than importing the source tree. Original error: {exc}"
    ) from exc

from ._core import (
    LabAxes,
    Side,
    __version__,
    count_missing_frames,
    missing_frames,
    parse_side,
)
from ._errors import FileError, InvalidArgumentError, NumericalError
from . import io  # noqa: E402  (area modules come after the core they build on)
from . import geometry, signal, events, model, pelvis, knee, hip, dynamics, stats  # noqa: E402
from . import synth  # noqa: E402
from . import plot  # noqa: E402  (imports matplotlib only when a figure is drawn)
from . import report  # noqa: E402
from . import clinic  # noqa: E402
from . import spm  # noqa: E402
from . import stream  # noqa: E402  (real-time sessions, issue 25)
from . import uncertainty  # noqa: E402  (measurement uncertainty, issue 26)

__all__ = [
    "FileError",
    "InvalidArgumentError",
    "LabAxes",
    "NumericalError",
    "Side",
    "__version__",
    "clinic",
    "count_missing_frames",
    "dynamics",
    "events",
    "geometry",
    "hip",
    "io",
    "knee",
    "missing_frames",
    "model",
    "parse_side",
    "pelvis",
    "plot",
    "report",
    "signal",
    "spm",
    "stats",
    "stream",
    "synth",
    "uncertainty",
]
