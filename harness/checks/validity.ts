/** One finding from validating a value against one of the spec's JSON Schemas. */
import type { Exchange, Finding } from '../model.js';
import type { SpecSchemaName } from '../spec/json-schemas.js';
import { formatIssue, SpecValidators, type ValidationIssue } from '../spec/validators.js';
import { finding, type Check } from './check.js';

export interface ValidityOptions {
  /** Issues another, more specific check reports (so one defect is not counted twice). */
  ignore?: (issue: ValidationIssue) => boolean;
  /** Prefix of the JSON pointers reported, e.g. `/Resources/2` for a list item. */
  pointerPrefix?: string;
}

export function validityFinding(
  check: Pick<Check, 'id'>,
  exchange: Exchange,
  name: SpecSchemaName,
  value: unknown,
  subject: string,
  options: ValidityOptions = {},
): Finding {
  const outcome = SpecValidators.validate(name, value);
  const issues = outcome.issues
    .filter((i) => !options.ignore?.(i))
    .map((i) => formatIssue({ ...i, path: `${options.pointerPrefix ?? ''}${i.path}` }));
  if (issues.length === 0) {
    return finding(check, exchange, true, { subject, expected: `a valid ${name}`, actual: 'valid', message: `${subject} is a valid ${name}` });
  }
  return finding(check, exchange, false, {
    subject,
    expected: `a valid ${name}`,
    actual: issues,
    message: `${subject} is not a valid ${name}: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? ` (+${issues.length - 5} more)` : ''}`,
  });
}

/** Issues at a pointer or below it. */
export const under =
  (...pointers: string[]) =>
  (issue: Pick<ValidationIssue, 'path'>) =>
    pointers.some((pointer) => issue.path === pointer || issue.path.startsWith(`${pointer}/`));
