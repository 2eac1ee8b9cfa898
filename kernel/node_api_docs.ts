/**
 * Node's API declarations (@types/node, 2.3 MB) are two-thirds doc comments, and cells need them only for
 * their types (`console`, `process`, `Buffer`, `import fs from 'fs'`...). Reading them without the
 * `/** ... *\/` blocks makes the kernel's first type-check parse a third of the text: about a second less
 * at every kernel start. The cost: inspecting a Node API (Shift+Tab on `fs.readFileSync`) shows its
 * signature without Node's prose. TensorFlow.js and tsdl declarations keep their docs.
 * `TSDL_NODE_DOCS=1` keeps Node's docs too.
 */
const enabled = process.env.TSDL_NODE_DOCS !== '1';
const NODE_TYPES = /[\\/]node_modules[\\/]@types[\\/]node[\\/]/;

/** `text` without doc comments when `fileName` is one of Node's declaration files; otherwise unchanged. */
export function withoutNodeApiDocs(fileName: string, text: string | undefined): string | undefined {
  if (!enabled || text === undefined || !fileName.endsWith('.d.ts') || !NODE_TYPES.test(fileName)) return text;
  // Declaration files have no regular expressions and no string containing "/**", so a doc comment
  // always runs from "/**" to the next "*/" (checked for every file of @types/node in the tests).
  return text.replace(/\/\*\*[\s\S]*?\*\//g, '');
}
