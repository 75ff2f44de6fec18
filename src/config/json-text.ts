/**
 * Parsing of JSON typed by people: on a syntax error, say where (line and column) and what was
 * expected, without ever quoting the text itself (it may hold a secret).
 */
export type JsonParseResult =
  | { ok: true; value: unknown }
  | { ok: false; line: number; column: number; problem: string };

export function parseJsonText(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const { offset, problem } = locateSyntaxError(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { ok: false, line, column, problem };
  }
}

class SyntaxProblem extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** A minimal JSON scanner that only finds the first error; JSON.parse does the real parsing. */
function locateSyntaxError(text: string): { offset: number; problem: string } {
  let i = 0;
  const fail = (problem: string): never => {
    throw new SyntaxProblem(i, problem);
  };
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const describe = (): string => (i >= text.length ? 'end of text' : `character ${JSON.stringify(text[i])}`);
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}`);
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail('line break or control character inside a string (escape it)');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('invalid \\u escape in a string');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('invalid escape in a string');
      }
      i++;
    }
    if (i >= text.length) fail('unterminated string (missing closing ")');
    i++;
  };
  const number = (): void => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!match) fail(`unexpected ${describe()}`);
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    skipSpace();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    if (c === "'") fail('single quotes are not JSON: use double quotes');
    fail(`expected a value but found ${describe()}`);
  };
  /** The items of an object or array, up to `close`, each separated by a comma; no trailing comma. */
  const sequence = (close: '}' | ']', item: () => void): void => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      skipSpace();
      if (text[i] === ',') {
        i++;
        skipSpace();
        if (text[i] === close) fail(`trailing comma before ${close}`);
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail(`expected ',' or '${close}' but found ${describe()}`);
    }
  };
  const member = (): void => {
    skipSpace();
    if (text[i] === "'") fail('single quotes are not JSON: use double quotes');
    if (text[i] !== '"') fail(`expected a "quoted" key but found ${describe()}`);
    string();
    skipSpace();
    if (text[i] !== ':') fail(`expected ':' after the key but found ${describe()}`);
    i++;
    value();
  };
  const object = (): void => sequence('}', member);
  const array = (): void => sequence(']', value);
  try {
    if (text.trim() === '') fail('the text is empty');
    value();
    skipSpace();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON`);
    return { offset: i, problem: 'invalid JSON' };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { offset: error.offset, problem: error.problem };
    throw error;
  }
}
