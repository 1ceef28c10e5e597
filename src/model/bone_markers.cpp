// The compiled definitions of <hipmech/model/bone_markers.hpp> (declared and documented there):
// heavy functions users never need inline, compiled once into the library.
#include "hipmech/model/bone_markers.hpp"

namespace hipmech::model {

geometry::SegmentFrames bone_marker_frames(const io::Markers& markers, std::string_view bone) {
  const std::string b(bone);
  markers.require(std::vector<std::string>{b + "O", b + "A", b + "P"}, "markers");
  const auto o = markers.get(b + "O");
  const Trajectory a = markers.get(b + "A") - o;
  const Trajectory p = markers.get(b + "P") - o;
  const bool foot = b.size() >= 2 && b.compare(b.size() - 2, 2, "FO") == 0;
  if (foot) {
    return geometry::frames_from_vectors(o, -p, geometry::Axis::X, a, geometry::Axis::Y);
  }
  return geometry::frames_from_vectors(o, a, geometry::Axis::X, p, geometry::Axis::Y);
}

}  // namespace hipmech::model
