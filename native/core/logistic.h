// The logistic loss and its derivative, in forms that neither overflow nor lose precision:
// softplus(x) = log(1 + e^x) and sigmoid(x) = 1 / (1 + e^-x).
#pragma once

#include <cmath>

namespace modcomp {

inline double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

inline double sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

}  // namespace modcomp
