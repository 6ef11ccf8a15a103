// Fails when the folders of the source tree import each other in a cycle (docs/ARCHITECTURE.md, "Guard
// rails"). A folder is a directory directly under one of the roots (lib/capture, components/token-list,
// entrypoints/background); a file directly in a root (lib/types.ts) is a node of its own. Type-only
// imports count: a type cycle is still a design cycle. Run: npx tsx scripts/check-cycles.ts
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The roots whose folders must not import each other in a cycle. */
export const CYCLE_ROOTS = ['lib', 'components', 'entrypoints'];

/** One import edge between two folders, with one file-level example of it. */
export interface FolderEdge {
  from: string;
  to: string;
  /** A file in `from` that imports a file in `to` (paths relative to the project root). */
  example: { importer: string; imported: string };
}

/** Folders that import each other in a cycle, with one loop through them as an example. */
export interface FolderCycle {
  /** Every folder of the strongly connected group, sorted. */
  group: string[];
  /** One loop: each folder imports the next, the last imports the first. */
  folders: string[];
  edges: FolderEdge[];
}

const SOURCE = /\.(ts|tsx|mts|js|mjs|jsx)$/;

function listSources(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listSources(path));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

// The node a file belongs to: its first-level folder under a root, or the file itself at a root's top.
function nodeOf(rel: string): string | undefined {
  const parts = rel.split(sep);
  if (!CYCLE_ROOTS.includes(parts[0]!)) return undefined;
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : rel.split(sep).join('/');
}

function resolveImport(fromFile: string, spec: string, known: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), spec.replace(/\?.*$/, ''));
  const stem = base.replace(/\.(js|mjs|jsx)$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ];
  return candidates.find((c) => known.has(c));
}

/** Every folder-to-folder import edge under `root` (self-edges dropped). */
export function folderEdges(root: string): FolderEdge[] {
  const files = CYCLE_ROOTS.flatMap((r) => listSources(join(root, r)));
  const known = new Set(files);
  const edges = new Map<string, FolderEdge>();
  for (const file of files) {
    const from = nodeOf(relative(root, file));
    if (!from) continue;
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      const target = resolveImport(file, fileName, known);
      if (!target) continue;
      const to = nodeOf(relative(root, target));
      if (!to || to === from) continue;
      const key = `${from}\0${to}`;
      if (!edges.has(key))
        edges.set(key, {
          from,
          to,
          example: { importer: relative(root, file), imported: relative(root, target) },
        });
    }
  }
  return [...edges.values()].sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1));
}

/** The folder cycles under `root`: one per strongly connected group of folders, shortest loop shown. */
export function findFolderCycles(root: string): FolderCycle[] {
  const edges = folderEdges(root);
  const next = new Map<string, FolderEdge[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e]);
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const { to } of next.get(v) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, index.get(to)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort()) if (!index.has(v)) visit(v);
  return groups.map((group) => {
    const inGroup = new Set(group);
    // Shortest loop through the group's first folder (breadth-first), so the report is one readable path.
    const start = group[0]!;
    const prev = new Map<string, FolderEdge>();
    const queue = [start];
    let closing: FolderEdge | undefined;
    while (queue.length && !closing) {
      const v = queue.shift()!;
      for (const e of next.get(v) ?? []) {
        if (!inGroup.has(e.to)) continue;
        if (e.to === start) {
          closing = e;
          break;
        }
        if (!prev.has(e.to)) {
          prev.set(e.to, e);
          queue.push(e.to);
        }
      }
    }
    const loop: FolderEdge[] = [closing!];
    for (let e = prev.get(closing!.from); e; e = prev.get(e.from)) loop.unshift(e);
    return { group, folders: loop.map((e) => e.from), edges: loop };
  });
}

/** A human-readable report of folder cycles (empty string when there are none). */
export function formatCycles(cycles: FolderCycle[]): string {
  return cycles
    .map(
      (c) =>
        `folder cycle among ${c.group.join(', ')}: ${[...c.folders, c.folders[0]].join(' → ')}\n` +
        c.edges.map((e) => `  ${e.example.importer} imports ${e.example.imported}`).join('\n'),
    )
    .join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
  const cycles = findFolderCycles(root);
  if (cycles.length) {
    console.error(formatCycles(cycles));
    console.error(`${cycles.length} folder cycle(s): move the shared type or function down to the lower folder.`);
    process.exit(1);
  }
  console.log(`no folder cycles (${folderEdges(root).length} folder edges under ${CYCLE_ROOTS.join(', ')})`);
}
