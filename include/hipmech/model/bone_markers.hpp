/// \file
/// Segment frames from the "bone" virtual markers that Vicon Plug-in Gait writes into its C3D
/// output, so that angles can be recomputed from Vicon's own segment axes (docs/model.md).
#pragma once

#include <string>
#include <string_view>

#include "hipmech/geometry/segment_frames.hpp"
#include "hipmech/io/markers.hpp"

namespace hipmech::model {

/// Segment frames (ISB axes) from Plug-in Gait bone markers.
///
/// For a segment named `bone` ("PEL", "LFE"/"RFE" femur, "LTI"/"RTI" tibia, "LFO"/"RFO" foot),
/// Plug-in Gait writes four virtual markers: `{bone}O` at the segment origin and `{bone}A`,
/// `{bone}L`, `{bone}P` a fixed distance (100 mm) along its own X (anterior), Y (left) and Z
/// (proximal) axes; for the foot X points up and Z from the toe to the ankle. The frames are
/// relabelled to ISB axes (X anterior, Y proximal, Z to the right): X = A - O (exact) and
/// Y in the plane of P - O (pelvis, femur, tibia); for the foot X = O - P (exact, towards the
/// toe) and Y in the plane of A - O. `{bone}L` is not needed.
/// \param markers the trial's markers (positions in the lab frame [m])
/// \param bone the segment's prefix, e.g. "LFE"
/// \return origin = `{bone}O` [m] and rotations, NaN where a marker is missing.
/// \throws InvalidArgument (argument 'markers') listing the missing bone markers.
geometry::SegmentFrames bone_marker_frames(const io::Markers& markers, std::string_view bone);

}  // namespace hipmech::model
