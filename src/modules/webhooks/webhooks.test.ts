// The pure rules of webhooks: the signature against the Standard Webhooks specification's published
// test vector, secrets, the backoff schedule, which addresses count as this server, event types.
import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { buildCatalog } from '../../platform/events/catalog.js';
import { eventTypesProblem, excerpt, isLoopbackHost, newSecret, retryWait, secretKey, signature, urlProblem, wants } from './webhooks.js';

describe('webhook rules', () => {
  it('signs as the Standard Webhooks specification\'s test vector says', () => {
    expect(signature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'))
      .toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('makes a new secret each time: whsec_ and 32 random bytes in base64', () => {
    const a = newSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKey(a)).toHaveLength(32);
    expect(newSecret()).not.toBe(a);
  });

  it('waits 1, 5, 30 minutes, 2 and 12 hours, then gives up', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryWait(n))).toEqual([60, 300, 1800, 7200, 43200, null]);
    expect(retryWait(2, [1, 2])).toBe(2);
    expect(retryWait(3, [1, 2])).toBeNull();
  });

  it('keeps the first kilobyte of an answer as text, without NUL characters', () => {
    expect(excerpt(Buffer.from('a\u0000b'))).toBe('ab');
    expect(excerpt(Buffer.alloc(5000, 'x'))).toHaveLength(1024);
  });

  it('tells loopback and unspecified hosts from others', () => {
    for (const host of ['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.9.9.9', '[::1]', '[::]', '0.0.0.0', '[::ffff:7f00:1]']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['example.org', '10.0.0.1', '128.0.0.1', '[::2]', '[::ffff:a00:1]']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses what is not an http(s) address, or is this server itself; allows loopback on another port', () => {
    const self = { publicBaseUrl: 'https://secretariat.example', listeningPort: 3000 };
    expect(urlProblem('not an address', self)).toMatch(/full web address/);
    expect(urlProblem('ftp://files.example/x', self)).toMatch(/http:\/\/ or https:\/\//);
    expect(urlProblem('javascript:alert(1)', self)).toMatch(/http:\/\/ or https:\/\//);
    expect(urlProblem('https://user:pw@hooks.example/x', self)).toMatch(/user name or password/);
    expect(urlProblem('https://hooks.example/x#top', self)).toMatch(/fragment/);
    for (const url of ['https://secretariat.example/hooks', 'https://SECRETARIAT.example:443/x', 'http://localhost:3000/hook',
      'http://127.0.0.1:3000/', 'http://[::1]:3000/', 'http://0.0.0.0:3000/', 'http://2130706433:3000/', 'https://127.0.0.1/']) {
      expect(urlProblem(url, self), url).toMatch(/this server itself/);
    }
    for (const url of ['https://hooks.example/secretariat', 'http://127.0.0.1:4000/hook', 'http://localhost:8080/', 'http://secretariat.example/']) {
      expect(urlProblem(url, self), url).toBeNull();
    }
  });

  it('takes event types the public reads, or *; refuses unknown and restricted ones', () => {
    const catalog = buildCatalog([{
      'thing.raised': { subject: 'thing', audience: 'public', description: '', payload: Type.Object({}) },
      'thing.filed': { subject: 'thing', audience: () => 'public', description: '', payload: Type.Object({}) },
      'thing.hidden': { subject: 'thing', audience: 'administrators', description: '', payload: Type.Object({}) },
    }]);
    expect(eventTypesProblem(['thing.raised', 'thing.filed'], catalog)).toBeNull();
    expect(eventTypesProblem(['*'], catalog)).toBeNull();
    expect(eventTypesProblem([], catalog)).toMatch(/at least one/);
    expect(eventTypesProblem(['thing.nope'], catalog)).toMatch(/unknown event types: thing.nope/);
    expect(eventTypesProblem(['thing.hidden'], catalog)).toMatch(/never reads.*thing.hidden/);
    expect(wants(['*'], 'thing.raised')).toBe(true);
    expect(wants(['thing.filed'], 'thing.raised')).toBe(false);
  });
});
