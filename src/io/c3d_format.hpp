// Private helpers shared by the C3D reader and writer: byte order, DEC floats, units.
// C3D file format user guide (c3d.org), ch. 2 (header), 3 (parameters), 4 (data).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "hipmech/io/c3d.hpp"

namespace hipmech::io::c3d_detail {

constexpr std::size_t kBlock = 512;    // bytes per C3D block
constexpr std::uint8_t kMagic = 0x50;  // header byte 2 (1-based): "P"
constexpr int kProcessorBase = 83;     // parameter byte 4 = 83 + processor type
constexpr int kHeaderEventLabelKey = 12345;
constexpr int kMaxHeaderEvents = 18;

/// DEC (VAX F_floating) bytes -> value. The format stores a 16-bit word with sign, 8-bit
/// exponent (bias 128) and the high fraction bits, then the low 16 fraction bits, both words
/// little-endian; the value is 0.1f x 2^(e-128) with a hidden leading 1 after the point.
inline double dec_to_double(const std::uint8_t* b) noexcept {
  const unsigned w0 = static_cast<unsigned>(b[0]) | (static_cast<unsigned>(b[1]) << 8U);
  const unsigned w1 = static_cast<unsigned>(b[2]) | (static_cast<unsigned>(b[3]) << 8U);
  const int exponent = static_cast<int>((w0 >> 7U) & 0xFFU);
  if (exponent == 0) return 0.0;  // zero (and the reserved operand, read as zero)
  const unsigned mantissa = 0x800000U | ((w0 & 0x7FU) << 16U) | w1;
  const double value = std::ldexp(static_cast<double>(mantissa), exponent - 128 - 24);
  return (w0 & 0x8000U) ? -value : value;
}

/// Value -> DEC bytes (the inverse of dec_to_double for every float32 value in DEC range;
/// NaN has no DEC representation and is written as zero, magnitudes beyond DEC's range clamp).
inline void double_to_dec(double v, std::uint8_t* b) noexcept {
  const float f = static_cast<float>(v);
  std::memset(b, 0, 4);
  if (f == 0.0F || std::isnan(f)) return;
  int e2 = 0;
  const double frac = std::frexp(static_cast<double>(std::fabs(f)), &e2);  // [0.5, 1)
  int exponent = e2 + 128;
  auto mantissa = static_cast<std::uint32_t>(std::ldexp(frac, 24));  // exact: 24 bits
  if (exponent < 1) return;  // underflow -> 0
  if (exponent > 255) {
    exponent = 255;
    mantissa = 0xFFFFFFU;
  }
  const unsigned w0 = (f < 0.0F ? 0x8000U : 0U) | (static_cast<unsigned>(exponent) << 7U) |
                      ((mantissa >> 16U) & 0x7FU);
  const unsigned w1 = mantissa & 0xFFFFU;
  b[0] = static_cast<std::uint8_t>(w0 & 0xFFU);
  b[1] = static_cast<std::uint8_t>(w0 >> 8U);
  b[2] = static_cast<std::uint8_t>(w1 & 0xFFU);
  b[3] = static_cast<std::uint8_t>(w1 >> 8U);
}

/// Factor from a length unit to metres; NaN when unknown.
double length_to_m(const std::string& unit) noexcept;
/// Factor to SI for a point of `kind` stored in `unit`; NaN when unknown.
double point_to_si(PointKind kind, const std::string& unit) noexcept;
/// Factor to SI for an analog channel in `unit`; 1 when the unit is not a known physical unit
/// (V, counts, ...), so unknown channels pass through unchanged.
double analog_to_si(const std::string& unit) noexcept;
/// The SI unit name of a point kind ("m", "rad", "N", "Nm", "W", "").
const char* si_unit(PointKind kind) noexcept;

/// Centre of pressure p relative to the surface centre (plate frame, z = 0) and free moment
/// Tz about the plate z axis, from the force F and its moment Ms about the surface centre, both
/// in the plate frame: where on the surface the wrench acts (C3D user guide, "Force platform
/// data"; types 2-4). Non-finite where F.z() is 0.
void cop_and_free_moment(const Eigen::Vector3d& F, const Eigen::Vector3d& Ms, Eigen::Vector3d& p,
                         double& Tz);

/// Fill a plate's R_lab_plate, center_m and origin_lab_m from its type, corners and ORIGIN;
/// returns the surface centre relative to the transducer origin in the plate frame [m].
/// \throws InvalidArgument naming `where` for degenerate corners.
Eigen::Vector3d plate_geometry(ForcePlate& plate, const std::string& where);

/// The analog channel values of a plate (n_samples x 6, or x 8 for type 3), in SI as
/// Analog::values holds them, that force_plates_from_analog turns back into the plate's
/// force_n and moment_nm: the inverse of its formulas per type. `channel_to_si` gives each
/// channel's unit factor (type 4: the calibration acts on the file's units); `length_si` is
/// POINT:UNITS in metres. Type 1 holds the moment as centre of pressure x vertical force plus
/// a free moment, type 3 splits the wrench over Kistler's eight channels (the smallest
/// channel values that give it: a minimum-norm solution).
/// \throws InvalidArgument naming `where` + the field when the plate cannot hold its wrench
///         (type 1: a horizontal moment without vertical force; type 3: a or b zero; type 4:
///         a singular calibration matrix).
Channels plate_channels_si(const ForcePlate& plate, const Eigen::Vector3d& s_from_o,
                           const std::vector<double>& channel_to_si, double length_si,
                           const std::string& where);

}  // namespace hipmech::io::c3d_detail
