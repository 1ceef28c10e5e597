// C3D writer (include/hipmech/io/c3d.hpp): the inverse of c3d_read.cpp, for every processor
// type, float or scaled-integer data (C3D file format user guide, c3d.org, ch. 2-4).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <Eigen/Geometry>

#include "c3d_format.hpp"
#include "text_util.hpp"
#include "hipmech/core/check.hpp"
#include "hipmech/io/c3d.hpp"

namespace hipmech::io {
namespace {

using namespace c3d_detail;

constexpr std::size_t kMaxPerParameter = 255;  // one C3D dimension is one byte

class Writer {
 public:
  explicit Writer(C3dProcessor p) : processor_(p) {}
  std::vector<std::uint8_t> out;

  void u8(std::size_t v) { out.push_back(static_cast<std::uint8_t>(v & 0xFFU)); }
  void i8(int v) { out.push_back(static_cast<std::uint8_t>(static_cast<std::int8_t>(v))); }
  void u16(unsigned v) {
    const auto lo = static_cast<std::uint8_t>(v & 0xFFU);
    const auto hi = static_cast<std::uint8_t>((v >> 8U) & 0xFFU);
    if (processor_ == C3dProcessor::Mips) {
      out.push_back(hi);
      out.push_back(lo);
    } else {
      out.push_back(lo);
      out.push_back(hi);
    }
  }
  void i16(int v) { u16(static_cast<unsigned>(static_cast<std::uint16_t>(static_cast<std::int16_t>(v)))); }
  void f32(double v) {
    std::uint8_t b[4];
    if (processor_ == C3dProcessor::Dec) {
      double_to_dec(v, b);
    } else {
      const auto f = static_cast<float>(v);
      std::memcpy(b, &f, 4);
      if (processor_ == C3dProcessor::Mips) {
        std::swap(b[0], b[3]);
        std::swap(b[1], b[2]);
      }
    }
    out.insert(out.end(), b, b + 4);
  }
  void text(const std::string& s, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i) out.push_back(i < s.size() ? static_cast<std::uint8_t>(s[i]) : ' ');
  }
  void pad_to_block() {
    while (out.size() % kBlock != 0) out.push_back(0);
  }
  // Patch helpers for the header.
  void put_u16(std::size_t at, unsigned v) {
    Writer w(processor_);
    w.u16(v);
    std::copy(w.out.begin(), w.out.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
  }
  void put_f32(std::size_t at, double v) {
    Writer w(processor_);
    w.f32(v);
    std::copy(w.out.begin(), w.out.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
  }

 private:
  C3dProcessor processor_;
};

/// Put `p` into `group`, keeping the description and locked flag of the parameter it replaces
/// (and, with `keep_scalar_dims`, its dimensions when it held a single number).
void replace_keeping_metadata(Parameters& params, const std::string& group, Parameter p,
                              bool keep_scalar_dims = false) {
  if (const Parameter* old = params.find(group, p.name)) {
    p.description = old->description;
    p.locked = old->locked;
    if (keep_scalar_dims && old->type != ParameterType::Char && old->numbers.size() == 1) {
      p.dims = old->dims;
    }
  }
  params.set(group, std::move(p));
}

/// Split a long list into NAME, NAME2, NAME3, ... of at most 255 entries (user guide: how
/// more than 255 labels are stored). `make(name, first, last)` builds one part.
template <typename T, typename Make>
void set_continued_impl(Parameters& params, const std::string& group, const std::string& name,
                        const std::vector<T>& values, Make make) {
  for (int k = 2; params.find(group, name + std::to_string(k)); ++k) {
    params.erase(group, name + std::to_string(k));
  }
  std::size_t start = 0;
  int k = 1;
  do {
    const std::size_t end = std::min(values.size(), start + kMaxPerParameter);
    std::vector<T> part(values.begin() + static_cast<std::ptrdiff_t>(start),
                        values.begin() + static_cast<std::ptrdiff_t>(end));
    replace_keeping_metadata(params, group,
                             make(k == 1 ? name : name + std::to_string(k), std::move(part)));
    start = end;
    ++k;
  } while (start < values.size());
}

void set_continued(Parameters& params, const std::string& group, const std::string& name,
                   const std::vector<std::string>& strings) {
  set_continued_impl(params, group, name, strings, [](const std::string& n, auto part) {
    Parameter p = make_parameter(n, std::move(part));
    if (p.dims.size() == 1) p.dims.push_back(static_cast<int>(p.strings.size()));
    return p;
  });
}

void set_continued(Parameters& params, const std::string& group, const std::string& name,
                   const std::vector<double>& numbers, ParameterType type) {
  set_continued_impl(params, group, name, numbers, [type](const std::string& n, auto part) {
    const int count = static_cast<int>(part.size());
    return make_parameter(n, std::move(part), type, {count});
  });
}

void set_number(Parameters& params, const std::string& group, const std::string& name,
                double value, ParameterType type) {
  replace_keeping_metadata(params, group, make_parameter(name, {value}, type, {}), true);
}

void set_string(Parameters& params, const std::string& group, const std::string& name,
                const std::string& value) {
  replace_keeping_metadata(params, group, make_parameter(name, std::vector<std::string>{value}));
}

std::size_t element_count(const Parameter& p) {
  std::size_t n = 1;
  for (int d : p.dims) n *= static_cast<std::size_t>(d);
  return n;
}

void write_parameters(Writer& w, const Parameters& params) {
  w.u8(1);
  w.u8(kMagic);
  const std::size_t blocks_at = w.out.size();
  w.u8(0);  // block count, patched below
  w.u8(static_cast<std::size_t>(kProcessorBase) + 1);  // patched by the caller's processor
  std::size_t last_next = 0;
  bool any = false;
  auto check_name = [](const std::string& name, const std::string& what) {
    HIPMECH_CHECK_ARG(!name.empty() && name.size() <= 127, "trial.parameters",
                      what + " names of 1 to 127 characters", "'" + name + "'");
  };
  for (std::size_t g = 0; g < params.groups.size(); ++g) {
    const ParameterGroup& group = params.groups[g];
    check_name(group.name, "group");
    const int id = static_cast<int>(g) + 1;
    HIPMECH_CHECK_ARG(id <= 127, "trial.parameters", "at most 127 groups", params.groups.size());
    const std::string gdesc = group.description.substr(0, 255);
    w.i8(group.locked ? -static_cast<int>(group.name.size()) : static_cast<int>(group.name.size()));
    w.i8(-id);
    w.text(group.name, group.name.size());
    last_next = w.out.size();
    w.u16(static_cast<unsigned>(2 + 1 + gdesc.size()));
    w.u8(gdesc.size());
    w.text(gdesc, gdesc.size());
    any = true;
    for (const Parameter& p : group.parameters) {
      check_name(p.name, "parameter");
      HIPMECH_CHECK_ARG(p.dims.size() <= 7, "trial.parameters",
                        "at most 7 dimensions for " + group.name + ":" + p.name, p.dims.size());
      for (int d : p.dims) {
        HIPMECH_CHECK_ARG(d >= 0 && d <= 255, "trial.parameters",
                          "dimensions of 0 to 255 for " + group.name + ":" + p.name, d);
      }
      const std::size_t n = element_count(p);
      const std::size_t elem = static_cast<std::size_t>(std::abs(static_cast<int>(p.type)));
      const std::string desc = p.description.substr(0, 255);
      const std::size_t record = 2 + 1 + 1 + p.dims.size() + n * elem + 1 + desc.size();
      HIPMECH_CHECK_ARG(record <= 65535, "trial.parameters",
                        "at most 65535 bytes for " + group.name + ":" + p.name, record);
      w.i8(p.locked ? -static_cast<int>(p.name.size()) : static_cast<int>(p.name.size()));
      w.i8(id);
      w.text(p.name, p.name.size());
      last_next = w.out.size();
      w.u16(static_cast<unsigned>(record));
      w.i8(static_cast<int>(p.type));
      w.u8(p.dims.size());
      for (int d : p.dims) w.u8(static_cast<std::size_t>(d));
      if (p.type == ParameterType::Char) {
        const std::size_t length = p.dims.empty() ? 1 : static_cast<std::size_t>(p.dims[0]);
        const std::size_t count = length == 0 ? 0 : n / length;
        HIPMECH_CHECK_ARG(count == p.strings.size(), "trial.parameters",
                          std::to_string(count) + " strings for " + group.name + ":" + p.name +
                              " (its dimensions)",
                          p.strings.size());
        for (const std::string& s : p.strings) {
          // Never cut a string silently (a UTF-8 character would be split, a label lost).
          HIPMECH_CHECK_ARG(s.size() <= length, "trial.parameters",
                            "strings of at most " + std::to_string(length) + " bytes for " +
                                group.name + ":" + p.name + " (its first dimension; widen it)",
                            "'" + s + "' (" + std::to_string(s.size()) + " bytes)");
          w.text(s, length);
        }
      } else {
        HIPMECH_CHECK_ARG(n == p.numbers.size(), "trial.parameters",
                          std::to_string(n) + " numbers for " + group.name + ":" + p.name +
                              " (its dimensions)",
                          p.numbers.size());
        for (double v : p.numbers) {
          // An integer parameter holding NaN or infinity has no value to write (and the cast
          // below would be undefined): refused, naming it.
          HIPMECH_CHECK_ARG(p.type == ParameterType::Float || std::isfinite(v), "trial.parameters",
                            "finite numbers in the integer parameter " + group.name + ":" + p.name,
                            v);
          if (p.type == ParameterType::Byte) {
            w.u8(static_cast<std::size_t>(std::clamp(v, 0.0, 255.0)));
          } else if (p.type == ParameterType::Int16) {
            w.i16(static_cast<int>(std::clamp(v, -32768.0, 65535.0)));
          } else {
            w.f32(v);
          }
        }
      }
      w.u8(desc.size());
      w.text(desc, desc.size());
    }
  }
  if (any) w.put_u16(last_next, 0);  // the last record points nowhere
  w.pad_to_block();
  const std::size_t blocks = (w.out.size() - kBlock) / kBlock;
  HIPMECH_CHECK_ARG(blocks <= 255, "trial.parameters", "a parameter section of at most 255 blocks",
                    blocks);
  w.out[blocks_at] = static_cast<std::uint8_t>(blocks);
}

bool same_values(const Trajectory& a, const Trajectory& b) {
  if (a.rows() != b.rows()) return false;
  for (Eigen::Index k = 0; k < a.size(); ++k) {
    const double x = a.data()[k], y = b.data()[k];
    if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
  }
  return true;
}

/// Within 1e-9 of `scale` (and NaN where the other is NaN): fields derived from others.
template <typename A, typename B>
bool close(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b, double scale) {
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      const double x = a(i, j), y = b(i, j);
      if (std::isnan(x) != std::isnan(y)) return false;
      if (!std::isnan(x) && !(std::fabs(x - y) <= 1e-9 * scale)) return false;
    }
  }
  return true;
}

/// Write trial.force_plates (issue 21): when there are any, FORCE_PLATFORM is rewritten to
/// describe exactly these plates, in `length_unit`. A plate that is what the file's own
/// FORCE_PLATFORM and channels give keeps its channels bit for bit; a plate added, retyped or
/// edited gets channels from its outputs (force_n, moment_nm: the inverse of
/// force_plates_from_analog), in place of the channels it names, or appended when it names none.
/// Channels of a plate removed stay as plain analog channels (nothing is lost). Returns the analog
/// channels to write: the trial's, or `storage` when plates changed them.
const Analog& write_force_plates(const Trial& trial, const std::string& length_unit,
                                 Parameters& params, Analog& storage) {
  const std::vector<ForcePlate>& plates = trial.force_plates;
  // FORCE_PLATFORM as the parameters describe it; its lengths are in POINT:UNITS: rescaled if
  // that unit changed.
  auto keep_parameters = [&]() -> const Analog& {
    const std::string old_unit = trial.parameters.string("POINT", "UNITS");
    ParameterGroup* group = params.group("FORCE_PLATFORM");
    if (group && !old_unit.empty() && old_unit != length_unit) {
      const double factor = length_to_m(old_unit) / length_to_m(length_unit);
      for (const char* name : {"CORNERS", "ORIGIN"}) {
        Parameter* p = group->find(name);
        if (p && p->type != ParameterType::Char && std::isfinite(factor)) {
          for (double& v : p->numbers) v *= factor;
        }
      }
    }
    return trial.analog;
  };
  // No plates given: a trial built from parameters and channels (USED = 0 writes none).
  if (plates.empty()) return keep_parameters();
  const double length_si = length_to_m(length_unit);
  HIPMECH_CHECK_ARG(std::isfinite(length_si), "trial.points",
                    "markers in mm, cm or m when the trial has force plates (their corners are "
                    "written in POINT:UNITS)",
                    "'" + length_unit + "'");
  // The plates the file's own FORCE_PLATFORM and channels give, to spot the unchanged ones.
  std::vector<ForcePlate> as_read;
  if (trial.parameters.number("FORCE_PLATFORM", "USED", 0, 0.0) > 0) {
    try {
      as_read = force_plates_from_analog(trial.parameters, trial.analog);
    } catch (const InvalidArgument&) {
      as_read.clear();  // a FORCE_PLATFORM that does not read: every plate is written anew
    }
  }
  const Analog* out = &trial.analog;
  auto writable = [&]() -> Analog& {
    if (out != &storage) {
      storage = trial.analog;
      out = &storage;
    }
    return storage;
  };
  const Eigen::Index n_samples = plates.front().force_n.rows();
  const auto n_channels0 = static_cast<std::size_t>(trial.analog.n_channels());
  for (std::size_t k = 0; k < plates.size(); ++k) {
    const ForcePlate& fp = plates[k];
    const std::string where = "trial.force_plates[" + std::to_string(k) + "]";
    HIPMECH_CHECK_ARG(fp.type >= 1 && fp.type <= 4, where + ".type",
                      "a C3D plate type 1, 2, 3 or 4", fp.type);
    HIPMECH_CHECK_SIZE(fp.force_n.rows(), n_samples, where + ".force_n",
                       "rows (those of the first plate)");
    for (const auto* field : {&fp.moment_nm, &fp.cop_m, &fp.free_moment_nm}) {
      const char* name = field == &fp.moment_nm ? ".moment_nm"
                         : field == &fp.cop_m   ? ".cop_m"
                                                : ".free_moment_nm";
      HIPMECH_CHECK_SIZE(field->rows(), n_samples, where + name, "rows (those of force_n)");
    }
    const std::size_t n_ch = fp.type == 3 ? 8 : 6;
    if (!fp.channels.empty()) {
      HIPMECH_CHECK_ARG(fp.channels.size() == n_ch, where + ".channels",
                        std::to_string(n_ch) + " analog channel numbers for a type-" +
                            std::to_string(fp.type) + " plate, or none (new channels)",
                        fp.channels.size());
      for (int c : fp.channels) {
        HIPMECH_CHECK_ARG(c >= 1 && static_cast<std::size_t>(c) <= n_channels0, where + ".channels",
                          "channel numbers 1.." + std::to_string(n_channels0) +
                              " (trial.analog), or none (new channels)",
                          c);
      }
    }
  }
  if (n_channels0 > 0) {
    HIPMECH_CHECK_SIZE(n_samples, trial.analog.n_samples(), "trial.force_plates[0].force_n",
                       "rows (the analog samples of trial.analog)");
  } else {
    const Eigen::Index n_frames = trial.n_frames();
    HIPMECH_CHECK_ARG(n_frames > 0 && n_samples >= n_frames && n_samples % n_frames == 0,
                      "trial.force_plates[0].force_n",
                      "rows a whole multiple of the " + std::to_string(n_frames) +
                          " point frames (analog samples)",
                      n_samples);
    Analog& a = writable();
    a.rate_hz = trial.point_rate_hz * static_cast<double>(n_samples / n_frames);
    a.values.resize(n_samples, 0);
  }

  // Every plate as read (the common case: a trial read, analysed and written): the file's
  // FORCE_PLATFORM and channels stay exactly as they were.
  auto unchanged = [&](std::size_t k) {
    const ForcePlate& fp = plates[k];
    if (k >= as_read.size()) return false;
    const ForcePlate& old = as_read[k];
    const double size_m = (fp.corners_m.row(0) - fp.corners_m.row(2)).norm();
    // type 4's moments are in N x POINT:UNITS: a new length unit changes what they mean
    const bool same_length_unit =
        length_to_m(trial.parameters.string("POINT", "UNITS", 0, "mm")) == length_si;
    return old.type == fp.type && old.channels == fp.channels &&
           close(old.corners_m, fp.corners_m, size_m) && close(old.origin_m, fp.origin_m, size_m) &&
           close(old.R_lab_plate, fp.R_lab_plate, 1.0) &&
           close(old.origin_lab_m, fp.origin_lab_m, size_m) &&
           (fp.type != 4 || (old.calibration == fp.calibration && same_length_unit)) &&
           same_values(old.force_n, fp.force_n) && same_values(old.moment_nm, fp.moment_nm);
  };
  // A plate as read keeps its definition (the reader derived it); any other plate's must be
  // what the reader would derive. Every plate's centre of pressure and free moment must be
  // what its force and moment give: an edit to them alone would be lost without a word.
  std::vector<Eigen::Vector3d> surface_from_origin(plates.size());
  std::vector<bool> as_read_plate(plates.size());
  for (std::size_t k = 0; k < plates.size(); ++k) {
    const ForcePlate& fp = plates[k];
    const std::string where = "trial.force_plates[" + std::to_string(k) + "]";
    as_read_plate[k] = unchanged(k);
    ForcePlate geo;
    geo.type = fp.type;
    geo.corners_m = fp.corners_m;
    geo.origin_m = fp.origin_m;
    if (as_read_plate[k]) {
      surface_from_origin[k] = plate_geometry(geo, where + ".corners_m");
    } else {
      // The moment is about origin_lab_m and the outputs are in the frame R_lab_plate.
      HIPMECH_CHECK_ARG(fp.corners_m.allFinite() && fp.origin_m.allFinite(), where + ".corners_m",
                        "finite corners and origin_m", "NaN or inf");
      surface_from_origin[k] = plate_geometry(geo, where + ".corners_m");
      const double size_m = (fp.corners_m.row(0) - fp.corners_m.row(2)).norm();
      const struct {
        bool ok;
        const char* field;
      } derived[] = {{close(geo.R_lab_plate, fp.R_lab_plate, 1.0), ".R_lab_plate"},
                     {close(geo.center_m, fp.center_m, size_m), ".center_m"},
                     {close(geo.origin_lab_m, fp.origin_lab_m, size_m), ".origin_lab_m"}};
      for (const auto& d : derived) {
        HIPMECH_CHECK_ARG(d.ok, where + d.field,
                          "what its corners_m and origin_m give (hipmech.io.ForcePlate."
                          "from_wrench / make_force_plate fill it)",
                          "a different value");
      }
      if (fp.type == 4) {
        HIPMECH_CHECK_ARG(
            fp.calibration.rows() == 6 && fp.calibration.cols() == 6, where + ".calibration",
            "a 6 x 6 calibration matrix for a type-4 plate",
            std::to_string(fp.calibration.rows()) + " x " + std::to_string(fp.calibration.cols()));
      } else {
        HIPMECH_CHECK_ARG(
            fp.calibration.size() == 0, where + ".calibration",
            "none for a type-" + std::to_string(fp.type) + " plate",
            std::to_string(fp.calibration.rows()) + " x " + std::to_string(fp.calibration.cols()));
      }
    }
    const Eigen::Vector3d& s_from_o = surface_from_origin[k];
    for (Eigen::Index r = 0; r < n_samples; ++r) {
      const Eigen::Vector3d given_cop = fp.cop_m.row(r).transpose();
      const Eigen::Vector3d given_free = fp.free_moment_nm.row(r).transpose();
      if (given_cop.hasNaN() && given_free.hasNaN()) continue;  // below the threshold
      // A plate as read: its outputs are the reader's own where the reader gave them (a
      // lower cop threshold gives more rows: those are checked as an edited plate's are).
      if (as_read_plate[k] && !as_read[k].cop_m.row(r).hasNaN()) {
        if (!close(as_read[k].cop_m.row(r), fp.cop_m.row(r), 1e-3 + given_cop.norm()) ||
            !close(as_read[k].free_moment_nm.row(r), fp.free_moment_nm.row(r),
                   1e-3 + given_free.norm())) {
          throw InvalidArgument(where + ".cop_m",
                                "the centre of pressure and free moment its force_n and "
                                "moment_nm give (those are written; they follow from them)",
                                "a different point or moment at row " + std::to_string(r));
        }
        continue;
      }
      const Eigen::Vector3d F = fp.R_lab_plate.transpose() * fp.force_n.row(r).transpose();
      const Eigen::Vector3d Ms =
          fp.R_lab_plate.transpose() * fp.moment_nm.row(r).transpose() + F.cross(s_from_o);
      const Eigen::Vector3d p = fp.R_lab_plate.transpose() * (given_cop - fp.center_m);
      const Eigen::Vector3d pxF = p.cross(F);
      // Relative to every term's size: rounding in the reader's own arithmetic, never an edit
      const double tol =
          1e-6 + 1e-9 * (Ms.norm() + p.norm() * F.norm() + F.norm() * s_from_o.norm());
      if (given_cop.hasNaN()) {
        throw InvalidArgument(where + ".cop_m", "a centre of pressure where free_moment_nm has one",
                              "NaN at row " + std::to_string(r));
      }
      if (!(std::fabs(p.z()) <= 1e-6 + 1e-9 * p.norm() && (Ms - pxF).head<2>().norm() <= tol)) {
        throw InvalidArgument(where + ".cop_m",
                              "the centre of pressure its force_n and moment_nm give (those "
                              "are written; the centre of pressure follows from them)",
                              "a different point at row " + std::to_string(r));
      }
      if (!given_free.hasNaN() &&
          !((given_free - fp.R_lab_plate.col(2) * (Ms.z() - pxF.z())).norm() <= tol)) {
        throw InvalidArgument(where + ".free_moment_nm",
                              "the free moment its force_n and moment_nm give (those are "
                              "written; the free moment follows from them)",
                              "a different moment at row " + std::to_string(r));
      }
    }
  }

  bool all_as_read = plates.size() == as_read.size();
  for (std::size_t k = 0; k < plates.size() && all_as_read; ++k) all_as_read = as_read_plate[k];
  if (all_as_read) return keep_parameters();

  // A plate written anew must not share a channel with another plate (as read plates may:
  // the file's own layout, kept as it is, or the rewrite would change the other plate).
  std::vector<int> owner(n_channels0, -1);
  for (std::size_t k = 0; k < plates.size(); ++k) {
    for (int c : plates[k].channels) {
      int& o = owner[static_cast<std::size_t>(c - 1)];
      HIPMECH_CHECK_ARG(
          o < 0 || (as_read_plate[k] && as_read_plate[static_cast<std::size_t>(o)]),
          "trial.force_plates[" + std::to_string(k) + "].channels",
          "channels of its own (it is written from its outputs)",
          "channel " + std::to_string(c) + ", also used by plate " + std::to_string(o));
      if (o < 0) o = static_cast<int>(k);
    }
  }

  const bool any_type3 =
      std::any_of(plates.begin(), plates.end(), [](const ForcePlate& fp) { return fp.type == 3; });
  const std::size_t width = any_type3 ? 8 : 6;  // FORCE_PLATFORM:CHANNEL's first dimension
  std::vector<int> channel_numbers;
  std::vector<double> corners, origins, cal;
  bool any_type4 = false;
  for (std::size_t k = 0; k < plates.size(); ++k) {
    const ForcePlate& fp = plates[k];
    const std::string where = "trial.force_plates[" + std::to_string(k) + "]";
    const Eigen::Vector3d& s_from_o = surface_from_origin[k];
    const std::size_t n_ch = fp.type == 3 ? 8 : 6;
    std::vector<int> numbers = fp.channels;
    if (!as_read_plate[k]) {
      Analog& a = writable();
      if (numbers.empty()) {  // new channels, named as Vicon names a plate's
        static const char* const names6[] = {"Fx", "Fy", "Fz", "Mx", "My", "Mz"};
        static const char* const names1[] = {"Fx", "Fy", "Fz", "COPx", "COPy", "Tz"};
        static const char* const names3[] = {"Fx12", "Fx34", "Fy14", "Fy23",
                                             "Fz1",  "Fz2",  "Fz3",  "Fz4"};
        const char* const* base = fp.type == 1 ? names1 : fp.type == 3 ? names3 : names6;
        const Eigen::Index first = a.n_channels();
        Channels grown(n_samples, first + static_cast<Eigen::Index>(n_ch));
        grown.leftCols(first) = a.values;
        a.values = std::move(grown);
        for (std::size_t j = 0; j < n_ch; ++j) {
          std::string name = std::string(base[j]) + "_plate" + std::to_string(k + 1);
          while (std::find(a.names.begin(), a.names.end(), name) != a.names.end()) name += "_";
          a.names.push_back(name);
          a.descriptions.resize(a.names.size() - 1);
          a.descriptions.push_back("force plate " + std::to_string(k + 1));
          a.units_original.resize(a.names.size() - 1);
          a.units_original.emplace_back(fp.type == 4 ? "V" : "");
          numbers.push_back(static_cast<int>(first) + static_cast<int>(j) + 1);
        }
      }
      // Units of the channels written from outputs: N, N x POINT:UNITS, POINT:UNITS for the
      // type-1 centre of pressure (what Vicon writes); type 4 keeps its channels' units.
      const std::string moment_unit = length_unit == "mm" ? "Nmm" : "Nm";
      std::vector<double> to_si(n_ch, 1.0);
      for (std::size_t j = 0; j < n_ch; ++j) {
        const auto c = static_cast<std::size_t>(numbers[j] - 1);
        if (a.units_original.size() < a.names.size()) a.units_original.resize(a.names.size());
        std::string& unit = a.units_original[c];
        if (fp.type == 4) {
          to_si[j] = analog_to_si(unit);
        } else {
          const bool moment = (fp.type == 2 && j >= 3) || (fp.type == 1 && j == 5);
          const bool length = fp.type == 1 && (j == 3 || j == 4);
          unit = moment ? moment_unit : length ? (length_unit == "m" ? "m" : length_unit) : "N";
        }
      }
      const Channels values = plate_channels_si(fp, s_from_o, to_si, length_si, where);
      for (std::size_t j = 0; j < n_ch; ++j) {
        a.values.col(numbers[j] - 1) = values.col(static_cast<Eigen::Index>(j));
      }
    }
    for (std::size_t j = 0; j < width; ++j) channel_numbers.push_back(j < n_ch ? numbers[j] : 0);
    for (int i = 0; i < 4; ++i) {
      for (int c = 0; c < 3; ++c) corners.push_back(fp.corners_m(i, c) / length_si);
    }
    for (int c = 0; c < 3; ++c) origins.push_back(fp.origin_m[c] / length_si);
    Eigen::Matrix<double, 6, 6> m = Eigen::Matrix<double, 6, 6>::Zero();
    if (fp.type == 4) {
      m = fp.calibration;
      any_type4 = true;
    }
    for (int j = 0; j < 6; ++j) {
      for (int i = 0; i < 6; ++i) cal.push_back(m(i, j));  // first dimension fastest
    }
  }

  // FORCE_PLATFORM (C3D user guide): USED, TYPE, CHANNEL [6 or 8, USED], CORNERS [3, 4, USED],
  // ORIGIN [3, USED], CAL_MATRIX [6, 6, USED]; its other parameters are kept.
  const int used = static_cast<int>(plates.size());
  HIPMECH_CHECK_ARG(used <= 255, "trial.force_plates", "at most 255 plates", used);
  params.group_or_add("FORCE_PLATFORM", "Force platform parameters");
  set_number(params, "FORCE_PLATFORM", "USED", used, ParameterType::Int16);
  for (const char* name : {"TYPE", "CHANNEL", "CORNERS", "ORIGIN", "CAL_MATRIX"}) {
    params.erase("FORCE_PLATFORM", name);
  }
  {
    std::vector<double> types, channels(channel_numbers.begin(), channel_numbers.end());
    for (const ForcePlate& fp : plates) types.push_back(fp.type);
    const auto i16 = ParameterType::Int16;
    const auto f32 = ParameterType::Float;
    replace_keeping_metadata(params, "FORCE_PLATFORM", make_parameter("TYPE", types, i16, {used}));
    replace_keeping_metadata(
        params, "FORCE_PLATFORM",
        make_parameter("CHANNEL", channels, i16, {static_cast<int>(width), used}));
    replace_keeping_metadata(params, "FORCE_PLATFORM",
                             make_parameter("CORNERS", corners, f32, {3, 4, used}));
    replace_keeping_metadata(params, "FORCE_PLATFORM",
                             make_parameter("ORIGIN", origins, f32, {3, used}));
    if (any_type4) {
      replace_keeping_metadata(params, "FORCE_PLATFORM",
                               make_parameter("CAL_MATRIX", cal, f32, {6, 6, used}));
    }
  }
  return *out;
}

/// The common unit of the points of one kind: the first one's, or the SI unit.
std::string common_unit(const Trial& trial, PointKind kind, const std::string& fallback) {
  for (const Point& p : trial.points) {
    if (p.kind == kind && !p.unit_original.empty()) return p.unit_original;
  }
  return fallback;
}

}  // namespace

