import { describe, expect, it } from 'vitest';
import { claimTooltip } from '../../../lib/claims-info.ts';

describe('claim tooltips for OIDC, DPoP and token exchange', () => {
  it.each([
    ['given_name', 'OpenID Connect Core §5.1'],
    ['family_name', 'OpenID Connect Core §5.1'],
    ['middle_name', '§5.1'],
    ['nickname', '§5.1'],
    ['preferred_username', '§5.1'],
    ['profile', '§5.1'],
    ['picture', '§5.1'],
    ['website', '§5.1'],
    ['email', '§5.1'],
    ['email_verified', '§5.1'],
    ['gender', '§5.1'],
    ['birthdate', '§5.1'],
    ['zoneinfo', '§5.1'],
    ['locale', '§5.1'],
    ['phone_number', '§5.1'],
    ['phone_number_verified', '§5.1'],
    ['address', '§5.1.1'],
    ['updated_at', '§5.1'],
    ['auth_time', 'OpenID Connect Core §2'],
    ['acr', 'OpenID Connect Core §2'],
    ['amr', 'RFC 8176'],
    ['azp', 'OpenID Connect Core §2'],
    ['at_hash', '§3.1.3.6'],
    ['c_hash', '§3.3.2.11'],
    ['s_hash', 'FAPI'],
    ['sid', 'Logout'],
    ['htm', 'RFC 9449 §4.2'],
    ['htu', 'RFC 9449 §4.2'],
    ['ath', 'RFC 9449 §4.2'],
    ['cnf', 'RFC 7800'],
    ['act', 'RFC 8693'],
    ['may_act', 'RFC 8693'],
    ['events', 'Back-Channel Logout'],
    ['client_id', 'RFC 9068'],
    ['scope', 'RFC 9068'],
  ])('%s names its spec (%s)', (name, spec) => {
    expect(claimTooltip(name, 'payload')).toContain(spec);
  });
  it('says what cnf.jkt is', () => {
    expect(claimTooltip('cnf', 'payload')).toContain('RFC 7638 thumbprint');
  });
});
