/** Short human text of a step, for reports and progress lines (`okta assign user1`, `GET /Users`). */
import type { IdpName, Step } from './types.js';
import { compactUsers } from './users.js';

export function stepLabel(step: Step, idp: IdpName | undefined): string {
  const label = describeStep(step, idp);
  return step.expectFailure ? `${label} (expected to fail)` : label;
}

function describeStep(step: Step, idp: IdpName | undefined): string {
  const actor = idp ?? 'idp';
  switch (step.kind) {
    case 'admin':
      return `admin ${step.action}`;
    case 'testConnection':
    case 'fullSync':
      return `${actor} ${step.kind}`;
    case 'assign':
    case 'unassign':
    case 'reassign':
    case 'delete':
      return `${actor} ${step.kind} ${compactUsers(step.users)}`;
    case 'update':
      return `${actor} update ${compactUsers(step.users)} (${Object.keys(step.set).join(', ')})`;
    case 'pushGroup':
      return `${actor} pushGroup ${step.group}${step.delete ? ' (delete)' : step.renameTo !== undefined ? ` → ${step.renameTo}` : ''}`;
    case 'expect': {
      const subject =
        step.subject.type === 'user'
          ? step.subject.user
          : step.subject.type === 'group'
            ? `group ${step.subject.group}`
            : `created ${[step.subject.users !== undefined ? `${step.subject.users} users` : '', step.subject.groups !== undefined ? `${step.subject.groups} groups` : ''].filter(Boolean).join(', ')}`;
      return `expect ${subject}${step.exists ? '' : ' absent'}`;
    }
    case 'request': {
      if (step.name !== undefined) return step.name;
      const query = Object.entries(step.query)
        .map(([key, value]) => `${key}=${String(value)}`)
        .join('&');
      return `${step.method} ${step.path}${query === '' ? '' : `?${query}`}`;
    }
  }
}