std::vector<std::uint8_t> write_c3d_bytes(const Trial& trial, const C3dWriteOptions& options) {
  const double rate = trial.point_rate_hz;
  HIPMECH_CHECK_ARG(std::isfinite(rate) && rate > 0, "trial.point_rate_hz", "a positive rate in Hz",
                    rate);
  const Eigen::Index n_frames = trial.n_frames();
  const std::size_t n_points = trial.points.size();
  HIPMECH_CHECK_ARG(n_points <= 32767, "trial.points", "at most 32767 points", n_points);
  for (const Point& p : trial.points) {
    HIPMECH_CHECK_SIZE(p.values.rows(), n_frames, "trial.points['" + p.name + "']", "frames");
    HIPMECH_CHECK_ARG(p.residual.size() == 0 || p.residual.size() == n_frames,
                      "trial.points['" + p.name + "'].residual", "0 or n_frames values",
                      p.residual.size());
    HIPMECH_CHECK_ARG(!p.name.empty() && p.name.size() <= 255, "trial.points",
                      "names of 1 to 255 characters", "'" + p.name + "'");
  }
  // Parameters: the trial's, with everything that describes the data rewritten.
  Parameters params = trial.parameters;
  // Units: one per kind, as C3D stores them. Markers keep the file's POINT:UNITS unless the
  // trial's markers say otherwise.
  const std::string old_marker_unit = trial.parameters.string("POINT", "UNITS");
  const std::string marker_unit =
      common_unit(trial, PointKind::Marker, old_marker_unit.empty() ? "m" : old_marker_unit);
  Analog analog_with_plates;
  const Analog& analog = write_force_plates(trial, marker_unit, params, analog_with_plates);
  const std::size_t n_channels = static_cast<std::size_t>(analog.n_channels());
  std::size_t spf = 0;
  if (n_channels > 0) {
    const double ratio = analog.rate_hz / rate;
    // At most 65535 samples per frame (a header word): also keeps the conversion defined.
    HIPMECH_CHECK_ARG(std::isfinite(ratio) && ratio >= 1 && ratio <= 65535 &&
                          std::fabs(ratio - std::round(ratio)) < 1e-6,
                      "trial.analog.rate_hz",
                      "a whole multiple (1 to 65535) of the point rate " + std::to_string(rate),
                      analog.rate_hz);
    spf = static_cast<std::size_t>(std::round(ratio));
    HIPMECH_CHECK_SIZE(analog.n_samples(), n_frames * static_cast<Eigen::Index>(spf),
                       "trial.analog.values", "samples (n_frames x analog samples per frame)");
    HIPMECH_CHECK_SIZE(analog.names.size(), n_channels, "trial.analog.names", "names");
    HIPMECH_CHECK_ARG(n_channels * spf <= 65535, "trial.analog", "at most 65535 analog values per frame",
                      n_channels * spf);
  }
  const long first = trial.first_frame;
  const long last = first + static_cast<long>(n_frames) - 1;
  HIPMECH_CHECK_ARG(first >= 1, "trial.first_frame", "a frame number >= 1", first);

  const PointKind kinds[] = {PointKind::Angle, PointKind::Force, PointKind::Moment,
                             PointKind::Power, PointKind::Scalar};
  std::vector<double> from_si(n_points);
  for (std::size_t i = 0; i < n_points; ++i) {
    const Point& p = trial.points[i];
    const std::string unit = p.kind == PointKind::Marker ? marker_unit
                                                         : common_unit(trial, p.kind, si_unit(p.kind));
    const double f = point_to_si(p.kind, unit);
    HIPMECH_CHECK_ARG(std::isfinite(f), "trial.points['" + p.name + "'].unit_original",
                      std::string("a known ") + to_string(p.kind) + " unit", "'" + unit + "'");
    from_si[i] = 1.0 / f;
  }

  const ParameterType i16 = ParameterType::Int16;
  const ParameterType f32 = ParameterType::Float;
  params.group_or_add("POINT", "3-D point parameters");
  params.group_or_add("ANALOG", "Analog data parameters");
  std::vector<std::string> labels, descriptions;
  for (const Point& p : trial.points) {
    labels.push_back(p.name);
    descriptions.push_back(p.description);
  }

  // Integer format: one point scale from the largest magnitude (user guide: |value| / scale
  // must fit in 16 bits).
  double point_scale = -std::fabs(params.number("POINT", "SCALE", 0, -0.1));
  if (point_scale == 0.0) point_scale = -0.1;
  if (options.integer_format) {
    double largest = 0.0;
    for (std::size_t i = 0; i < n_points; ++i) {
      const Trajectory& v = trial.points[i].values;
      for (Eigen::Index k = 0; k < v.size(); ++k) {
        const double x = std::fabs(v.data()[k] * from_si[i]);
        if (std::isfinite(x)) largest = std::max(largest, x);
      }
    }
    point_scale = largest > 0 ? largest / 32000.0 : 1.0;
  }

  set_number(params, "POINT", "USED", static_cast<double>(n_points), i16);
  set_number(params, "POINT", "FRAMES", static_cast<double>(std::min<Eigen::Index>(n_frames, 65535)), i16);
  set_number(params, "POINT", "SCALE", point_scale, f32);
  set_number(params, "POINT", "RATE", rate, f32);
  set_string(params, "POINT", "UNITS", marker_unit);
  // (FORCE_PLATFORM lengths are in POINT:UNITS: write_force_plates wrote them in marker_unit.)
  set_continued(params, "POINT", "LABELS", labels);
  set_continued(params, "POINT", "DESCRIPTIONS", descriptions);
  const char* lists[] = {"ANGLES", "FORCES", "MOMENTS", "POWERS", "SCALARS"};
  const char* unit_names[] = {"ANGLE_UNITS", "FORCE_UNITS", "MOMENT_UNITS", "POWER_UNITS",
                              "SCALAR_UNITS"};
  for (std::size_t k = 0; k < 5; ++k) {
    std::vector<std::string> members;
    for (const Point& p : trial.points) {
      if (p.kind == kinds[k]) members.push_back(p.name);
    }
    if (members.empty()) {
      for (int j = 1; j < 10; ++j) {
        params.erase("POINT", j == 1 ? std::string(lists[k]) : lists[k] + std::to_string(j));
      }
      continue;
    }
    set_continued(params, "POINT", lists[k], members);
    set_string(params, "POINT", unit_names[k], common_unit(trial, kinds[k], si_unit(kinds[k])));
  }
  set_string(params, "POINT", "X_SCREEN", to_string(trial.lab_axes.forward()));
  set_string(params, "POINT", "Y_SCREEN", to_string(trial.lab_axes.up()));

  // Analogs are written in their original units: float data with unit scales, or integers
  // with one scale per channel.
  std::vector<double> channel_from_si(n_channels), channel_scale(n_channels, 1.0);
  std::vector<std::string> channel_units(n_channels), channel_desc(n_channels);
  for (std::size_t c = 0; c < n_channels; ++c) {
    channel_units[c] = c < analog.units_original.size() ? analog.units_original[c] : "";
    channel_desc[c] = c < analog.descriptions.size() ? analog.descriptions[c] : "";
    channel_from_si[c] = 1.0 / analog_to_si(channel_units[c]);
    if (options.integer_format) {
      double largest = 0.0;
      for (Eigen::Index r = 0; r < analog.n_samples(); ++r) {
        const double x = std::fabs(analog.values(r, static_cast<Eigen::Index>(c)) * channel_from_si[c]);
        if (std::isfinite(x)) largest = std::max(largest, x);
      }
      channel_scale[c] = largest > 0 ? largest / 32000.0 : 1.0;
    }
  }
  set_number(params, "ANALOG", "USED", static_cast<double>(n_channels), i16);
  set_number(params, "ANALOG", "RATE", n_channels > 0 ? analog.rate_hz : rate, f32);
  set_number(params, "ANALOG", "GEN_SCALE", 1.0, f32);
  set_string(params, "ANALOG", "FORMAT", "SIGNED");
  set_number(params, "ANALOG", "BITS", 16, i16);
  set_continued(params, "ANALOG", "LABELS", analog.names);
  set_continued(params, "ANALOG", "DESCRIPTIONS", channel_desc);
  set_continued(params, "ANALOG", "UNITS", channel_units);
  set_continued(params, "ANALOG", "SCALE", channel_scale, f32);
  set_continued(params, "ANALOG", "OFFSET", std::vector<double>(n_channels, 0.0), i16);

  // Frame numbers beyond 16 bits (TRIAL:ACTUAL_START_FIELD / ACTUAL_END_FIELD, low word first).
  auto words = [](long v) {
    return std::vector<double>{static_cast<double>(static_cast<std::int16_t>(v & 0xFFFF)),
                               static_cast<double>(static_cast<std::int16_t>((v >> 16) & 0xFFFF))};
  };
  params.group_or_add("TRIAL", "Trial information");
  params.set("TRIAL", make_parameter("ACTUAL_START_FIELD", words(first), i16, {2}));
  params.set("TRIAL", make_parameter("ACTUAL_END_FIELD", words(last), i16, {2}));

  // Events.
  params.group_or_add("EVENT", "Event information");
  const std::size_t n_events = trial.events.size();
  HIPMECH_CHECK_ARG(n_events <= 255, "trial.events", "at most 255 events", n_events);
  set_number(params, "EVENT", "USED", static_cast<double>(n_events), i16);
  for (const char* name : {"TIMES", "LABELS", "CONTEXTS", "DESCRIPTIONS", "SUBJECTS",
                           "ICON_IDS", "GENERIC_FLAGS"}) {
    params.erase("EVENT", name);
  }
  if (n_events > 0) {
    std::vector<double> times, icons, flags;
    std::vector<std::string> ev_labels, contexts, ev_desc, subjects;
    for (const Event& e : trial.events) {
      HIPMECH_CHECK_ARG(std::isfinite(e.time_s) && e.time_s >= 0, "trial.events",
                        "event times >= 0 s", e.time_s);
      const double minutes = std::floor(e.time_s / 60.0);
      times.push_back(minutes);
      times.push_back(e.time_s - 60.0 * minutes);
      icons.push_back(e.icon_id);
      flags.push_back(e.generic_flag);
      ev_labels.push_back(e.label);
      contexts.push_back(e.context);
      ev_desc.push_back(e.description);
      subjects.push_back(e.subject);
    }
    params.set("EVENT", make_parameter("TIMES", times, f32, {2, static_cast<int>(n_events)}));
    set_continued(params, "EVENT", "LABELS", ev_labels);
    set_continued(params, "EVENT", "CONTEXTS", contexts);
    set_continued(params, "EVENT", "DESCRIPTIONS", ev_desc);
    set_continued(params, "EVENT", "SUBJECTS", subjects);
    set_continued(params, "EVENT", "ICON_IDS", icons, i16);
    set_continued(params, "EVENT", "GENERIC_FLAGS", flags, i16);
  }

  // Subject parameters back into PROCESSING (mm and kg, as Vicon writes them).
  // A field the trial no longer gives (NaN) must not come back from the file's parameters.
  for (const SubjectField& field : subject_fields()) {
    for (int side = 0; side < (field.sided ? 2 : 1); ++side) {
      const double v = subject_value(trial.subject, field, side);
      const std::string name = subject_parameter_name(field, side, SubjectNaming::C3d);
      const Parameter* old = params.find("PROCESSING", name);
      if (std::isfinite(v)) {
        set_number(params, "PROCESSING", name, v / field.file_to_si, f32);
      } else if (old && old->type != ParameterType::Char) {
        params.erase("PROCESSING", name);
      }
    }
  }

  // Two passes: DATA_START depends on the parameter section's size.
  Writer w(options.processor);
  for (int pass = 0; pass < 2; ++pass) {
    w.out.assign(kBlock, 0);
    // (the file's value, which may be a float parameter holding NaN: a placeholder here)
    const double data_start = params.number("POINT", "DATA_START", 0, 0.0);
    set_number(params, "POINT", "DATA_START",
               std::isfinite(data_start) && data_start >= 0 ? data_start : 0.0, i16);
    write_parameters(w, params);
    const double actual = static_cast<double>(w.out.size() / kBlock + 1);
    if (actual == data_start) break;
    HIPMECH_CHECK_ARG(actual <= 65535, "trial.parameters", "a smaller parameter section", actual);
    set_number(params, "POINT", "DATA_START", actual, i16);
  }
  w.out[kBlock + 3] = static_cast<std::uint8_t>(kProcessorBase + static_cast<int>(options.processor));
  const std::size_t data_block = w.out.size() / kBlock + 1;

  // Header (user guide ch. 2); words are 1-based, so word k lives at byte 2(k-1).
  w.out[0] = 2;
  w.out[1] = kMagic;
  w.put_u16(2, static_cast<unsigned>(n_points));
  w.put_u16(4, static_cast<unsigned>(n_channels * spf));
  w.put_u16(6, static_cast<unsigned>(std::min(first, 65535L)));
  w.put_u16(8, static_cast<unsigned>(std::min(last, 65535L)));
  w.put_u16(10, 10);
  w.put_f32(12, point_scale);
  w.put_u16(16, static_cast<unsigned>(data_block));
  w.put_u16(18, static_cast<unsigned>(spf));
  w.put_f32(20, rate);
  w.put_u16(298, kHeaderEventLabelKey);
  const std::size_t header_events = std::min<std::size_t>(n_events, kMaxHeaderEvents);
  w.put_u16(300, static_cast<unsigned>(header_events));
  for (std::size_t k = 0; k < header_events; ++k) {
    w.put_f32(304 + 4 * k, trial.events[k].time_s);
    w.out[376 + k] = 1;
    const std::string& label = trial.events[k].label;
    for (std::size_t c = 0; c < 4; ++c) {
      w.out[396 + 4 * k + c] = c < label.size() ? static_cast<std::uint8_t>(label[c]) : ' ';
    }
  }

  // Data (user guide ch. 4): per frame the points (x, y, z, residual), then the analog samples.
  const bool is_float = !options.integer_format;
  const std::size_t word = is_float ? 4 : 2;
  w.out.reserve(w.out.size() + static_cast<std::size_t>(n_frames) * (4 * n_points + n_channels * spf) * word + kBlock);
  auto value = [&](double v, double scale) {
    if (is_float) {
      w.f32(v);
    } else {
      w.i16(static_cast<int>(std::lround(std::clamp(v / scale, -32768.0, 32767.0))));
    }
  };
  for (Eigen::Index f = 0; f < n_frames; ++f) {
    for (std::size_t i = 0; i < n_points; ++i) {
      const Point& p = trial.points[i];
      const bool missing = !p.values.row(f).allFinite();
      double residual = p.residual.size() > 0 ? p.residual[f] : 0.0;
      if (!std::isfinite(residual) || residual < 0) residual = 0.0;
      if (missing) residual = -1.0;
      for (int a = 0; a < 3; ++a) value(missing ? 0.0 : p.values(f, a) * from_si[i], point_scale);
      if (is_float) {
        w.f32(residual);
      } else {
        w.i16(missing ? -1 : static_cast<int>(std::clamp(residual, 0.0, 32767.0)));
      }
    }
    for (std::size_t s2 = 0; s2 < spf; ++s2) {
      const Eigen::Index row = f * static_cast<Eigen::Index>(spf) + static_cast<Eigen::Index>(s2);
      for (std::size_t c = 0; c < n_channels; ++c) {
        value(analog.values(row, static_cast<Eigen::Index>(c)) * channel_from_si[c], channel_scale[c]);
      }
    }
  }
  w.pad_to_block();
  return std::move(w.out);
}

void write_c3d(const Trial& trial, const std::string& path, const C3dWriteOptions& options) {
  const std::vector<std::uint8_t> bytes = write_c3d_bytes(trial, options);
  text_detail::write_file(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace hipmech::io
