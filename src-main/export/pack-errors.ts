/** Errors about a figure pack that the user can act on (bad request, unwritable place, damaged pack). */
export class FigurePackError extends Error {
  override name = 'FigurePackError';
}
