// Runs train_batch off the JavaScript thread and streams metric batches back.
#pragma once

#include <napi.h>

#include <memory>
#include <vector>

#include "engine.h"

namespace modcomp_binding {

// Starts training; returns the job object ({ cancel() }) handed back to JavaScript.
Napi::Object start_training(Napi::Env env, std::vector<modcomp::RunSpec> specs, modcomp::EngineOptions options,
                            double progress_interval_ms, Napi::Function on_progress, Napi::Function on_done);

}  // namespace modcomp_binding
