import type { NativeDataset, NativeRunSpec, TypedReal } from '../native-types';
import { dot, encoderOutputs, errorRate, meanLogisticLoss, sumOutputs, type EncoderGeometry } from './float64-forward';
import type { HeadShape } from './head';
import type { ParsedMode } from './modes';

/** The per-modality metrics of the science page (docs/science.md); NaN for encoders a mode does not train. */
export interface ModalityMetrics {
  gamma: number;
  gammaPlus: number;
  gammaMinus: number;
  phi: number;
  gradNorm: number;
  outputShare: number;
  aloneTestErr: number;
  gradShare: number;
  unimodalCosine: number;
  maskedTestErr: number;
}

export interface MetricRecord {
  trainLoss: number;
  trainErr: number;
  testLoss: number;
  testErr: number;
  modalities: ModalityMetrics[];
  /** <w_{r,j}, v_r> per modality and neuron (K*m); NaN rows for untrained encoders. */
  alignments: Float64Array;
}

/** <w_j, v> for every neuron of one encoder. */
export function alignmentsOf(w: TypedReal, v: TypedReal, m: number, d: number): Float64Array {
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) out[j] = dot(w, j * d, v, 0, d);
  return out;
}

/**
 * Gamma+ (best neuron voting +1 aligned with v), Gamma- (best neuron voting -1 aligned with -v)
 * and their minimum. The odd head's neurons serve both classes, so both equal max_j <w_j, v>.
 */
export function featureAlignment(alignments: Float64Array, head: HeadShape): { gamma: number; gammaPlus: number; gammaMinus: number } {
  let gammaPlus = -Infinity;
  let gammaMinus = -Infinity;
  alignments.forEach((value, j) => {
    if (head.odd) {
      gammaPlus = Math.max(gammaPlus, value);
      gammaMinus = gammaPlus;
    } else if ((head.signs[j] ?? 0) > 0) {
      gammaPlus = Math.max(gammaPlus, value);
    } else {
      gammaMinus = Math.max(gammaMinus, -value);
    }
  });
  return { gamma: Math.min(gammaPlus, gammaMinus), gammaPlus, gammaMinus };
}

/** Phi = max_{j,i,p} |<w_j, xi_ip>| with xi = x - s v, so <w_j, xi> = <w_j, x> - s <w_j, v>. */
export function noiseMemorisation(
  w: TypedReal,
  alignments: Float64Array,
  x: TypedReal,
  signal: TypedReal,
  rows: number,
  m: number,
  d: number,
): number {
  let phi = 0;
  for (let j = 0; j < m; j++) {
    for (let row = 0; row < rows; row++) {
      const projection = dot(w, j * d, x, row * d, d) - (signal[row] ?? 0) * (alignments[j] ?? 0);
      phi = Math.max(phi, Math.abs(projection));
    }
  }
  return phi;
}

function nanModality(): ModalityMetrics {
  return {
    gamma: NaN,
    gammaPlus: NaN,
    gammaMinus: NaN,
    phi: NaN,
    gradNorm: NaN,
    outputShare: NaN,
    aloneTestErr: NaN,
    gradShare: NaN,
    unimodalCosine: NaN,
    maskedTestErr: NaN,
  };
}

function meanAbs(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += Math.abs(value);
  return sum / values.length;
}

/**
 * Every metric of one record, in float64 from the current weights (the tfjs float32 forward is
 * only used for training). `gradNorms[r]` is the Frobenius norm of dLoss/dW_r at these weights;
 * `balance` holds the factor the update applies to each encoder's gradient (OGM) and the cosine
 * between each encoder's joint and unimodal gradients.
 */
export function measure(
  spec: NativeRunSpec,
  dataset: NativeDataset,
  head: HeadShape,
  mode: ParsedMode,
  weights: TypedReal[],
  gradNorms: number[],
  balance: { gradScale: number[]; cosines: number[] } = { gradScale: [], cosines: [] },
): MetricRecord {
  const { K, n, nTest, P, d } = spec.data;
  const { m, q, rho } = spec.model;
  const trainGeometry: EncoderGeometry = { n, P, d, m, q, rho };
  const testGeometry: EncoderGeometry = { ...trainGeometry, n: nTest };
  const modalities = Array.from({ length: K }, nanModality);
  const alignments = new Float64Array(K * m).fill(NaN);
  const trainParts: Float64Array[] = [];
  const testParts: Float64Array[] = [];

  for (const r of mode.trained) {
    const w = weights[r] as TypedReal;
    const v = dataset.v[r] as TypedReal;
    const trainOut = encoderOutputs(dataset.xTrain[r] as TypedReal, w, trainGeometry, head);
    const testOut = encoderOutputs(dataset.xTest[r] as TypedReal, w, testGeometry, head);
    trainParts.push(trainOut);
    testParts.push(testOut);
    const align = alignmentsOf(w, v, m, d);
    alignments.set(align, r * m);
    modalities[r] = {
      ...featureAlignment(align, head),
      phi: noiseMemorisation(w, align, dataset.xTrain[r] as TypedReal, dataset.signalTrain[r] as TypedReal, n * P, m, d),
      gradNorm: gradNorms[r] ?? NaN,
      outputShare: meanAbs(trainOut), // normalised below, once every part is known
      aloneTestErr: errorRate(testOut, dataset.yTest),
      gradShare: NaN, // set below from every encoder's applied gradient norm
      unimodalCosine: balance.cosines[r] ?? NaN,
      maskedTestErr: NaN,
    };
  }
  const applied = (r: number): number => (gradNorms[r] ?? NaN) * (balance.gradScale[r] ?? 1);
  const appliedTotal = mode.trained.reduce((sum, r) => sum + applied(r), 0);
  const joint = mode.name === 'joint' && mode.trained.length >= 2;
  mode.trained.forEach((r, position) => {
    const entry = modalities[r] as ModalityMetrics;
    entry.gradShare = appliedTotal > 0 ? applied(r) / appliedTotal : NaN;
    // Utilisation: the joint net with modality r's output masked.
    if (joint)
      entry.maskedTestErr = errorRate(
        sumOutputs(
          testParts.filter((_, p) => p !== position),
          nTest,
        ),
        dataset.yTest,
      );
  });
  const totalShare = mode.trained.reduce((sum, r) => sum + (modalities[r]?.outputShare ?? 0), 0);
  for (const r of mode.trained) {
    const entry = modalities[r] as ModalityMetrics;
    // An all-zero output has no owner: split it evenly (as the native engine does) instead of 0/0.
    entry.outputShare = totalShare > 0 ? entry.outputShare / totalShare : 1 / mode.trained.length;
  }

  const trainOutputs = sumOutputs(trainParts, n);
  const testOutputs = sumOutputs(testParts, nTest);
  return {
    trainLoss: meanLogisticLoss(trainOutputs, dataset.yTrain),
    trainErr: errorRate(trainOutputs, dataset.yTrain),
    testLoss: meanLogisticLoss(testOutputs, dataset.yTest),
    testErr: errorRate(testOutputs, dataset.yTest),
    modalities,
    alignments,
  };
}
