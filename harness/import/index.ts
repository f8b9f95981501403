/** `scim-conformance import`: a HAR capture of SCIM traffic → a scenario that replays it. */
export { readCapture as readHar, headerValue, HarError, type Capture, type CapturedEntry, type HarHeader } from '../har/capture.js';
export { importCapture, ImportError, type ImportOptions, type ImportResult, type ImportSummary, type SkippedEntry } from './convert.js';
