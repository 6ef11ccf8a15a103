// README (privacy): while open, the panel evaluates small constant scripts in the inspected page and
// never evaluates token-derived text. Guard rail: every evalInPage(...) argument in the source is a
// compile-time constant string (literals, and module constants built only from literals, numbers and
// other such constants, imported ones included), and inspectedWindow.eval is called in one place only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EVAL_MODULE = 'entrypoints/devtools-panel/eval-in-page.ts';

type Files = Record<string, string>;

function sourceFiles(dir: string, out: Files = {}): Files {
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(name)) out[path] = readFileSync(join(ROOT, path), 'utf8');
  }
  return out;
}

/** Violations of the rule in `files` (repository-relative path → text). */
function evalViolations(files: Files): string[] {
  const parsed = new Map<string, ts.SourceFile>();
  const parse = (path: string) => {
    let sf = parsed.get(path);
    if (!sf && files[path] !== undefined) {
      sf = ts.createSourceFile(path, files[path]!, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TSX);
      parsed.set(path, sf);
    }
    return sf;
  };
  const resolveImport = (from: string, spec: string) => relative('.', resolve(dirname(from), spec));

  /** True when `name` in module `path` is a top-level const whose value is a constant string or number. */
  const constantName = (path: string, name: string, seen: Set<string>): boolean => {
    // `seen` holds the names being resolved (a cycle is not a constant); each is released after.
    const key = `${path}#${name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    try {
      return declaredConstant(path, name, seen);
    } finally {
      seen.delete(key);
    }
  };
  const declaredConstant = (path: string, name: string, seen: Set<string>): boolean => {
    const sf = parse(path);
    if (!sf) return false;
    for (const st of sf.statements) {
      if (ts.isVariableStatement(st) && st.declarationList.flags & ts.NodeFlags.Const) {
        for (const d of st.declarationList.declarations)
          if (ts.isIdentifier(d.name) && d.name.text === name)
            return d.initializer !== undefined && constant(path, d.initializer, seen);
      }
      if (
        ts.isImportDeclaration(st) &&
        ts.isStringLiteral(st.moduleSpecifier) &&
        st.moduleSpecifier.text.startsWith('.')
      ) {
        const named = st.importClause?.namedBindings;
        if (named && ts.isNamedImports(named))
          for (const el of named.elements)
            if (el.name.text === name)
              return constantName(
                resolveImport(path, st.moduleSpecifier.text),
                (el.propertyName ?? el.name).text,
                seen,
              );
      }
    }
    return false;
  };

  const constant = (path: string, e: ts.Expression, seen: Set<string>): boolean => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e)) return true;
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return constant(path, e.expression, seen);
    if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => constant(path, s.expression, seen));
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken)
      return constant(path, e.left, seen) && constant(path, e.right, seen);
    if (ts.isIdentifier(e)) return constantName(path, e.text, seen);
    return false;
  };

  const out: string[] = [];
  for (const path of Object.keys(files)) {
    if (!files[path]!.includes('eval')) continue;
    const sf = parse(path)!;
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const where = `${path}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (ts.isIdentifier(callee) && callee.text === 'evalInPage') {
          const arg = node.arguments[0];
          if (node.arguments.length !== 1 || !arg || !constant(path, arg, new Set()))
            out.push(`${where}: evalInPage(${arg?.getText() ?? ''}) is not a constant`);
        }
        if (
          ts.isPropertyAccessExpression(callee) &&
          callee.name.text === 'eval' &&
          /inspectedWindow$/.test(callee.expression.getText()) &&
          path !== EVAL_MODULE
        )
          out.push(`${where}: inspectedWindow.eval outside ${EVAL_MODULE}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

describe('the eval guard rail', () => {
  const tree = { ...sourceFiles('entrypoints'), ...sourceFiles('components'), ...sourceFiles('lib') };

  it('finds the panel’s evalInPage calls and every one of them evaluates a constant', () => {
    const calls = Object.entries(tree).flatMap(([path, text]) => [...text.matchAll(/\bevalInPage\(/g)].map(() => path));
    // The three page-side jobs: storage reading, the token-response hold, the page URL (+ the definition).
    expect(new Set(calls)).toEqual(
      new Set([
        EVAL_MODULE,
        'entrypoints/devtools-panel/capture-sources.ts',
        'entrypoints/devtools-panel/token-response-hold.ts',
        'entrypoints/devtools-panel/page-url.ts',
      ]),
    );
    expect(evalViolations(tree)).toEqual([]);
  });

  it('fails on token-derived text, a variable, a template with a non-constant part, or a second eval site', () => {
    const page = `import { evalInPage } from './eval-in-page.ts';\nimport { SCRIPT } from './scripts.ts';\n`;
    const bad: Files = {
      'entrypoints/p/scripts.ts': 'export const SCRIPT = `(() => 1)()`;\nexport let LOOSE = "x";\n',
      'entrypoints/p/a.ts': `${page}export const run = (token: string) => evalInPage(token);\n`,
      'entrypoints/p/b.ts': `${page}export const run = (t: string) => evalInPage(\`\${SCRIPT}\${t}\`);\n`,
      'entrypoints/p/c.ts': `${page}import { LOOSE } from './scripts.ts';\nexport const run = () => evalInPage(LOOSE);\n`,
      'entrypoints/p/d.ts': `export const run = (s: string) => chrome.devtools.inspectedWindow.eval(s);\n`,
      'entrypoints/p/e.ts': `${page}const X = SCRIPT + "!";\nlet y = X;\nexport const run = () => evalInPage(y);\n`,
    };
    const v = evalViolations(bad);
    expect(v).toHaveLength(5);
    for (const f of ['a', 'b', 'c', 'd', 'e'])
      expect(
        v.some((m) => m.startsWith(`entrypoints/p/${f}.ts`)),
        f,
      ).toBe(true);
    // And passes what the panel does: literals, imported constants, templates of constants.
    const good: Files = {
      'entrypoints/p/scripts.ts': 'export const N = 3;\nexport const SCRIPT = `(() => ${N})()`;\n',
      'entrypoints/p/f.ts': `${page}const BOTH = \`\${SCRIPT};\${SCRIPT}\`;\nexport const run = () => [evalInPage(BOTH), evalInPage('location.href'), evalInPage(SCRIPT)];\n`,
    };
    expect(evalViolations(good)).toEqual([]);
  });
});
