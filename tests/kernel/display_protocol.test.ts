import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  clearOutput, display, displaySymbol, isDisplayHandle, setDisplaySink, toMimeBundle, type DisplaySink,
} from '../../display/protocol';
import type { DisplayOutput } from '../../display/protocol';

function recordingSink(): DisplaySink & { events: [string, DisplayOutput | boolean, string?][] } {
  const events: [string, DisplayOutput | boolean, string?][] = [];
  return {
    events,
    display: (out, id) => events.push(['display', out, id]),
    update: (out, id) => events.push(['update', out, id]),
    clear: (wait) => events.push(['clear', wait]),
  };
}

afterEach(() => setDisplaySink(null));

describe('toMimeBundle', () => {
  it('falls back to util.inspect as text/plain', () => {
    expect(toMimeBundle(42)).toEqual({ data: { 'text/plain': '42' }, metadata: {} });
    expect(toMimeBundle('a')).toEqual({ data: { 'text/plain': "'a'" }, metadata: {} });
  });

  it('uses the Jupyter.display method and keeps text/plain', () => {
    const obj = { [displaySymbol]: () => ({ 'text/html': '<b>x</b>' }), toString: () => 'x' };
    expect(toMimeBundle(obj)).toEqual({ data: { 'text/html': '<b>x</b>', 'text/plain': 'x' }, metadata: {} });
  });

  it('accepts { data, metadata }', () => {
    const obj = { [Symbol.for('Jupyter.display')]: () => ({ data: { 'text/plain': 'p' }, metadata: { 'image/png': { width: 3 } } }) };
    expect(toMimeBundle(obj)).toEqual({ data: { 'text/plain': 'p' }, metadata: { 'image/png': { width: 3 } } });
  });

  it('rejects a display method that returns no object', () => {
    const obj = { [displaySymbol]: () => 5 };
    expect(() => toMimeBundle(obj)).toThrow(/must return a mime bundle object, got number/);
  });
});

describe('display', () => {
  it('prints text/plain without a kernel sink', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    display.html('<b>hi</b>');
    display(3);
    expect(write.mock.calls.map((c) => c[0])).toEqual(['<b>hi</b>\n', '3\n']);
    write.mockRestore();
  });

  it('sends bundles with a display id and updates under the same id', () => {
    const sink = recordingSink();
    setDisplaySink(sink);
    const h = display.markdown('# a');
    h.update('# b');
    expect(isDisplayHandle(h)).toBe(true);
    expect(sink.events.map((e) => e[0])).toEqual(['display', 'update']);
    expect(sink.events[0][2]).toBe(h.displayId);
    expect(sink.events[1][2]).toBe(h.displayId);
    expect((sink.events[1][1] as DisplayOutput).data['text/markdown']).toBe('# b');
  });

  it('has one method per mime kind', () => {
    const sink = recordingSink();
    setDisplaySink(sink);
    display.svg('<svg/>');
    display.png(new Uint8Array([1, 2, 3]));
    display.jpeg('AAAA');
    display.json({ a: 1 });
    display.latex('$x$');
    display.vegalite({ mark: 'bar' });
    display.mime({ 'text/csv': 'a,b' });
    const types = sink.events.map((e) => Object.keys((e[1] as DisplayOutput).data).sort().join(','));
    expect(types).toEqual([
      'image/svg+xml,text/plain', 'image/png,text/plain', 'image/jpeg,text/plain', 'application/json,text/plain',
      'text/latex,text/plain', 'application/vnd.vegalite.v5+json,text/plain', 'text/csv,text/plain',
    ]);
    expect((sink.events[1][1] as DisplayOutput).data['image/png']).toBe('AQID');
  });

  it('names the bad argument', () => {
    expect(() => display.html(5 as unknown as string)).toThrow(/text\/html content must be a string, got number/);
    expect(() => display.png({} as unknown as string)).toThrow(/image\/png content must be bytes/);
    expect(() => display.mime({ html: 'x' })).toThrow(/"html" is not a mime type/);
    expect(() => display.json(null as unknown as object)).toThrow(/JSON content must be an object, got null/);
  });

  it('clearOutput passes wait to the sink', () => {
    const sink = recordingSink();
    setDisplaySink(sink);
    clearOutput({ wait: true });
    clearOutput();
    expect(sink.events).toEqual([['clear', true], ['clear', false]]);
  });
});
