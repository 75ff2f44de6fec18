import { parseJsonText } from '../../src/config/json-text';

describe('parseJsonText', () => {
  test('parses valid JSON', () => {
    expect(parseJsonText('{"org_id": "x", "n": [1, 2.5e3, true, null]}')).toEqual({ ok: true, value: { org_id: 'x', n: [1, 2500, true, null] } });
  });

  test.each([
    ['{"a": 1', 1, 8, /expected ',' or '}'/],
    ['{\n  "a": 1,\n  "b" 2\n}', 3, 7, /expected ':'/],
    ['{"a": "line\nbreak"}', 1, 12, /line break or control character/],
    ['', 1, 1, /empty/],
    ['{"a": 1} x', 1, 10, /after the end/],
    ['[1, 2,]', 1, 7, /trailing comma/],
    ['{"a": "\\x"}', 1, 9, /invalid escape/],
    ['{"a": tru}', 1, 7, /unexpected/],
  ])('%j fails at line %i column %i', (text, line, column, problem) => {
    const result = parseJsonText(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect([result.line, result.column]).toEqual([line, column]);
    expect(result.problem).toMatch(problem);
  });
});
