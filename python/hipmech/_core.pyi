"""
hipmech compiled core (use the hipmech package, not this module, directly)
"""
from __future__ import annotations
import enum
import hipmech
import numpy
import numpy.typing
import typing
__all__: list[str] = ['LabAxes', 'Side', 'count_missing_frames', 'missing_frames', 'parse_side', 'read_c3d', 'read_c3d_bytes', 'read_keypoints_csv', 'read_storage', 'read_trc', 'write_c3d', 'write_c3d_bytes', 'write_storage', 'write_trc']
class Side(enum.Enum):
    """
    Body side of a side-specific quantity. Functions that take a side also
    accept the strings 'left'/'right' (or 'L'/'R', any case).
    """
    LEFT: typing.ClassVar[Side]
    RIGHT: typing.ClassVar[Side]
    @classmethod
    def __new__(cls, value):
        ...
class LabAxes:
    """
    Orientation of the lab frame relative to the body.
    
    ``up`` is the lab axis pointing up (against gravity), ``forward`` the lab axis pointing in
    the nominal direction of progression; ``right = forward x up`` completes a right-handed set.
    The ISB-aligned lab frame is X forward, Y up, Z right (Wu & Cavanagh 1995).
    
    Parameters
    ----------
    up : str
        "X", "+Y", "-Z", ... (case-insensitive). Default "Z" (Vicon/Qualisys C3D).
    forward : str
        Axis perpendicular to ``up``. Default "X".
    
    Raises
    ------
    InvalidArgumentError
        (a ValueError) naming ``up`` or ``forward`` for an unknown axis or ``forward`` along ``up``.
    
    Examples
    --------
    >>> lab = LabAxes(up="Z", forward="X")
    >>> lab.right
    '-Y'
    """
    def __eq__(self, arg0: LabAxes) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __init__(self, up: str = 'Z', forward: str = 'X') -> None:
        ...
    def __ne__(self, arg0: LabAxes) -> bool:
        ...
    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        ...
    def __repr__(self) -> str:
        ...
    def from_isb(self, points_isb: numpy.typing.ArrayLike) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 3]"]:
        """
        Inverse of :meth:`to_isb`: from ISB-aligned axes back to lab coordinates.
        
        Parameters
        ----------
        points_isb : array_like, shape (n_frames, 3)
        
        Returns
        -------
        numpy.ndarray, shape (n_frames, 3)
        """
    def height(self, points_lab: numpy.typing.ArrayLike) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Component of each frame along ``up`` (height).
        
        Parameters
        ----------
        points_lab : array_like, shape (n_frames, 3)
            Lab-frame positions [m].
        
        Returns
        -------
        numpy.ndarray, shape (n_frames,)
            Heights [m]; NaN where the frame is missing.
        """
    def to_isb(self, points_lab: numpy.typing.ArrayLike) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 3]"]:
        """
        Re-express positions or vectors in ISB-aligned lab axes (X forward, Y up, Z right).
        
        Exact: a signed permutation of the columns. NaN frames stay NaN.
        
        Parameters
        ----------
        points_lab : array_like, shape (n_frames, 3)
            Lab-frame coordinates, any unit. A C-contiguous float64 array is read without a copy.
        
        Returns
        -------
        numpy.ndarray, shape (n_frames, 3)
            The same points in ISB-aligned axes, same unit.
        """
    @property
    def R_isb_lab(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[3, 3]"]:
        """
        (3, 3) rotation from lab to ISB-aligned axes: v_isb = R_isb_lab @ v_lab. A signed permutation matrix.
        """
    @property
    def forward(self) -> str:
        """
        Lab axis of the nominal direction of progression, e.g. '+X'.
        """
    @property
    def right(self) -> str:
        """
        Lab axis to the subject's right when facing forward (forward x up), e.g. '-Y'.
        """
    @property
    def up(self) -> str:
        """
        Lab axis pointing up, e.g. '+Z'.
        """
def _raise(kind: str) -> None:
    """
    Internal, for tests: throw one of the C++ exception types.
    """
def _trajectory_view(points: numpy.typing.ArrayLike, allow_nan: bool = True) -> tuple[int, bool]:
    """
    Internal, for tests: convert ``points`` as every trajectory argument is converted and
    return (address of the data C++ sees, whether a copy was made).
    """
def count_missing_frames(points: numpy.typing.ArrayLike) -> int:
    """
    Number of frames that hold at least one NaN.
    
    Parameters
    ----------
    points : array_like, shape (n_frames, 3)
    
    Returns
    -------
    int
    """
def missing_frames(points: numpy.typing.ArrayLike) -> typing.Annotated[numpy.typing.NDArray[numpy.bool], "[m, 1]"]:
    """
    Flag the frames that hold at least one NaN (missing samples).
    
    Parameters
    ----------
    points : array_like, shape (n_frames, 3)
    
    Returns
    -------
    numpy.ndarray of bool, shape (n_frames,)
        True where the frame is missing.
    """
def parse_side(side: hipmech.Side | str, arg: str = 'side') -> Side:
    """
    Return the :class:`Side` for ``side``.
    
    Parameters
    ----------
    side : Side or str
        ``Side.LEFT``/``Side.RIGHT`` or one of "left", "right", "l", "r" (any case).
    arg : str
        Argument name used in the error message.
    
    Raises
    ------
    InvalidArgumentError
        (a ValueError) for anything else, naming ``arg``.
    """
def read_c3d(path: str, cop_threshold_n: typing.SupportsFloat | typing.SupportsIndex = 10.0) -> dict:
    """
    Read a C3D file into a trial dict (see hipmech.io.read_c3d).
    """
def read_c3d_bytes(data: bytes, name: str = '<memory>', cop_threshold_n: typing.SupportsFloat | typing.SupportsIndex = 10.0) -> dict:
    """
    Read C3D bytes into a trial dict.
    """
def read_keypoints_csv(path: str, min_confidence: typing.SupportsFloat | typing.SupportsIndex = 0.0, image_width_px: typing.SupportsFloat | typing.SupportsIndex = ..., image_height_px: typing.SupportsFloat | typing.SupportsIndex = ...) -> dict:
    """
    Read 2-D keypoints from a long-format CSV into a dict.
    """
def read_storage(path: str) -> dict:
    """
    Read an OpenSim MOT or STO file into a table dict.
    """
def read_trc(path: str) -> dict:
    """
    Read an OpenSim TRC marker file into a trial dict.
    """
def write_c3d(trial: dict, path: str, processor: str = 'intel', integer_format: bool = False) -> None:
    """
    Write a trial dict as C3D.
    """
def write_c3d_bytes(trial: dict, processor: str = 'intel', integer_format: bool = False) -> bytes:
    """
    Write a trial dict as C3D bytes.
    """
def write_storage(table: dict, path: str, sto: bool = False) -> None:
    """
    Write a table dict as MOT/STO.
    """
def write_trc(trial: dict, path: str, units: str = 'mm') -> None:
    """
    Write a trial's markers as TRC.
    """
__version__: str = '0.1.0'
