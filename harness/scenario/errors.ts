/**
 * Problems found while loading a scenario file. They are values, not exceptions: a loader reports every
 * problem of a file at once, and a report can keep them as data.
 */

export class ScenarioError {
  constructor(
    readonly file: string,
    /** 1-based; 1:1 when the problem concerns the whole file. */
    readonly line: number,
    readonly column: number,
    /** Reason, prefixed with the value's path in the document (`steps[2].assign: unknown user ...`). */
    readonly message: string,
  ) {}

  /** `file:line:column: message`, the shape editors and terminals turn into links. */
  format(): string {
    return `${this.file}:${this.line}:${this.column}: ${this.message}`;
  }

  toString(): string {
    return this.format();
  }
}

export function formatErrors(errors: readonly ScenarioError[]): string {
  return errors.map((e) => e.format()).join('\n');
}
