/**
 * One OneLogin action in progress: its client (the admin's headers, the retry policy), the messages and
 * admin-visible errors it collects, and the two user requests every flow is built from: the create
 * (lookup, then POST or link) and the PUT of the rendered template.
 */
import type { Exchange } from '../../vocabulary/exchange.js';
import { ActionRun, clientOptions } from '../action-run.js';
import type { IdpContext } from '../profile.js';
import { filterString, scimId, statusOf } from '../scim-client.js';
import { BEHAVIOUR, ONELOGIN_DECLARATION, type OneLoginBehaviour } from './declaration.js';
import type { OneLoginConfig } from './settings.js';
import { renderTemplate } from './template.js';

/** Why a PUT is sent: it decides `active` and the behaviour the request enacts. */
export type PutReason = 'update' | 'reapply' | 'suspend' | 'reactivate';

const ACTIVE_PLACEHOLDER = /\{\$user\.active\}/i;

export class OneLoginRun extends ActionRun<OneLoginBehaviour> {
  /** Placeholders that named no OneLogin field or parameter (rendered ""), named in failure messages. */
  private readonly unknownPlaceholders = new Set<string>();

  constructor(
    ctx: IdpContext,
    readonly config: OneLoginConfig,
  ) {
    // The admin's Custom Headers and the retry settings replace the declared defaults.
    super(ctx, clientOptions(ONELOGIN_DECLARATION.traffic, { headers: config.headers, retry: config.retry }));
  }

  /** `GET /Users?filter=userName eq "<scimusername>"`, then POST, or link the user found (and PUT when reapplying). */
  async create(key: string, reapply: boolean): Promise<void> {
    const user = this.ctx.directory.get(key);
    const scimUserName = this.render(key, '{$parameters.scimusername}', true);
    const { exchange, resources } = await this.client.findUsers(`userName eq ${filterString(scimUserName)}`, {}, `find ${key}`, BEHAVIOUR.findUser);
    const notFound = exchange.response?.status === 404 || (resources !== undefined && resources.length === 0);
    if (!notFound) {
      const found = resources?.[0];
      const foundId = typeof found?.id === 'string' ? found.id : undefined;
      if (foundId === undefined) return this.fail(key, 'look up', exchange);
      this.state.provisioned.set(key, foundId);
      this.state.deactivated.delete(key);
      this.note(`OneLogin linked ${key} to the existing user ${JSON.stringify(found?.userName)} (id ${foundId})${found?.active === false ? ', which the target reports inactive' : ''}.`);
      if (reapply) await this.put(key, foundId, 'reapply');
      return;
    }
    const body = this.render(key, this.config.template, true);
    const created = await this.send({ method: 'POST', path: '/Users', body }, 'create', `create ${key}`, BEHAVIOUR.createUser);
    const id = scimId(created);
    const status = created.response?.status;
    if ((status === 201 || status === 200) && id !== undefined) {
      this.state.provisioned.set(key, id);
      this.state.deactivated.delete(key);
      this.note(`OneLogin created ${key} (${user.email}) as id ${id}.`);
      return;
    }
    this.fail(key, 'create', created);
  }

  /** `PUT /Users/{id}` with the rendered template; `active` as `putBody` decides. */
  async put(key: string, id: string, reason: PutReason): Promise<void> {
    const active = reason !== 'suspend';
    const body = this.putBody(key, active, reason);
    const exchange = await this.send({ method: 'PUT', path: userPath(id), body }, 'update', `${reason} ${key}`, this.putBehaviour(reason));
    const status = exchange.response?.status;
    if (status !== undefined && status >= 200 && status < 300) {
      if (reason === 'suspend') this.state.deactivated.add(key);
      else this.state.deactivated.delete(key);
      this.note(`OneLogin ${PAST[reason]} ${key} (${statusOf(exchange)}).`);
      return;
    }
    this.fail(key, reason, exchange);
  }

  /**
   * The rendered template plus `active` (boolean) on every PUT (O4), or only on suspend and reactivation
   * with `activeOnPut: lifecycle`. A template that renders `active` from `{$user.active}` (O6) keeps its
   * string, which already says the status being pushed; a literal `active` is overridden.
   */
  private putBody(key: string, active: boolean, reason: PutReason): Record<string, unknown> {
    const rendered = this.render(key, this.config.template, active);
    const templated = this.config.template.active;
    if (typeof templated === 'string' && ACTIVE_PLACEHOLDER.test(templated)) return rendered;
    const carries = this.config.activeOnPut === 'always' || reason === 'suspend' || reason === 'reactivate';
    return carries ? { ...rendered, active } : rendered;
  }

  private putBehaviour(reason: PutReason): OneLoginBehaviour {
    switch (reason) {
      case 'suspend':
        return BEHAVIOUR.suspend;
      case 'reactivate':
        return BEHAVIOUR.reactivate;
      case 'reapply':
        return BEHAVIOUR.reapplyMappings;
      case 'update':
        return this.config.activeOnPut === 'always' ? BEHAVIOUR.updatePut : BEHAVIOUR.updatePutWithoutActive;
    }
  }

  render<T>(key: string, template: T, active: boolean): T {
    const rendered = renderTemplate(template, { user: this.ctx.directory.get(key), parameters: this.config.parameters, active });
    for (const placeholder of rendered.unknown) this.unknownPlaceholders.add(placeholder);
    return rendered.value;
  }

  /** The action fails without a request (a refusal of the IdP's own), with no admin task. */
  refuse(message: string): void {
    this.ok = false;
    this.messages.push(message);
  }

  /** A request OneLogin did not take as success: an admin-visible provisioning error. */
  fail(key: string | undefined, what: string, exchange: Exchange): void {
    const unknown = [...this.unknownPlaceholders];
    const hint = unknown.length > 0 ? ` The template has placeholders OneLogin cannot fill (rendered ""): ${unknown.join(', ')}.` : '';
    this.failWithTask(`OneLogin could not ${what}${key ? ` ${key}` : ''}: ${describe(exchange)}.${hint}`);
  }
}

const PAST: Record<PutReason, string> = { update: 'updated', reapply: 'updated', suspend: 'suspended', reactivate: 'reactivated' };

export function userPath(id: string): string {
  return `/Users/${encodeURIComponent(id)}`;
}

function describe(exchange: Exchange): string {
  const body = exchange.responseJson as { scimType?: unknown; detail?: unknown } | undefined;
  const scimType = typeof body?.scimType === 'string' ? ` ${body.scimType}` : '';
  const detail = typeof body?.detail === 'string' ? ` (${body.detail})` : '';
  return `${statusOf(exchange)}${scimType}${detail}`;
}
