// Catch2 matcher for Eigen blocks: checks the shape first, then every element within an
// absolute tolerance; NaN must match NaN position by position (a missing frame stays missing).
#pragma once

#include <cmath>
#include <sstream>
#include <string>

#include <Eigen/Core>
#include <catch2/matchers/catch_matchers_templated.hpp>

namespace hipmech::testing {

class EigenNear : public Catch::Matchers::MatcherGenericBase {
 public:
  template <typename Derived>
  EigenNear(const Eigen::DenseBase<Derived>& expected, double abs_tol)
      : expected_(expected.derived().template cast<double>()), tol_(abs_tol) {}

  template <typename Derived>
  bool match(const Eigen::DenseBase<Derived>& actual_in) const {
    const Eigen::MatrixXd actual = actual_in.derived().template cast<double>();
    if (actual.rows() != expected_.rows() || actual.cols() != expected_.cols()) {
      why_ = "shape " + shape(actual) + " != expected " + shape(expected_);
      return false;
    }
    for (Eigen::Index r = 0; r < actual.rows(); ++r) {
      for (Eigen::Index c = 0; c < actual.cols(); ++c) {
        const double a = actual(r, c);
        const double e = expected_(r, c);
        const bool ok = (std::isnan(a) && std::isnan(e)) ||
                        (!std::isnan(a) && !std::isnan(e) && std::abs(a - e) <= tol_);
        if (!ok) {
          std::ostringstream os;
          os.precision(17);
          os << "element (" << r << ", " << c << ") is " << a << ", expected " << e;
          why_ = os.str();
          return false;
        }
      }
    }
    return true;
  }

  std::string describe() const override {
    std::ostringstream os;
    os << "is within " << tol_ << " of the expected " << shape(expected_) << " block";
    if (!why_.empty()) os << " (" << why_ << ")";
    return os.str();
  }

 private:
  static std::string shape(const Eigen::MatrixXd& m) {
    return "(" + std::to_string(m.rows()) + ", " + std::to_string(m.cols()) + ")";
  }
  Eigen::MatrixXd expected_;
  double tol_;
  mutable std::string why_;
};

template <typename Derived>
EigenNear IsNear(const Eigen::DenseBase<Derived>& expected, double abs_tol = 1e-12) {
  return EigenNear(expected, abs_tol);
}

}  // namespace hipmech::testing
