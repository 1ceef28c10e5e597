// The compiled definitions of <hipmech/stream/keypoint_session.hpp> (declared and documented
// there).
#include "hipmech/stream/keypoint_session.hpp"

#include <cmath>
#include <utility>

#include "frame_input.hpp"
#include "hipmech/core/check.hpp"
#include "hipmech/core/detail/text.hpp"

namespace hipmech::stream {

KeypointSession::KeypointSession(KeypointSessionOptions options) : options_(std::move(options)) {
  const KeypointSessionOptions& o = options_;
  HIPMECH_CHECK_ARG(std::isfinite(o.point_rate_hz) && o.point_rate_hz > 0.0, "point_rate_hz",
                    "a finite keypoint rate > 0 Hz", o.point_rate_hz);
  const std::vector<std::string>& names = o.keypoint_names;
  frame_input::check_unique_names(names, "keypoint_names", "unique keypoint names");
  const std::array<const std::string*, 6> wanted{&o.hip[0],  &o.hip[1],   &o.knee[0],
                                                 &o.knee[1], &o.ankle[0], &o.ankle[1]};
  std::string missing;
  for (std::size_t k = 0; k < wanted.size(); ++k) {
    rows_[k] = -1;
    for (std::size_t r = 0; r < names.size(); ++r) {
      if (names[r] == *wanted[k]) rows_[k] = static_cast<int>(r);
    }
    if (rows_[k] < 0) missing += (missing.empty() ? "'" : ", '") + *wanted[k] + "'";
  }
  if (!missing.empty()) {
    std::string available;
    for (const std::string& n : names) available += (available.empty() ? "'" : ", '") + n + "'";
    hipmech::detail::throw_invalid_argument(
        "keypoint_names", "the hip, knee and ankle keypoints of both sides",
        "names without " + missing +
            " (available: " + (available.empty() ? std::string("none") : available) + ")");
  }
  y_sign_ = o.y_axis == knee::ImageYAxis::Down ? 1.0 : -1.0;
  pelvis::FloorLine floor = o.floor;
  floor.a_px.y() *= y_sign_;
  floor.b_px.y() *= y_sign_;
  pelvis::detail::floor_axes(floor, floor_u_, floor_n_);
  for (Side s : {Side::Left, Side::Right}) {
    fppa_sign_[s == Side::Left ? 0 : 1] = knee::detail::valgus_sign(s, o.view, o.y_axis);
  }
  if (o.cutoff_hz) {
    HIPMECH_CHECK_ARG(o.filter_order >= 1 && o.filter_order <= 8, "filter_order",
                      "a Butterworth order from 1 to 8", o.filter_order);
    filter_.emplace(static_cast<int>(raw_.size()), o.point_rate_hz, *o.cutoff_hz, o.filter_order);
    notes_.push_back("Keypoints filtered causally (Butterworth order " +
                     std::to_string(o.filter_order) + ", " +
                     hipmech::detail::significant_digits(*o.cutoff_hz, 4) +
                     " Hz, scipy lfilter): the angles lag by about " +
                     hipmech::detail::significant_digits(filter_->delay_s() * 1e3, 3) + " ms.");
  }
}

const KeypointFrame& KeypointSession::push(const double* keypoints_xy, std::size_t n_values,
                                           double time_s) {
  frame_input::check_session_open(!options_.keypoint_names.empty(), closed_);
  frame_input::check_point_values(
      {"keypoints", "keypoint", 2, "finite coordinates or NaN (missing)", false},
      options_.keypoint_names, keypoints_xy, n_values);
  const std::int64_t f = n_frames_;
  const double t = frame_input::checked_time_s(time_s, f, options_.point_rate_hz, last_time_s_);
  for (std::size_t k = 0; k < rows_.size(); ++k) {
    const double* src = keypoints_xy + 2 * static_cast<std::size_t>(rows_[k]);
    raw_[2 * k] = src[0];
    raw_[2 * k + 1] = src[1];
  }
  const double* p = raw_.data();
  if (filter_) {
    filter_->step(raw_.data(), filtered_.data());
    p = filtered_.data();
  }
  // p: left hip, right hip, left knee, right knee, left ankle, right ankle, (x, y) each.
  const Eigen::Vector2d left_hip(p[0], y_sign_ * p[1]), right_hip(p[2], y_sign_ * p[3]);
  for (std::size_t i = 0; i < 2; ++i) {
    frame_.pelvic_obliquity_rad[i] = pelvis::detail::obliquity_2d_one(
        left_hip, right_hip, pelvis::detail::obliquity_2d_sign(i == 0 ? Side::Left : Side::Right),
        floor_u_, floor_n_);
    const double* h = p + 2 * i;
    const double* k = p + 4 + 2 * i;
    const double* a = p + 8 + 2 * i;
    frame_.fppa_rad[i] =
        knee::detail::fppa_2d_one(h[0], h[1], k[0], k[1], a[0], a[1], fppa_sign_[i], counts_);
  }
  frame_.frame = f;
  frame_.time_s = t;
  last_time_s_ = t;
  ++n_frames_;
  return frame_;
}

}  // namespace hipmech::stream
