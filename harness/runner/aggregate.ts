/**
 * Folds the findings of a scenario into one result per check: a check failed in the scenario if any of
 * its findings failed. Failing findings are kept whole (they are the evidence); passing ones are counted.
 */
import type { Check } from '../checks/check.js';
import type { CheckResult, Finding } from '../model.js';

export class CheckTally {
  private readonly results = new Map<string, CheckResult>();

  constructor(
    private readonly lookup: (id: string) => Pick<Check, 'id' | 'level' | 'area' | 'rfc' | 'title'> | undefined,
    /** Called with each failing finding kept as evidence (its exchange must then be kept too). */
    private readonly onKeptFailure?: (finding: Finding) => void,
  ) {}

  add(findings: Finding[]): void {
    for (const f of findings) {
      const result = this.entry(f.checkId);
      if (f.passed) result.passes += 1;
      else {
        result.status = 'failed';
        // A check failing on every one of 500 exchanges tells no more than its first 20 failures.
        if (result.failures.length < 20) {
          result.failures.push(f);
          this.onKeptFailure?.(f);
        }
      }
    }
  }

  /** A passing finding of each check named, counted without the finding itself. */
  addPasses(checkIds: readonly string[]): void {
    for (const id of checkIds) this.entry(id).passes += 1;
  }

  /** Passing findings counted per check (a worker sends counts, not findings). */
  addCounts(passes: Readonly<Record<string, number>>): void {
    for (const id in passes) this.entry(id).passes += passes[id]!;
  }

  /** The check's result, created on its first finding; a finding makes a not-applicable check applicable. */
  private entry(checkId: string): CheckResult {
    let result = this.results.get(checkId);
    if (!result) {
      const check = this.lookup(checkId);
      if (!check) throw new Error(`Finding for unknown check '${checkId}'.`);
      result = { checkId: check.id, level: check.level, area: check.area, rfc: check.rfc, title: check.title, status: 'passed', failures: [], passes: 0 };
      this.results.set(checkId, result);
    }
    if (result.status === 'not-applicable') {
      result.status = 'passed';
      delete result.reason;
    }
    return result;
  }

  /** The check could apply but depends on a feature the target lacks; a finding of it elsewhere wins. */
  notApplicable(checkId: string, reason: string): void {
    if (this.results.has(checkId)) return;
    const check = this.lookup(checkId);
    if (!check) throw new Error(`Unknown check '${checkId}'.`);
    this.results.set(checkId, { checkId, level: check.level, area: check.area, rfc: check.rfc, title: check.title, status: 'not-applicable', reason, failures: [], passes: 0 });
  }

  list(): CheckResult[] {
    return [...this.results.values()].sort((a, b) => a.checkId.localeCompare(b.checkId));
  }
}
