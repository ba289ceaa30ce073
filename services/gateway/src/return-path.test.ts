import { returnPath } from './session';

describe('the page to return to after sign-in', () => {
  it('keeps a page of this site, with its query', () => {
    expect(returnPath('/officials/4f1c?tab=history')).toBe('/officials/4f1c?tab=history');
    expect(returnPath('/org?agency=a&unit=u')).toBe('/org?agency=a&unit=u');
  });

  it('sends anything that could leave the site, or loop, to the home page', () => {
    for (const bad of [
      undefined,
      '',
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil',
      'org',
      '/auth/login',
      ['/org'],
      `/${'a'.repeat(2000)}`,
    ])
      expect([bad, returnPath(bad)]).toEqual([bad, '/']);
  });
});
