#include "limits.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace modcomp {

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  if (value == std::floor(value) && std::fabs(value) <= 9007199254740992.0) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

std::string describe_limit(const Limit& limit) {
  const std::string lo = format_number(limit.min);
  if (limit.integer) return "an integer in [" + lo + ", " + format_number(limit.max) + "]";
  if (std::isinf(limit.max)) return std::string("a finite number ") + (limit.aboveMin ? "> " : ">= ") + lo;
  return std::string("a finite number in ") + (limit.aboveMin ? "(" : "[") + lo + ", " + format_number(limit.max) + "]";
}

std::string check_limit(const Limit& limit, double value, const std::string& path) {
  const bool in_range = std::isfinite(value) && (limit.aboveMin ? value > limit.min : value >= limit.min) &&
                        value <= limit.max && (!limit.integer || value == std::floor(value));
  if (in_range) return {};
  return path + " must be " + describe_limit(limit) + ", got " + format_number(value);
}

std::string check_limit(Setting setting, double value) {
  const Limit& row = limit(setting);
  return check_limit(row, value, row.path);
}

}  // namespace modcomp
