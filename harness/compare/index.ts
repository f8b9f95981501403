/** The `compare` module's public surface: read a HAR capture, compare it with a profile, write the report. */
export { compareCapture, type ActionReport, type CompareOptions, type CompareReport } from './compare.js';
export { compareRequests, describeRequest, type Difference, type DifferenceKind } from './diff.js';
export { readHar, toHar, type Capture, type Har, type HarEntry, type WireRequest } from './har.js';
export { recognise, type RecognisedAction, type Recognition } from './recognise.js';
export { replay, type ReplayedAction, type ReplayStep } from './replay.js';
export { markdown, parseCompareFormats, terminalLines, writeCompareReports, type CompareFormat } from './report.js';
