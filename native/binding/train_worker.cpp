#include "train_worker.h"

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "results_to_js.h"

namespace modcomp_binding {
namespace {

struct ProgressPayload {
  int run = 0;
  std::string mode;
  int64_t stepsDone = 0, stepsTotal = 0;
  modcomp::Series series;  // only the records not sent before
};

using Worker = Napi::AsyncProgressQueueWorker<ProgressPayload>;

// Forwards new records of each (run, mode) at most once per interval, and always at the end.
class ThrottledSink final : public modcomp::ProgressSink {
 public:
  ThrottledSink(const Worker::ExecutionProgress& progress, double interval_ms)
      : progress_(progress), interval_(std::chrono::duration<double, std::milli>(interval_ms)) {}

  void on_progress(int run, int mode_index, const std::string& mode, int64_t steps_done, int64_t steps_total,
                   const modcomp::Series& series, bool finished) override {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    Cursor& cursor = cursors_[{run, mode_index}];
    if (!finished && now - cursor.last_sent < interval_) return;
    cursor.last_sent = now;
    ProgressPayload payload;
    payload.run = run;
    payload.mode = mode;
    payload.stepsDone = steps_done;
    payload.stepsTotal = steps_total;
    payload.series.K = series.K;
    payload.series.m = series.m;
    payload.series.append_from(series, cursor.records_sent);
    cursor.records_sent = series.count();
    progress_.Send(&payload, 1);
  }

 private:
  struct Cursor {
    std::chrono::steady_clock::time_point last_sent{};
    size_t records_sent = 0;
  };
  const Worker::ExecutionProgress& progress_;
  std::chrono::duration<double, std::milli> interval_;
  std::mutex mutex_;
  std::map<std::pair<int, int>, Cursor> cursors_;
};

class TrainWorker final : public Worker {
 public:
  TrainWorker(Napi::Function on_done, Napi::Function on_progress, std::vector<modcomp::RunSpec> specs,
              modcomp::EngineOptions options, double interval_ms, std::shared_ptr<modcomp::CancelFlag> cancel)
      : Worker(on_done, "modcomp:train"),
        specs_(std::move(specs)),
        options_(options),
        interval_ms_(interval_ms),
        cancel_(std::move(cancel)) {
    on_progress_ = Napi::Persistent(on_progress);
    options_.cancel = cancel_.get();
  }

 protected:
  void Execute(const ExecutionProgress& progress) override {
    ThrottledSink sink(progress, interval_ms_);
    options_.sink = &sink;
    try {
      results_ = modcomp::train_batch(specs_, options_);
    } catch (const std::exception& e) {
      SetError(std::string("training failed: ") + e.what());
    } catch (...) {
      SetError("training failed with an unknown error");
    }
    options_.sink = nullptr;
  }

  void OnProgress(const ProgressPayload* data, size_t count) override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    for (size_t i = 0; i < count && !callback_failed_; ++i) {
      Napi::Object batch = Napi::Object::New(env);
      batch.Set("runIndex", data[i].run);
      batch.Set("mode", data[i].mode);
      batch.Set("stepsDone", Napi::Number::New(env, static_cast<double>(data[i].stepsDone)));
      batch.Set("stepsTotal", Napi::Number::New(env, static_cast<double>(data[i].stepsTotal)));
      batch.Set("series", series_to_js(env, data[i].series));
      try {
        on_progress_.Call({batch});
      } catch (const Napi::Error& e) {
        // A throwing progress listener stops the training and is reported through onDone. The
        // thrown value may be a primitive, which Node 20 cannot reference directly, so it is
        // kept inside a holder object.
        cancel_->requested = true;
        callback_failed_ = true;
        Napi::Object holder = Napi::Object::New(env);
        holder.Set("thrown", e.Value());
        callback_error_ = Napi::Persistent(holder);
      }
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    if (callback_failed_) {
      Callback().Call({callback_error_.Value().Get("thrown"), env.Undefined()});
      return;
    }
    Napi::Array results = Napi::Array::New(env, results_.size());
    for (size_t i = 0; i < results_.size(); ++i)
      results.Set(static_cast<uint32_t>(i), run_result_to_js(env, results_[i], specs_[i].precision));
    Callback().Call({env.Null(), results});
  }

  void OnError(const Napi::Error& error) override {
    Napi::HandleScope scope(Env());
    Callback().Call({error.Value(), Env().Undefined()});
  }

 private:
  std::vector<modcomp::RunSpec> specs_;
  modcomp::EngineOptions options_;
  double interval_ms_;
  std::shared_ptr<modcomp::CancelFlag> cancel_;
  std::vector<modcomp::RunResult> results_;
  Napi::FunctionReference on_progress_;
  bool callback_failed_ = false;
  Napi::ObjectReference callback_error_;
};

}  // namespace

Napi::Object start_training(Napi::Env env, std::vector<modcomp::RunSpec> specs, modcomp::EngineOptions options,
                            double progress_interval_ms, Napi::Function on_progress, Napi::Function on_done) {
  auto cancel = std::make_shared<modcomp::CancelFlag>();
  auto* worker = new TrainWorker(on_done, on_progress, std::move(specs), options, progress_interval_ms, cancel);
  worker->Queue();
  Napi::Object job = Napi::Object::New(env);
  // The flag is shared with the worker, so cancel() stays safe even after training finished.
  job.Set("cancel", Napi::Function::New(
                        env, [cancel](const Napi::CallbackInfo&) { cancel->requested = true; }, "cancel"));
  return job;
}

}  // namespace modcomp_binding
