#include "thread_pool.h"

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "limits.h"

namespace modcomp {
namespace {

// How long a thread polls for its next event (new work for a worker, the workers' end for the
// caller) before it sleeps on a condition variable. A gradient step is a dozen short parallel
// runs, and waking a sleeping thread took tens of microseconds each on the 2-core bench machine
// (about a tenth of a paper-single step); polling this long removed most of it. The poll never
// yields: a yielding poller handed its core to other processes for a whole time slice, which
// made a step several times slower on a busy machine, while this bounded poll measured within
// the noise of sleeping at once with one or two busy processes per core, and with two engines
// training side by side.
constexpr std::chrono::microseconds kPollBeforeSleep{30};

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}

// True once ready() holds, false when kPollBeforeSleep passed first.
template <typename Ready>
bool poll_until(Ready ready) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    for (int i = 0; i < 16; ++i) {
      if (ready()) return true;
      cpu_relax();
    }
    if (std::chrono::steady_clock::now() - start > kPollBeforeSleep) return false;
  }
}

}  // namespace

int resolve_thread_count(int requested) {
  const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (requested <= 0) return hardware;
  return std::min(requested, static_cast<int>(limit(Setting::OptionsThreads).max));
}

ThreadPool::ThreadPool(int threads) {
  const int extra = std::max(0, threads - 1);  // the calling thread works too
  workers_.reserve(static_cast<size_t>(extra));
  for (int i = 0; i < extra; ++i) workers_.emplace_back([this] { worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void ThreadPool::drain() {
  for (;;) {
    const size_t task = next_task_.fetch_add(1, std::memory_order_relaxed);
    if (task >= job_tasks_) return;
    try {
      (*job_)(task);
    } catch (...) {
      // A worker must never let an exception escape (that would terminate the process).
      std::lock_guard<std::mutex> lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
    }
  }
}

void ThreadPool::run(size_t tasks, const std::function<void(size_t)>& fn) {
  if (tasks == 0) return;
  if (workers_.empty() || tasks == 1) {
    for (size_t t = 0; t < tasks; ++t) fn(t);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = &fn;
    job_tasks_ = tasks;
    next_task_.store(0, std::memory_order_relaxed);
    busy_workers_.store(workers_.size());
    generation_.fetch_add(1);
  }
  wake_.notify_all();
  drain();
  poll_until([this] { return busy_workers_.load() == 0; });
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return busy_workers_.load() == 0; });
  job_ = nullptr;
  if (failure_) {
    std::exception_ptr failure = failure_;
    failure_ = nullptr;
    std::rethrow_exception(failure);
  }
}

void ThreadPool::worker_loop() {
  uint64_t seen = 0;
  for (;;) {
    poll_until([&] { return generation_.load() != seen; });
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_.load() != seen; });
      if (stopping_) return;
      seen = generation_.load();
    }
    drain();
    if (busy_workers_.fetch_sub(1) == 1) {
      // Under the lock, so a caller that saw a worker busy is already waiting on done_.
      std::lock_guard<std::mutex> lock(mutex_);
      done_.notify_one();
    }
  }
}

}  // namespace modcomp
