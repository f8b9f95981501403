/** RFC 7644 §3.4.2.3 ordering, shared by a resource type's list and the root search across types. */
import { compareValues } from '../filter/compare.js';
import type { AttributeDefinition } from '../schemas/definition.js';

export interface SortEntry<T> {
  item: T;
  /** The value the item sorts by and its attribute; undefined when the item's type lacks the attribute. */
  sort: { key: unknown; definition: AttributeDefinition } | undefined;
}

export function sortEntries<T>(entries: SortEntry<T>[], order: 'ascending' | 'descending'): T[] {
  const direction = order === 'descending' ? -1 : 1;
  const sorted = [...entries].sort((a, b) => {
    const ka = a.sort?.key;
    const kb = b.sort?.key;
    // Resources without a value sort last in ascending order (first in descending).
    if (ka === undefined || kb === undefined) return ka === kb ? 0 : (ka === undefined ? 1 : -1) * direction;
    return compareValues(ka, kb, a.sort!.definition) * direction;
  });
  return sorted.map((e) => e.item);
}
