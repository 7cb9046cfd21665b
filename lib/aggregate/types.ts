/** One rating: `annotator` gave `label` to `item`. The same annotator may rate an item more than once. */
export interface AnnotationRow {
  item: string;
  annotator: string;
  label: string;
}

/** How many votes one label received. */
export interface LabelCount {
  label: string;
  count: number;
}
