/** The real setting list shaped as the lab sends it (FieldDto), for tests of renderer helpers. */
import type { FieldDto } from '../../src-main/api/lab-api';
import { describeRange, fieldTable } from '../../src-main/config/fields';

export function fieldDtos(): FieldDto[] {
  return fieldTable().map((field) => ({ ...field, range: describeRange(field) }));
}
