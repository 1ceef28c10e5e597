/// \file
/// Marker maps: renaming the markers of a trial from another lab's marker set to the names a
/// model expects ("VSAC" -> "SACR", "LSHA" -> "LTIB"), the "OLD=NEW,OLD2=NEW2" text form the
/// command line takes (`hipmech report --marker-map`), and the suggestions a model's error
/// message makes when a similarly named marker is present (docs/io.md, "Marker sets of other
/// labs").
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hipmech/io/trial.hpp"

namespace hipmech::io {

/// OLD -> NEW marker names, in the order given. Applied all at once, so a map may swap names
/// ({"LTIB", "RTIB"}, {"RTIB", "LTIB"}).
using MarkerMap = std::vector<std::pair<std::string, std::string>>;

/// Parses the text form of a marker map: "OLD=NEW" pairs separated by commas ("VSAC=SACR,
/// LSHA=LTIB"); spaces around names are ignored, as is one trailing comma.
/// \param text the map; names must be non-empty and hold neither '=' nor ','
/// \param argument the name error messages give the text ("marker_map", "--marker-map")
/// \throws InvalidArgument naming `argument`: empty text, a pair without '=' or with two, an
///         empty name, an OLD given twice or two OLDs mapped to one NEW.
MarkerMap parse_marker_map(std::string_view text, const std::string& argument = "marker_map");

/// The text form of a marker map ("VSAC=SACR,LSHA=LTIB"), which parse_marker_map reads back.
std::string format_marker_map(const MarkerMap& old_to_new);

/// The names of points after renaming markers, in the same order as `point_names` (renaming
/// never reorders): the check and the result of rename_markers, for callers that hold the
/// points in another container (the Python Trial).
/// \param point_names every point of the trial (markers and model outputs), names unique
/// \param marker_names the names among `point_names` that are markers (only markers are
///        renamed; an angle or moment output keeps its name)
/// \param old_to_new the renaming, checked before anything is renamed
/// \param argument the name error messages give the map ("old_to_new", "mapping")
/// \throws InvalidArgument naming `argument`: an empty name; an OLD given twice; two OLDs mapped
///         to one NEW; an OLD that is no marker of the trial (the message lists the closest
///         marker names and every marker available, or says it is an angle, force ... output);
///         a NEW that is already the name of another point that the map does not rename away.
std::vector<std::string> renamed_point_names(const std::vector<std::string>& point_names,
                                             const std::vector<std::string>& marker_names,
                                             const MarkerMap& old_to_new,
                                             const std::string& argument = "old_to_new");

/// Renames markers of `trial` in place: each OLD marker is called NEW from then on, with its
/// values, residuals, description and unit, at its place in trial.points (nothing reorders and
/// no other data changes). The parameter tree (trial.parameters) keeps the file's labels;
/// io::write_c3d writes the new names.
/// \param trial the trial; unchanged when the map is refused
/// \param old_to_new OLD -> NEW marker names (see renamed_point_names for the checks)
/// \throws InvalidArgument naming "old_to_new" (see renamed_point_names).
void rename_markers(Trial& trial, const MarkerMap& old_to_new);

/// For marker names a model requires but the trial lacks, the present markers that are likely
/// the same landmark under another lab's name: known synonyms of the Plug-in Gait markers
/// (SACR: VSAC, SACRUM, S1; TIB: SHA, SHN, SHANK, TIBIA; KNE: KNEE, LFE; ANK: ANKLE, MAL, LM;
/// TOE: MT2, TOE2; HEE: HEEL, CAL; THI: THIGH; ASI: ASIS; PSI: PSIS), the same name with other
/// case, separators ("L_ASI") or a subject prefix ("Jane:LASI"), or a unique name containing
/// the first three letters of the missing one on the same side ("VSAC" for "SACR"). A side
/// prefix must agree (LSHA never stands in for RTIB).
/// \param missing the names required and absent ("SACR", "LTIB")
/// \param available the marker names of the trial
/// \return present -> missing pairs ({"VSAC", "SACR"}): a marker map that would supply them;
///         each missing name at most once, in the order of `missing`.
MarkerMap suggest_marker_map(const std::vector<std::string>& missing,
                             const std::vector<std::string>& available);

/// The hint an error message about missing markers ends with, or "" when suggest_marker_map
/// finds nothing: "; similarly named markers are present: map them with
/// marker_map={'VSAC': 'SACR'} (hipmech.io.rename_markers or io::rename_markers; on the command
/// line --marker-map VSAC=SACR)".
std::string marker_map_hint(const std::vector<std::string>& missing,
                            const std::vector<std::string>& available);

}  // namespace hipmech::io
