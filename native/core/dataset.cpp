#include "dataset.h"

#include <algorithm>
#include <cmath>

#include "philox.h"

namespace modcomp {
namespace {

// Which modalities of one sample are insufficient (their signal patch is replaced by noise).
bool is_insufficient(const RunSpec& spec, const CounterRng& rng, Split split, int r, uint64_t sample) {
  const DataSpec& ds = spec.data;
  if (ds.insufficiency == Insufficiency::Independent)
    return rng.uniform(stream_id(Purpose::Insufficiency, split, static_cast<uint32_t>(r)), sample) < ds.mu[r];
  // Disjoint: one uniform per sample falls in at most one modality's interval of width mu_r, so
  // each marginal stays mu_r and no sample is uninformative in every modality (when K >= 2).
  const double u = rng.uniform(stream_id(Purpose::Insufficiency, split, 0xFFFFFu), sample);
  double lower = 0;
  for (int s = 0; s < r; ++s) lower += ds.mu[s];
  return u >= lower && u < lower + ds.mu[r];
}

// out[k] = scale * (standard normal number base + k of the stream). Box-Muller yields numbers in
// pairs, so aligned pairs are filled from one Philox block.
void fill_normals(const CounterRng& rng, uint32_t stream, uint64_t base, double scale, double* out, int count) {
  int k = 0;
  while (k < count) {
    const uint64_t index = base + static_cast<uint64_t>(k);
    if ((index & 1u) == 0 && k + 1 < count) {
      double z0, z1;
      rng.normal_pair(stream, index >> 1, z0, z1);
      out[k] = scale * z0;
      out[k + 1] = scale * z1;
      k += 2;
    } else {
      out[k] = scale * rng.normal(stream, index);
      k += 1;
    }
  }
}

std::vector<double> feature_vector(const RunSpec& spec, const CounterRng& rng, int r) {
  const int d = spec.data.d;
  std::vector<double> v(static_cast<size_t>(d), 0.0);
  if (spec.importedData && !spec.importedData->v.empty()) {
    v = spec.importedData->v[static_cast<size_t>(r)];
  } else if (spec.data.dictionary == Dictionary::Random) {
    // v_r = M_r e_1 for a Haar-random orthonormal M_r is a uniformly random unit vector.
    const uint32_t stream = stream_id(Purpose::Dictionary, Split::None, static_cast<uint32_t>(r));
    for (int k = 0; k < d; ++k) v[static_cast<size_t>(k)] = rng.normal(stream, static_cast<uint64_t>(k));
  } else {
    v[0] = 1.0;
  }
  double norm2 = 0;
  for (double x : v) norm2 += x * x;
  const double inv = norm2 > 0 ? 1.0 / std::sqrt(norm2) : 0.0;
  for (double& x : v) x *= inv;
  return v;
}

template <typename T>
void generate_split(const RunSpec& spec, const CounterRng& rng, Split split, const std::vector<T>& labels, int r,
                    const std::vector<double>& v, ModalitySplit<T>& out, Parallel& par) {
  const DataSpec& ds = spec.data;
  const int samples = split == Split::Train ? ds.n : ds.nTest;
  const int P = ds.P, d = ds.d;
  const size_t rows = static_cast<size_t>(samples) * P;
  out.x.assign(rows * d, T(0));
  out.signal.assign(rows, T(0));
  out.pure.assign(rows, 0);
  const uint32_t noise_stream = stream_id(Purpose::Noise, split, static_cast<uint32_t>(r));
  const uint32_t patch_stream = stream_id(Purpose::SignalPatch, split, static_cast<uint32_t>(r));
  const uint32_t nuisance_stream = stream_id(Purpose::Nuisance, split, static_cast<uint32_t>(r));
  const size_t chunk = 64;
  const size_t tasks = (static_cast<size_t>(samples) + chunk - 1) / chunk;
  par.run(tasks, [&](size_t task) {
    std::vector<double> noise(static_cast<size_t>(d));
    const size_t end = std::min(static_cast<size_t>(samples), (task + 1) * chunk);
    for (size_t i = task * chunk; i < end; ++i) {
      const bool sufficient = !is_insufficient(spec, rng, split, r, i);
      int signal_patch = static_cast<int>(rng.uniform(patch_stream, i) * P);
      signal_patch = std::min(std::max(signal_patch, 0), P - 1);
      for (int p = 0; p < P; ++p) {
        const size_t row = i * P + p;
        const bool is_signal = sufficient && p == signal_patch;
        const double s = is_signal ? static_cast<double>(labels[i]) * ds.alpha[r] : 0.0;
        const bool noisy = !is_signal || !ds.cleanSignal;
        std::fill(noise.begin(), noise.end(), 0.0);
        if (noisy) {
          const uint64_t base = static_cast<uint64_t>(row) * d;
          fill_normals(rng, noise_stream, base, ds.sigmaXi, noise.data(), d);
          for (int c = 0; c < ds.nuisanceCount; ++c) {
            const Philox4x32 b = rng.block(nuisance_stream, static_cast<uint64_t>(row) * ds.nuisanceCount + c);
            const int coord = std::min(d - 1, static_cast<int>(CounterRng::to_unit(b.v[0], b.v[1]) * d));
            noise[coord] += (b.v[2] & 1u) ? ds.nuisanceScale : -ds.nuisanceScale;
          }
          if (ds.noiseOrthogonal) {
            double along = 0;
            for (int k = 0; k < d; ++k) along += noise[k] * v[k];
            for (int k = 0; k < d; ++k) noise[k] -= along * v[k];
          }
        }
        T* x = out.x.data() + row * d;
        for (int k = 0; k < d; ++k) x[k] = static_cast<T>(s * v[k] + noise[k]);
        out.signal[row] = static_cast<T>(s);
        out.pure[row] = (is_signal && !noisy) ? 1 : 0;
      }
    }
  });
}

template <typename T>
void import_split(const std::vector<double>& x, const std::vector<double>& v, int d, ModalitySplit<T>& out) {
  const size_t rows = x.size() / static_cast<size_t>(d);
  out.x.assign(x.begin(), x.end());
  out.signal.assign(rows, T(0));
  out.pure.assign(rows, 0);  // imported rows are always treated as dense
  for (size_t row = 0; row < rows; ++row) {
    double s = 0;
    for (int k = 0; k < d; ++k) s += x[row * d + k] * v[k];
    out.signal[row] = static_cast<T>(s);  // imported data: the component along v counts as signal
  }
}

template <typename T>
std::vector<T> labels_for(const RunSpec& spec, const CounterRng& rng, Split split) {
  const int samples = split == Split::Train ? spec.data.n : spec.data.nTest;
  std::vector<T> y(static_cast<size_t>(samples));
  const uint32_t stream = stream_id(Purpose::Label, split, 0);
  for (int i = 0; i < samples; ++i) y[i] = rng.uniform(stream, static_cast<uint64_t>(i)) < 0.5 ? T(-1) : T(1);
  return y;
}

}  // namespace

template <typename T>
Dataset<T> build_dataset(const RunSpec& spec, Parallel& par) {
  const DataSpec& ds = spec.data;
  const CounterRng rng(spec.seed);
  Dataset<T> data;
  static_cast<DataShape&>(data) = DataShape{ds.K, ds.n, ds.nTest, ds.P, ds.d};
  data.modalities.resize(static_cast<size_t>(ds.K));
  if (spec.importedData) {
    const ImportedData& im = *spec.importedData;
    data.yTrain.assign(im.yTrain.begin(), im.yTrain.end());
    data.yTest.assign(im.yTest.begin(), im.yTest.end());
  } else {
    data.yTrain = labels_for<T>(spec, rng, Split::Train);
    data.yTest = labels_for<T>(spec, rng, Split::Test);
  }
  for (int r = 0; r < ds.K; ++r) {
    const std::vector<double> v = feature_vector(spec, rng, r);
    ModalityData<T>& mod = data.modalities[static_cast<size_t>(r)];
    mod.v.assign(v.begin(), v.end());
    if (spec.importedData) {
      import_split(spec.importedData->xTrain[r], v, ds.d, mod.train);
      import_split(spec.importedData->xTest[r], v, ds.d, mod.test);
    } else {
      generate_split(spec, rng, Split::Train, data.yTrain, r, v, mod.train, par);
      generate_split(spec, rng, Split::Test, data.yTest, r, v, mod.test, par);
    }
  }
  return data;
}

template <typename T>
std::vector<std::vector<T>> initial_weights(const RunSpec& spec, Parallel& par) {
  const int K = spec.data.K, m = spec.model.m, d = spec.data.d;
  std::vector<std::vector<T>> weights(static_cast<size_t>(K));
  const CounterRng rng(spec.seed);
  for (int r = 0; r < K; ++r) {
    std::vector<T>& w = weights[static_cast<size_t>(r)];
    if (spec.importedInit) {
      const std::vector<double>& src = (*spec.importedInit)[static_cast<size_t>(r)];
      w.assign(src.begin(), src.end());
      continue;
    }
    w.assign(static_cast<size_t>(m) * d, T(0));
    const uint32_t stream = stream_id(Purpose::InitWeights, Split::None, static_cast<uint32_t>(r));
    const double sigma0 = spec.model.sigma0;
    par.run(static_cast<size_t>(m), [&](size_t j) {
      for (int k = 0; k < d; ++k) {
        const uint64_t index = static_cast<uint64_t>(j) * d + k;
        w[index] = static_cast<T>(sigma0 * rng.normal(stream, index));
      }
    });
  }
  return weights;
}

template Dataset<float> build_dataset<float>(const RunSpec&, Parallel&);
template Dataset<double> build_dataset<double>(const RunSpec&, Parallel&);
template std::vector<std::vector<float>> initial_weights<float>(const RunSpec&, Parallel&);
template std::vector<std::vector<double>> initial_weights<double>(const RunSpec&, Parallel&);

}  // namespace modcomp
