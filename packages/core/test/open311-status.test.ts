import { describe, expect, it } from 'vitest';
import {
  CLOSED_LOOP_STAGES,
  FIXMYSTREET_STATUSES,
  OPEN311_CLOSED_STATUSES,
  OPEN311_EVENT_STATUS,
  open311LoopPosition,
  parseFixMyStreetStatus,
} from '../src/index.js';

describe('Open311 status mapping, read back', () => {
  it('puts every FixMyStreet status on the closed loop, closed exactly for the closed ones', () => {
    expect(FIXMYSTREET_STATUSES.length).toBe(11);
    for (const status of FIXMYSTREET_STATUSES) {
      const basic = OPEN311_CLOSED_STATUSES.has(status) ? 'closed' : 'open';
      const position = open311LoopPosition(basic, status);
      expect(position.status, status).toBe(basic);
      expect(CLOSED_LOOP_STAGES).toContain(position.stage);
      expect(position.stage === 'closed', status).toBe(basic === 'closed');
      expect(position.waitingFor === 'nobody', status).toBe(basic === 'closed');
    }
  });

  it('counts fixed as resolved even when the basic status still says open', () => {
    expect(open311LoopPosition('open', 'fixed')).toEqual({
      status: 'closed',
      stage: 'closed',
      waitingFor: 'nobody',
      ending: 'resolved',
    });
    expect(open311LoopPosition('closed', 'duplicate').ending).toBe('duplicate');
    expect(open311LoopPosition('closed', 'unable_to_fix').ending).toBe('declined');
    expect(open311LoopPosition('closed').ending).toBeUndefined();
    expect(open311LoopPosition('open').stage).toBe('registration');
  });

  it('reads the spellings servers use and ignores unknown words', () => {
    expect(parseFixMyStreetStatus('IN_PROGRESS')).toBe('in_progress');
    expect(parseFixMyStreetStatus('In progress')).toBe('in_progress');
    expect(parseFixMyStreetStatus('fixed - council')).toBe('fixed');
    expect(parseFixMyStreetStatus('NOT_RESPONSIBLE')).toBe('not_councils_responsibility');
    expect(parseFixMyStreetStatus('Action scheduled')).toBe('action_scheduled');
    expect(parseFixMyStreetStatus('Received')).toBe('open');
    expect(parseFixMyStreetStatus('reopen')).toBe('open');
    expect(parseFixMyStreetStatus('WAITING_FOR_GODOT')).toBeUndefined();
    expect(parseFixMyStreetStatus('')).toBeUndefined();
  });

  it('names only FixMyStreet statuses for timeline events', () => {
    const statuses = Object.values(OPEN311_EVENT_STATUS);
    expect(statuses.length).toBeGreaterThan(20);
    for (const status of statuses) expect(FIXMYSTREET_STATUSES).toContain(status);
  });
});
