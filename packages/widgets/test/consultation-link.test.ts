import { describe, expect, it } from 'vitest';
import { consultationFromFragment } from '../src/consult-request/consult-request.js';

// The tracking link's fragment, `#jf-consultation=<number>.<tracking token>` (the token is
// base64url, without dots, so the number is everything before the last dot).
describe('consultationFromFragment', () => {
  it('reads the number and the token, encoded or not, beside other fragment parameters', () => {
    const token = 'jft_Ab-_9xYz';
    expect(consultationFromFragment(`#jf-consultation=JC-20261202-DNLQZ.${token}`)).toEqual({
      consultationNumber: 'JC-20261202-DNLQZ',
      trackingToken: token,
    });
    expect(consultationFromFragment(`#jf-consultation=${encodeURIComponent(`JC-1.${token}`)}&tab=2`)).toEqual({
      consultationNumber: 'JC-1',
      trackingToken: token,
    });
  });

  it('finds nothing in a fragment without a consultation or with half of one', () => {
    expect(consultationFromFragment('')).toBeUndefined();
    expect(consultationFromFragment('#jf-track=jft_abc')).toBeUndefined();
    expect(consultationFromFragment('#jf-consultation=JC-1')).toBeUndefined();
    expect(consultationFromFragment('#jf-consultation=.jft_abc')).toBeUndefined();
    expect(consultationFromFragment('#jf-consultation=JC-1.')).toBeUndefined();
  });
});
