// JavaScript values -> engine specs. Every check names the setting by its schema path and says
// what it accepts (the numbers come from the engine's limits table, limits.h), and throws a JS
// TypeError/RangeError; nothing here may crash, whatever it is given.
#pragma once

#include <napi.h>

#include <string>
#include <vector>

#include "engine.h"
#include "run_spec.h"

namespace modcomp_binding {

// `run` names the spec in messages ("specs[2]: data.P must be ..."): see batch_position.
modcomp::RunSpec spec_from_js(const Napi::Value& value, const std::string& run);
std::vector<modcomp::RunSpec> specs_from_js(const Napi::Value& value);
// How messages name the run at `index` of a train() batch: "specs[2]".
std::string batch_position(size_t index);
modcomp::EngineOptions options_from_js(const Napi::Value& value, double& progress_interval_ms);
modcomp::Mode mode_from_js(const Napi::Value& value, const std::string& where, int K);
// Weights per modality (m*d each) for evaluate().
std::vector<std::vector<double>> weights_from_js(const Napi::Value& value, const modcomp::RunSpec& spec);
// evaluate()'s step: an integer in [0, train.steps].
double read_evaluation_step(const Napi::Value& value, const modcomp::RunSpec& spec);
// Throws a RangeError when the spec fails the engine's own checks or memory limit.
void check_trainable(Napi::Env env, const modcomp::RunSpec& spec, const std::string& run, double memory_limit);

}  // namespace modcomp_binding
