"""Readers of pose-estimation outputs (python/hipmech/_pose.py, docs/io-pose.md).

Every fixture is written by the test in a layout its tool documents, with known coordinates,
so that the values read back are exact. The layouts are checked against the tools'
documentation, cited next to each group of tests.
"""

from __future__ import annotations

import json
import math
import os

import numpy as np
import pytest

import hipmech
from hipmech import FileError, InvalidArgumentError
from hipmech.io import (KEYPOINT_NAMES, MEDIAPIPE_POSE_33, OPENPOSE_BODY_25, OPENPOSE_COCO_18,
                        read_deeplabcut, read_keypoints, read_mediapipe, read_openpose,
                        read_pose_trc, standard_keypoint_name)

NAN = float("nan")


def same(a, b) -> bool:
    """Exact equality with NaN equal to NaN."""
    return np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                          equal_nan=True)


# --------------------------------------------------------------------------------------------
# The keypoint layouts and the naming map
# --------------------------------------------------------------------------------------------

def test_openpose_layouts_match_the_documentation():
    # OpenPose doc/02_output.md, "Keypoint Ordering in C++/Python", POSE_BODY_25_BODY_PARTS:
    # https://github.com/CMU-Perceptual-Computing-Lab/openpose/blob/master/doc/02_output.md
    assert len(OPENPOSE_BODY_25) == 25
    assert OPENPOSE_BODY_25[:9] == ("Nose", "Neck", "RShoulder", "RElbow", "RWrist",
                                    "LShoulder", "LElbow", "LWrist", "MidHip")
    assert OPENPOSE_BODY_25[9:15] == ("RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle")
    assert OPENPOSE_BODY_25[19:] == ("LBigToe", "LSmallToe", "LHeel", "RBigToe", "RSmallToe",
                                     "RHeel")
    # POSE_COCO_BODY_PARTS (OpenPose doc/output.md, 18 parts + background): no MidHip, so the
    # hips are 8 and 11.
    assert len(OPENPOSE_COCO_18) == 18
    assert OPENPOSE_COCO_18[8] == "RHip" and OPENPOSE_COCO_18[11] == "LHip"
    assert OPENPOSE_COCO_18[14:] == ("REye", "LEye", "REar", "LEar")


def test_mediapipe_layout_matches_the_documentation():
    # MediaPipe Pose landmarker, "Pose landmarker model" (33 landmarks, 0 - nose ... 32 - right
    # foot index): https://ai.google.dev/edge/mediapipe/solutions/vision/pose_landmarker
    assert len(MEDIAPIPE_POSE_33) == 33
    expected = {0: "nose", 7: "left_ear", 8: "right_ear", 11: "left_shoulder",
                12: "right_shoulder", 23: "left_hip", 24: "right_hip", 25: "left_knee",
                26: "right_knee", 27: "left_ankle", 28: "right_ankle", 29: "left_heel",
                30: "right_heel", 31: "left_foot_index", 32: "right_foot_index"}
    for i, name in expected.items():
        assert MEDIAPIPE_POSE_33[i] == name


@pytest.mark.parametrize("name, expected", [
    ("RHip", "right_hip"), ("LKnee", "left_knee"), ("LBigToe", "left_big_toe"),
    ("RSmallToe", "right_small_toe"), ("MidHip", "mid_hip"), ("Neck", "neck"),
    ("Hip", "mid_hip"),  # HALPE-26 (Sports2D, Pose2Sim)
    ("LEFT_HIP", "left_hip"), ("left_foot_index", "left_big_toe"),  # MediaPipe
    ("mouth_left", "left_mouth"), ("leftEyeInner", "left_eye_inner"),
    ("LeftKnee", "left_knee"), ("knee_R", "right_knee"), ("r-ankle", "right_ankle"),
    ("rhip", "right_hip"), ("left heel", "left_heel"), ("kneeL", "left_knee"),
    ("left_hip", "left_hip"), ("nose", "nose"),
    # unknown names are kept as they are
    ("knee1", "knee1"), ("snout", "snout"), ("rear", "rear"), ("tailbase", "tailbase"),
])
def test_standard_keypoint_name(name, expected):
    assert standard_keypoint_name(name) == expected


def test_the_naming_map_covers_every_layout_and_hipmechs_names():
    for layout in (OPENPOSE_BODY_25, OPENPOSE_COCO_18, MEDIAPIPE_POSE_33):
        for n in layout:
            assert KEYPOINT_NAMES[n] == standard_keypoint_name(n)
    produced = set(KEYPOINT_NAMES.values())
    for part in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "heel", "big_toe",
                 "small_toe", "eye", "ear"):
        assert {f"left_{part}", f"right_{part}"} <= produced, part
    assert {"nose", "neck", "mid_hip"} <= produced
    with pytest.raises(TypeError):
        KEYPOINT_NAMES["x"] = "y"  # read-only


