/** The reference engine: a slow, float32 tfjs-autodiff twin of the native learner, for checks. */
export { referenceLossAndGrads, type ReferenceLossAndGrads } from './reference-gradients';
export { trainReference, type ReferenceTrainOptions } from './trainer';
export { datasetFromImport, resolveReferenceInputs, type ReferenceInputs } from './reference-inputs';
export { validateReferenceSpec, REFERENCE_LIMITS } from './validate-spec';
export { scalarNamesFor } from './series-builder';
export { tfRuntime } from './tf-runtime';
