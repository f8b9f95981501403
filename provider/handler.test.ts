/** The handler's error boundary: a ScimError is answered as it is; anything else is a 500 that reveals nothing. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MESSAGE } from '../vocabulary/constants.js';
import { errorResponse } from './handler.js';
import { badRequest } from './messages/error.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('errorResponse', () => {
  it('a ScimError keeps its status, scimType and detail', () => {
    const response = errorResponse(badRequest('invalidValue', 'userName is required.'));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ schemas: [MESSAGE.error], status: '400', scimType: 'invalidValue', detail: 'userName is required.' });
  });

  it('any other exception → 500 without its message, which goes to the log instead', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const error = new Error('ENOENT: /srv/provider/secret.json');
    const response = errorResponse(error);
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('secret');
    expect(response.body).toMatchObject({ schemas: [MESSAGE.error], status: '500' });
    expect(log).toHaveBeenCalledWith(expect.any(String), error);
  });
});
