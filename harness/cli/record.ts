/** `scim-conformance record`: a recording reverse proxy between a real IdP and a SCIM endpoint (or the embedded provider), writing a redacted HAR 1.2 capture. */
import { resolve } from 'node:path';
import { createProvider, MIN_TOKEN_LENGTH, type RunningProvider } from '../../provider/provider.js';
import { PROFILES, type ProfileName } from '../../provider/schemas/profiles.js';
import { createRedactor, DEFAULT_REDACTED_FIELDS } from '../har/redact.js';
import { openHarFileWriter, type HarFileWriter } from '../har/write.js';
import { startRecordingProxy, type RecordedExchange, type RecordingProxy } from '../record/proxy.js';
import { EXIT, startCommand, toolVersion, type Io } from './io.js';

export const RECORD_USAGE = `Usage: scim-conformance record --target URL|embedded --listen PORT --out capture.har [options]

A recording reverse proxy: point your IdP's SCIM connector (through your own tunnel if it runs in the cloud)
at http://HOST:PORT/ and every request is forwarded to --target unchanged, the answer handed back unchanged,
and the exchange appended to a HAR 1.2 file, complete on disk after every exchange. Ctrl-C stops it.

  --target URL          the SCIM base URL to forward to (https://example.com/scim/v2), or 'embedded': start
                        the reference provider and record against it (its token is printed)
  --listen PORT         port to listen on (0 picks a free one)
  --host H              address to bind (default 127.0.0.1; 0.0.0.0 to accept from a tunnel on another host)
  --out FILE            the HAR file to write (default capture.har)
  --redact-header NAME  also replace this header's value with [redacted] (repeatable); Authorization,
                        Proxy-Authorization, Cookie and Set-Cookie always are
  --redact-field PATH   also replace this JSON field in request and response bodies (repeatable), e.g.
                        emails.value or urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber;
                        ${DEFAULT_REDACTED_FIELDS.join(', ')} always is
  --profile P           embedded only: ${PROFILES.join(', ')} (default full)
  --token T             embedded only: the bearer token to accept (default: a new random one)

The bearer token an IdP sends is replaced by [redacted] wherever it appears (headers, URLs, bodies). Each
entry carries _idp (okta, entra, onelogin…) when the sender can be told from its User-Agent or quirks.`;

export async function recordCommand(args: string[], io: Io): Promise<number> {
  const parsed = startCommand(
    'record',
    args,
    {
      target: { type: 'string' },
      listen: { type: 'string' },
      host: { type: 'string' },
      out: { type: 'string' },
      'redact-header': { type: 'string', multiple: true },
      'redact-field': { type: 'string', multiple: true },
      profile: { type: 'string' },
      token: { type: 'string' },
    },
    RECORD_USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values: v, usageError } = parsed;
  if (parsed.positionals.length > 0) return usageError(`unexpected argument '${parsed.positionals[0]}'.`);
  if (v.target === undefined) return usageError('--target URL (or --target embedded) is required.');
  if (v.listen === undefined) return usageError('--listen PORT is required.');
  const port = Number(v.listen);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(`--listen must be a port number, got '${v.listen}'.`);
  const embedded = v.target === 'embedded';
  if (!embedded && !/^https?:\/\/[^/]/.test(v.target)) return usageError(`--target must be an http(s) URL or 'embedded', got '${v.target}'.`);
  if (!embedded && (v.profile !== undefined || v.token !== undefined)) return usageError('--profile and --token apply to --target embedded only.');
  if (v.profile !== undefined && !(PROFILES as readonly string[]).includes(v.profile)) return usageError(`--profile must be one of ${PROFILES.join(', ')}, got '${v.profile}'.`);
  if (v.token !== undefined && v.token.length < MIN_TOKEN_LENGTH) return usageError(`--token must be at least ${MIN_TOKEN_LENGTH} characters.`);
  const out = resolve(v.out ?? 'capture.har');

  let provider: RunningProvider | undefined;
  let targetUrl = v.target;
  const tokens: string[] = [];
  if (embedded) {
    const created = createProvider({ profile: (v.profile ?? 'full') as ProfileName, ...(v.token !== undefined ? { token: v.token } : {}) });
    provider = await created.listen(0);
    targetUrl = provider.baseUrl;
    tokens.push(created.access.currentToken);
  }
  const redactor = createRedactor({ tokens, headers: v['redact-header'] ?? [], fields: v['redact-field'] ?? [] });

  let writer: HarFileWriter;
  try {
    writer = openHarFileWriter(out, toolVersion(), `recorded by scim-conformance record against ${embedded ? 'the embedded reference provider' : redactor.text(targetUrl)}`);
  } catch (error) {
    await provider?.close();
    return usageError(`cannot write --out ${out}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let writeFailure: string | undefined;
  const onExchange = ({ sequence, entry }: RecordedExchange) => {
    writer.add(entry);
    writer.flush().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      // Said once, not per exchange: the next successful rewrite still carries every entry.
      if (writeFailure !== message) io.err(`scim-conformance record: cannot write ${out}: ${message}`);
      writeFailure = message;
    });
    const path = entry.request.url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0] ?? '/';
    io.out(`#${sequence} ${entry.request.method} ${path} → ${entry.response.status} (${Math.round(entry.time)} ms)${entry._idp ? ` ${entry._idp}` : ''}`);
  };

  let proxy: RecordingProxy;
  try {
    proxy = await startRecordingProxy({ target: targetUrl, port, ...(v.host !== undefined ? { host: v.host } : {}), redactor, onExchange });
  } catch (error) {
    await provider?.close();
    return usageError(`cannot listen on ${v.host ?? '127.0.0.1'}:${port}: ${error instanceof Error ? error.message : String(error)}`);
  }

  if (embedded) {
    // What `npm run provider` prints, for the IdP's configuration: the URL it calls is the recorder's.
    io.out(`SCIM base URL: ${proxy.url}  (recording; the provider itself is at ${targetUrl})`);
    io.out(`Bearer token:  ${tokens[0]}`);
  } else {
    io.out(`Recording:     ${proxy.url} → ${targetUrl}`);
  }
  io.out(`Writing:       ${out} (Ctrl-C to stop)`);

  await waitForStop(io.signal);
  await proxy.close();
  await provider?.close();
  try {
    await writer.flush();
  } catch (error) {
    io.err(`scim-conformance record: cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.usage;
  }
  io.out(`recorded ${writer.count} exchange${writer.count === 1 ? '' : 's'} to ${out}`);
  return EXIT.conformant;
}

/**
 * Until the caller's signal aborts or the process gets SIGINT/SIGTERM: the CLI entry stops only `run`
 * gracefully itself, so the recorder listens for the signals it needs while it runs, and only then.
 */
function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    if (signal?.aborted) return resolve();
    signal?.addEventListener('abort', stop, { once: true });
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
