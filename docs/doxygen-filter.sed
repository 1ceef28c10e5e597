# Doxygen INPUT_FILTER for the headers (docs/Doxyfile): the doc comments write "#frames by 3",
# "#samples by #channels" for "the number of ...", which Doxygen reads as explicit link requests
# to members called `frames`, `samples`, ... and warns about (a warning is an error). On each
# line holding a `///` comment, every `#` that follows the `///` and starts a word is escaped
# to `\#` so Doxygen prints it as written; code before the `///` and lines without one are
# left alone. The headers keep their plain notation; the line numbers do not change.
:a
s@(///.*[^\\])#([A-Za-z])@\1\\#\2@
ta
