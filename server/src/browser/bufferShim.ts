// A browser has no Node `Buffer`. gray-matter's only use of it is
// `Buffer.from(text)`, a byte copy of its input (`file.orig`) that nothing here
// reads. A browser bundle puts this module in place of the global with
// esbuild's `inject` option, so the engine runs without a Buffer polyfill.
const encoder = new TextEncoder();

export const Buffer = {
  from: (text: string): Uint8Array => encoder.encode(text),
};
