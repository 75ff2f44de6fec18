import { PassThrough } from 'node:stream';
import { progressReporter } from '../../src/cli/progress';

function stream(isTTY: boolean): { sink: NodeJS.WriteStream; text: () => string } {
  const pass = new PassThrough();
  let text = '';
  pass.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { sink: Object.assign(pass, { isTTY }) as unknown as NodeJS.WriteStream, text: () => text };
}

const window = { window_start: '2026-12-04T00:00:00.000Z', window_end: '2026-12-04T10:00:00.000Z' };

test('on a terminal: a bar redrawn in place with events, percent and rate', async () => {
  const { sink, text } = stream(true);
  const progress = progressReporter('acme', sink);
  progress.update({ events: 1000, position: '2026-12-04T02:30:00.000Z', ...window });
  progress.update({ events: 4000, position: '2026-12-04T05:00:00.000Z', ...window });
  progress.done();
  await new Promise((resolve) => setImmediate(resolve));
  expect(text()).toMatch(/^\racme \[######\.+\]  25%  1000 events  \d+\/s \racme \[#{12}\.{12}\]  50%  4000 events  \d+\/s \n$/);
});

test('elsewhere: plain lines, not one per page', async () => {
  const { sink, text } = stream(false);
  const progress = progressReporter('acme', sink);
  for (let i = 1; i <= 50; i++) progress.update({ events: i * 100, position: '2026-12-04T05:00:00.000Z', ...window });
  progress.done();
  await new Promise((resolve) => setImmediate(resolve));
  expect(text().split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^acme: 100 events, 50% of the window, \d+ events\/s, at 2026-12-04T05:00:00.000Z$/)]);
});
