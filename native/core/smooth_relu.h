// The smoothed ReLU of the science page and its slope, for threshold rho > 0 and power q >= 1:
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
        int_power_(q == std::floor(q) && q <= 8 ? static_cast<int>(q) : 0),
        odd_(head == Head::Odd),
        q_is_one_(q == 1.0) {}

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

  // The vector form (cpu_kernels.h) needs an integer power; false for other q.
  bool vector_parameters(T& rho, T& inv_rho, T& scale, int& power, bool& odd) const {
    if (int_power_ <= 0) return false;
    rho = rho_;
    inv_rho = inv_rho_;
    scale = inv_q_;
    power = int_power_ - 1;
    odd = odd_;
    return true;
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

  // Branch-free, so loops over neurons vectorise: with t = clamp(z, 0, rho) / rho,
  //   value = (rho/q) t^q + max(z - rho, 0),   slope = 1 above rho, else t^(q-1) (0 below 0).
  inline void one_sided(T z, T& value, T& slope) const {
    const T clamped = z < T(0) ? T(0) : (z > rho_ ? rho_ : z);
    const T t = clamped * inv_rho_;
    const T tq1 = q_is_one_ ? (z > T(0) ? T(1) : T(0)) : power_qm1(t);
    const T above = z - rho_;
    value = inv_q_ * tq1 * t + (above > T(0) ? above : T(0));
    slope = z >= rho_ ? T(1) : tq1;
  }

  T rho_, inv_rho_, q_, inv_q_;
  int int_power_;
  bool odd_, q_is_one_;
};

}  // namespace modcomp