# --------------------------------------------------------------------------------------------
# OpenPose: doc/02_output.md, "JSON Output Format": one file per frame, a `people` array, each
# person's `pose_keypoints_2d` the flat x0, y0, c0, x1, ... list; files named
# VIDEO_000000000012_keypoints.json (12-digit frame counter, as --write_json writes them).
# --------------------------------------------------------------------------------------------

def body(points: dict[str, tuple[float, float, float]], layout=OPENPOSE_BODY_25) -> list:
    flat = [0.0] * (3 * len(layout))
    for name, xyc in points.items():
        i = layout.index(name)
        flat[3 * i:3 * i + 3] = list(xyc)
    return flat


def write_openpose(folder, frames: dict[int, list[list]], prefix="squat") -> None:
    os.makedirs(folder, exist_ok=True)
    for frame, people in frames.items():
        with open(os.path.join(folder, f"{prefix}_{frame:012d}_keypoints.json"), "w") as f:
            json.dump({"version": 1.3, "people": [
                {"person_id": [-1], "pose_keypoints_2d": p, "face_keypoints_2d": [],
                 "hand_left_keypoints_2d": [], "hand_right_keypoints_2d": [],
                 "pose_keypoints_3d": []} for p in people]}, f)


def test_openpose_folder_values_missing_frames_and_undetected_points(tmp_path):
    write_openpose(tmp_path, {
        0: [body({"RHip": (310.5, 420.25, 0.9), "LKnee": (402.0, 610.0, 0.8)})],
        1: [body({"RHip": (311.0, 421.0, 0.7)})],  # LKnee undetected: 0, 0, 0
        2: [],  # nobody
        3: [body({"RHip": (312.0, 422.0, 0.6), "LKnee": (404.0, 612.0, 0.5)})],
    })
    (tmp_path / "notes.txt").write_text("not a keypoint file")
    kp = read_openpose(tmp_path)
    assert kp.source_format == "openpose BODY_25" and kp.units == "px"
    assert kp.frames.tolist() == [0, 1, 2, 3]
    assert kp.names == [KEYPOINT_NAMES[n] for n in OPENPOSE_BODY_25]
    assert same(kp.points_px["right_hip"], [[310.5, 420.25], [311, 421], [NAN, NAN],
                                            [312, 422]])
    assert same(kp.points_px["left_knee"], [[402, 610], [NAN, NAN], [NAN, NAN], [404, 612]])
    # undetected: NaN, its confidence 0 kept; no person: NaN confidence
    assert same(kp.confidence["left_knee"], [0.8, 0.0, NAN, 0.5])
    assert any("1 frames with no person" in n for n in kp.notes)
    assert kp.points_px["right_hip"].shape == (4, 2)


def test_openpose_frame_numbers_come_from_the_file_names(tmp_path):
    write_openpose(tmp_path, {12: [body({"Nose": (1, 2, 1)})], 10: [body({"Nose": (3, 4, 1)})],
                              15: [body({"Nose": (5, 6, 1)})]})
    kp = read_openpose(tmp_path)
    assert kp.frames.tolist() == [10, 12, 15]
    assert same(kp.points_px["nose"], [[3, 4], [1, 2], [5, 6]])
    assert any("3 frame numbers between 10 and 15 are absent" in n for n in kp.notes)
    # a list of files, in any order; and one file
    files = sorted(str(p) for p in tmp_path.iterdir())
    assert read_openpose(files[::-1]).frames.tolist() == [10, 12, 15]
    assert read_openpose(files[0]).frames.tolist() == [10]


def test_openpose_before_1_2_used_pose_keypoints(tmp_path):
    # OpenPose 1.0/1.1 wrote "pose_keypoints" (doc/output.md of those versions): same layout
    (tmp_path / "old_000000000007_keypoints.json").write_text(json.dumps(
        {"version": 1.0, "people": [{"pose_keypoints": body({"LHip": (5.5, 6.5, 0.75)})}]}))
    kp = read_openpose(tmp_path)
    assert kp.frames.tolist() == [7] and same(kp.points_px["left_hip"], [[5.5, 6.5]])


def test_openpose_coco_layout_by_length(tmp_path):
    write_openpose(tmp_path, {0: [body({"RHip": (100, 200, 0.9), "LAnkle": (150, 400, 0.8)},
                                       OPENPOSE_COCO_18)]})
    kp = read_openpose(tmp_path)
    assert kp.source_format == "openpose COCO" and len(kp.names) == 18
    assert "mid_hip" not in kp.names
    assert same(kp.points_px["right_hip"], [[100, 200]])
    assert same(kp.points_px["left_ankle"], [[150, 400]])
    with pytest.raises(FileError, match="expected 25 keypoints"):
        read_openpose(tmp_path, model="BODY_25")


