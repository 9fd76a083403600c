import { describe, expect, it } from 'vitest';
import { MembershipUnavailableError } from './membership-unavailable-error.js';
import { parseMembershipResponse } from './parse-membership-response.js';

function failure(body: string, rooms: string[]): MembershipUnavailableError {
  try {
    parseMembershipResponse(body, rooms);
  } catch (error) {
    if (error instanceof MembershipUnavailableError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('parseMembershipResponse', () => {
  it('reads true and false for every room asked, ignoring others', () => {
    const answers = parseMembershipResponse('{"results":{"cr_1":true,"cr_2":false,"cr_9":true}}', [
      'cr_1',
      'cr_2',
    ]);
    expect([...answers]).toEqual([
      ['cr_1', true],
      ['cr_2', false],
    ]);
  });

  it('refuses bodies that are not the contract, as a retryable malformed_response', () => {
    const cases: [string, string][] = [
      ['not json', 'a body that is not JSON'],
      ['[]', 'a body that is not a JSON object'],
      ['{"result":{}}', 'no `results` object'],
      ['{"results":[true]}', 'no `results` object'],
      ['{"results":{}}', 'no result for room cr_1'],
      ['{"results":{"cr_1":"yes"}}', 'a non-boolean result for room cr_1'],
      ['{"results":{"cr_1":null}}', 'a non-boolean result for room cr_1'],
    ];
    for (const [body, detail] of cases) {
      const error = failure(body, ['cr_1']);
      expect(error.failure).toBe('malformed_response');
      expect(error.code).toBe('membership_unavailable');
      expect(error.retryable).toBe(true);
      expect(error.message).toBe(`membership service answered 200 with ${detail}`);
    }
  });

  it('is not fooled by inherited properties', () => {
    expect(failure('{"results":{}}', ['toString']).message).toContain('no result for room toString');
  });
});
