/** One line of a chart as the views describe it; LineChart decimates and draws it. */
export interface LineSpec {
  label: string;
  colour: string;
  dash: number[];
  xs: readonly number[];
  ys: readonly (number | null)[];
  /** Fill between this line and the dataset `fillTo` lines before it (seed bands). */
  fillToPrevious?: boolean;
  /** Draw without a legend entry (band edges). */
  hideInLegend?: boolean;
  width?: number;
  /** Mark every point (a line through a few values, e.g. one per swept value). */
  points?: boolean;
}