def test_openpose_multi_person_policy(tmp_path):
    small = body({"Nose": (10, 10, 0.9), "RAnkle": (20, 60, 0.9)})            # 10 x 50 box
    large = body({"Nose": (300, 100, 0.5), "RAnkle": (400, 500, 0.5)})        # 100 x 400 box
    write_openpose(tmp_path, {0: [small, large], 1: [large, small], 2: [small]})
    first = read_openpose(tmp_path, person=0)
    assert same(first.points_px["nose"], [[10, 10], [300, 100], [10, 10]])
    largest = read_openpose(tmp_path, person="largest")
    assert same(largest.points_px["nose"], [[300, 100], [300, 100], [10, 10]])
    confident = read_openpose(tmp_path, person="most_confident")  # sum 1.8 against 1.0
    assert same(confident.points_px["nose"], [[10, 10], [10, 10], [10, 10]])
    second = read_openpose(tmp_path, person=1)  # frame 2 has one person: a NaN row, kept
    assert same(second.points_px["nose"], [[300, 100], [10, 10], [NAN, NAN]])
    assert any("1 frames without person 1" in n for n in second.notes)
    with pytest.raises(InvalidArgumentError, match="person"):
        read_openpose(tmp_path, person="tallest")
    with pytest.raises(InvalidArgumentError, match="person"):
        read_openpose(tmp_path, person=-1)


def test_openpose_confidence_filter_keeps_the_confidence(tmp_path):
    write_openpose(tmp_path, {0: [body({"RKnee": (5, 6, 0.2), "LKnee": (7, 8, 0.3)})]})
    kp = read_openpose(tmp_path, min_confidence=0.3)
    assert same(kp.points_px["right_knee"], [[NAN, NAN]])
    assert same(kp.confidence["right_knee"], [0.2])
    assert same(kp.points_px["left_knee"], [[7, 8]])  # equal to the threshold: kept
    with pytest.raises(InvalidArgumentError, match="min_confidence"):
        read_openpose(tmp_path, min_confidence=1.5)


def test_openpose_names_override_and_native_names(tmp_path):
    write_openpose(tmp_path, {0: [body({"RHip": (1, 2, 1)})]})
    kp = read_openpose(tmp_path, names={"RHip": "right_asis"})
    assert "right_asis" in kp.names and "right_hip" not in kp.names
    assert same(kp.points_px["right_asis"], [[1, 2]])
    native = read_openpose(tmp_path, map_names=False)
    assert native.names == list(OPENPOSE_BODY_25)
    with pytest.raises(FileError, match="would both be called 'right_hip'"):
        read_openpose(tmp_path, names={"MidHip": "right_hip"})


