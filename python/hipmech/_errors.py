"""hipmech's exception types. The compiled core raises them (bindings/core.cpp translates the
C++ exceptions of include/hipmech/core/error.hpp); they are re-exported as ``hipmech.*``."""

from __future__ import annotations


class InvalidArgumentError(ValueError):
    """A bad argument: wrong shape, dtype, size, value or unit. A subclass of ValueError.

    The message reads ``argument 'NAME': expected WHAT, got WHAT``.

    Attributes
    ----------
    argument : str
        Name of the offending argument, as spelled in the API.
    expected : str
        What the function needed, in words.
    got : str
        What arrived.
    """

    def __init__(self, message: str, argument: str = "", expected: str = "", got: str = "") -> None:
        super().__init__(message)
        self.argument = argument
        self.expected = expected
        self.got = got

    def __reduce__(self):  # keep the attributes across pickling (multiprocessing, Dask)
        return (type(self), (str(self), self.argument, self.expected, self.got))


class InvalidArgumentTypeError(InvalidArgumentError, TypeError):
    """A bad argument of the wrong type: a bool, complex number, string or None where a real
    number is required. Both a :class:`InvalidArgumentError` (a ValueError) and a TypeError, so
    that either ``except`` catches it; the message reads as InvalidArgumentError's."""


class FileError(OSError):
    """A file could not be read or written, or its content is not what its format says.
    A subclass of OSError.

    Attributes
    ----------
    filename : str
        The path, as given by the caller.
    """

    def __init__(self, message: str, filename: str | None = None) -> None:
        super().__init__(message)
        self.filename = filename

    def __str__(self) -> str:  # OSError would print "[Errno None] None: 'path'"
        return str(self.args[0]) if self.args else ""

    def __reduce__(self):
        return (type(self), (str(self), self.filename))


class NumericalError(RuntimeError):
    """A numerical method failed on valid input (no convergence, singular system).
    A subclass of RuntimeError."""


for _cls in (InvalidArgumentError, FileError, NumericalError):
    _cls.__module__ = "hipmech"
del _cls
