// Engine results -> JavaScript objects (typed arrays for every bulk series).
#pragma once

#include <napi.h>

#include "dataset.h"
#include "results.h"
#include "run_spec.h"

namespace modcomp_binding {

Napi::Object series_to_js(Napi::Env env, const modcomp::Series& series);
Napi::Object run_result_to_js(Napi::Env env, const modcomp::RunResult& run, modcomp::Precision precision);
Napi::Value reals_to_js(Napi::Env env, const std::vector<double>& values, modcomp::Precision precision);
template <typename T>
Napi::Object dataset_to_js(Napi::Env env, const modcomp::Dataset<T>& data);

}  // namespace modcomp_binding
