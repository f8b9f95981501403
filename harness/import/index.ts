/** `scim-conformance import`: a HAR capture of SCIM traffic → a scenario that replays it. */
export { readHar, headerValue, HarError, type Capture, type CapturedEntry, type HarHeader } from './har.js';
export { importCapture, ImportError, type ImportOptions, type ImportResult, type ImportSummary, type SkippedEntry } from './convert.js';
