export type {
  CategoryValue,
  ItemWeights,
  KappaWeights,
  MeasurementLevel,
  Metric,
  MultiLabelRating,
  Rating,
  SetDistanceName,
} from "./types";
export { definedMetric, undefinedMetric } from "./types";
export { encodeRatings, orderCategories, type EncodedRatings, type EncodedSingleLabel, type EncodeOptions } from "./encode";
export { countCategoriesPerItem, type CategoryCounts } from "./category-counts";
export { percentAgreement } from "./percent";
export { fleissKappa } from "./fleiss";
export { coincidenceMatrix, type Coincidences } from "./coincidences";
export { alphaFromCoincidences, krippendorffAlpha, levelDistances } from "./krippendorff";
export { indexAnnotatorPairs, type PairIndex } from "./pair-index";
export {
  cohenKappaFromTable,
  kappaDisagreementWeights,
  kappaFromMarginals,
  meanPairwiseKappa,
  pairKappa,
  type MeanPairwiseKappa,
} from "./cohen";
export { pairCells, tallyCells, tallyMarginals, tallyPairs, type PairCells, type PairTallies } from "./pair-tallies";
export { jaccardDistance, masiDistance, setDistance } from "./set-distance";
export { encodeMultiLabelRatings, labelPresence, multiLabelAlpha, setDistanceMatrix, type EncodedMultiLabel } from "./multi-label";
export { labelAgreement, categoryPresence, type LabelAgreement } from "./per-label";
export { agreementWithOthers, agreementWithReference, type AnnotatorAgreement, type ReferenceAgreement } from "./per-annotator";
export { pairwiseAgreement, type PairAgreement } from "./pairwise";
export { bootstrapIntervals, type BootstrapOptions, type ConfidenceInterval, type WeightedStatistic } from "./bootstrap";
export { summarizeAgreement, type AgreementOptions, type AgreementSummary, type WithInterval } from "./summarize";
