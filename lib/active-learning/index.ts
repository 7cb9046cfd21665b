/**
 * Active learning for Goldset: pure TypeScript that runs in a Web Worker and under Node alike.
 * Features -> classifier -> probabilities -> uncertainty -> ranked queue, with a diversity cold
 * start until every label has a few examples.
 */
export {
  labelsToTarget,
  simulateAnnotation,
  type AnnotationSimulation,
  type LearningCurvePoint,
  type QueueStrategy,
} from "./annotation-simulation";
export { bytesToBase64, base64ToBytes } from "./base64";
export { balancedClassWeights } from "./class-weights";
export {
  CLASSIFIER_MODEL_VERSION,
  predictProba,
  predictProbaMatrix,
  type ClassifierModel,
} from "./classifier-model";
export { DEFAULT_MIN_PER_CLASS, diversityOrder, needsColdStart } from "./cold-start";
export { decodeEmbeddings, encodeEmbeddings, encodedRowBytes, type EmbeddingFormat } from "./embedding-codec";
export {
  argmaxRows,
  classificationReport,
  expectedCalibrationError,
  type ClassificationReport,
  type ClassScores,
} from "./evaluation";
export {
  denseFeatureMatrix,
  selectRows,
  sparseFeatureMatrix,
  type DenseFeatureMatrix,
  type FeatureMatrix,
  type SparseFeatureMatrix,
} from "./feature-matrix";
export { float16BitsToFloat32, float32ToFloat16Bits } from "./float16";
export {
  countTerms,
  DEFAULT_HASHED_FEATURE_OPTIONS,
  hashedFeatureDimension,
  hashedFeatures,
  type HashedFeatureOptions,
} from "./hashed-features";
export { splitHeldOut, type HeldOutSplit } from "./held-out-split";
export { applyInverseDocumentFrequency, fitInverseDocumentFrequency } from "./inverse-document-frequency";
export { deserializeModel, serializeModel, type SerializedClassifierModel } from "./model-serialization";
export {
  DEFAULT_EXPLORATION_SHARE,
  rankQueue,
  rareClasses,
  type RankedEntry,
  type RankedQueue,
  type RankingOptions,
} from "./ranking";
export { rescore, type RescoreOptions, type RescoreResult } from "./rescore";
export { orderByScoreDescending } from "./score-order";
export { sparseSquaredNorm, sparseVectorFromEntries, type SparseVector } from "./sparse-vector";
export {
  DEFAULT_TRAINING_OPTIONS,
  trainClassifier,
  type TrainingOptions,
  type TrainingTargets,
} from "./train-classifier";
export {
  entropy,
  leastConfidence,
  marginUncertainty,
  multiLabelUncertainty,
  uncertainty,
  UNCERTAINTY_STRATEGIES,
  type MultiLabelAggregate,
  type UncertaintyStrategy,
} from "./uncertainty";
