/**
 * Colour scales of the app's charts: the very scales the exported figures use (one shared module,
 * src-main/api/colour-scales.ts): viridis for shares and probabilities, purple-to-green for signed
 * values (alignments, the gap), and one colour per outcome of the joint run. Missing values are grey.
 */
export {
  divergingColour,
  DIVERGING_STOPS,
  inkOn as textColourOn,
  MISSING_COLOUR,
  OUTCOME_COLOURS,
  sequentialColour,
  VIRIDIS_STOPS,
} from '../../../src-main/api/colour-scales';
