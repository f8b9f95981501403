/** Whether a JSON value has the RFC 7643 §2.3 data type an attribute declares. */
import { isXsdDateTime } from '../spec/datetime.js';
import type { AttributeModel } from './discovered.js';
import { isObject } from '../../vocabulary/json.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The problem with one (single) value of the given type, or undefined when it fits. */
function scalarProblem(type: string, value: unknown): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'reference':
      return typeof value === 'string' ? undefined : 'must be a string (reference)';
    case 'binary':
      return typeof value === 'string' && BASE64.test(value) ? undefined : 'must be a base64 string (binary)';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be a JSON boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'must be an integer';
    case 'decimal':
      return typeof value === 'number' ? undefined : 'must be a number (decimal)';
    case 'dateTime':
      return typeof value === 'string' && isXsdDateTime(value) ? undefined : 'must be an xsd:dateTime string with date and time';
    case 'complex':
      return isObject(value) ? undefined : 'must be an object (complex)';
    default:
      // A type the RFC does not define: the Schema check reports it, values cannot be judged.
      return undefined;
  }
}

/** RFC 7643 §2.5: null is an unassigned value, whatever the type. */
export function typeProblem(definition: AttributeModel, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (definition.multiValued) {
    if (!Array.isArray(value)) return 'must be an array (multi-valued)';
    for (const [i, element] of value.entries()) {
      const problem = element === null ? undefined : scalarProblem(definition.type, element);
      if (problem) return `[${i}] ${problem}`;
    }
    return undefined;
  }
  if (Array.isArray(value)) return 'must be a single value, not an array';
  return scalarProblem(definition.type, value);
}
