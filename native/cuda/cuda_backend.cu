// The CUDA backend: the same data and initial weights as the CPU engine (generated on the host
// by the counter-based RNG and uploaded), trained by the kernels of kernels.cuh, with metric
// records computed on the CPU from the device's weights at each record step by the core's own
// metric code (mode_metrics.h), so both backends report the same quantities.
#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda_backend.h"
#include "kernels.cuh"
#include "launch.cuh"
#include "mode_metrics.h"
#include "product_plan.cuh"
#include "row_layout.h"
#include "validate.h"

namespace modcomp {
namespace {

void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess)
    throw std::runtime_error(std::string("CUDA error in ") + what + ": " + cudaGetErrorString(status));
}

// Device memory that frees itself, so an exception never leaks GPU memory.
template <typename U>
class DeviceArray {
 public:
  explicit DeviceArray(size_t count) : count_(count) {
    if (count == 0) return;
    const cudaError_t status = cudaMalloc(&ptr_, count * sizeof(U));
    if (status != cudaSuccess) {
      cudaGetLastError();  // clear the sticky allocation error
      throw std::runtime_error("CUDA out of memory: could not allocate " + format_bytes(count * sizeof(U)) +
                               " on the device");
    }
  }
  ~DeviceArray() {
    if (ptr_) cudaFree(ptr_);
  }
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
  U* get() const { return ptr_; }
  void upload(const U* host, size_t count, size_t offset = 0) {
    if (count == 0) return;  // an empty array (a batch without pure rows) has no device pointer
    check(cudaMemcpy(ptr_ + offset, host, count * sizeof(U), cudaMemcpyHostToDevice), "upload");
  }
  void download(U* host, size_t count, size_t offset = 0) const {
    if (count == 0) return;
    check(cudaMemcpy(host, ptr_ + offset, count * sizeof(U), cudaMemcpyDeviceToHost), "download");
  }

 private:
  U* ptr_ = nullptr;
  size_t count_;
};

class GraphGuard {
 public:
  ~GraphGuard() {
    if (exec) cudaGraphExecDestroy(exec);
    if (graph) cudaGraphDestroy(graph);
    if (stream) cudaStreamDestroy(stream);
  }
  cudaStream_t stream = nullptr;
  cudaGraph_t graph = nullptr;
  cudaGraphExec_t exec = nullptr;
};

}  // namespace

CudaProbe probe_cuda() {
  CudaProbe probe;
  probe.compiled = true;
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();
    probe.reason =
        std::string(cudaGetErrorString(status)) + " (error " + std::to_string(static_cast<int>(status)) + ")";
    return probe;
  }
  if (count == 0) {
    probe.reason = "no CUDA device found";
    return probe;
  }
  int major = 0;
  for (int i = 0; i < count; ++i) {
    cudaDeviceProp prop;
    if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
    if (i == 0) major = prop.major;
    probe.devices.push_back(std::string(prop.name) + " (sm_" + std::to_string(prop.major) + std::to_string(prop.minor) +
                            ", " + format_bytes(static_cast<double>(prop.totalGlobalMem)) + ")");
  }
  // The build holds sm_80 and sm_90 code (and TF32 needs sm_80): an older GPU would fail at its
  // first launch, in the middle of a run, so it is refused here with the reason.
  if (major < 8) {
    probe.reason = "device 0" + (probe.devices.empty() ? std::string() : " (" + probe.devices.front() + ")") +
                   " is older than sm_80, which this build needs";
    return probe;
  }
  probe.available = true;
  return probe;
}

