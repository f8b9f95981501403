/**
 * Docker accounts that exist outside the organization. Docker Hub's API reference (audit source D4, "Create
 * user"): "If the user already exists by email, they are assigned to the organization" — so a create for such
 * an email is not a conflict; the member it makes keeps the account's id. Accounts are named by the provider's
 * `existingAccounts` option; members who were deactivated (unassigned: "removed from your Docker organization",
 * D3) are existing accounts too, and the user service handles those from the store.
 */
import { randomUUID } from 'node:crypto';

export interface DockerAccount {
  email: string;
  /** The account's id, which the member keeps when it joins the organization. */
  id: string;
}

export class DockerAccounts {
  private readonly byEmail = new Map<string, DockerAccount>();

  constructor(emails: readonly string[] = []) {
    for (const email of emails) this.byEmail.set(email.trim().toLowerCase(), { email: email.trim(), id: randomUUID() });
  }

  /** The account outside the organization with this email (compared without case), if any. */
  find(email: string): DockerAccount | undefined {
    return this.byEmail.get(email.toLowerCase());
  }

  /** The account is now a member: from here on the store holds it. */
  joined(account: DockerAccount): void {
    this.byEmail.delete(account.email.toLowerCase());
  }

  get size(): number {
    return this.byEmail.size;
  }
}
