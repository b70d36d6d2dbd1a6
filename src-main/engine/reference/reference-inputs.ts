import { loadNativeAddon } from '../native-loader';
import type { NativeDataset, NativeImportedData, NativeRunSpec, TypedReal } from '../native-types';
import { dot } from './float64-forward';

/** The data draw and the initial weights that every mode of one run starts from. */
export interface ReferenceInputs {
  dataset: NativeDataset;
  initialWeights: TypedReal[];
}

/**
 * Imported data or initial weights are used as given; anything not imported comes from the native
 * generator, so the reference trains on exactly the draw the native engine would.
 */
export function resolveReferenceInputs(spec: NativeRunSpec): ReferenceInputs {
  const dataset = spec.importedData ? datasetFromImport(spec, spec.importedData) : nativeAddonFor('data').generateData(spec);
  const initialWeights = spec.importedInit ?? nativeAddonFor('initial weights').initialWeights(spec);
  checkShapes(spec, dataset, initialWeights);
  return { dataset, initialWeights };
}

function nativeAddonFor(what: string): ReturnType<typeof loadNativeAddon> {
  try {
    return loadNativeAddon();
  } catch (err) {
    throw new Error(
      `the reference engine draws its ${what} with the native generator, which is unavailable ` +
        `(${(err as Error).message}); import them instead (--data / --init)`,
    );
  }
}

/**
 * Wraps imported arrays as a dataset. Imported data carry no record of how they were drawn, so
 * the signal coefficient of each patch is its projection on the feature: s = <x, v>.
 */
export function datasetFromImport(spec: NativeRunSpec, imported: NativeImportedData): NativeDataset {
  const { K, d, P } = spec.data;
  const v: Float64Array[] = [];
  for (let r = 0; r < K; r++) {
    const given = imported.v?.[r];
    if (given) {
      v.push(given);
    } else {
      const basis = new Float64Array(d);
      basis[0] = 1;
      v.push(basis);
    }
  }
  const project = (x: Float64Array[], samples: number): Float64Array[] =>
    x.map((xr, r) => {
      const s = new Float64Array(samples * P);
      const vr = v[r] as Float64Array;
      for (let ip = 0; ip < samples * P; ip++) s[ip] = dot(xr, ip * d, vr, 0, d);
      return s;
    });
  return {
    yTrain: imported.yTrain,
    yTest: imported.yTest,
    xTrain: imported.xTrain,
    xTest: imported.xTest,
    v,
    signalTrain: project(imported.xTrain, imported.yTrain.length),
    signalTest: project(imported.xTest, imported.yTest.length),
  };
}

function expectLength(name: string, array: TypedReal | undefined, length: number): void {
  if (!array || array.length !== length) {
    throw new Error(`${name} must hold ${length} numbers (got ${array ? array.length : 'none'})`);
  }
}

function checkShapes(spec: NativeRunSpec, dataset: NativeDataset, weights: TypedReal[]): void {
  const { K, d, P, n, nTest } = spec.data;
  const { m } = spec.model;
  expectLength('y_train', dataset.yTrain, n);
  expectLength('y_test', dataset.yTest, nTest);
  for (let r = 0; r < K; r++) {
    expectLength(`X${r}_train`, dataset.xTrain[r], n * P * d);
    expectLength(`X${r}_test`, dataset.xTest[r], nTest * P * d);
    expectLength(`v${r}`, dataset.v[r], d);
    expectLength(`signal coefficients of modality ${r} (train)`, dataset.signalTrain[r], n * P);
    expectLength(`W${r}`, weights[r], m * d);
  }
}
