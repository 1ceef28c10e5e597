// Cancellation of long reads (include/hipmech/io/cancellation.hpp): every reader calls the
// hook of its options at least once per cancel_check_bytes of input, an exception thrown by the
// hook leaves the reader unchanged, and a hook that returns changes nothing. The inputs are a
// few MiB, so that a read makes several calls; the Python side (Ctrl-C raising
// KeyboardInterrupt during a read) is tests/python/test_io_cancel.py.
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>

#include "c3d_fixtures.hpp"
#include "helpers/eigen_matchers.hpp"
#include "helpers/temp_file.hpp"
#include "hipmech/io.hpp"

using hipmech::testing::IsNear;
namespace io = hipmech::io;

namespace {

/// What the hooks below throw: no std::exception, so no catch clause of a reader can take it
/// for one of its own errors.
struct Cancelled {};

/// A hook that counts its calls and throws Cancelled on call `throw_on` (never when 0).
struct Counter {
  int calls = 0;
  int throw_on = 0;
  io::CancelCheck hook() {
    return [this] {
      if (++calls == throw_on) throw Cancelled{};
    };
  }
};

using hipmech::test::TempFile;

/// 30,000 frames of the C3D fixture trial: 144 bytes per frame, 4.3 MB.
const std::string& big_c3d() {
  static const std::string bytes = [] {
    const std::vector<std::uint8_t> b = io::write_c3d_bytes(hipmech::testing::small_trial(30000));
    return std::string(b.begin(), b.end());
  }();
  return bytes;
}

io::Trial c3d_from(const std::string& bytes, const io::C3dReadOptions& options = {}) {
  return io::read_c3d_bytes(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(),
                            "<memory>", options);
}

/// 10 markers, 10,000 frames: 3.6 MB of TRC.
const std::string& big_trc() {
  static const std::string text = [] {
    io::Trial t;
    t.point_rate_hz = 100.0;
    for (int m = 0; m < 10; ++m) {
      hipmech::Trajectory v(10000, 3);
      for (Eigen::Index i = 0; i < v.rows(); ++i) {
        const double x = static_cast<double>(i) / 100.0;
        v.row(i) << 0.1 * m + std::sin(x), 0.9 + 0.01 * std::cos(x), 0.001 * x;
      }
      t.set_point("M" + std::to_string(m), v, io::PointKind::Marker, "mm");
    }
    return io::write_trc_text(t);
  }();
  return text;
}

/// 20 columns, 8,000 rows: 3.3 MB of MOT.
const std::string& big_mot() {
  static const std::string text = [] {
    io::Table t;
    t.name = "Coordinates";
    t.time_s = hipmech::Series::LinSpaced(8000, 0.0, 79.99);
    t.values.resize(8000, 20);
    for (Eigen::Index c = 0; c < 20; ++c) {
      t.columns.push_back("q" + std::to_string(c));
      for (Eigen::Index r = 0; r < 8000; ++r) {
        t.values(r, c) = std::sin(0.01 * static_cast<double>(r) + static_cast<double>(c)) / 3.0;
      }
    }
    return io::write_mot_text(t);
  }();
  return text;
}

/// 12 keypoints, 10,000 frames: 3.4 MB of keypoint CSV.
const std::string& big_keypoints() {
  static const std::string text = [] {
    std::string out = "frame,keypoint,x,y,confidence\n";
    for (int f = 0; f < 10000; ++f) {
      for (int k = 0; k < 12; ++k) {
        out += std::to_string(f) + ",kp" + std::to_string(k) + "," +
               std::to_string(100.0 + f % 500 + 0.25 * k) + "," + std::to_string(300.5 - k) +
               ",0." + std::to_string(k % 10) + "\n";
      }
    }
    return out;
  }();
  return text;
}

io::OpenSimReadOptions text_options(Counter& counter) {
  io::OpenSimReadOptions o;
  o.check_cancelled = counter.hook();
  return o;
}

io::KeypointOptions keypoint_options(Counter& counter) {
  io::KeypointOptions o;
  o.check_cancelled = counter.hook();
  return o;
}

}  // namespace

