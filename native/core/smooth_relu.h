// The smoothed ReLU of SCIENCE.md and its slope, for threshold rho > 0 and power q >= 1:
//   0 for z <= 0;  z^q / (q rho^(q-1)) for 0 <= z <= rho;  z - (1 - 1/q) rho for z >= rho.
// The "odd" head uses act(z) = s(z) - s(-z), whose slope is s'(z) + s'(-z).
#pragma once

#include <cmath>

#include "run_spec.h"

namespace modcomp {

template <typename T>
class SmoothRelu {
 public:
  SmoothRelu(double q, double rho, Head head)
      : rho_(static_cast<T>(rho)),
        inv_rho_(static_cast<T>(1.0 / rho)),
        q_(static_cast<T>(q)),
        inv_q_(static_cast<T>(rho / q)),  // z^q/(q rho^(q-1)) = (rho/q) (z/rho)^q
        shift_(static_cast<T>((1.0 - 1.0 / q) * rho)),
        int_power_(q == std::floor(q) && q <= 8 ? static_cast<int>(q) : 0),
        odd_(head == Head::Odd) {}

  // Pre-activation -> (activation, slope), for the head's form.
  inline void eval(T z, T& value, T& slope) const {
    if (!odd_) {
      one_sided(z, value, slope);
      return;
    }
    T vp, sp, vn, sn;
    one_sided(z, vp, sp);
    one_sided(-z, vn, sn);
    value = vp - vn;
    slope = sp + sn;
  }

  inline T value(T z) const {
    T v, s;
    eval(z, v, s);
    return v;
  }

 private:
  // (z/rho)^(q-1), with a multiply chain when q is a small integer.
  inline T power_qm1(T t) const {
    if (int_power_ > 0) {
      T result = T(1);
      for (int i = 1; i < int_power_; ++i) result *= t;
      return result;
    }
    return std::pow(t, q_ - T(1));
  }

  inline void one_sided(T z, T& value, T& slope) const {
    if (z <= T(0)) {
      value = T(0);
      slope = T(0);
    } else if (z >= rho_) {
      value = z - shift_;
      slope = T(1);
    } else {
      const T t = z * inv_rho_;
      const T tq1 = power_qm1(t);
      slope = tq1;
      value = inv_q_ * tq1 * t;
    }
  }

  T rho_, inv_rho_, q_, inv_q_, shift_;
  int int_power_;
  bool odd_;
};

}  // namespace modcomp
