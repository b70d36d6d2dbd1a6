#include "run_trainer.h"

#include <exception>
#include <new>
#include <string>

#include "dataset.h"
#include "packed_data.h"
#include "run_predictions.h"
#include "trainer.h"
#include "validate.h"

namespace modcomp {
namespace {

template <typename T>
void train_modes(const RunSpec& spec, int index, Parallel& par, const RunControl& control, RunResult& result) {
  PackedData<T> packed;
  std::vector<std::vector<T>> init;
  {
    const Dataset<T> data = build_dataset<T>(spec, par);
    init = initial_weights<T>(spec, par);
    packed = pack_dataset<T>(data);
  }  // the unpacked copy is released before training
  predict_run(spec, packed, init, result);
  for (size_t k = 0; k < spec.train.modes.size(); ++k) {
    ModeContext ctx{par, control.cancel, control.sink, nullptr, index, static_cast<int>(k)};
    result.modes.push_back(train_mode<T>(spec, packed, init, spec.train.modes[k], ctx));
  }
}

}  // namespace

void train_run(const RunSpec& spec, int index, Parallel& par, const RunControl& control, RunResult& result) {
  result.index = index;
  const std::string invalid = validate_run_spec(spec);
  if (!invalid.empty()) {
    result.error = invalid;
    return;
  }
  const double need = estimate_run_bytes(spec, 1);
  if (need > control.memoryLimitBytes) {
    result.error = describe_memory_need(spec, control.memoryLimitBytes);
    return;
  }
  if (control.cancel && control.cancel->is_set()) {
    result.error = "cancelled before it started";
    return;
  }
  try {
    if (spec.precision == Precision::F64)
      train_modes<double>(spec, index, par, control, result);
    else
      train_modes<float>(spec, index, par, control, result);
  } catch (const std::bad_alloc&) {
    result.modes.clear();
    result.error = "out of memory while training (estimated need " + format_bytes(need) + ")";
  } catch (const std::exception& e) {
    result.modes.clear();
    result.error = std::string("training failed: ") + e.what();
  }
}

}  // namespace modcomp