TEST_CASE("Cancellation: a hook that throws abandons the read with its own exception",
          "[io][cancellation]") {
  Counter counter;
  counter.throw_on = 3;
  SECTION("C3D in memory") {
    io::C3dReadOptions o;
    o.check_cancelled = counter.hook();
    REQUIRE_THROWS_AS(c3d_from(big_c3d(), o), Cancelled);
  }
  SECTION("C3D file") {
    const TempFile file(".c3d", big_c3d());
    io::C3dReadOptions o;
    o.check_cancelled = counter.hook();
    REQUIRE_THROWS_AS(io::read_c3d(file.str(), o), Cancelled);
  }
  SECTION("TRC text and file") {
    REQUIRE_THROWS_AS(io::read_trc_text(big_trc(), "<memory>", text_options(counter)), Cancelled);
    CHECK(counter.calls == 3);
    const TempFile file(".trc", big_trc());
    counter.calls = 0;
    REQUIRE_THROWS_AS(io::read_trc(file.str(), text_options(counter)), Cancelled);
  }
  SECTION("MOT/STO text and files") {
    REQUIRE_THROWS_AS(io::read_storage_text(big_mot(), "<memory>", text_options(counter)),
                      Cancelled);
    CHECK(counter.calls == 3);
    const TempFile file(".mot", big_mot());
    counter.calls = 0;
    REQUIRE_THROWS_AS(io::read_mot(file.str(), text_options(counter)), Cancelled);
    CHECK(counter.calls == 3);
    counter.calls = 0;
    REQUIRE_THROWS_AS(io::read_sto(file.str(), text_options(counter)), Cancelled);
  }
  SECTION("keypoint CSV text and file") {
    REQUIRE_THROWS_AS(
        io::read_keypoints_csv_text(big_keypoints(), "<memory>", keypoint_options(counter)),
        Cancelled);
    CHECK(counter.calls == 3);
    const TempFile file(".csv", big_keypoints());
    counter.calls = 0;
    REQUIRE_THROWS_AS(io::read_keypoints_csv(file.str(), keypoint_options(counter)), Cancelled);
  }
  CHECK(counter.calls == 3);  // abandoned at the throw: no later call
}

TEST_CASE("Cancellation: a hook that returns leaves the result unchanged", "[io][cancellation]") {
  Counter counter;
  SECTION("C3D") {
    io::C3dReadOptions o;
    o.check_cancelled = counter.hook();
    // The written bytes hold every point, analog sample, event and parameter read.
    CHECK(io::write_c3d_bytes(c3d_from(big_c3d(), o)) == io::write_c3d_bytes(c3d_from(big_c3d())));
  }
  SECTION("TRC") {
    CHECK(io::write_trc_text(io::read_trc_text(big_trc(), "<memory>", text_options(counter))) ==
          io::write_trc_text(io::read_trc_text(big_trc())));
  }
  SECTION("MOT/STO") {
    CHECK(io::write_mot_text(io::read_storage_text(big_mot(), "<memory>", text_options(counter))) ==
          io::write_mot_text(io::read_storage_text(big_mot())));
  }
  SECTION("keypoint CSV") {
    const io::Keypoints2D with =
        io::read_keypoints_csv_text(big_keypoints(), "<memory>", keypoint_options(counter));
    const io::Keypoints2D without = io::read_keypoints_csv_text(big_keypoints());
    REQUIRE(with.names == without.names);
    REQUIRE(with.frames == without.frames);
    for (std::size_t k = 0; k < with.names.size(); ++k) {
      CHECK_THAT(with.points_px[k], IsNear(without.points_px[k], 0.0));
      CHECK_THAT(with.confidence[k], IsNear(without.confidence[k], 0.0));
    }
  }
  CHECK(counter.calls > 0);
}

TEST_CASE("Cancellation: the hook is called at least once per cancel_check_bytes of input",
          "[io][cancellation]") {
  // In memory: once per interval of frames or lines parsed, plus once between stages. From a
  // file: as often again while the bytes are read. Never per sample: a few calls more at most.
  constexpr std::size_t interval = io::cancel_check_bytes;
  Counter counter;
  std::size_t size = 0;
  bool from_file = false;
  SECTION("C3D in memory") {
    io::C3dReadOptions o;
    o.check_cancelled = counter.hook();
    size = big_c3d().size();
    c3d_from(big_c3d(), o);
  }
  SECTION("C3D file") {
    const TempFile file(".c3d", big_c3d());
    io::C3dReadOptions o;
    o.check_cancelled = counter.hook();
    size = big_c3d().size();
    from_file = true;
    io::read_c3d(file.str(), o);
  }
  SECTION("TRC text") {
    size = big_trc().size();
    io::read_trc_text(big_trc(), "<memory>", text_options(counter));
  }
  SECTION("TRC file") {
    const TempFile file(".trc", big_trc());
    size = big_trc().size();
    from_file = true;
    io::read_trc(file.str(), text_options(counter));
  }
  SECTION("MOT text") {
    size = big_mot().size();
    io::read_storage_text(big_mot(), "<memory>", text_options(counter));
  }
  SECTION("STO file") {
    const TempFile file(".sto", big_mot());
    size = big_mot().size();
    from_file = true;
    io::read_sto(file.str(), text_options(counter));
  }
  SECTION("keypoint CSV text") {
    size = big_keypoints().size();
    io::read_keypoints_csv_text(big_keypoints(), "<memory>", keypoint_options(counter));
  }
  SECTION("keypoint CSV file") {
    const TempFile file(".csv", big_keypoints());
    size = big_keypoints().size();
    from_file = true;
    io::read_keypoints_csv(file.str(), keypoint_options(counter));
  }
  const std::size_t intervals = size / interval;
  const auto calls = static_cast<std::size_t>(counter.calls);
  CAPTURE(size, from_file, calls);
  REQUIRE(intervals >= 3);
  CHECK(calls >= (from_file ? 2 : 1) * intervals);
  CHECK(calls <= (from_file ? 2 : 1) * intervals + 4);
}
