import { findDuplicateDevices, isAssignedHere } from '../../src/host/assignment';

const device = (org_id: string, services: string[]) => ({ config: { org_id, services } }) as never;

describe('isAssignedHere', () => {
  test('matches the CCE IP, IPv4-mapped and case-insensitive IPv6 included', () => {
    expect(isAssignedHere({ cce_ip: '10.0.0.15' }, ['127.0.0.1', '10.0.0.15'])).toBe(true);
    expect(isAssignedHere({ cce_ip: '10.0.0.16' }, ['10.0.0.15'])).toBe(false);
    expect(isAssignedHere({ cce_ip: 'FD00::15' }, ['fd00::15'])).toBe(true);
    expect(isAssignedHere({ cce_ip: '10.0.0.15' }, ['::ffff:10.0.0.15'])).toBe(true);
  });
});

describe('findDuplicateDevices', () => {
  test('same org with overlapping services: the later key duplicates the first', () => {
    const duplicates = findDuplicateDevices([
      { key: 'b-acme', device: device('5a2af2a82cf2b0010053ea41', ['sso']) },
      { key: 'a-acme', device: device('5a2af2a82cf2b0010053ea41', ['all']) },
      { key: 'c-globex', device: device('6ce434e87128303e528e747b', ['all']) },
    ]);
    expect([...duplicates]).toEqual([['b-acme', 'a-acme']]);
  });

  test('same org with disjoint services is fine', () => {
    expect(
      findDuplicateDevices([
        { key: 'acme-sso', device: device('5a2af2a82cf2b0010053ea41', ['sso']) },
        { key: 'acme-dir', device: device('5a2af2a82cf2b0010053ea41', ['directory', 'radius']) },
      ]).size,
    ).toBe(0);
  });
});