def test_openpose_malformed_files(tmp_path):
    good = tmp_path / "good"
    write_openpose(good, {0: [body({"Nose": (1, 2, 1)})]})
    text = (good / "squat_000000000000_keypoints.json").read_text()

    def folder(name, content, file="squat_000000000001_keypoints.json"):
        d = tmp_path / name
        d.mkdir()
        (d / file).write_text(content)
        return d

    with pytest.raises(FileError, match=r"squat_000000000001_keypoints\.json: line 1: "
                       r"expected JSON.*truncated"):
        read_openpose(folder("truncated", text[:len(text) // 2]))
    with pytest.raises(FileError, match="not OpenPose: no 'people' key"):
        read_openpose(folder("nopeople", '{"version": 1.3}'))
    with pytest.raises(FileError, match="triplets, found 74 numbers"):
        read_openpose(folder("short", json.dumps({"people": [{"pose_keypoints_2d":
                                                              [0.0] * 74}]})))
    with pytest.raises(FileError, match=r"expected 25 .BODY_25., 18 .COCO., 26 .HALPE_26. or "
                       r"17 .COCO_17. keypoints, found 15"):
        read_openpose(folder("mpi", json.dumps({"people": [{"pose_keypoints_2d":
                                                            [1.0] * 45}]})))
    with pytest.raises(FileError, match="expected a list of numbers"):
        read_openpose(folder("strings", json.dumps({"people": [{"pose_keypoints_2d":
                                                                ["1"] * 75}]})))
    with pytest.raises(FileError, match="frame counter"):
        read_openpose(folder("noframe", text, file="squat_keypoints.json"))
    mixed = folder("mixed", json.dumps({"people": [{"pose_keypoints_2d": [1.0] * 54}]}))
    (mixed / "squat_000000000000_keypoints.json").write_text(text)
    with pytest.raises(FileError, match="expected 25 keypoints as in"):
        read_openpose(mixed)
    with pytest.raises(FileError, match=r"expected OpenPose files \(\*_keypoints.json\) in "
                       "the folder, found none"):
        read_openpose(folder("empty", "x", file="readme.txt"))
    nobody = folder("nobody", '{"people": []}')
    with pytest.raises(FileError, match="no person in any of 1 files"):
        read_openpose(nobody)
    assert same(read_openpose(nobody, model="COCO").points_px["nose"], [[NAN, NAN]])


def test_openpose_end_to_end_fppa_recovers_a_known_valgus(tmp_path):
    """A front-view squat whose knees sit medially by a known offset: the thigh and shank each
    make atan(d / 200) with the vertical hip-ankle line, so the frontal plane projection angle
    is 2 atan(d / 200) (Willson & Davis 2008: the angle between thigh and shank; analytic)."""
    right_deg, left_deg = 12.0, 7.5
    d_right = 200.0 * math.tan(math.radians(right_deg / 2))
    d_left = 200.0 * math.tan(math.radians(left_deg / 2))
    frames = {}
    for f in range(5):
        s = 1.0 + 0.25 * f  # a growing valgus over the frames: FPPA scales with it
        dr = 200.0 * math.tan(s * math.atan(d_right / 200.0))
        dl = 200.0 * math.tan(s * math.atan(d_left / 200.0))
        # camera in front: the subject's right is on the image's left; medial is towards the
        # image's centre line (x = 400)
        frames[f] = [body({"RHip": (300, 400, 0.9), "RKnee": (300 + dr, 600, 0.9),
                           "RAnkle": (300, 800, 0.9), "LHip": (500, 400, 0.9),
                           "LKnee": (500 - dl, 600, 0.9), "LAnkle": (500, 800, 0.9)})]
    write_openpose(tmp_path, frames)
    kp = read_keypoints(tmp_path, min_confidence=0.5)
    scale = 1.0 + 0.25 * np.arange(5)
    right = hipmech.knee.fppa(kp, side="right").fppa_deg
    left = hipmech.knee.fppa(kp, side="left").fppa_deg
    np.testing.assert_allclose(right, right_deg * scale, atol=1e-9)
    np.testing.assert_allclose(left, left_deg * scale, atol=1e-9)


# --------------------------------------------------------------------------------------------
# MediaPipe: normalised x, y in [0, 1] by image width and height, z, and visibility (Pose
# landmarker guide, "Pose landmarker model" and "Task outputs":
# https://ai.google.dev/edge/mediapipe/solutions/vision/pose_landmarker). MediaPipe has no
# file format; these are the common export layouts documented in docs/io-pose.md.
# --------------------------------------------------------------------------------------------

def mp_frame(points: dict[int, tuple[float, float, float]]) -> list[dict]:
    """33 landmarks, visibility 0 at (0, 0) except ``points`` {index: (x, y, visibility)}."""
    out = [{"x": 0.0, "y": 0.0, "z": 0.0, "visibility": 0.0} for _ in range(33)]
    for i, (x, y, v) in points.items():
        out[i] = {"x": x, "y": y, "z": -0.1, "visibility": v}
    return out


def test_mediapipe_wide_csv_by_index_with_image_size_comment(tmp_path):
    cols = [f"{k}_{i}" for i in range(33) for k in ("x", "y", "z", "visibility")]
    rows = []
    for frame, (x, y, v) in ((4, (0.5, 0.25, 0.9)), (5, (0.625, 0.5, 0.2))):
        row = ["0"] * len(cols)
        row[cols.index("x_25")], row[cols.index("y_25")] = str(x), str(y)
        row[cols.index("visibility_25")] = str(v)
        rows.append(f"{frame}," + ",".join(row))
    path = tmp_path / "pose.csv"
    path.write_text("# image_width=640\n# image_height=480\nframe," + ",".join(cols) + "\n"
                    + "\n".join(rows) + "\n")
    kp = read_mediapipe(path)
    assert kp.units == "px" and kp.source_format == "mediapipe"
    assert (kp.image_width_px, kp.image_height_px) == (640, 480)
    assert kp.frames.tolist() == [4, 5]
    assert same(kp.points_px["left_knee"], [[320, 120], [400, 240]])
    assert same(kp.confidence["left_knee"], [0.9, 0.2])
    filtered = read_mediapipe(path, min_confidence=0.5)
    assert same(filtered.points_px["left_knee"], [[320, 120], [NAN, NAN]])
    assert same(filtered.confidence["left_knee"], [0.9, 0.2])
    # the argument overrides the file's size
    assert same(read_mediapipe(path, image_width_px=100, image_height_px=200)
                .points_px["left_knee"][0], [50, 50])


def test_mediapipe_wide_csv_by_name_stays_normalised_without_an_image_size(tmp_path):
    header = [f"{n.upper()}_{k}" for n in MEDIAPIPE_POSE_33
              for k in ("x", "y", "z", "visibility")]
    values = ["0.1"] * len(header)
    values[header.index("RIGHT_FOOT_INDEX_x")] = "0.75"
    values[header.index("RIGHT_FOOT_INDEX_y")] = "0.875"
    path = tmp_path / "landmarks.csv"
    path.write_text(",".join(header) + "\n" + ",".join(values) + "\n")
    kp = read_mediapipe(path)
    assert kp.units == "normalised"
    assert kp.frames.tolist() == [0]
    assert same(kp.points_px["right_big_toe"], [[0.75, 0.875]])
    assert any("kept normalised" in n for n in kp.notes)
    # Angles from fractions of the image's width and height would be distorted unless the
    # image is square: FPPA and 2-D pelvic drop refuse them, naming the argument (the field
    # `units` is never ignored); the knee-to-ankle separation ratio (x over x) accepts them.
    with pytest.raises(InvalidArgumentError, match="argument 'hip'.*normalised"):
        hipmech.knee.fppa(kp, side="right")
    with pytest.raises(InvalidArgumentError, match="argument 'left_hip_px'.*normalised"):
        hipmech.pelvis.drop_2d(kp)


def test_mediapipe_long_csv(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("frame,landmark,x,y,z,visibility\n"
                    "0,23,0.25,0.5,0,0.9\n0,left_knee,0.3,0.7,0,0.8\n"
                    "2,23,0.26,0.51,0,0.95\n")
    kp = read_mediapipe(path, image_width_px=1000, image_height_px=500)
    assert kp.frames.tolist() == [0, 2]
    assert same(kp.points_px["left_hip"], [[250, 250], [260, 255]])
    assert same(kp.points_px["left_knee"], [[300, 350], [NAN, NAN]])
    assert same(kp.confidence["right_hip"], [NAN, NAN])
    path.write_text("frame,landmark,x,y\n0,23,0.1,0.2\n0,23,0.1,0.2\n")
    with pytest.raises(FileError, match="line 3: frame 0 landmark 23 given twice"):
        read_mediapipe(path)
    path.write_text("frame,landmark,x,y\n0,33,0.1,0.2\n")
    with pytest.raises(FileError, match="line 2.*landmark index 0-32"):
        read_mediapipe(path)


def test_mediapipe_json_frames_object_multi_pose_and_no_pose(tmp_path):
    near = mp_frame({23: (0.4, 0.5, 0.9), 0: (0.2, 0.1, 0.9), 28: (0.6, 0.9, 0.9)})
    far = mp_frame({23: (0.8, 0.6, 0.99), 0: (0.79, 0.55, 0.99), 28: (0.81, 0.65, 0.99)})
    data = {"image_width": 200, "image_height": 100, "frames": [
        {"frame": 0, "landmarks": near},
        {"frame": 1, "landmarks": []},
        {"frame": 2, "landmarks": [far, near]},
    ]}
    path = tmp_path / "pose.json"
    path.write_text(json.dumps(data))
    kp = read_mediapipe(path)
    assert kp.units == "px" and kp.frames.tolist() == [0, 1, 2]
    assert same(kp.points_px["left_hip"], [[80, 50], [NAN, NAN], [160, 60]])
    assert any("1 frames without" in n for n in kp.notes)
    largest = read_mediapipe(path, person="largest")
    assert same(largest.points_px["left_hip"][2], [80, 50])
    # a bare list of frames, no image size
    path.write_text(json.dumps([{"landmarks": near}, {"landmarks": None}]))
    kp = read_mediapipe(path)
    assert kp.units == "normalised" and kp.frames.tolist() == [0, 1]
    assert same(kp.points_px["left_hip"], [[0.4, 0.5], [NAN, NAN]])


def test_mediapipe_values_in_pixels_are_recognised(tmp_path):
    path = tmp_path / "px.json"
    path.write_text(json.dumps([{"landmarks": mp_frame({23: (320.0, 240.0, 0.9)})}]))
    kp = read_mediapipe(path)
    assert kp.units == "px" and same(kp.points_px["left_hip"], [[320, 240]])
    assert any("values above 2" in n for n in kp.notes)


def test_mediapipe_malformed_files(tmp_path):
    path = tmp_path / "bad.json"
    text = json.dumps([{"landmarks": mp_frame({})}])
    path.write_text(text[:-40])
    with pytest.raises(FileError, match="bad.json: line 1: expected JSON"):
        read_mediapipe(path)
    path.write_text(json.dumps([{"landmarks": mp_frame({})[:32]}]))
    with pytest.raises(FileError, match=r"frames\[0\].landmarks: expected 33 landmarks, "
                       "found 32"):
        read_mediapipe(path)
    path.write_text(json.dumps([{"landmarks": [{"x": "a", "y": 0}] * 33}]))
    with pytest.raises(FileError, match=r"landmarks\[0\].x: expected a finite number"):
        read_mediapipe(path)
    path.write_text(json.dumps({"poses": []}))
    with pytest.raises(FileError, match="not MediaPipe: no 'frames' key"):
        read_mediapipe(path)
    csv_path = tmp_path / "bad.csv"
    csv_path.write_text("frame,x_0,y_0\n0,0.1,0.2\n1,0.1\n")
    with pytest.raises(FileError, match="bad.csv: line 3: expected 3 cells .as the header., "
                       "found 2"):
        read_mediapipe(csv_path)
    csv_path.write_text("frame,x_0,y_0\n0,0.1,abc\n")
    with pytest.raises(FileError, match="line 2: column 'y_0': expected a number, found "
                       "'abc'"):
        read_mediapipe(csv_path)
    csv_path.write_text("frame,a,b\n0,1,2\n")
    with pytest.raises(FileError, match="not MediaPipe"):
        read_mediapipe(csv_path)


# --------------------------------------------------------------------------------------------
# Sports2D / Pose2Sim TRC: written as Sports2D's process.py make_trc_with_trc_data does (header
# with Units 'm' even for the pixel file, OrigDataStartFrame 0, frames from 0, NaN as empty
# cells); *_px_person00.trc in image pixels (y down), *_m_person00.trc in metres with Y up
# (convert_px_to_meters: Y = -(v - cy) * height_m / height_px).
# --------------------------------------------------------------------------------------------

def write_sports2d_trc(path, names, xyz: np.ndarray, fps=30) -> None:
    import pandas as pd

    n = xyz.shape[0]
    header = ["PathFileType\t4\t(X/Y/Z)\t" + str(path),
              "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\t"
              "OrigDataStartFrame\tOrigNumFrames",
              "\t".join(map(str, [fps, fps, n, len(names), "m", fps, 0, n])),
              "Frame#\tTime\t" + "\t\t\t".join(names) + "\t\t\t",
              "\t\t" + "\t".join(f"X{i + 1}\tY{i + 1}\tZ{i + 1}" for i in range(len(names)))]
    data = pd.DataFrame(xyz.reshape(n, -1))
    data.insert(0, "t", np.arange(n) / fps)
    with open(path, "w") as f:
        f.write("\n".join(header) + "\n")
        data.to_csv(f, sep="\t", index=True, header=None, lineterminator="\n")


def test_sports2d_pixel_trc(tmp_path):
    xyz = np.array([[[100.5, 200.25, 0], [300, 400, 0]],
                    [[101, 201, 0], [NAN, NAN, 0]],
                    [[0, 0, 0], [302, 402, 0]]])  # Sports2D marks a lost point with zeros
    path = tmp_path / "squat_Sports2D_px_person00.trc"
    write_sports2d_trc(path, ["RHip", "LKnee"], xyz)
    kp = read_pose_trc(path)
    assert kp.units == "px" and kp.source_format == "trc" and kp.rate_hz == 30
    assert kp.names == ["right_hip", "left_knee"] and kp.frames.tolist() == [0, 1, 2]
    assert same(kp.points_px["right_hip"], [[100.5, 200.25], [101, 201], [NAN, NAN]])
    assert same(kp.points_px["left_knee"], [[300, 400], [NAN, NAN], [302, 402]])
    assert same(kp.confidence["right_hip"], [NAN] * 3)
    assert any("'_px' in the file name" in n for n in kp.notes)
    with pytest.raises(InvalidArgumentError, match="min_confidence"):
        read_pose_trc(path, min_confidence=0.5)


def test_sports2d_metre_trc_turns_y_down(tmp_path):
    xyz = np.array([[[0.1, 0.9, 0], [0.15, 0.5, 0]]])
    path = tmp_path / "squat_Sports2D_m_person00.trc"
    write_sports2d_trc(path, ["Hip", "RKnee"], xyz)
    kp = read_pose_trc(path)
    assert kp.units == "m" and kp.names == ["mid_hip", "right_knee"]
    assert same(kp.points_px["mid_hip"], [[0.1, -0.9]])
    assert same(kp.points_px["right_knee"], [[0.15, -0.5]])
    # the same values in a file named otherwise: told by their size
    other = tmp_path / "trial.trc"
    write_sports2d_trc(other, ["Hip", "RKnee"], xyz)
    assert read_pose_trc(other).units == "m"
    assert read_pose_trc(other, units="px").units == "px"


def test_pose_trc_refuses_3d_and_ambiguous_files(tmp_path):
    path = tmp_path / "markers.trc"
    write_sports2d_trc(path, ["LASI"], np.array([[[0.1, 0.9, 0.2]]]))
    with pytest.raises(FileError, match="not a 2-D TRC: marker 'LASI'"):
        read_pose_trc(path)
    write_sports2d_trc(path, ["RHip"], np.array([[[20.0, 30.0, 0]]]))
    with pytest.raises(FileError, match="cannot tell pixels from metres"):
        read_pose_trc(path)
    with pytest.raises(InvalidArgumentError, match="units"):
        read_pose_trc(path, units="mm")


# --------------------------------------------------------------------------------------------
# DeepLabCut: analyze_videos' table exported by pandas (DeepLabCut docs, HelperFunctions.md,
# analyze_videos_converth5_to_csv: "MultiIndex Pandas Array, which contains the name of the
# network, body part name, (x, y) label position in pixels, and the likelihood";
# https://github.com/DeepLabCut/DeepLabCut/blob/main/docs/HelperFunctions.md): header rows
# scorer / [individuals] / bodyparts / coords, the frame index in the first column. Written
# here with pandas' own MultiIndex to_csv, as DeepLabCut writes it.
# --------------------------------------------------------------------------------------------

def write_dlc(path, table: dict[tuple, list[float]], individuals=False) -> None:
    import pandas as pd

    levels = (["scorer", "individuals", "bodyparts", "coords"] if individuals
              else ["scorer", "bodyparts", "coords"])
    cols = pd.MultiIndex.from_tuples([("DLC_resnet50_squatMay1shuffle1_100000", *k)
                                      for k in table], names=levels)
    df = pd.DataFrame(np.array(list(table.values())).T, columns=cols)
    df.to_csv(path)


def test_deeplabcut_single_animal_csv(tmp_path):
    path = tmp_path / "squatDLC_resnet50.csv"
    write_dlc(path, {("LeftKnee", "x"): [401.5, 402.0], ("LeftKnee", "y"): [377.25, 378.0],
                     ("LeftKnee", "likelihood"): [0.98, 0.1],
                     ("hip_r", "x"): [300.0, 301.0], ("hip_r", "y"): [200.0, 201.0],
                     ("hip_r", "likelihood"): [0.9, 0.95],
                     ("knee1", "x"): [1.0, 2.0], ("knee1", "y"): [3.0, 4.0],
                     ("knee1", "likelihood"): [0.5, 0.5]})
    assert path.read_text().splitlines()[0].startswith("scorer,")
    kp = read_deeplabcut(path, min_confidence=0.5)
    assert kp.source_format == "deeplabcut" and kp.frames.tolist() == [0, 1]
    assert kp.names == ["left_knee", "right_hip", "knee1"]
    assert same(kp.points_px["left_knee"], [[401.5, 377.25], [NAN, NAN]])
    assert same(kp.confidence["left_knee"], [0.98, 0.1])
    assert same(kp.points_px["right_hip"], [[300, 200], [301, 201]])


def test_deeplabcut_multi_animal_csv(tmp_path):
    path = tmp_path / "maDLC.csv"
    write_dlc(path, {("person1", "knee", "x"): [10.0, 10.0],
                     ("person1", "knee", "y"): [20.0, 20.0],
                     ("person1", "knee", "likelihood"): [0.9, 0.9],
                     ("person1", "nose", "x"): [12.0, 12.0],
                     ("person1", "nose", "y"): [24.0, 24.0],
                     ("person1", "nose", "likelihood"): [0.9, 0.9],
                     ("person2", "knee", "x"): [100.0, 100.0],
                     ("person2", "knee", "y"): [200.0, 200.0],
                     ("person2", "knee", "likelihood"): [0.5, 0.5],
                     ("person2", "nose", "x"): [150.0, NAN],
                     ("person2", "nose", "y"): [300.0, NAN],
                     ("person2", "nose", "likelihood"): [0.5, NAN],
                     ("single", "box", "x"): [1.0, 1.0], ("single", "box", "y"): [1.0, 1.0],
                     ("single", "box", "likelihood"): [1.0, 1.0]}, individuals=True)
    assert path.read_text().splitlines()[1].startswith("individuals,")
    kp = read_deeplabcut(path)
    assert kp.names == ["knee", "nose"]
    assert same(kp.points_px["knee"], [[10, 20], [10, 20]])
    assert same(read_deeplabcut(path, person="person2").points_px["knee"], [[100, 200]] * 2)
    assert same(read_deeplabcut(path, person=1).points_px["nose"], [[150, 300], [NAN, NAN]])
    # largest box per frame: person2 in frame 0 (50 x 100), person1 in frame 1 (one point)
    largest = read_deeplabcut(path, person="largest")
    assert same(largest.points_px["knee"], [[100, 200], [10, 20]])
    with pytest.raises(FileError, match="no individual 'person3'"):
        read_deeplabcut(path, person="person3")
    with pytest.raises(InvalidArgumentError, match="person"):
        read_deeplabcut(path, person=2)


def test_deeplabcut_h5_without_pytables_says_export_csv(tmp_path):
    try:
        import tables  # noqa: F401
        pytest.skip("PyTables is installed: the .h5 path reads through pandas")
    except ImportError:
        pass
    path = tmp_path / "squatDLC.h5"
    path.write_bytes(b"\x89HDF\r\n\x1a\n")
    with pytest.raises(FileError, match="PyTables.*export CSV"):
        read_deeplabcut(path)


def test_deeplabcut_malformed_csv(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("scorer,s,s,s\nbodyparts,a,a,a\ncoords,x,y,likelihood\n0,1,2\n")
    with pytest.raises(FileError, match="line 4: expected 4 cells"):
        read_deeplabcut(path)
    path.write_text("scorer,s,s\nbodyparts,a,a\ncoords,x,likelihood\n0,1,0.5\n")
    with pytest.raises(FileError, match="body part 'a': expected x and y"):
        read_deeplabcut(path)
    path.write_text("scorer,s,s\nparts,a,a\ncoords,x,y\n0,1,2\n")
    with pytest.raises(FileError, match="not DeepLabCut: expected header rows"):
        read_deeplabcut(path)
    path.write_text("scorer,s,s\nbodyparts,a,a\ncoords,x,y\n0,1,1e999\n")
    with pytest.raises(FileError, match="line 4: column 'a y': expected a number"):
        read_deeplabcut(path)


# --------------------------------------------------------------------------------------------
# read_keypoints: detection and the error naming every format tried
# --------------------------------------------------------------------------------------------

def test_read_keypoints_detects_each_format(tmp_path):
    op = tmp_path / "openpose"
    write_openpose(op, {0: [body({"RHip": (1, 2, 1)})]})
    assert read_keypoints(op).source_format == "openpose BODY_25"
    assert read_keypoints(next(op.iterdir())).source_format == "openpose BODY_25"
    mp = tmp_path / "mp.json"
    mp.write_text(json.dumps([{"landmarks": mp_frame({23: (0.5, 0.5, 1.0)})}]))
    assert read_keypoints(mp, image_width_px=2, image_height_px=2).source_format == "mediapipe"
    mpc = tmp_path / "mp.csv"
    mpc.write_text("frame,landmark,x,y\n0,23,0.5,0.5\n")
    assert read_keypoints(mpc).source_format == "mediapipe"
    trc = tmp_path / "s_px_person00.trc"
    write_sports2d_trc(trc, ["RHip"], np.array([[[100.0, 200.0, 0]]]))
    assert read_keypoints(trc).source_format == "trc"
    dlc = tmp_path / "dlc.csv"
    write_dlc(dlc, {("RKnee", "x"): [1.0], ("RKnee", "y"): [2.0],
                    ("RKnee", "likelihood"): [0.9]})
    kp = read_keypoints(dlc, min_confidence=0.5)
    assert kp.source_format == "deeplabcut" and kp.names == ["right_knee"]
    long_csv = tmp_path / "long.csv"
    long_csv.write_text("# image_width=640\nframe,keypoint,x,y,confidence\n0,RHip,10,20,0.9\n"
                        "1,RHip,11,21,0.1\n")
    kp = read_keypoints(long_csv, min_confidence=0.5)
    assert kp.source_format == "csv" and kp.names == ["right_hip"]
    assert kp.image_width_px == 640
    assert same(kp.points_px["right_hip"], [[10, 20], [NAN, NAN]])
    assert same(kp.confidence["right_hip"], [0.9, 0.1])
    assert read_keypoints(trc, format="sports2d").units == "px"
    with pytest.raises(InvalidArgumentError, match="format"):
        read_keypoints(trc, format="vicon")
    with pytest.raises(TypeError):
        read_keypoints(trc, person=1)  # a TRC holds one person


def test_read_keypoints_unknown_layout_names_every_format(tmp_path):
    path = tmp_path / "mystery.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(FileError) as err:
        read_keypoints(path)
    message = str(err.value)
    assert message.startswith(f"{path}: unrecognised keypoint layout")
    for fmt in ("trc", "openpose", "deeplabcut", "mediapipe", "csv"):
        assert f"not {fmt}:" in message
    assert "not openpose: extension '.csv'" in message
    assert "not deeplabcut: first cell is 'a', not 'scorer'" in message
    assert err.value.filename == str(path)
    js = tmp_path / "mystery.json"
    js.write_text('{"version": 1}')
    with pytest.raises(FileError, match="not openpose: no 'people' key.*not mediapipe: no "
                       "'frames' key"):
        read_keypoints(js)
    bad = tmp_path / "truncated.json"
    bad.write_text('{"people": [')
    with pytest.raises(FileError, match="not openpose: line 1: expected JSON"):
        read_keypoints(bad)


def test_docstring_examples_of_the_pose_readers():
    import doctest

    from hipmech import _pose

    result = doctest.testmod(_pose, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10 and result.failed == 0


@pytest.mark.parametrize("layout_name", ["HALPE_26", "COCO_17"])
def test_openpose_json_of_sports2d_and_pose2sim_skeletons(tmp_path, layout_name):
    # Sports2D and Pose2Sim write their 2-D poses as OpenPose-format JSON per frame in the
    # skeleton of their model: HALPE_26 by default (Pose2Sim skeletons.py), COCO_17 with a COCO
    # model (the COCO dataset's keypoint order, cocodataset.org "Data format"). They were
    # refused ("expected 25 or 18 keypoints, found 26"). Known coordinates come back by name.
    layout = getattr(hipmech.io, layout_name)
    assert len(layout) == {"HALPE_26": 26, "COCO_17": 17}[layout_name]
    for frame in range(2):
        flat = []
        for k, _ in enumerate(layout):
            flat += [100.0 + k + frame, 200.0 + 2 * k, 0.9]
        (tmp_path / f"demo_{frame:012d}_keypoints.json").write_text(
            json.dumps({"version": 1.3, "people": [{"pose_keypoints_2d": flat}]}))
    kp = read_openpose(tmp_path)
    assert kp.source_format == f"openpose {layout_name}"
    k = layout.index("RHip")
    assert same(kp.points_px["right_hip"], [[100.0 + k, 200.0 + 2 * k],
                                            [101.0 + k, 200.0 + 2 * k]])
    assert "left_ankle" in kp.points_px and "right_knee" in kp.points_px
    assert kp.source_format == hipmech.io.read_keypoints(tmp_path).source_format
