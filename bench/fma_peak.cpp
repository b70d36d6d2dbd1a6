// The machine's arithmetic limit for the native engine's default build: fused multiply-adds on
// 8-lane float vectors (AVX2 + FMA under -march=x86-64-v3), twelve independent chains per thread
// so that neither FMA latency nor memory limits the rate, one thread per core, all at once.
// Prints one JSON line: {"gflops": <all threads>, "threads": N, "seconds": <of the best round>}.
//
//   c++ -O2 -march=x86-64-v3 -ffp-contract=fast bench/fma_peak.cpp -o fma_peak -lpthread
//   ./fma_peak [threads]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {

typedef float Lanes __attribute__((vector_size(32)));

// An empty asm the compiler must assume reads and changes each value: the chains are neither
// folded nor merged (they start from different values), and each stays in a register.
inline void opaque(Lanes& x) { __asm__ volatile("" : "+x"(x)); }

template <typename... Chains>
inline void opaque_all(Chains&... chains) {
  (opaque(chains), ...);
}

// Seconds for `iterations` rounds of 12 vector FMAs (12 * 16 flops a round).
double run_chains(long iterations) {
  Lanes scale = {}, shift = {};
  scale += 0.999999f;
  shift += 1e-6f;
  Lanes a0 = shift * 1, a1 = shift * 2, a2 = shift * 3, a3 = shift * 4, a4 = shift * 5, a5 = shift * 6;
  Lanes a6 = shift * 7, a7 = shift * 8, a8 = shift * 9, a9 = shift * 10, a10 = shift * 11, a11 = shift * 12;
  opaque_all(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < iterations; ++i) {
    a0 = a0 * scale + shift, a1 = a1 * scale + shift, a2 = a2 * scale + shift, a3 = a3 * scale + shift;
    a4 = a4 * scale + shift, a5 = a5 * scale + shift, a6 = a6 * scale + shift, a7 = a7 * scale + shift;
    a8 = a8 * scale + shift, a9 = a9 * scale + shift, a10 = a10 * scale + shift, a11 = a11 * scale + shift;
    opaque(scale);
  }
  opaque_all(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int hardware = static_cast<int>(std::thread::hardware_concurrency());
  const int threads = argc > 1 ? std::atoi(argv[1]) : (hardware > 0 ? hardware : 1);
  if (threads < 1 || threads > 4096) {
    std::fprintf(stderr, "fma_peak: threads must be 1 to 4096\n");
    return 2;
  }
  const long iterations = 50000000;  // about 0.1 s a thread at 100 GFLOP/s
  double best = 0, best_seconds = 0;
  for (int round = 0; round < 5; ++round) {
    std::vector<double> seconds(static_cast<size_t>(threads));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back([&seconds, t] { seconds[t] = run_chains(iterations); });
    seconds[0] = run_chains(iterations);
    for (std::thread& thread : pool) thread.join();
    double gflops = 0, slowest = 0;
    for (double s : seconds) {
      gflops += iterations * 12.0 * 16 / s / 1e9;
      if (s > slowest) slowest = s;
    }
    if (gflops > best) best = gflops, best_seconds = slowest;
  }
  std::printf("{\"gflops\": %.3f, \"threads\": %d, \"seconds\": %.6f}\n", best, threads, best_seconds);
  return 0;
}
