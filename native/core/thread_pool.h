// A small fixed pool of worker threads for data-parallel loops.
//
// Work is split into tasks whose results never depend on which thread runs them, so every
// result is bit-identical for any thread count. `Parallel` is the interface the numeric code
// sees: a pool, or the serial executor used inside a task that is itself one of many.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace modcomp {

class Parallel {
 public:
  virtual ~Parallel() = default;
  // Calls fn(task) for every task in [0, tasks); returns when all are done.
  virtual void run(size_t tasks, const std::function<void(size_t)>& fn) = 0;
  virtual int threads() const = 0;
};

class SerialExecutor final : public Parallel {
 public:
  void run(size_t tasks, const std::function<void(size_t)>& fn) override {
    for (size_t t = 0; t < tasks; ++t) fn(t);
  }
  int threads() const override { return 1; }
};

class ThreadPool final : public Parallel {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool() override;
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void run(size_t tasks, const std::function<void(size_t)>& fn) override;
  int threads() const override { return static_cast<int>(workers_.size()) + 1; }

 private:
  void worker_loop();
  void drain();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(size_t)>* job_ = nullptr;
  size_t job_tasks_ = 0;
  std::atomic<size_t> next_task_{0};
  // Atomic so a waiting thread can poll them before it sleeps. A run sets both under mutex_;
  // a worker leaving the run decrements busy_workers_ without it.
  std::atomic<size_t> busy_workers_{0};
  std::atomic<uint64_t> generation_{0};
  bool stopping_ = false;
  std::exception_ptr failure_;  // first exception a task threw; rethrown by run()
};

// Chooses the thread count: 0 means all hardware threads.
int resolve_thread_count(int requested);

}  // namespace modcomp
