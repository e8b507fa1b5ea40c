import ts from 'typescript';

/**
 * The typography rules a French or German text must follow, and a walk that
 * finds every text of a locale module: its strings, and what its functions
 * return when called with a stand-in argument.
 */

const narrow = '\u202f';
const highPunctuation = ':;?!';

/** What is wrong with a French text: the space before high punctuation and inside « », the apostrophe, elision. */
export function frenchFaults(text: string): string[] {
  const faults: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (highPunctuation.includes(char)) {
      const next = text[i + 1];
      // Only punctuation that ends a phrase: "18:00", "https://", "P7D" are not.
      const endsPhrase = next === undefined || /[\s»)"\]…]/.test(next) || highPunctuation.includes(next);
      const before = text[i - 1];
      if (endsPhrase && before !== narrow && !(before !== undefined && highPunctuation.includes(before))) {
        faults.push(`no narrow no-break space before "${char}": …${text.slice(Math.max(0, i - 20), i + 1)}`);
      }
    }
    if (char === '«' && text[i + 1] !== narrow) faults.push(`no narrow no-break space after «: ${text.slice(i, i + 20)}…`);
    if (char === '»' && text[i - 1] !== narrow) faults.push(`no narrow no-break space before »: …${text.slice(Math.max(0, i - 20), i + 1)}`);
  }
  if (text.includes("'")) faults.push(`a straight apostrophe (French uses ’): ${text}`);
  // "le" and "la" are left out: "le ou la responsable" is right, and a pronoun ("reprenez-le") never elides.
  const unelided = /(?<![\p{L}\p{N}-])(de|que|je|ne|se|me|te|jusque|lorsque|puisque) (?=[aeiouyàâäéèêëîïôöûüœæ])/iu.exec(text);
  if (unelided) faults.push(`"${unelided[1]}" not elided before a vowel: …${text.slice(Math.max(0, unelided.index - 10), unelided.index + 20)}…`);
  return faults;
}

/** What is wrong with a German text: the Swiss spelling and quotation marks (ss and « », never ß or „ “). */
export function germanFaults(text: string): string[] {
  const faults: string[] = [];
  if (text.includes('ß')) faults.push(`ß (Swiss spelling writes ss): ${text}`);
  if (/[„“]/.test(text)) faults.push(`„ “ quotation marks (Swiss German uses « »): ${text}`);
  return faults;
}

/**
 * A stand-in for any argument a word's function takes: itself as any property
 * or call result (so `.name.fr`, `.join()`, `.map()` work), `text` as a
 * string and 2 as a number.
 */
function standIn(text: string): unknown {
  const self: unknown = new Proxy(function stand() {}, {
    get(_target, key) {
      if (key === Symbol.toPrimitive) return (hint: string) => (hint === 'number' ? 2 : text);
      if (key === Symbol.iterator) return function* () {
        yield self;
      };
      if (key === 'length') return 2;
      return self;
    },
    apply: () => self,
  });
  return self;
}

/** A name that starts with a vowel, so that "de" + a name shows; a count, a duration and a date as their sentences hold them. */
const names = standIn('Alice');
const numbers = standIn('2');
const dates = standIn('3 décembre');

/** The stand-in for a parameter, by its name: the words' functions name what they take. */
function argumentFor(parameter: string): unknown {
  if (/^(n|count|days|hours|minutes|seconds|size|max|min|total|kept|of|median|p\d+|\w*(Count|Days|Size|Seconds|Duration))$/.test(parameter)) return numbers;
  if (/^(date|until|at|when|day|\w*(Date|Until|At))$/.test(parameter)) return dates;
  return names;
}

/** The parameter names of a function, as its source writes them. */
function parametersOf(fn: (...args: never[]) => unknown): string[] {
  const source = fn.toString();
  const list = /^(?:async\s*)?(\w+)\s*=>/.exec(source)?.[1] ?? /^[^(]*\(([^)]*)\)/.exec(source)?.[1] ?? '';
  return list
    .split(',')
    .map((p) => p.trim().replace(/[=:].*$/, '').trim())
    .filter(Boolean);
}

/** Every text in a locale value, with where it is: strings as they are, functions called with stand-in arguments. */
export function textsOf(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    const said = fn(...parametersOf(fn).map(argumentFor), names, names);
    return textsOf(typeof said === 'object' && said !== null && !Array.isArray(said) ? said : String(said), `${path}()`);
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => textsOf(item, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => textsOf(item, `${path}.${key}`));
  return [];
}

/** The French and German texts of a JSON document (a form definition): every `fr` and `de` member, however deep. */
export function localizedTextsOf(value: unknown, path: string): { fr: [string, string][]; de: [string, string][] } {
  const found = { fr: [] as [string, string][], de: [] as [string, string][] };
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}[${i}]`));
    else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        if ((key === 'fr' || key === 'de') && typeof item === 'string') found[key].push([`${at}.${key}`, item]);
        else walk(item, `${at}.${key}`);
      }
    }
  };
  walk(value, path);
  return found;
}

/**
 * The French string literals of a source file as written, including the
 * branches a call with stand-ins does not take: every literal of a French
 * file, or those under a `fr` member of a multilingual one.
 */
export function frenchLiteralsOf(file: string, source: string, whole: boolean): [string, string][] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const found: [string, string][] = [];
  const underFrench = (node: ts.Node): boolean => {
    for (let n: ts.Node | undefined = node; n; n = n.parent) if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'fr') return true;
    return false;
  };
  const visit = (node: ts.Node) => {
    const literal = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node);
    // Import paths and property keys are code, not words.
    const code = node.parent !== undefined && (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent) || (ts.isPropertyAssignment(node.parent) && node.parent.name === node));
    if (literal && !code && (whole || underFrench(node))) {
      const { line } = tree.getLineAndCharacterOfPosition(node.getStart(tree));
      found.push([`${file}:${line + 1}`, node.text]);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** The spacing faults a piece of a French sentence can show alone: a plain or no-break space (not the narrow one) before high punctuation or inside « ». */
export function frenchSpacingFaults(piece: string): string[] {
  const faults: string[] = [];
  if (/[ \u00a0][:;?!](?=\s|$|[»)])/.test(piece)) faults.push(`a plain space before high punctuation: ${piece}`);
  if (/«[ \u00a0]|[ \u00a0]»/.test(piece)) faults.push(`a plain space inside « »: ${piece}`);
  if (piece.includes("'")) faults.push(`a straight apostrophe (French uses ’): ${piece}`);
  return faults;
}
