/**
 * Completes typedoc's validation: every property of an exported interface or
 * class must have a doc comment. (typedoc's own check cannot tell those apart
 * from the members of anonymous type literals — action unions such as
 * `{ type: 'spawn'; id: string }` — which the documented type alias covers.)
 *
 * Reads `docs/api/api.json` written by typedoc; exits 1 listing what is missing.
 * @module
 */
import { readFileSync } from 'node:fs';

interface Reflection {
  name: string;
  kind: number;
  comment?: unknown;
  children?: Reflection[];
  inheritedFrom?: unknown;
  flags?: { isPrivate?: boolean; isExternal?: boolean };
  sources?: { fileName: string }[];
}

const KIND_INTERFACE = 256;
const KIND_CLASS = 128;
const KIND_PROPERTY = 1024;

const root = JSON.parse(readFileSync(new URL('./api/api.json', import.meta.url), 'utf8')) as Reflection;
const missing: string[] = [];
function walk(node: Reflection, path: string): void {
  const here = path ? `${path}.${node.name}` : node.name;
  if (node.kind === KIND_INTERFACE || node.kind === KIND_CLASS) {
    for (const member of node.children ?? []) {
      if (member.kind !== KIND_PROPERTY || member.inheritedFrom || member.flags?.isPrivate || member.comment) continue;
      if (member.sources?.some((s) => s.fileName.includes('node_modules'))) continue;
      missing.push(`${here}.${member.name}`);
    }
  }
  for (const child of node.children ?? []) walk(child, here);
}
walk(root, '');
if (missing.length > 0) {
  console.error(`docs: ${missing.length} undocumented interface/class properties:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log('docs: every interface and class property is documented');
