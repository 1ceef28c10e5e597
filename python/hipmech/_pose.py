"""Readers for the outputs of 2-D pose-estimation tools: OpenPose JSON folders, MediaPipe Pose
CSV/JSON exports, Sports2D / Pose2Sim 2-D TRC files and DeepLabCut CSV (docs: io-pose).

Every reader returns a :class:`hipmech.io.Keypoints2D` whose keypoints carry hipmech's names
(``left_hip``, ``right_knee``, ``mid_hip`` ...) through one naming map, :data:`KEYPOINT_NAMES`
and :func:`standard_keypoint_name`. The public names are re-exported by :mod:`hipmech.io`.

Written in Python on purpose: the formats are JSON (the standard library's ``json``) and CSV
(split by the standard library's ``csv``, numbers converted by pandas), small next to the
C++ readers' binary and fixed-layout text, and the TRC files go through the compiled TRC
reader. Nothing here is on a hot path: a minute of 30 Hz OpenPose output is 1,800 small files.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any, Optional, Union

import numpy as np

from ._args import flag, integer_value, invalid_argument, path_arg, real_number
from ._errors import FileError

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

__all__ = [
    "KEYPOINT_NAMES",
    "MEDIAPIPE_POSE_33",
    "OPENPOSE_BODY_25",
    "OPENPOSE_COCO_18",
    "HALPE_26",
    "COCO_17",
    "read_deeplabcut",
    "read_keypoints",
    "read_mediapipe",
    "read_openpose",
    "read_pose_trc",
    "standard_keypoint_name",
]

_NAN = float("nan")

# --------------------------------------------------------------------------------------------
# Keypoint layouts and the naming map
# --------------------------------------------------------------------------------------------

#: OpenPose BODY_25, in the order of ``pose_keypoints_2d`` (OpenPose doc/02_output.md,
#: ``POSE_BODY_25_BODY_PARTS``; index 25, "Background", is not written to the JSON files).
OPENPOSE_BODY_25 = (
    "Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist", "MidHip",
    "RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar",
    "LBigToe", "LSmallToe", "LHeel", "RBigToe", "RSmallToe", "RHeel")

#: OpenPose COCO (18 points), in the order of ``pose_keypoints_2d`` (OpenPose doc/output.md,
#: ``POSE_COCO_BODY_PARTS``).
OPENPOSE_COCO_18 = (
    "Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist", "RHip",
    "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar")

#: MediaPipe Pose landmarks 0-32 (Pose landmarker guide, "Pose landmarker model":
#: https://ai.google.dev/edge/mediapipe/solutions/vision/pose_landmarker).
MEDIAPIPE_POSE_33 = (
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
    "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_pinky",
    "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb", "left_hip",
    "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle", "left_heel",
    "right_heel", "left_foot_index", "right_foot_index")

#: HALPE-26 ("body_with_feet"), the default skeleton of Sports2D and Pose2Sim, in model order
#: (Pose2Sim skeletons.py, ``HALPE_26``): the keypoint names their TRC files carry.
HALPE_26 = (
    "Nose", "LEye", "REye", "LEar", "REar", "LShoulder", "RShoulder", "LElbow", "RElbow",
    "LWrist", "RWrist", "LHip", "RHip", "LKnee", "RKnee", "LAnkle", "RAnkle", "Head", "Neck",
    "Hip", "LBigToe", "RBigToe", "LSmallToe", "RSmallToe", "LHeel", "RHeel")

#: COCO-17, the keypoints of the COCO dataset in annotation order (cocodataset.org, "Data
#: format", keypoint detection): the body skeleton of RTMPose/RTMLib's COCO models, which
#: Sports2D and Pose2Sim also write as OpenPose-format JSON (names as Pose2Sim's
#: skeletons.py ``COCO_17``).
COCO_17 = (
    "Nose", "LEye", "REye", "LEar", "REar", "LShoulder", "RShoulder", "LElbow", "RElbow",
    "LWrist", "RWrist", "LHip", "RHip", "LKnee", "RKnee", "LAnkle", "RAnkle")

_SIDES = {"l": "left", "left": "left", "r": "right", "right": "right"}
# A part's spelling with separators removed (lower case) -> hipmech's part name.
_PARTS = {
    "shoulder": "shoulder", "elbow": "elbow", "wrist": "wrist", "hip": "hip", "knee": "knee",
    "ankle": "ankle", "heel": "heel", "bigtoe": "big_toe", "smalltoe": "small_toe",
    # MediaPipe's "foot index" is the tip of the foot; Pose2Sim's BLAZEPOSE skeleton names it
    # LBigToe / RBigToe, and so does hipmech.
    "footindex": "big_toe",
    "eye": "eye", "ear": "ear", "eyeinner": "eye_inner", "eyeouter": "eye_outer",
    "mouth": "mouth", "pinky": "pinky", "index": "index", "thumb": "thumb",
}
# Names without a side.
_UNSIDED = {"nose": "nose", "neck": "neck", "head": "head", "midhip": "mid_hip",
            # HALPE-26's "Hip" and Pose2Sim's "CHip" are the mid-point of the hips
            "hip": "mid_hip", "chip": "mid_hip"}
_TOKEN = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def standard_keypoint_name(name: str) -> str:
    """hipmech's name for a keypoint name of a pose-estimation tool; other names unchanged.

    The name is split into words at separators (``_``, ``-``, space, ``.``) and case changes
    (``LBigToe`` -> L, Big, Toe), lower-cased, and read as an optional side word (``L``,
    ``Left``, ``R``, ``Right``, first or last) and a body part (shoulder, elbow, wrist, hip,
    knee, ankle, heel, big toe, small toe, foot index (= big toe), eye, ear, eye inner, eye
    outer, mouth, pinky, index, thumb) or an unsided point (nose, neck, head, mid hip; ``Hip``
    and ``CHip`` alone are the mid-hip of HALPE-26 and Pose2Sim). A lower-case name glued to
    its side letter (``lknee``, ``rhip``) is read too, except ``lear``/``rear``. Anything else
    (``knee1``, ``snout``) is returned as it is.

    Parameters
    ----------
    name : str

    Returns
    -------
    str
        ``{side}_{part}`` (``left_big_toe``), an unsided name (``mid_hip``) or ``name``.

    Examples
    --------
    >>> from hipmech.io import standard_keypoint_name
    >>> [standard_keypoint_name(n) for n in ("RHip", "LEFT_FOOT_INDEX", "mouth_left", "MidHip",
    ...                                      "kneeR", "knee1")]
    ['right_hip', 'left_big_toe', 'left_mouth', 'mid_hip', 'right_knee', 'knee1']
    """
    if not isinstance(name, str):
        raise invalid_argument("name", "a keypoint name (str)", type(name).__name__)
    tokens = [t.lower() for t in _TOKEN.findall(name)]
    if not tokens:
        return name
    side = None
    if len(tokens) > 1 and tokens[0] in _SIDES:
        side, tokens = _SIDES[tokens[0]], tokens[1:]
    elif len(tokens) > 1 and tokens[-1] in _SIDES:
        side, tokens = _SIDES[tokens[-1]], tokens[:-1]
    part = "".join(tokens)
    if side is None:
        if part in _UNSIDED:
            return _UNSIDED[part]
        for prefix in ("left", "right", "l", "r"):  # glued: leftknee, rhip
            rest = part[len(prefix):]
            if part.startswith(prefix) and rest in _PARTS and not (len(prefix) == 1
                                                                   and rest == "ear"):
                return f"{_SIDES[prefix]}_{_PARTS[rest]}"
        return name
    return f"{side}_{_PARTS[part]}" if part in _PARTS else name


#: The naming map: every keypoint name of OpenPose BODY_25 and COCO-18, MediaPipe Pose (its
#: lower-case names and its upper-case enum names), HALPE-26 (Sports2D, Pose2Sim) and
#: COCO-17 -> hipmech's name (:func:`standard_keypoint_name` applied to each). Read-only.
KEYPOINT_NAMES: Mapping[str, str] = {}


def _build_name_map() -> Mapping[str, str]:
    from types import MappingProxyType

    coco_17 = ("nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
               "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
               "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle")
    table: dict[str, str] = {}
    for layout in (OPENPOSE_BODY_25, OPENPOSE_COCO_18, HALPE_26, COCO_17, MEDIAPIPE_POSE_33,
                   tuple(n.upper() for n in MEDIAPIPE_POSE_33), coco_17):
        for n in layout:
            table[n] = standard_keypoint_name(n)
    return MappingProxyType(table)


KEYPOINT_NAMES = _build_name_map()


# --------------------------------------------------------------------------------------------
# Shared checks and the result
# --------------------------------------------------------------------------------------------

def _name(path: Any) -> str:
    return os.fsdecode(path_arg(path))


def _min_confidence(value: Any) -> float:
    v = real_number(value, "min_confidence", "a confidence in [0, 1]")
    if not 0.0 <= v <= 1.0:
        raise invalid_argument("min_confidence", "a confidence in [0, 1]", repr(value))
    return v


def _image_size(value: Any, arg: str) -> float:
    if value is None:
        return _NAN
    v = real_number(value, arg, "None or a positive image size [pixels]")
    if not (math.isfinite(v) and v > 0):
        raise invalid_argument(arg, "None or a positive image size [pixels]", repr(value))
    return v


def _names_arg(names: Any) -> dict[str, str]:
    if names is None:
        return {}
    if not isinstance(names, Mapping):
        raise invalid_argument("names", "a dict {name in the file: name to use} or None",
                               type(names).__name__)
    for k, v in names.items():
        if not isinstance(k, str) or not isinstance(v, str) or not v:
            raise invalid_argument("names", "a dict of str -> non-empty str",
                                   f"{k!r}: {v!r}")
    return dict(names)


def _person_arg(person: Any) -> Union[int, str]:
    if isinstance(person, str):
        return person
    return integer_value(person, "person", minimum=0)


_POLICIES = ("largest", "most_confident")


def _pick(candidates: list[np.ndarray], person: Union[int, str]) -> Optional[int]:
    """Index of the chosen person among ``candidates`` (each (n_keypoints, 3): x, y, c with
    NaN x/y where undetected), or None when there is none to choose."""
    if not candidates:
        return None
    if isinstance(person, int):
        return person if person < len(candidates) else None
    scores = []
    for c in candidates:
        ok = np.isfinite(c[:, 0]) & np.isfinite(c[:, 1])
        if person == "largest":
            scores.append(0.0 if ok.sum() < 2 else
                          float(np.ptp(c[ok, 0]) * np.ptp(c[ok, 1])))
        else:
            scores.append(float(np.nansum(c[:, 2])))
    return int(np.argmax(scores))


def _result(path: str, fmt: str, native: list[str], frames: np.ndarray, xyc: np.ndarray, *,
            names: dict[str, str], map_names: bool, min_confidence: float, units: str = "px",
            width: float = _NAN, height: float = _NAN, rate_hz: float = _NAN,
            notes: Optional[list[str]] = None):
    """The Keypoints2D of ``xyc`` ((n_frames, n_keypoints, 3): x, y, confidence)."""
    from .io import Keypoints2D

    map_names = flag(map_names, "map_names")
    xyc = np.array(xyc, dtype=float, copy=True).reshape(len(frames), len(native), 3)
    notes = list(notes or [])
    conf = xyc[:, :, 2]
    if min_confidence > 0:
        if np.isnan(conf).all() and np.isfinite(xyc[:, :, 0]).any():  # points, no confidence
            raise invalid_argument("min_confidence",
                                   f"0 for a file without confidences ({fmt}: {path})",
                                   repr(min_confidence))
        low = ~(conf >= min_confidence)  # NaN confidence fails a threshold above 0
        n_low = int((low & np.isfinite(xyc[:, :, 0])).sum())
        xyc[low, 0:2] = np.nan
        if n_low:
            notes.append(f"{n_low} keypoint samples below min_confidence = {min_confidence:g} "
                         "set to NaN (their confidence kept).")
    out_names, origin = [], {}
    for n in native:
        target = names.get(n, standard_keypoint_name(n) if map_names else n)
        if target in origin:
            raise FileError(f"{path}: keypoints {origin[target]!r} and {n!r} would both be "
                            f"called {target!r}: give names={{...}} to tell them apart", path)
        origin[target] = n
        out_names.append(target)
    renamed = [f"{a} -> {b}" for a, b in zip(native, out_names) if a != b]
    if renamed:
        notes.append(f"Keypoints renamed to hipmech's names ({len(renamed)} of {len(native)}).")
    frames = np.asarray(frames, dtype=np.int64)
    return Keypoints2D(
        names=out_names, frames=frames,
        points_px={n: np.ascontiguousarray(xyc[:, i, 0:2]) for i, n in enumerate(out_names)},
        confidence={n: np.ascontiguousarray(xyc[:, i, 2]) for i, n in enumerate(out_names)},
        image_width_px=width, image_height_px=height, units=units, source_format=fmt,
        rate_hz=rate_hz, notes=notes)


def _check_frames(path: str, frames: list[int], where: list[str]) -> None:
    seen: dict[int, str] = {}
    for f, w in zip(frames, where):
        if f in seen:
            raise FileError(f"{path}: frame {f} given twice ({seen[f]} and {w})", path)
        seen[f] = w


def _gap_note(frames: np.ndarray) -> list[str]:
    if len(frames) < 2:
        return []
    missing = int(frames[-1] - frames[0] + 1 - len(frames))
    return [f"{missing} frame numbers between {frames[0]} and {frames[-1]} are absent from "
            "the input (gaps are not filled: row i is frame frames[i])."] if missing else []


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8-sig") as f:
            return f.read()
    except UnicodeDecodeError as exc:
        raise FileError(f"{path}: expected UTF-8 text, found a byte that is not "
                        f"({exc.reason} at byte {exc.start})", path) from None
    except OSError as exc:
        raise FileError(f"{path}: cannot open for reading: {exc.strerror or exc}", path) \
            from None


def _load_json(path: str) -> Any:
    text = _read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileError(f"{path}: line {exc.lineno}: expected JSON, found an error: {exc.msg} "
                        "(a truncated file?)", path) from None


def _csv_rows(path: str) -> tuple[list[str], list[list[str]], int]:
    """The leading ``#`` comment lines, the rows (split by the csv module, cells stripped) and
    the line number of the first row."""
    lines = _read_text(path).splitlines()
    comments, i = [], 0
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        comments.append(lines[i].strip())
        i += 1
    while lines and not lines[-1].strip():
        lines.pop()
    try:
        rows = [[c.strip() for c in r] for r in csv.reader(lines[i:], strict=True)]
    except csv.Error as exc:
        raise FileError(f"{path}: expected CSV, found {exc}", path) from None
    return comments, rows, i + 1


def _check_widths(path: str, rows: list[list[str]], first_line: int, width: int,
                  start: int) -> None:
    for k in range(start, len(rows)):
        if len(rows[k]) != width:
            raise FileError(f"{path}: line {first_line + k}: expected {width} cells (as the "
                            f"header), found {len(rows[k])}", path)


def _numbers(path: str, cells: list[str], column: str, first_line: int) -> np.ndarray:
    """A column of CSV cells as floats: blank and NaN are NaN, anything else must be a
    finite number (pandas.to_numeric), else FileError naming the line and column."""
    import pandas as pd

    s = pd.Series(cells, dtype=object)
    values = pd.to_numeric(s.where(s != "", None), errors="coerce").to_numpy(dtype=float)
    for k, (cell, v) in enumerate(zip(cells, values)):
        if (math.isnan(v) and cell and cell.lower().lstrip("+-") != "nan") or math.isinf(v):
            raise FileError(f"{path}: line {first_line + k}: column {column!r}: expected a "
                            f"number, found {cell!r}", path)
    return values


def _integer_frames(path: str, cells: list[str], column: str,
                    first_line: int) -> Optional[np.ndarray]:
    values = _numbers(path, cells, column, first_line)
    if np.isnan(values).any() or (values != np.floor(values)).any():
        return None
    return values.astype(np.int64)


def _size_comments(path: str, comments: list[str]) -> dict[str, float]:
    out = {}
    for line in comments:
        body = line.lstrip("#").strip()
        key, _, value = body.partition("=")
        key = key.strip().lower()
        if key in ("image_width", "image_height") and _:
            try:
                v = float(value)
            except ValueError:
                v = _NAN
            if not (math.isfinite(v) and v > 0):
                raise FileError(f"{path}: expected a positive {key} in pixels, found "
                                f"{value.strip()!r}", path)
            out[key] = v
    return out


# --------------------------------------------------------------------------------------------
# OpenPose
# --------------------------------------------------------------------------------------------

_OPENPOSE_FILE = re.compile(r"(\d+)_keypoints\.json$", re.I)
# OpenPose's own models, and the skeletons Sports2D and Pose2Sim write in OpenPose's JSON format
# (their pose folders: HALPE_26 by default, COCO_17 with a COCO model); each has its own length.
_OPENPOSE_MODELS = {"BODY_25": OPENPOSE_BODY_25, "COCO": OPENPOSE_COCO_18,
                    "HALPE_26": HALPE_26, "COCO_17": COCO_17}


def _openpose_files(folder_or_files: Any) -> tuple[str, list[str]]:
    if isinstance(folder_or_files, (str, bytes, os.PathLike)):
        name = _name(folder_or_files)
        if os.path.isdir(name):
            files = sorted(os.path.join(name, f) for f in os.listdir(name)
                           if f.lower().endswith("_keypoints.json"))
            if not files:
                raise FileError(f"{name}: expected OpenPose files (*_keypoints.json) in the "
                                "folder, found none", name)
            return name, files
        return name, [name]
    if isinstance(folder_or_files, Iterable):
        files = [_name(f) for f in folder_or_files]
        if not files:
            raise invalid_argument("folder_or_files", "a folder or at least one file", "[]")
        return files[0], files
    raise invalid_argument("folder_or_files", "a folder, a file or a list of files",
                           type(folder_or_files).__name__)


def _openpose_people(path: str, data: Any) -> list[np.ndarray]:
    if not isinstance(data, dict) or "people" not in data:
        raise FileError(f"{path}: not OpenPose: no 'people' key", path)
    people = data["people"]
    if not isinstance(people, list):
        raise FileError(f"{path}: 'people': expected a list, found "
                        f"{type(people).__name__}", path)
    out = []
    for i, p in enumerate(people):
        # "pose_keypoints": the key of OpenPose before 1.2 (same layout)
        flat = p.get("pose_keypoints_2d", p.get("pose_keypoints")) if isinstance(p, dict) \
            else None
        if not isinstance(flat, list) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in flat):
            raise FileError(f"{path}: people[{i}].pose_keypoints_2d: expected a list of "
                            "numbers", path)
        if len(flat) % 3:
            raise FileError(f"{path}: people[{i}].pose_keypoints_2d: expected x, y, c "
                            f"triplets, found {len(flat)} numbers", path)
        a = np.array(flat, dtype=float).reshape(-1, 3)
        if not np.isfinite(a).all():
            raise FileError(f"{path}: people[{i}].pose_keypoints_2d: expected finite "
                            "numbers", path)
        a[(a == 0).all(axis=1), 0:2] = np.nan  # OpenPose writes undetected points as 0, 0, 0
        out.append(a)
    return out


def read_openpose(folder_or_files: Any, *, model: str = "auto", person: Any = 0,
                  min_confidence: float = 0.0, names: Optional[Mapping[str, str]] = None,
                  map_names: bool = True, image_width_px: Optional[float] = None,
                  image_height_px: Optional[float] = None):
    """Read OpenPose's per-frame JSON files (``--write_json``) as one keypoint series.

    Each file ``NAME_000000000012_keypoints.json`` holds one frame (the number before
    ``_keypoints.json``) and a ``people`` list; ``people[i].pose_keypoints_2d`` is the flat
    ``x0, y0, c0, x1, y1, c1, ...`` list of one person (OpenPose doc/02_output.md;
    ``pose_keypoints`` in files of OpenPose before 1.2 is read the same way). Points
    OpenPose did not detect are written ``0, 0, 0``: they become NaN (confidence 0 kept). A
    frame with no person (or without the chosen one) is a row of NaN, never dropped.

    Parameters
    ----------
    folder_or_files : path or list of paths
        A folder (every ``*_keypoints.json`` in it), one file or a list of files.
    model : {"auto", "BODY_25", "COCO", "HALPE_26", "COCO_17"}
        The keypoint layout: OpenPose's BODY_25 (25 points) or COCO (18 points), or the
        skeletons Sports2D and Pose2Sim write in OpenPose's JSON format, HALPE_26 (26 points,
        their default) and COCO_17 (17); "auto" tells them by the number of points. BODY_25B
        (also 25 points, another order) is not supported.
    person : int or {"largest", "most_confident"}
        Who to read in each frame: the index in ``people`` (OpenPose does not track people
        across frames: index 0 is not always the same person), the person with the largest
        bounding box of detected points, or the highest sum of confidences.
    min_confidence : float
        Points below it become NaN (x, y; the confidence is kept), in [0, 1].
    names : dict, optional
        ``{OpenPose name: name to use}``, overriding the naming map for those keypoints.
    map_names : bool
        Rename keypoints to hipmech's names (:func:`standard_keypoint_name`; default) or keep
        OpenPose's (``RHip``).
    image_width_px, image_height_px : float, optional
        The image size, stored in the result (OpenPose's JSON does not hold it).

    Returns
    -------
    Keypoints2D
        Pixels, y down (OpenPose's default ``--keypoint_scale 0``); ``frames`` are the files'
        frame numbers, sorted; ``source_format`` is ``"openpose "`` and the
        model (``BODY_25``, ``COCO``, ``HALPE_26``, ``COCO_17``); ``notes`` says how many frames had no person.

    Raises
    ------
    hipmech.FileError
        Naming the file: not JSON (a truncated file), no ``people`` key, a keypoint list
        that is not numbers or triplets, a layout other than 25 or 18 points, files of
        different layouts, a name without a frame counter, a frame number given twice.
    hipmech.InvalidArgumentError
        A bad argument (an unknown model or policy, a negative person, min_confidence
        outside [0, 1]).

    Examples
    --------
    >>> import json, os, tempfile, hipmech
    >>> folder = tempfile.mkdtemp()
    >>> body = [0.0] * 75; body[9 * 3:9 * 3 + 3] = [310.0, 420.5, 0.9]   # 9 = RHip
    >>> for frame, people in ((0, [{"pose_keypoints_2d": body}]), (1, [])):
    ...     with open(os.path.join(folder, f"walk_{frame:012d}_keypoints.json"), "w") as f:
    ...         json.dump({"version": 1.3, "people": people}, f)
    >>> kp = hipmech.io.read_openpose(folder)
    >>> kp.source_format, kp.frames.tolist(), kp.points_px["right_hip"].tolist()
    ('openpose BODY_25', [0, 1], [[310.0, 420.5], [nan, nan]])
    """
    min_confidence = _min_confidence(min_confidence)
    person = _person_arg(person)
    if isinstance(person, str) and person not in _POLICIES:
        raise invalid_argument("person", "an index (int) or 'largest' or 'most_confident'",
                               repr(person))
    if model not in ("auto", *_OPENPOSE_MODELS):
        raise invalid_argument("model", "'auto', 'BODY_25', 'COCO', 'HALPE_26' or 'COCO_17'",
                               repr(model))
    names = _names_arg(names)
    width = _image_size(image_width_px, "image_width_px")
    height = _image_size(image_height_px, "image_height_px")
    source, files = _openpose_files(folder_or_files)
    frames = []
    for f in files:
        m = _OPENPOSE_FILE.search(os.path.basename(f))
        if not m:
            raise FileError(f"{f}: expected an OpenPose file name ending in a frame counter "
                            "and _keypoints.json (NAME_000000000012_keypoints.json)", f)
        frames.append(int(m.group(1)))
    _check_frames(source, frames, files)
    order = np.argsort(frames, kind="stable")
    per_frame = [_openpose_people(files[i], _load_json(files[i])) for i in order]
    n_points = None
    for i, people in zip(order, per_frame):
        for p in people:
            if n_points is None:
                n_points, first = len(p), files[i]
            elif len(p) != n_points:
                raise FileError(f"{files[i]}: expected {n_points} keypoints as in {first}, "
                                f"found {len(p)}", files[i])
    if model == "auto":
        if n_points is None:
            raise FileError(f"{source}: no person in any of {len(files)} files: the layout "
                            "cannot be told; give model='BODY_25' or 'COCO' to read them "
                            "as NaN", source)
        by_length = {len(v): k for k, v in _OPENPOSE_MODELS.items()}
        if n_points not in by_length:
            raise FileError(f"{first}: expected 25 (BODY_25), 18 (COCO), 26 (HALPE_26) or 17 "
                            f"(COCO_17) keypoints, found {n_points}", first)
        model = by_length[n_points]
    native = list(_OPENPOSE_MODELS[model])
    if n_points is not None and n_points != len(native):
        raise FileError(f"{first}: expected {len(native)} keypoints ({model}), found "
                        f"{n_points}", first)
    xyc = np.full((len(files), len(native), 3), np.nan)
    empty = missing = 0
    for row, people in enumerate(per_frame):
        k = _pick(people, person)
        if not people:
            empty += 1
        elif k is None:
            missing += 1
        else:
            xyc[row] = people[k]
    sorted_frames = np.asarray(frames, dtype=np.int64)[order]
    notes = [f"Read {len(files)} OpenPose files ({model}); person: {person!r}."]
    if empty:
        notes.append(f"{empty} frames with no person: NaN rows.")
    if missing:
        notes.append(f"{missing} frames without person {person}: NaN rows.")
    notes += _gap_note(sorted_frames)
    return _result(source, f"openpose {model}", native, sorted_frames, xyc, names=names,
                   map_names=map_names, min_confidence=min_confidence, width=width,
                   height=height, notes=notes)


# --------------------------------------------------------------------------------------------
# MediaPipe
# --------------------------------------------------------------------------------------------

_MP_NAMED = re.compile(r"^(.+?)[_.](x|y|z|visibility|presence)$", re.I)
_MP_LOWER = {n: i for i, n in enumerate(MEDIAPIPE_POSE_33)}
_LANDMARK_COLUMNS = ("landmark", "landmark_index", "landmark_id")
_FRAME_COLUMNS = ("frame", "frame_index", "frame_idx")


def _mediapipe_csv_layout(header: list[str]) -> tuple[Optional[str], str]:
    """("long" | "indexed" | "named" | None, reason when None)."""
    low = [h.lower() for h in header]
    if any(c in low for c in _LANDMARK_COLUMNS) and "x" in low and "y" in low:
        return "long", ""
    if {"x_0", "y_0"} <= set(low) or {"x0", "y0"} <= set(low):
        return "indexed", ""
    if any((m := _MP_NAMED.match(h)) and m.group(1).lower() in _MP_LOWER and
           m.group(2).lower() == "x" for h in header):
        return "named", ""
    return None, ("no column 'landmark' (long layout), 'x_0' (wide by index) or 'nose_x' "
                  "(wide by name)")


def _mediapipe_csv(path: str):
    comments, rows, first = _csv_rows(path)
    if not rows:
        raise FileError(f"{path}: expected a header row, found an empty file", path)
    header = rows[0]
    layout, why = _mediapipe_csv_layout(header)
    if layout is None:
        raise FileError(f"{path}: not MediaPipe: {why}", path)
    if len(set(h.lower() for h in header)) != len(header):
        raise FileError(f"{path}: line {first}: expected unique column names", path)
    _check_widths(path, rows, first, len(header), 1)
    data = rows[1:]
    col = {h.lower(): j for j, h in enumerate(header)}

    def column(j: int) -> np.ndarray:
        return _numbers(path, [r[j] for r in data], header[j], first + 1)

    frame_col = next((c for c in _FRAME_COLUMNS if c in col), None)
    notes = []
    if layout == "long":
        if frame_col is None:
            raise FileError(f"{path}: line {first}: expected a 'frame' column (long layout)",
                            path)
        lm_col = next(c for c in _LANDMARK_COLUMNS if c in col)
        frames_all = _integer_frames(path, [r[col[frame_col]] for r in data], frame_col,
                                     first + 1)
        if frames_all is None:
            raise FileError(f"{path}: column {frame_col!r}: expected integer frame numbers",
                            path)
        uniq = np.unique(frames_all)
        xyc = np.full((len(uniq), 33, 3), np.nan)
        xs, ys = column(col["x"]), column(col["y"])
        vis = column(col["visibility"]) if "visibility" in col else np.full(len(data), np.nan)
        seen: dict[tuple[int, int], int] = {}
        for k, r in enumerate(data):
            cell = r[col[lm_col]]
            if re.fullmatch(r"\d+", cell) and int(cell) < 33:
                idx = int(cell)
            elif cell.lower() in _MP_LOWER:
                idx = _MP_LOWER[cell.lower()]
            else:
                raise FileError(f"{path}: line {first + 1 + k}: column {header[col[lm_col]]!r}:"
                                f" expected a landmark index 0-32 or a MediaPipe name, found "
                                f"{cell!r}", path)
            key = (int(frames_all[k]), idx)
            if key in seen:
                raise FileError(f"{path}: line {first + 1 + k}: frame {key[0]} landmark {idx} "
                                f"given twice (first on line {seen[key]})", path)
            seen[key] = first + 1 + k
            row = int(np.searchsorted(uniq, key[0]))
            xyc[row, idx] = (xs[k], ys[k], vis[k])
        return uniq, xyc, _size_comments(path, comments), notes
    if layout == "indexed":
        def find(kind: str, i: int) -> Optional[int]:
            for c in (f"{kind}_{i}", f"{kind}{i}"):
                if c in col:
                    return col[c]
            return None
    else:
        named = {}
        for j, h in enumerate(header):
            m = _MP_NAMED.match(h)
            if m and m.group(1).lower() in _MP_LOWER:
                named[(m.group(2).lower(), _MP_LOWER[m.group(1).lower()])] = j

        def find(kind: str, i: int) -> Optional[int]:
            return named.get((kind, i))
    xyc = np.full((len(data), 33, 3), np.nan)
    absent = []
    for i in range(33):
        jx, jy, jv = find("x", i), find("y", i), find("visibility", i)
        if jx is None or jy is None:
            absent.append(MEDIAPIPE_POSE_33[i])
            continue
        xyc[:, i, 0], xyc[:, i, 1] = column(jx), column(jy)
        if jv is not None:
            xyc[:, i, 2] = column(jv)
    if len(absent) == 33:
        raise FileError(f"{path}: not MediaPipe: no landmark with both x and y columns", path)
    if absent:
        notes.append(f"Landmarks without x/y columns (NaN): {', '.join(absent)}.")
    if frame_col is not None:
        frames = _integer_frames(path, [r[col[frame_col]] for r in data], frame_col, first + 1)
        if frames is None:
            raise FileError(f"{path}: column {frame_col!r}: expected integer frame numbers",
                            path)
        _check_frames(path, frames.tolist(), [f"line {first + 1 + k}" for k in range(len(data))])
        order = np.argsort(frames, kind="stable")
        frames, xyc = frames[order], xyc[order]
    else:
        frames = np.arange(len(data), dtype=np.int64)
        notes.append("No frame column: frames numbered 0, 1, ... in row order.")
    return frames, xyc, _size_comments(path, comments), notes


def _mediapipe_json_layout(data: Any) -> tuple[Optional[list], str]:
    frames = data.get("frames") if isinstance(data, dict) else data
    if not isinstance(frames, list):
        return None, ("expected a list of frames or an object with 'frames'" if not
                      isinstance(data, dict) else "no 'frames' key")
    if frames and not (isinstance(frames[0], dict) and
                       ("landmarks" in frames[0] or "pose_landmarks" in frames[0])):
        return None, "frames[0] has no 'landmarks' key"
    return frames, ""


def _landmarks(path: str, where: str, value: Any) -> np.ndarray:
    if not isinstance(value, list) or len(value) != 33:
        raise FileError(f"{path}: {where}: expected 33 landmarks, found "
                        f"{len(value) if isinstance(value, list) else type(value).__name__}",
                        path)
    out = np.full((33, 3), np.nan)
    for i, lm in enumerate(value):
        if not isinstance(lm, dict):
            raise FileError(f"{path}: {where}[{i}]: expected an object {{x, y, z, "
                            "visibility}", path)
        for j, key in enumerate(("x", "y", "visibility")):
            v = lm.get(key)
            if v is None and key == "visibility":
                continue
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                raise FileError(f"{path}: {where}[{i}].{key}: expected a finite number, found "
                                f"{v!r}", path)
            out[i, j] = v
    return out


def _mediapipe_json(path: str, person: Union[int, str]):
    data = _load_json(path)
    frames_json, why = _mediapipe_json_layout(data)
    if frames_json is None:
        raise FileError(f"{path}: not MediaPipe: {why}", path)
    sizes = {}
    if isinstance(data, dict):
        for key in ("image_width", "image_height"):
            if data.get(key) is not None:
                v = data[key]
                if not isinstance(v, (int, float)) or isinstance(v, bool) or not v > 0 or \
                        not math.isfinite(v):
                    raise FileError(f"{path}: {key}: expected a positive size in pixels, "
                                    f"found {v!r}", path)
                sizes[key] = float(v)
    frames, xyc, empty, where = [], np.full((len(frames_json), 33, 3), np.nan), 0, []
    for k, fr in enumerate(frames_json):
        w = f"frames[{k}]"
        if not isinstance(fr, dict):
            raise FileError(f"{path}: {w}: expected an object with 'landmarks'", path)
        number = fr.get("frame", fr.get("frame_index", k))
        if not isinstance(number, int) or isinstance(number, bool):
            raise FileError(f"{path}: {w}.frame: expected an integer, found {number!r}", path)
        frames.append(number)
        where.append(w)
        lms = fr.get("landmarks", fr.get("pose_landmarks"))
        if not lms:
            empty += 1
            continue
        poses = ([_landmarks(path, f"{w}.landmarks[{p}]", v) for p, v in enumerate(lms)]
                 if isinstance(lms[0], list) else [_landmarks(path, f"{w}.landmarks", lms)])
        chosen = _pick(poses, person)
        if chosen is None:
            empty += 1
        else:
            xyc[k] = poses[chosen]
    _check_frames(path, frames, where)
    order = np.argsort(frames, kind="stable")
    notes = [f"{empty} frames without a (chosen) pose: NaN rows."] if empty else []
    return np.asarray(frames, dtype=np.int64)[order], xyc[order], sizes, notes


def read_mediapipe(path: PathLike, *, person: Any = 0, min_confidence: float = 0.0,
                   image_width_px: Optional[float] = None,
                   image_height_px: Optional[float] = None, normalized: Any = "auto",
                   names: Optional[Mapping[str, str]] = None, map_names: bool = True):
    """Read MediaPipe Pose landmarks (33 points) from a CSV or JSON export.

    MediaPipe gives no file format of its own; these layouts, the usual ways of saving its
    ``pose_landmarks`` (x, y normalised to [0, 1] by the image width and height, z, and
    ``visibility``, the likelihood of the landmark being visible), are accepted:

    - **wide CSV by index**: one row per frame, columns ``x_0, y_0, z_0, visibility_0, ...,
      x_32, ...`` (``x0`` also accepted), an optional ``frame`` column;
    - **wide CSV by name**: columns ``nose_x, nose_y, nose_z, nose_visibility, ...`` with
      MediaPipe's landmark names in any case (``LEFT_HIP_x``), an optional ``frame`` column;
    - **long CSV**: one row per (frame, landmark): columns ``frame``, ``landmark`` (an index
      0-32 or a name), ``x``, ``y``, optional ``z`` and ``visibility``;
    - **JSON**: a list of frames, or an object ``{"image_width": W, "image_height": H,
      "frames": [...]}``; each frame ``{"frame": n, "landmarks": [{"x", "y", "z",
      "visibility"} x 33]}`` (``"landmarks": []`` or ``null`` when no pose was found;
      a list of such lists for several poses).

    CSV files may start with ``# image_width=W`` and ``# image_height=H`` lines. Columns other
    than these (``z``, ``presence``, ``time``) are not read.

    Parameters
    ----------
    path : str, bytes or os.PathLike
        A ``.csv`` or ``.json`` file.
    person : int or {"largest", "most_confident"}
        JSON with several poses per frame: which one (as :func:`read_openpose`).
    min_confidence : float
        Landmarks whose visibility is below it become NaN (x, y), in [0, 1].
    image_width_px, image_height_px : float, optional
        The image size, overriding the file's; with it, normalised coordinates are converted
        to pixels (x * width, y * height).
    normalized : "auto", True or False
        Whether x and y are normalised: "auto" takes them as normalised unless one is
        above 2 in magnitude (then they are pixels already, and said so in ``notes``).
    names, map_names
        As :func:`read_openpose` (default names: ``left_hip``, ``left_big_toe`` for
        ``left_foot_index`` ...).

    Returns
    -------
    Keypoints2D
        ``units`` is ``"px"`` when pixels, or ``"normalised"`` (fractions of the image width
        and height, y down) when the image size is not known: angles measured on normalised
        points are distorted unless the image is square. ``confidence`` is the visibility.

    Raises
    ------
    hipmech.FileError
        Naming the file (and line or JSON element): an unrecognised layout, truncated JSON,
        a row with another number of cells than the header, a cell that is not a number, a
        frame without 33 landmarks, a frame given twice.
    hipmech.InvalidArgumentError
        A bad argument.

    Examples
    --------
    >>> import os, tempfile, hipmech
    >>> path = os.path.join(tempfile.mkdtemp(), "pose.csv")
    >>> cols = [f"{k}_{i}" for i in range(33) for k in ("x", "y", "z", "visibility")]
    >>> row = [0.0] * len(cols); row[cols.index("x_23")] = 0.5; row[cols.index("y_23")] = 0.25
    >>> row[cols.index("visibility_23")] = 0.9
    >>> with open(path, "w") as f:
    ...     _ = f.write("frame," + ",".join(cols) + "\\n3," + ",".join(map(str, row)) + "\\n")
    >>> kp = hipmech.io.read_mediapipe(path, image_width_px=640, image_height_px=480)
    >>> kp.units, kp.frames.tolist(), kp.points_px["left_hip"].tolist()
    ('px', [3], [[320.0, 120.0]])
    """
    name = _name(path)
    min_confidence = _min_confidence(min_confidence)
    person = _person_arg(person)
    if isinstance(person, str) and person not in _POLICIES:
        raise invalid_argument("person", "an index (int) or 'largest' or 'most_confident'",
                               repr(person))
    if normalized not in ("auto", True, False):
        raise invalid_argument("normalized", "'auto', True or False", repr(normalized))
    names = _names_arg(names)
    width = _image_size(image_width_px, "image_width_px")
    height = _image_size(image_height_px, "image_height_px")
    if name.lower().endswith(".json"):
        frames, xyc, sizes, notes = _mediapipe_json(name, person)
    else:
        frames, xyc, sizes, notes = _mediapipe_csv(name)
    if math.isnan(width):
        width = sizes.get("image_width", _NAN)
    if math.isnan(height):
        height = sizes.get("image_height", _NAN)
    big = np.nanmax(np.abs(xyc[:, :, 0:2]), initial=0.0) > 2.0
    is_normalised = (not big) if normalized == "auto" else bool(normalized)
    units = "px"
    if not is_normalised:
        notes.append("Coordinates taken as pixels (normalized=False)." if normalized is False
                     else "Coordinates taken as pixels (values above 2: not normalised).")
    elif not (math.isnan(width) or math.isnan(height)):
        xyc[:, :, 0] *= width
        xyc[:, :, 1] *= height
        notes.append(f"Normalised coordinates converted to pixels ({width:g} x {height:g}).")
    else:
        units = "normalised"
        notes.append("Coordinates kept normalised (fractions of the image width and height): "
                     "give image_width_px and image_height_px for pixels; angles from "
                     "normalised points are distorted unless the image is square.")
    notes += _gap_note(frames)
    return _result(name, "mediapipe", list(MEDIAPIPE_POSE_33), frames, xyc, names=names,
                   map_names=map_names, min_confidence=min_confidence, units=units,
                   width=width, height=height, notes=notes)


# --------------------------------------------------------------------------------------------
# Sports2D / Pose2Sim TRC
# --------------------------------------------------------------------------------------------

_TRC_TO_FILE_UNITS = {"mm": 1000.0, "cm": 100.0, "m": 1.0}


def read_pose_trc(path: PathLike, *, units: str = "auto", min_confidence: float = 0.0,
                  names: Optional[Mapping[str, str]] = None, map_names: bool = True):
    """Read a 2-D TRC file of Sports2D or Pose2Sim (keypoints in X/Y columns, Z = 0).

    Sports2D writes two TRC files per person: ``*_px_person00.trc`` with the keypoints in
    image pixels as the pose estimator gave them (y down, origin at the image's top left) and
    ``*_m_person00.trc`` converted to metres with Y **up** (``Y = -(v - cy) * scale``, origin
    on the floor line). Both declare ``Units m`` in the header, even the pixel file, so the
    header cannot tell them apart (Sports2D process.py, ``make_trc_with_trc_data`` and
    ``convert_px_to_meters``). Keypoint names are the skeleton's (HALPE-26 by default:
    ``RHip``, ``LKnee``, ``RBigToe``, ``Neck``, ``Hip`` ...).

    Parameters
    ----------
    path : str, bytes or os.PathLike
        A ``.trc`` file (read by :func:`hipmech.io.read_trc`, whose checks apply).
    units : {"auto", "px", "m"}
        "auto" reads ``_px`` or ``_m`` in the file name (as Sports2D names them), else the
        size of the values (above 50 in magnitude: pixels; all within 10: metres).
        Pixels are kept as they are, y down; metres keep X and negate Y, so that y points
        down as in an image (hipmech's 2-D convention) and ``units`` says ``"m"``. In pixel
        files a point at exactly (0, 0) is Sports2D's mark of a missing point: NaN.
    min_confidence : float
        TRC files hold no confidence: only 0 is accepted (``confidence`` is NaN).
    names, map_names
        As :func:`read_openpose`.

    Returns
    -------
    Keypoints2D
        ``frames`` from the file's ``Frame#``, ``rate_hz`` its ``DataRate``.

    Raises
    ------
    hipmech.FileError
        A malformed TRC (naming the line), a 3-D file (a Z that is not 0), values whose
        units cannot be told.
    hipmech.InvalidArgumentError
        A bad argument (min_confidence above 0, an unknown units).

    Examples
    --------
    >>> import os, tempfile, hipmech
    >>> path = os.path.join(tempfile.mkdtemp(), "squat_Sports2D_px_person00.trc")
    >>> with open(path, "w") as f:
    ...     _ = f.write("PathFileType\\t4\\t(X/Y/Z)\\tsquat.trc\\n"
    ...                 "DataRate\\tCameraRate\\tNumFrames\\tNumMarkers\\tUnits\\tOrigDataRate"
    ...                 "\\tOrigDataStartFrame\\tOrigNumFrames\\n"
    ...                 "30\\t30\\t1\\t1\\tm\\t30\\t0\\t1\\n"
    ...                 "Frame#\\tTime\\tRKnee\\t\\t\\t\\n\\t\\tX1\\tY1\\tZ1\\n"
    ...                 "0\\t0\\t512\\t640\\t0\\n")
    >>> kp = hipmech.io.read_pose_trc(path)
    >>> kp.units, kp.rate_hz, kp.points_px["right_knee"].tolist()
    ('px', 30.0, [[512.0, 640.0]])
    """
    from .io import read_trc

    name = _name(path)
    if units not in ("auto", "px", "m"):
        raise invalid_argument("units", "'auto', 'px' or 'm'", repr(units))
    if _min_confidence(min_confidence) > 0:
        raise invalid_argument("min_confidence", "0 for a TRC file (it holds no confidence)",
                               repr(min_confidence))
    names = _names_arg(names)
    trial = read_trc(name)
    native = list(trial.markers)
    n = trial.n_frames
    xyc = np.full((n, len(native), 3), np.nan)
    for i, m in enumerate(native):
        unit = trial.units_original.get(m, "m").lower()
        values = np.asarray(trial.markers[m], dtype=float) * _TRC_TO_FILE_UNITS.get(unit, 1.0)
        z = values[:, 2]
        if (np.isfinite(z) & (z != 0)).any():
            raise FileError(f"{name}: not a 2-D TRC: marker {m!r} has Z values other than 0 "
                            "(a 3-D file: read it with hipmech.io.read_trc)", name)
        xyc[:, i, 0:2] = values[:, 0:2]
    notes = []
    stem = os.path.basename(name).lower()
    if units == "auto":
        if re.search(r"_px(_|\.|$)", stem):
            units, why = "px", "'_px' in the file name"
        elif re.search(r"_m(_|\.|$)", stem):
            units, why = "m", "'_m' in the file name"
        else:
            peak = float(np.nanmax(np.abs(xyc[:, :, 0:2]), initial=0.0))
            if peak > 50:
                units, why = "px", f"values up to {peak:g}"
            elif peak <= 10:
                units, why = "m", f"values within {peak:g}"
            else:
                raise FileError(f"{name}: cannot tell pixels from metres (no '_px' or '_m' in "
                                f"the name, values up to {peak:g}): give units='px' or 'm'",
                                name)
        notes.append(f"Units {units} ({why}).")
    if units == "px":
        zero = (xyc[:, :, 0] == 0) & (xyc[:, :, 1] == 0)
        if zero.any():
            xyc[zero, 0:2] = np.nan
            notes.append(f"{int(zero.sum())} points at (0, 0), Sports2D's missing points, set "
                         "to NaN.")
    else:
        xyc[:, :, 1] *= -1.0
        notes.append("Metres: Y negated (the file's Y points up; hipmech's 2-D points have y "
                     "down).")
    frames = trial.first_frame + np.arange(n, dtype=np.int64)
    return _result(name, "trc", native, frames, xyc, names=names, map_names=map_names,
                   min_confidence=0.0, units=units, rate_hz=float(trial.point_rate_hz),
                   notes=notes)


# --------------------------------------------------------------------------------------------
# DeepLabCut
# --------------------------------------------------------------------------------------------

def _deeplabcut_header(rows: list[list[str]]) -> tuple[Optional[int], str]:
    """Number of header rows (3: scorer, bodyparts, coords; 4 with individuals) or None and
    the reason."""
    if not rows or not rows[0] or rows[0][0].lower() != "scorer":
        first = rows[0][0] if rows and rows[0] else ""
        return None, f"first cell is {first!r}, not 'scorer'"
    labels = [r[0].lower() if r else "" for r in rows[:4]]
    if labels[:3] == ["scorer", "bodyparts", "coords"]:
        return 3, ""
    if labels[:4] == ["scorer", "individuals", "bodyparts", "coords"]:
        return 4, ""
    return None, ("expected header rows scorer, [individuals,] bodyparts, coords; found "
                  f"{', '.join(repr(x) for x in labels)}")


def _deeplabcut_frame(path: str) -> tuple[list[tuple[str, str, str]], list[str], np.ndarray,
                                          int]:
    """Column keys (individual, bodypart, coord), index cells, values and the first data
    line, from a DLC CSV (or .h5 through pandas)."""
    if path.lower().endswith((".h5", ".hdf5")):
        import pandas as pd

        try:
            df = pd.read_hdf(path)
        except ImportError as exc:
            raise FileError(f"{path}: reading DeepLabCut .h5 files needs PyTables (the "
                            "'tables' package), which hipmech does not install: export CSV "
                            "instead (deeplabcut.analyze_videos_converth5_to_csv, or "
                            f"save_as_csv=True) ({exc})", path) from None
        except (OSError, ValueError, KeyError) as exc:
            raise FileError(f"{path}: cannot read as DeepLabCut HDF5: {exc}", path) from None
        levels = list(df.columns.names)
        keys = []
        for c in df.columns:
            d = dict(zip(levels, c))
            keys.append((str(d.get("individuals", "")), str(d["bodyparts"]),
                         str(d["coords"]).lower()))
        return keys, [str(i) for i in df.index], df.to_numpy(dtype=float), 0
    comments, rows, first = _csv_rows(path)
    if comments:
        raise FileError(f"{path}: not DeepLabCut: the file starts with comment lines", path)
    n_header, why = _deeplabcut_header(rows)
    if n_header is None:
        raise FileError(f"{path}: not DeepLabCut: {why}", path)
    width = len(rows[0])
    _check_widths(path, rows, first, width, 0)
    ind = rows[1] if n_header == 4 else [""] * width
    keys = [(ind[j], rows[n_header - 2][j], rows[n_header - 1][j].lower())
            for j in range(1, width)]
    data = rows[n_header:]
    values = np.column_stack([_numbers(path, [r[j] for r in data],
                                       f"{keys[j - 1][1]} {keys[j - 1][2]}",
                                       first + n_header) for j in range(1, width)]) \
        if data else np.zeros((0, width - 1))
    return keys, [r[0] for r in data], values, first + n_header


def read_deeplabcut(path: PathLike, *, person: Any = 0, min_confidence: float = 0.0,
                    names: Optional[Mapping[str, str]] = None, map_names: bool = True):
    """Read DeepLabCut's predictions (``analyze_videos``): a CSV file, or its ``.h5`` when
    PyTables is installed.

    The CSV is pandas' export of DeepLabCut's MultiIndex table (DeepLabCut docs,
    HelperFunctions: "the name of the network, body part name, (x, y) label position in
    pixels, and the likelihood for each frame per body part"): header rows ``scorer``,
    ``individuals`` (multi-animal projects only), ``bodyparts``, ``coords`` (``x``, ``y``,
    ``likelihood``), then one row per frame whose first cell is the frame number.

    Parameters
    ----------
    path : str, bytes or os.PathLike
        A ``.csv`` file, or ``.h5`` (needs the ``tables`` package; a clear FileError
        otherwise).
    person : int, str or {"largest", "most_confident"}
        Multi-animal files: the individual (its position among the individuals, or its name
        as in the ``individuals`` row), or a per-frame policy as :func:`read_openpose`. The
        unique body parts (individual ``single``) are not read.
    min_confidence : float
        Points whose likelihood is below it become NaN, in [0, 1].
    names, map_names
        As :func:`read_openpose`. Body parts are user-defined in DeepLabCut: names such as
        ``LeftKnee``, ``knee_l``, ``RHip`` are mapped (:func:`standard_keypoint_name`);
        others (``knee1``) are kept, give ``names`` for them.

    Returns
    -------
    Keypoints2D
        Pixels, y down; ``frames`` from the first column (row numbers 0, 1, ... with a note
        when it does not hold integers).

    Raises
    ------
    hipmech.FileError
        Naming the file (and line): header rows other than DeepLabCut's, a row with another
        number of cells, a value that is not a number, a body part without x or y, an
        unknown individual, an .h5 file without PyTables.
    hipmech.InvalidArgumentError
        A bad argument.

    Examples
    --------
    >>> import os, tempfile, hipmech
    >>> path = os.path.join(tempfile.mkdtemp(), "squatDLC_resnet50.csv")
    >>> with open(path, "w") as f:
    ...     _ = f.write("scorer,DLC_resnet50,DLC_resnet50,DLC_resnet50\\n"
    ...                 "bodyparts,LeftKnee,LeftKnee,LeftKnee\\n"
    ...                 "coords,x,y,likelihood\\n0,401.5,377.25,0.98\\n")
    >>> kp = hipmech.io.read_deeplabcut(path)
    >>> kp.names, kp.points_px["left_knee"].tolist(), kp.confidence["left_knee"].tolist()
    (['left_knee'], [[401.5, 377.25]], [0.98])
    """
    name = _name(path)
    min_confidence = _min_confidence(min_confidence)
    if isinstance(person, str):
        chosen = person
    else:
        chosen = integer_value(person, "person", minimum=0)
    names = _names_arg(names)
    keys, index, values, first = _deeplabcut_frame(name)
    individuals = list(dict.fromkeys(k[0] for k in keys if k[0] != "single"))
    parts = list(dict.fromkeys(k[1] for k in keys if k[0] != "single"))
    col = {k: j for j, k in enumerate(keys)}
    for k in keys:
        if k[2] not in ("x", "y", "likelihood"):
            raise FileError(f"{name}: coords: expected x, y or likelihood, found {k[2]!r}",
                            name)
    n = values.shape[0]
    per_ind = []
    for ind in individuals:
        a = np.full((n, len(parts), 3), np.nan)
        for p, part in enumerate(parts):
            if (ind, part, "x") not in col or (ind, part, "y") not in col:
                raise FileError(f"{name}: body part {part!r}"
                                f"{f' of {ind!r}' if ind else ''}: expected x and y columns",
                                name)
            a[:, p, 0] = values[:, col[(ind, part, "x")]]
            a[:, p, 1] = values[:, col[(ind, part, "y")]]
            if (ind, part, "likelihood") in col:
                a[:, p, 2] = values[:, col[(ind, part, "likelihood")]]
        per_ind.append(a)
    notes = []
    if "single" in (k[0] for k in keys):
        notes.append("Unique body parts (individual 'single') not read.")
    if len(individuals) > 1 or individuals[0] != "":
        notes.append(f"Individuals: {', '.join(individuals)}; person: {chosen!r}.")
    if isinstance(chosen, str) and chosen not in _POLICIES:
        if chosen not in individuals:
            raise FileError(f"{name}: no individual {chosen!r}; the file has "
                            f"{', '.join(repr(i) for i in individuals)}", name)
        xyc = per_ind[individuals.index(chosen)]
    elif isinstance(chosen, int):
        if chosen >= len(individuals):
            raise invalid_argument("person", f"an individual index below {len(individuals)} "
                                   f"({name})", repr(chosen))
        xyc = per_ind[chosen]
    else:
        xyc = np.full_like(per_ind[0], np.nan)
        for r in range(n):
            k = _pick([a[r] for a in per_ind], chosen)
            xyc[r] = per_ind[k][r]
    frames = None
    if index and all(re.fullmatch(r"[+-]?\d+(\.0*)?", c) for c in index):
        frames = np.array([int(float(c)) for c in index], dtype=np.int64)
        _check_frames(name, frames.tolist(), [f"line {first + k}" for k in range(n)])
        order = np.argsort(frames, kind="stable")
        frames, xyc = frames[order], xyc[order]
    else:
        frames = np.arange(n, dtype=np.int64)
        if n:
            notes.append("The index column does not hold frame numbers: frames numbered 0, "
                         "1, ... in row order.")
    notes += _gap_note(frames)
    return _result(name, "deeplabcut", parts, frames, xyc, names=names, map_names=map_names,
                   min_confidence=min_confidence, notes=notes)


# --------------------------------------------------------------------------------------------
# Format detection
# --------------------------------------------------------------------------------------------

_FORMATS = ("trc", "openpose", "deeplabcut", "mediapipe", "csv")
_ALIASES = {"sports2d": "trc", "pose2sim": "trc", "pose_trc": "trc", "dlc": "deeplabcut",
            "keypoints_csv": "csv", "blazepose": "mediapipe"}


def _sniff(fmt: str, path: Any, cache: dict) -> str:
    """'' when ``path`` looks like ``fmt``, else the reason it does not."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        return "" if fmt == "openpose" else "a list of files is OpenPose's layout only"
    name = _name(path)
    is_dir = os.path.isdir(name)
    ext = os.path.splitext(name)[1].lower()
    if fmt == "openpose":
        if is_dir:
            return "" if any(f.lower().endswith("_keypoints.json") for f in os.listdir(name)) \
                else "no *_keypoints.json file in the folder"
        if ext != ".json":
            return f"extension {ext or 'none'!r}, not .json or a folder"
        data = cache.setdefault("json", _try(lambda: _load_json(name)))
        if isinstance(data, FileError):
            return str(data).replace(f"{name}: ", "", 1)
        return "" if isinstance(data, dict) and "people" in data else "no 'people' key"
    if is_dir:
        return "a folder"
    if fmt == "trc":
        if ext == ".trc":
            return ""
        head = cache.setdefault("head", _try(lambda: _read_text(name)[:200]))
        if isinstance(head, FileError):
            return str(head).replace(f"{name}: ", "", 1)
        return "" if head.startswith("PathFileType") else \
            "first line does not start with 'PathFileType'"
    if fmt == "deeplabcut":
        if ext in (".h5", ".hdf5"):
            return ""
        if ext == ".json":
            return "a JSON file"
        rows = cache.setdefault("csv", _try(lambda: _csv_rows(name)))
        if isinstance(rows, FileError):
            return str(rows).replace(f"{name}: ", "", 1)
        return _deeplabcut_header(rows[1][:4])[1]
    if fmt == "mediapipe":
        if ext == ".json":
            data = cache.setdefault("json", _try(lambda: _load_json(name)))
            if isinstance(data, FileError):
                return str(data).replace(f"{name}: ", "", 1)
            return _mediapipe_json_layout(data)[1]
        if ext in (".h5", ".hdf5", ".trc"):
            return f"extension {ext!r}"
        rows = cache.setdefault("csv", _try(lambda: _csv_rows(name)))
        if isinstance(rows, FileError):
            return str(rows).replace(f"{name}: ", "", 1)
        return _mediapipe_csv_layout(rows[1][0])[1] if rows[1] else "an empty file"
    # csv: hipmech's long keypoint CSV
    if ext in (".json", ".h5", ".hdf5", ".trc"):
        return f"extension {ext!r}"
    rows = cache.setdefault("csv", _try(lambda: _csv_rows(name)))
    if isinstance(rows, FileError):
        return str(rows).replace(f"{name}: ", "", 1)
    header = {c.lower() for c in rows[1][0]} if rows[1] else set()
    return "" if {"frame", "keypoint", "x", "y"} <= header else \
        "no columns frame, keypoint, x, y"


def _try(fn):
    try:
        return fn()
    except FileError as exc:
        return exc


def read_keypoints(path: Any, format: Optional[str] = None, *, min_confidence: float = 0.0,
                   names: Optional[Mapping[str, str]] = None, map_names: bool = True,
                   **options: Any):
    """Read 2-D keypoints from any supported pose-estimation output, detecting the format.

    Formats, tried in this order when ``format`` is None:

    - ``trc``: a ``.trc`` file or a first line starting with ``PathFileType``
      (:func:`read_pose_trc`);
    - ``openpose``: a folder of ``*_keypoints.json``, a list of files, or a JSON object with
      ``people`` (:func:`read_openpose`);
    - ``deeplabcut``: ``.h5``, or a CSV whose first cell is ``scorer``
      (:func:`read_deeplabcut`);
    - ``mediapipe``: a JSON list of frames or ``{"frames": ...}``, or a CSV with a
      ``landmark``, ``x_0`` or ``nose_x`` column (:func:`read_mediapipe`);
    - ``csv``: hipmech's long CSV, columns ``frame, keypoint, x, y``
      (:func:`read_keypoints_csv`).

    Parameters
    ----------
    path : path or list of paths
        A file, an OpenPose folder or a list of OpenPose files.
    format : str, optional
        One of the formats above (aliases: ``sports2d``, ``pose2sim`` = trc, ``dlc`` =
        deeplabcut) to skip detection.
    min_confidence, names, map_names
        As the readers (the hipmech CSV is renamed through the naming map too).
    **options
        Passed on to the reader (``person=``, ``model=``, ``units=``, ``image_width_px=``
        ...); an option the detected reader does not take is a TypeError.

    Returns
    -------
    Keypoints2D

    Raises
    ------
    hipmech.FileError
        When no format recognises the file: the message names the file and, for each
        format, why it refused (``not openpose: no 'people' key``); and the readers' errors.
    hipmech.InvalidArgumentError
        An unknown ``format``.

    Examples
    --------
    >>> import os, tempfile, hipmech
    >>> path = os.path.join(tempfile.mkdtemp(), "video.csv")
    >>> with open(path, "w") as f:
    ...     _ = f.write("frame,keypoint,x,y,confidence\\n0,LKnee,400,380,0.9\\n")
    >>> kp = hipmech.io.read_keypoints(path)
    >>> kp.source_format, kp.names
    ('csv', ['left_knee'])
    """
    if format is not None:
        fmt = _ALIASES.get(str(format).lower(), str(format).lower())
        if fmt not in _FORMATS:
            raise invalid_argument("format", f"None or one of {', '.join(_FORMATS)}",
                                   repr(format))
    else:
        cache: dict = {}
        reasons = []
        fmt = None
        for candidate in _FORMATS:
            why = _sniff(candidate, path, cache)
            if not why:
                fmt = candidate
                break
            reasons.append(f"not {candidate}: {why}")
        if fmt is None:
            shown = _name(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
            raise FileError(f"{shown}: unrecognised keypoint layout; tried "
                            + "; ".join(reasons), shown)
    common = {"min_confidence": min_confidence, "names": names, "map_names": map_names}
    if fmt == "openpose":
        return read_openpose(path, **common, **options)
    if fmt == "trc":
        return read_pose_trc(path, **common, **options)
    if fmt == "deeplabcut":
        return read_deeplabcut(path, **common, **options)
    if fmt == "mediapipe":
        return read_mediapipe(path, **common, **options)
    from .io import read_keypoints_csv

    name = _name(path)
    kp = read_keypoints_csv(name, min_confidence=_min_confidence(min_confidence), **options)
    xyc = np.full((len(kp.frames), len(kp.names), 3), np.nan)
    for i, n in enumerate(kp.names):
        xyc[:, i, 0:2] = kp.points_px[n]
        xyc[:, i, 2] = kp.confidence[n]
    return _result(name, "csv", list(kp.names), kp.frames, xyc, names=_names_arg(names),
                   map_names=map_names, min_confidence=0.0,
                   width=kp.image_width_px, height=kp.image_height_px)
