#include "results.h"

namespace modcomp {

std::vector<std::string> scalar_names(int K) {
  std::vector<std::string> names{"trainLoss", "trainErr", "testLoss", "testErr"};
  static const char* const per_modality[kPerModality] = {"gamma",          "gammaPlus",    "gammaMinus",   "phi",
                                                         "gradNorm",       "outputShare",  "aloneTestErr", "gradShare",
                                                         "unimodalCosine", "maskedTestErr"};
  for (int r = 0; r < K; ++r)
    for (const char* name : per_modality) names.push_back(std::string(name) + std::to_string(r));
  return names;
}

void Series::append_from(const Series& other, size_t from) {
  K = other.K;
  m = other.m;
  const size_t w = other.width(), a = static_cast<size_t>(other.K) * other.m;
  steps.insert(steps.end(), other.steps.begin() + from, other.steps.end());
  scalars.insert(scalars.end(), other.scalars.begin() + from * w, other.scalars.end());
  alignments.insert(alignments.end(), other.alignments.begin() + from * a, other.alignments.end());
}

}  // namespace modcomp
