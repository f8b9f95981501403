/** The scenario format: types, loading, templating and expectation matching. */
export * from './types.js';
export { ScenarioError, formatErrors } from './errors.js';
export { loadScenarioFile, loadScenarioText, discoverScenarios, type LoadResult } from './load.js';
export { SCENARIO_SCHEMA, settingNames } from './schema.js';
export {
  renderTemplate,
  renderText,
  readPath,
  lookupPath,
  parseTemplate,
  templateReferences,
  TemplateError,
  TEMPLATE_ROOTS,
  type TemplateContext,
  type TemplateResponse,
} from './template.js';
export { matchExpectations, matchValue, toMatcher, saveValues, deepEqual, lowerCaseKeys, WHOLE_BODY, type ResponseView } from './expect.js';
export { renderRequest, renderExpectation, renderMatchers, renderAttributes, type RenderedRequest } from './render.js';
export { stepLabel } from './label.js';
export { OPT_IN_TAGS, optInAsked, optInTags } from './selection.js';
