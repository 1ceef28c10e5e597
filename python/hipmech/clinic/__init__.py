"""The clinical tests of the hip-weakness literature (docs/clinic.md).

Each test scores its inputs by its published definition, flags results against cited
cut-offs and returns a named result that carries units, the rule used and its source:

- :func:`single_leg_stance` (Trendelenburg test) and :func:`single_leg_squat`, from 3-D trials
  or 2-D video keypoints;
- :func:`hip_abductor_strength` (hand-held or fixed dynamometry), :func:`y_balance`,
  :func:`hop_tests`;
- :func:`programme_change`: baseline against follow-up, judged by the minimal detectable change.
"""

from ._common import ClinicResult, Flag
from ._session import Session, SessionError, Subject, read_session
from ._assess import Assessment, TestRun, assess
from ._scores import *  # noqa: F401,F403
from ._scores import __all__ as _scores_all
from ._tasks import *  # noqa: F401,F403
from ._tasks import __all__ as _tasks_all

__all__ = sorted(["ClinicResult", "Flag", *_scores_all, *_tasks_all,
                  "Assessment", "Session", "SessionError", "Subject", "TestRun", "assess",
                  "read_session"])
