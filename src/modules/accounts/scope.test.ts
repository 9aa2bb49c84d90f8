import { describe, expect, it } from 'vitest';
import { coversPemda, coversSatker, scopeFromGrants } from './scope';

describe('scope from role grants', () => {
  it('a pemda-scoped grant on the province (33) covers every region', () => {
    const scope = scopeFromGrants([{ role: 'auditor', pemdaCode: '33', satkerCode: null }]);
    expect(scope.allRegions).toBe(true);
    expect(coversPemda(scope, '33.74')).toBe(true);
  });

  it('an operator of a kabupaten covers that kabupaten and its satkers only', () => {
    const scope = scopeFromGrants([{ role: 'operator', pemdaCode: '33.25', satkerCode: null }]);
    expect(scope).toEqual({ allRegions: false, pemdaCodes: ['33.25'], satkerCodes: [] });
    expect(coversSatker(scope, { code: '3325-SETDA', pemdaCode: '33.25' })).toBe(true);
    expect(coversSatker(scope, { code: '3374-DISDIK', pemdaCode: '33.74' })).toBe(false);
  });

  it('satker roles cover their satkers but not the rest of the pemda', () => {
    const scope = scopeFromGrants([
      { role: 'pp', pemdaCode: null, satkerCode: '3325-SETDA' },
      { role: 'ppk', pemdaCode: null, satkerCode: '3325-DINKES' },
    ]);
    expect(coversPemda(scope, '33.25')).toBe(false);
    expect(coversSatker(scope, { code: '3325-DINKES', pemdaCode: '33.25' })).toBe(true);
    expect(coversSatker(scope, { code: '3325-RSUD-LIMPUNG', pemdaCode: '33.25' })).toBe(false);
  });

  it('no grants cover nothing', () => {
    const scope = scopeFromGrants([]);
    expect(scope.allRegions).toBe(false);
    expect(coversPemda(scope, '33.25')).toBe(false);
  });
});
