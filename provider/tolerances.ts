/**
 * The deviations from RFC 7643/7644 the reference provider accepts because a major IdP sends them (README,
 * "Tolerances"). All are on by default; a provider built with one switched off refuses that quirk, which is
 * how the defect switch proves each IdP quirk scenario catches a target that does not tolerate it.
 */
export interface Tolerances {
  /** "True"/"False" strings for booleans (Entra ID without `aadOptscim062020`). */
  booleanStrings: boolean;
  /** A bare string for a single-valued complex attribute is its `value` (Entra ID's `manager`). */
  bareStringComplex: boolean;
  /** PATCH add/replace through an `eq` value filter that matches nothing creates the element (Entra ID). */
  filterUpsert: boolean;
  /** PATCH remove of `members` (any multi-valued attribute) with a `value` list removes just those (Okta, Entra ID). */
  removeValueList: boolean;
  /** PATCH remove of a single-valued complex attribute through a value filter (Entra ID's `manager[value eq "id"]`). */
  singleValuedFilterRemove: boolean;
  /** PATCH without a path whose value is keyed by attribute paths (`"name.givenName"`; Entra ID with `aadOptscim062020`). */
  pathKeysInValue: boolean;
  /** A PATCH value without a path that repeats a readOnly attribute unchanged (Okta's group rename sends `id`). */
  readOnlyEcho: boolean;
}

export const TOLERATE_ALL: Tolerances = {
  booleanStrings: true,
  bareStringComplex: true,
  filterUpsert: true,
  removeValueList: true,
  singleValuedFilterRemove: true,
  pathKeysInValue: true,
  readOnlyEcho: true,
};
