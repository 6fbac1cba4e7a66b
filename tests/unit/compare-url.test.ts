// The Compare view's URL state (src/app/urlState.ts): every property round-trips through the query
// string, defaults are left out, malformed values fall back to the defaults, unknown keys survive.

import { describe, expect, it } from 'vitest';
import { DEFAULT_URL_STATE, MAX_URL_TEXT, parseKnockout, parseSiteKnockout, parseUrlState, serialiseUrlState, type UrlState } from '../../src/app/urlState';

describe('URL state', () => {
  it('the defaults serialise to an empty query string and parse back', () => {
    expect(serialiseUrlState(DEFAULT_URL_STATE)).toBe('');
    expect(parseUrlState('')).toEqual(DEFAULT_URL_STATE);
  });

  it('every property round-trips, including Chinese text, quotes and spaces', () => {
    const state: UrlState = {
      view: 'compare',
      a: '动物没有过马路，因为它太累了',
      b: "the cat didn't cross the road & it was too \"icy\" #1?",
      layer: 0,
      head: 3,
      query: 12,
      stage: 'scaled',
      lang: 'zh-CN',
      knockout: [
        { layer: 1, head: 2 },
        { layer: 0, head: 1 },
      ],
      site: 'encoder',
      siteKnockout: [
        { site: 'cross', layer: 1, head: 3 },
        { site: 'encoder', layer: 0, head: 2 },
        { site: 'decoder-self', layer: 1, head: 0 },
      ],
    };
    const search = serialiseUrlState(state);
    expect(search.startsWith('?')).toBe(true);
    expect(new URLSearchParams(search).get('tko')).toBe('enc0.2,self1.0,cross1.3');
    const back = parseUrlState(search);
    expect(back).toEqual({
      ...state,
      knockout: [{ layer: 0, head: 1 }, { layer: 1, head: 2 }],
      siteKnockout: [
        { site: 'encoder', layer: 0, head: 2 },
        { site: 'decoder-self', layer: 1, head: 0 },
        { site: 'cross', layer: 1, head: 3 },
      ],
    });
    // Stable: serialising the parsed state gives the same string.
    expect(serialiseUrlState(back)).toBe(search);
  });

  it('keeps keys it does not own (backend, bench) and replaces its own', () => {
    const s = serialiseUrlState({ ...DEFAULT_URL_STATE, head: 2 }, '?backend=wasm&head=1&bench');
    const p = new URLSearchParams(s);
    expect(p.get('backend')).toBe('wasm');
    expect(p.has('bench')).toBe(true);
    expect(p.get('head')).toBe('2');
    expect(p.getAll('head')).toHaveLength(1);
  });

  it('a value back at its default is removed from the URL', () => {
    expect(new URLSearchParams(serialiseUrlState({ ...DEFAULT_URL_STATE, layer: 1 }, '?layer=0')).has('layer')).toBe(false);
  });

  it('malformed values fall back to the defaults instead of throwing', () => {
    const s = parseUrlState('?layer=-1&head=abc&q=1e3&stage=softmax&lang=fr&view=x&ko=1.2,zz,9999.1,1.2,0.0');
    expect(s.layer).toBe(DEFAULT_URL_STATE.layer);
    expect(s.head).toBe(DEFAULT_URL_STATE.head);
    expect(s.query).toBe(null);
    expect(s.stage).toBe('weights');
    expect(s.lang).toBe(null);
    expect(s.view).toBe('explore');
    expect(s.knockout).toEqual([
      { layer: 0, head: 0 },
      { layer: 1, head: 2 },
    ]);
  });

  it('cuts overlong text', () => {
    const s = parseUrlState(`?a=${'x'.repeat(MAX_URL_TEXT + 50)}`);
    expect(s.a?.length).toBe(MAX_URL_TEXT);
  });

  it('parseKnockout merges duplicates and sorts', () => {
    expect(parseKnockout('1.3,0.2,1.3')).toEqual([
      { layer: 0, head: 2 },
      { layer: 1, head: 3 },
    ]);
    expect(parseKnockout('')).toEqual([]);
  });
});

describe('URL state of the translation model', () => {
  it('site-qualified knock-outs: malformed entries dropped, duplicates merged, sorted by site', () => {
    expect(parseSiteKnockout('cross1.2,zz,enc0.1,cross1.2,dec0.0,self9999.1,self0.3,enc.1')).toEqual([
      { site: 'encoder', layer: 0, head: 1 },
      { site: 'decoder-self', layer: 0, head: 3 },
      { site: 'cross', layer: 1, head: 2 },
    ]);
    expect(parseSiteKnockout('')).toEqual([]);
  });

  it('an unknown site falls back to cross-attention; the two knock-out lists are separate keys', () => {
    const s = parseUrlState('?site=decoder&ko=1.1&tko=cross0.0');
    expect(s.site).toBe('cross');
    expect(s.knockout).toEqual([{ layer: 1, head: 1 }]);
    expect(s.siteKnockout).toEqual([{ site: 'cross', layer: 0, head: 0 }]);
    expect(parseUrlState('?site=decoder-self').site).toBe('decoder-self');
  });
});
