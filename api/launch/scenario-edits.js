// The launch page's pure part: JSON pointers, the overrides that turn the scenario the page
// opened into the one the user edited, and where an API error points in that scenario. No DOM,
// so it reads the same in the browser and in a unit test (tests/unit/launch-scenario-edits.test.ts).

/** One pointer segment escaped (RFC 6901). */
export const escapeSegment = (segment) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

export const pointerOf = (path) => path.map((p) => `/${escapeSegment(p)}`).join('');

export function segmentsOf(pointer) {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function valueAt(document, pointer) {
  let node = document;
  for (const key of segmentsOf(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Sets the value a pointer names, creating objects on the way; `undefined` deletes the key. */
export function setAt(document, pointer, value) {
  const keys = segmentsOf(pointer);
  const last = keys.pop();
  let node = document;
  for (const key of keys) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key];
  }
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Keys the API fills in with a default when a scenario leaves them out (models/scenario.ts), so a
 * preset's own scenario may not have them: an override may only replace a value that is there,
 * so a change to one of these is sent as its parent instead.
 */
const DEFAULTED_KEYS = new Set([
  'daysPerYear',
  'bedChanges',
  'losShape',
  'growth',
  'appliesTo',
  'targets',
  'riskMeasure',
]);

/** The nearest ancestor that certainly exists in the stored scenario: an array item or a top-level key. */
function replaceablePath(path) {
  for (let n = path.length; n > 1; n--) {
    const inner = path.slice(0, n);
    if (/^\d+$/.test(String(inner[n - 1])) && !inner.some((k) => DEFAULTED_KEYS.has(k))) return inner;
  }
  return path.slice(0, 1);
}

/**
 * Overrides (JSON pointer -> new value) that turn `base` into `edited`: a changed value where it
 * sits, and where something was added or removed (a key, an array item) the nearest whole item or
 * top-level key that holds it, because an override replaces a value and cannot add one. Over
 * `limit` overrides, whole top-level keys instead (the API takes at most 100).
 */
export function overridesBetween(base, edited, limit = 100) {
  const paths = [];
  const walk = (a, b, path) => {
    if (same(a, b)) return;
    const sameShapeArrays = Array.isArray(a) && Array.isArray(b) && a.length === b.length;
    const sameKeyObjects = isObject(a) && isObject(b) && same(Object.keys(a).sort(), Object.keys(b).sort());
    if (sameShapeArrays) return a.forEach((v, i) => walk(v, b[i], [...path, i]));
    if (sameKeyObjects) return Object.keys(a).forEach((k) => walk(a[k], b[k], [...path, k]));
    const structural = (Array.isArray(a) && Array.isArray(b)) || (isObject(a) && isObject(b));
    const defaulted = path.some((k) => DEFAULTED_KEYS.has(k));
    paths.push(structural || defaulted || path.length === 0 ? replaceablePath(path) : path);
  };
  walk(base, edited, []);
  if (paths.some((p) => p.length === 0)) throw new Error('the whole scenario changed shape');
  let pointers = [...new Set(paths.map(pointerOf))];
  if (pointers.length > limit) pointers = [...new Set(paths.map((p) => pointerOf(p.slice(0, 1))))];
  // An override inside another one is already in it.
  pointers = pointers.filter((p) => !pointers.some((q) => q !== p && p.startsWith(`${q}/`)));
  return Object.fromEntries(pointers.map((p) => [p, structuredClone(valueAt(edited, p))]));
}

/**
 * Where an API error lies in the scenario the page sent, and its message without the pointer.
 * A changed preset or saved scenario is blamed at its override (/overrides/<pointer>) with the
 * scenario's own pointer leading the detail ("/sites/0/beds: must be ..."); an inline scenario
 * at /scenario/<pointer>. Anything else (iterations, seed) is a field of the request.
 */
export function locateError(error) {
  const pointer = error.pointer || '';
  const detail = String(error.detail || '');
  const led = /^(\/[^\s:]*|\(scenario\)): ([\s\S]*)$/.exec(detail);
  if (/^\/(overrides|from|preset|savedScenario)(\/|$)/.test(pointer)) {
    if (led) return { scenario: led[1] === '(scenario)' ? '' : led[1], message: led[2] };
    const key = /^\/overrides\/(.*)$/.exec(pointer);
    if (key) return { scenario: segmentsOf(`/${key[1]}`)[0] ?? '', message: detail };
    return { scenario: '', message: detail };
  }
  if (pointer === '/scenario' || pointer.startsWith('/scenario/'))
    return { scenario: pointer.slice('/scenario'.length), message: led ? led[2] : detail };
  return { request: pointer, message: led ? led[2] : detail };
}

/** A validation message in plain words where the schema's own wording is terse. */
export function plainMessage(message) {
  if (/^p10 must not exceed p90$/.test(message))
    return 'The low estimate (p10) is above the high estimate (p90): the low one must be the smaller.';
  const bound =
    /^Too (small|big): expected (?:number|array|string) to (?:be|have) ([<>]=?)\s*(\S+?)(?: items| characters)?$/.exec(
      message,
    );
  if (bound)
    return `This must be ${bound[1] === 'small' ? (bound[2] === '>' ? 'above' : 'at least') : bound[2] === '<' ? 'below' : 'at most'} ${bound[3]}.`;
  if (/^Invalid input/.test(message)) return 'This value is not one the scenario accepts here.';
  return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');
}
