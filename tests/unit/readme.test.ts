// The README is for a newcomer: its first screen — what the app is, a screenshot, the two commands —
// fits in 60 lines, and the files it links exist.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const lines = readme.split('\n');

describe('README', () => {
  it('says what the app is, shows a screenshot and gives the two commands within its first 60 lines', () => {
    const end = lines.findIndex((l, i) => i > 0 && l.startsWith('## ') && !/two commands/i.test(l));
    const firstScreen = lines.slice(0, end);
    expect(end).toBeGreaterThan(0);
    expect(end).toBeLessThanOrEqual(60);
    const text = firstScreen.join('\n');
    expect(lines[0]).toMatch(/^# /);
    expect(text).toMatch(/!\[[^\]]+\]\(docs\/[^)]+\.png\)/);
    expect(text).toMatch(/npm install && npm run dev/);
    expect(text).toMatch(/npm test/);
  });

  it('links only files that exist', () => {
    const links = [...readme.matchAll(/\]\(((?:docs|src|tests|public)\/[^)#\s]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(existsSync(join(ROOT, link)), link).toBe(true);
  });
});
