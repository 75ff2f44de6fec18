/** Realistic device forms as the ADR Add-On Store saves them. */
export const ORG_ID = '5a2af2a82cf2b0010053ea41';
export const OTHER_ORG_ID = '6ce434e87128303e528e747b';
/** Looks like a JumpCloud API key (40 hex characters); tests search every output for it. */
export const API_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

export function deviceForm(overrides: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    device_name: 'JumpCloud',
    cce_ip: '10.0.0.15',
    access_id: '',
    secret_key: API_KEY,
    config: { org_id: ORG_ID, ...config },
    ...overrides,
  };
}
