import { AllowedHosts, isPrivateAddress, unmapIpv4 } from './address-policy';

describe('isPrivateAddress (09 §2)', () => {
  it.each([
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.168.1.1',
    '198.18.0.1',
    '198.19.255.255',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    'not-an-address',
  ])('%s is refused', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '192.0.1.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );

  it('unmaps IPv4-mapped IPv6 forms', () => {
    expect(unmapIpv4('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(unmapIpv4('::FFFF:0a00:0001')).toBe('10.0.0.1');
    expect(unmapIpv4('2001:db8::1')).toBe('2001:db8::1');
  });
});

describe('AllowedHosts', () => {
  const allowed = new AllowedHosts(['hooks.internal', 'idp.local:8443', '10.0.0.0/8', '127.0.0.1', '[::1]:9000']);

  it('matches host names, with or without a port', () => {
    expect(allowed.allowsHost('HOOKS.internal', 443)).toBe(true);
    expect(allowed.allowsHost('idp.local', 8443)).toBe(true);
    expect(allowed.allowsHost('idp.local', 443)).toBe(false);
    expect(allowed.allowsHost('[::1]', 9000)).toBe(true);
    expect(allowed.allowsHost('other.internal', 443)).toBe(false);
  });

  it('matches resolved addresses against CIDRs and listed addresses', () => {
    expect(allowed.allowsAddress('10.20.30.40')).toBe(true);
    expect(allowed.allowsAddress('::ffff:10.20.30.40')).toBe(true);
    expect(allowed.allowsAddress('127.0.0.1')).toBe(true);
    expect(allowed.allowsAddress('127.0.0.2')).toBe(false);
    expect(allowed.allowsAddress('192.168.0.1')).toBe(false);
  });
});