template <typename T>
std::vector<ModeResult> train_mode_batch_cuda(const std::vector<CudaRunInput<T>>& runs, const Mode& mode,
                                              CudaContext& ctx) {
  const CudaProbe probe = probe_cuda();
  if (!probe.available) throw std::runtime_error("CUDA not available (" + probe.reason + ")");
  const RunSpec& first = *runs.front().spec;
  const int B = static_cast<int>(runs.size());
  const int K = first.data.K, n = first.data.n, P = first.data.P, d = first.data.d, m = first.model.m;
  const int Ka = mode.joint() ? K : 1;
  const int E = B * Ka;
  auto modality_of = [&](int a) { return mode.joint() ? a : mode.modality; };

  // Pure signal rows leave the dense products (their share is rank-one work, as on the CPU).
  std::vector<const PackedSplit<T>*> encoder_splits;
  for (int b = 0; b < B; ++b)
    for (int a = 0; a < Ka; ++a) encoder_splits.push_back(&runs[b].packed->modalities[modality_of(a)].train);
  const HostRowLayout<T> layout = build_row_layout<T>(encoder_splits, n, P);
  const int rows = layout.denseRows, zrows = rows + 1, Q = layout.pureRows;
  if (E > cuda::kMaxGridZ)
    throw std::runtime_error("a GPU batch holds at most " + std::to_string(cuda::kMaxGridZ) +
                             " encoders (runs x modalities trained together); this one has " + std::to_string(E) +
                             ": train fewer runs at once");

  check(cudaSetDevice(0), "cudaSetDevice");
  cudaDeviceProp prop;
  check(cudaGetDeviceProperties(&prop, 0), "cudaGetDeviceProperties");
  const bool tf32 = first.precision == Precision::TF32;
  const cuda::ProductPlan<T> plan = cuda::plan_products<T>(zrows, rows, d, m, E, prop.multiProcessorCount, tf32);
  const int splits = plan.backwardSplits, fsplits = plan.forwardSplits;

  const double need = sizeof(T) * (static_cast<double>(E) * zrows * d + (1.0 + fsplits) * E * zrows * m +
                                   static_cast<double>(E) * m * d * (splits + 1) + static_cast<double>(E) * d +
                                   static_cast<double>(E) * Q) +
                      8.0 * (static_cast<double>(E) * n + 2.0 * B * n + B + static_cast<double>(E) * m) +
                      4.0 * (2.0 * E * (n + 1) + static_cast<double>(E) * rows + static_cast<double>(E) * Q);
  size_t free_bytes = 0, total_bytes = 0;
  check(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
  if (need > static_cast<double>(free_bytes))
    throw std::runtime_error("CUDA out of memory: this batch needs about " + format_bytes(need) + " on the device, " +
                             format_bytes(static_cast<double>(free_bytes)) +
                             " is free; train fewer runs at once or "
                             "make them smaller");

  DeviceArray<T> X(static_cast<size_t>(E) * zrows * d), Zpart(static_cast<size_t>(fsplits) * E * zrows * m),
      S(static_cast<size_t>(E) * zrows * m), W(static_cast<size_t>(E) * m * d),
      Gpart(static_cast<size_t>(E) * splits * m * d), V(static_cast<size_t>(E) * d),
      PureCoef(static_cast<size_t>(E) * Q);
  DeviceArray<double> F(static_cast<size_t>(E) * n), Y(static_cast<size_t>(B) * n), G(static_cast<size_t>(B) * n),
      Loss(static_cast<size_t>(B)), C(static_cast<size_t>(E) * m);
  DeviceArray<int> DenseStart(layout.denseStart.size()), RowSample(layout.rowSample.size()),
      PureStart(layout.pureStart.size()), PureSample(layout.pureSample.size());
  DeviceArray<cuda::RunParams> Params(static_cast<size_t>(B));
  DeviceArray<long long> Step(1), Cross(static_cast<size_t>(E));

  std::vector<cuda::RunParams> params(static_cast<size_t>(B));
  for (int b = 0; b < B; ++b) {
    const RunSpec& s = *runs[b].spec;
    const Dataset<T>& data = *runs[b].data;
    params[b] = {s.train.eta,
                 s.model.rho,
                 s.model.q,
                 s.model.headScale == HeadScale::InverseM ? 1.0 / s.model.m : 1.0,
                 s.train.weightDecay,
                 1.0,
                 s.model.head == Head::Odd ? 1 : 0};
    std::vector<double> y(data.yTrain.begin(), data.yTrain.end());
    Y.upload(y.data(), static_cast<size_t>(n), static_cast<size_t>(b) * n);
    for (int a = 0; a < Ka; ++a) {
      const int r = modality_of(a);
      const size_t e = static_cast<size_t>(b) * Ka + a;
      const std::vector<T> x =
          gather_dense_rows<T>(data.modalities[r].train, *encoder_splits[e], data.modalities[r].v, d, rows);
      X.upload(x.data(), x.size(), e * zrows * d);
      W.upload((*runs[b].init)[r].data(), static_cast<size_t>(m) * d, e * m * d);
      V.upload(data.modalities[r].v.data(), static_cast<size_t>(d), e * d);
    }
  }
  Params.upload(params.data(), params.size());
  DenseStart.upload(layout.denseStart.data(), layout.denseStart.size());
  RowSample.upload(layout.rowSample.data(), layout.rowSample.size());
  PureStart.upload(layout.pureStart.data(), layout.pureStart.size());
  PureSample.upload(layout.pureSample.data(), layout.pureSample.size());
  PureCoef.upload(layout.pureCoef.data(), layout.pureCoef.size());
  const long long zero = 0;
  Step.upload(&zero, 1);
  const std::vector<long long> never(static_cast<size_t>(E), -1);
  Cross.upload(never.data(), never.size());
  const cuda::RowLayout<T> device_layout{
      DenseStart.get(), RowSample.get(), PureStart.get(), PureSample.get(), PureCoef.get(), rows, Q};

  // A pageable host-to-device cudaMemcpy may return before its DMA lands, and the training stream
  // below is not ordered after the default stream: wait for the uploads here, once.
  check(cudaDeviceSynchronize(), "uploading the batch");
  GraphGuard guard;
  check(cudaStreamCreateWithFlags(&guard.stream, cudaStreamNonBlocking), "cudaStreamCreate");
  const cudaStream_t st = guard.stream;
  // The activation kernel never writes the padding rows' slopes, and the backward product never
  // reads them (their sample is -1); zeroed anyway so no step ever sees stale memory. On `st`:
  // a non-blocking stream is not ordered after work on the default stream.
  check(cudaMemsetAsync(S.get(), 0, sizeof(T) * static_cast<size_t>(E) * zrows * m, st), "cudaMemsetAsync");
  const dim3 act_grid((n * 32 + 255) / 256, E);
  const size_t weights_total = static_cast<size_t>(E) * m * d;
  const unsigned update_blocks = static_cast<unsigned>((weights_total + 255) / 256);
  // One gradient step, captured once as a graph and replayed: five launches become one graph
  // launch. The crossing check and the step counter ride along in the loss and update kernels.
  check(cudaStreamBeginCapture(st, cudaStreamCaptureModeThreadLocal), "cudaStreamBeginCapture");
  plan.forward(st, X.get(), W.get(), Zpart.get(), zrows, d, m, E, fsplits);
  MODCOMP_LAUNCH(act_grid, 256, 0, st, cuda::activation_kernel<T>)
  (Zpart.get(), S.get(), F.get(), n, m, E, fsplits, Ka, Params.get(), device_layout);
  MODCOMP_LAUNCH(B, 256, 0, st, cuda::loss_kernel<T>)
  (F.get(), Y.get(), G.get(), Loss.get(), n, m, E, fsplits, Ka, Params.get(), Zpart.get(), device_layout, C.get(),
   Step.get(), Cross.get());
  plan.backward(st, X.get(), S.get(), G.get(), RowSample.get(), Gpart.get(), rows, zrows, d, m, n, E, splits, Ka);
  MODCOMP_LAUNCH(update_blocks, 256, 0, st, cuda::update_kernel<T>)
  (W.get(), Gpart.get(), C.get(), V.get(), d, m, splits, Ka, Params.get(), E, Step.get());
  check(cudaGetLastError(), "kernel launch");
  check(cudaStreamEndCapture(st, &guard.graph), "cudaStreamEndCapture");
  check(cudaGraphInstantiate(&guard.exec, guard.graph, 0), "cudaGraphInstantiate");

  std::vector<ModeResult> results(static_cast<size_t>(B));
  std::vector<std::vector<std::vector<T>>> host_weights(static_cast<size_t>(B));
  for (int b = 0; b < B; ++b) host_weights[b] = *runs[b].init;  // inactive encoders keep their init
  auto fetch_weights = [&]() {
    check(cudaStreamSynchronize(st), "training step");
    std::vector<T> all(weights_total);
    W.download(all.data(), all.size());
    for (int b = 0; b < B; ++b)
      for (int a = 0; a < Ka; ++a) {
        const size_t e = static_cast<size_t>(b) * Ka + a;
        host_weights[b][modality_of(a)].assign(all.begin() + e * m * d, all.begin() + (e + 1) * m * d);
      }
  };
  cudaEvent_t segment_start = nullptr, segment_end = nullptr;
  check(cudaEventCreate(&segment_start), "cudaEventCreate");
  check(cudaEventCreate(&segment_end), "cudaEventCreate");
  struct EventGuard {
    cudaEvent_t a, b;
    ~EventGuard() {
      cudaEventDestroy(a);
      cudaEventDestroy(b);
    }
  } events{segment_start, segment_end};
  double step_seconds = 0, record_seconds = 0;
  bool segment_open = false;
  // Device time of the steps since the last record, measured with events around the replays.
  auto close_segment = [&]() {
    if (!segment_open) return;
    check(cudaEventRecord(segment_end, st), "cudaEventRecord");
    check(cudaEventSynchronize(segment_end), "training steps");
    float ms = 0;
    check(cudaEventElapsedTime(&ms, segment_start, segment_end), "cudaEventElapsedTime");
    step_seconds += ms / 1000.0;
    segment_open = false;
  };
  auto record_all = [&](int64_t t) {
    close_segment();
    const auto before = std::chrono::steady_clock::now();
    fetch_weights();
    ctx.par.run(static_cast<size_t>(B), [&](size_t b) {
      SerialExecutor serial;
      ModeResult& res = results[b];
      append_record_at<T>(*runs[b].spec, *runs[b].packed, host_weights[b], mode, t, serial, res.series);
      const size_t w = res.series.width();
      if (res.divergedAtStep < 0 && !std::isfinite(res.series.scalars[(res.series.count() - 1) * w]))
        res.divergedAtStep = t;
    });
    record_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
  };

  const int64_t total = first.train.steps, every = first.train.recordEvery;
  int64_t t = 0;
  bool cancelled = false;
  for (;; ++t) {
    cancelled = ctx.cancel && ctx.cancel->is_set();
    const bool last = t == total || cancelled;
    if (last) {
      // The loss kernel checked every trained step's weights; this checks the final ones.
      MODCOMP_LAUNCH(E, 256, 0, st, cuda::crossing_kernel<T>)
      (W.get(), V.get(), d, m, Ka, Params.get(), Step.get(), Cross.get());
      record_all(t);
      break;
    }
    if (t % every == 0) record_all(t);
    if (!segment_open) {
      check(cudaEventRecord(segment_start, st), "cudaEventRecord");
      segment_open = true;
    }
    check(cudaGraphLaunch(guard.exec, st), "cudaGraphLaunch");
    if (ctx.sink && (t % 64 == 0))
      for (int b = 0; b < B; ++b)
        ctx.sink->on_progress(runs[b].runIndex, ctx.modeIndex, mode.name(), t, total, results[b].series, false);
  }
  check(cudaStreamSynchronize(st), "training");
  std::vector<long long> cross_flat(static_cast<size_t>(E));
  Cross.download(cross_flat.data(), cross_flat.size());
  for (int b = 0; b < B; ++b) {
    std::vector<int64_t> cross(static_cast<size_t>(K), -1);
    for (int a = 0; a < Ka; ++a) cross[modality_of(a)] = cross_flat[static_cast<size_t>(b) * Ka + a];
    ModeResult& res = results[b];
    res.stepsRun = t;
    res.cancelled = cancelled && t < total;
    res.stepSeconds = step_seconds;
    res.recordSeconds = record_seconds;
    complete_mode_result_at<T>(*runs[b].spec, *runs[b].packed, host_weights[b], mode, ctx.par, cross, res);
    for (int r = 0; r < K; ++r)
      if (mode.joint() || r == mode.modality)
        continue;
      else
        res.weights[r].clear();
    if (ctx.sink) ctx.sink->on_progress(runs[b].runIndex, ctx.modeIndex, res.mode, t, total, res.series, true);
  }
  return results;
}

template std::vector<ModeResult> train_mode_batch_cuda<float>(const std::vector<CudaRunInput<float>>&, const Mode&,
                                                              CudaContext&);
template std::vector<ModeResult> train_mode_batch_cuda<double>(const std::vector<CudaRunInput<double>>&, const Mode&,
                                                               CudaContext&);

}  // namespace modcomp
