// The launch page's script: open a scenario (a preset, a saved scenario at a revision, or tables
// imported through the API), edit all of it (sites' beds and pools, growth, the horizon, the bed
// policy, the options and every lever's parameters), then launch it or save it as a scenario or
// a new revision, through the same /v1 API every client uses. Errors the API names land on the
// box that caused them. Plain browser JavaScript modules served as files: no framework, no build.
import { humanise, leverLabel, siteName, STATUS_WORDS, targetsText } from './labels.js';
import { escapeSegment, locateError, overridesBetween, plainMessage, segmentsOf, setAt } from './scenario-edits.js';

const $ = (selector) => document.querySelector(selector);
const state = {
  presets: [],
  saved: [],
  /** { kind: 'preset', id } | { kind: 'saved', id, revision, etag } | { kind: 'import' } */
  source: null,
  /** The scenario as opened: what overrides are taken against. */
  base: null,
  /** The scenario as the form last drew it (the form's own structure: years, options). */
  working: null,
  /** Each lever once, by id (a lever may sit in several options, and is edited once for all). */
  levers: new Map(),
  /** Each lever's name, fixed when the scenario is opened (renaming an option does not rename its levers). */
  labels: new Map(),
  /** The scenario the last request carried, to place the API's errors in it. */
  sent: null,
};

class ApiError extends Error {
  constructor(res, body) {
    super((body && (body.detail || body.title)) || `HTTP ${res.status}`);
    this.status = res.status;
    this.body = body;
    this.res = res;
  }
}

function headers(extra) {
  const token = $('#token').value.trim();
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: headers(init.headers) });
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res, body);
  return { res, body };
}

const postJson = (path, body, method = 'POST', extra = {}) =>
  api(path, { method, headers: { 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) });

function show(message, kind) {
  const box = $('#message');
  box.textContent = message;
  box.className = kind || '';
}

// ---- building the form -------------------------------------------------------------------------

let nextId = 0;
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-')) node.dataset[k.slice(5).replace(/-(\w)/g, (_, c) => c.toUpperCase())] = v;
    else if (k in node && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

const group = (legend, ...children) => el('fieldset', {}, el('legend', {}, ...[].concat(legend)), ...children);
const small = (text) => el('small', { class: 'id', text });

/**
 * One labelled box bound to a pointer (`at`) into the scenario, or into a lever (`@id/...`), with
 * room beside it for the message of an error there. kind: number, int, text or select.
 */
function field({ at, label, value, kind = 'number', required = true, choices, hint, derived, id }) {
  const inputId = id || `f${nextId++}`;
  const attrs = {
    id: inputId,
    'data-at': at,
    'data-kind': kind,
    'data-required': required ? '1' : undefined,
    'data-derived': derived ? '1' : undefined,
    'aria-required': required ? 'true' : undefined,
    'aria-describedby': `${inputId}-error${hint ? ` ${inputId}-hint` : ''}`,
  };
  let input;
  if (kind === 'select') {
    input = el('select', attrs);
    const known = choices.some(([v]) => v === value);
    for (const [v, text] of known || value == null ? choices : [...choices, [value, `${value} (not in the horizon)`]])
      input.append(new Option(text, v, false, v === value));
  } else {
    input = el('input', {
      ...attrs,
      type: kind === 'text' ? 'text' : 'number',
      step: kind === 'int' ? '1' : 'any',
      inputmode: kind === 'text' ? undefined : 'decimal',
      readonly: derived ? true : undefined,
    });
    input.value = value === null || value === undefined ? '' : String(value);
  }
  return el(
    'div',
    { class: 'field' },
    el('label', { for: inputId }, ...[].concat(label)),
    input,
    hint ? el('span', { class: 'hint', id: `${inputId}-hint`, text: hint }) : null,
    el('span', { class: 'field-error', id: `${inputId}-error`, hidden: true }),
  );
}

/** A fixed value (one box) or an 80% interval (a low and a high box), as the scenario has it. */
function uncertain(at, what, value, hint) {
  // The legend says what; each label says it again for a screen reader (and getByLabel), unseen.
  const unseen = el('span', { class: 'visually-hidden', text: `${what}: ` });
  if (typeof value === 'number' || value === null)
    return group(what, field({ at, label: [unseen, 'value'], value, hint }));
  return group(
    what,
    field({ at: `${at}/p10`, label: [unseen, 'low (p10)'], value: value.p10 }),
    field({ at: `${at}/p90`, label: [unseen.cloneNode(true), 'high (p90)'], value: value.p90, hint }),
  );
}

const projectedYears = (scenario) => scenario.years.slice(1).map((y) => [y, y]);

function scenarioSection(s) {
  return group(
    'Scenario',
    field({ at: '/name', label: 'Scenario name', value: s.name, kind: 'text' }),
    el('p', {
      class: 'hint',
      text: `${s.streams.length} activity streams from the scenario's data (not edited here).`,
    }),
  );
}

/** "2024/25" -> "2025/26": the horizon grows a financial year at a time. */
function followingYear(year) {
  const m = /^(\d{4})([/-])(\d{2})$/.exec(year);
  if (!m) return undefined;
  const start = Number(m[1]) + 1;
  return `${start}${m[2]}${String((start + 1) % 100).padStart(2, '0')}`;
}

function horizonSection(s) {
  const canGrow = followingYear(s.years[s.years.length - 1]) !== undefined;
  const box = field({
    at: '/years',
    id: 'projected-years',
    label: `Years projected after the base year ${s.years[0]}`,
    value: s.years.length - 1,
    kind: 'int',
    derived: true,
    hint: `${s.years[1] ?? '(none)'} to ${s.years[s.years.length - 1]}${canGrow ? '' : '; these years can only be shortened'}`,
  });
  const input = box.querySelector('input');
  input.readOnly = false;
  input.min = '1';
  input.max = '29';
  input.addEventListener('change', () => {
    const n = Number(input.value);
    if (!Number.isInteger(n) || n < 1 || n > 29) return;
    restructure((scenario) => {
      const years = scenario.years.slice(0, n + 1);
      while (years.length < n + 1) {
        const next = followingYear(years[years.length - 1]);
        if (!next) break;
        years.push(next);
      }
      scenario.years = years;
    });
  });
  return group('Horizon', box);
}

function policySection(s) {
  const measures = [
    ['arrivalsTurnedAway', 'emergency arrivals finding every bed full'],
    ['timeAtCapacity', 'time the beds are all in use'],
  ];
  return group(
    'Bed policy',
    field({
      at: '/bedPolicy/targetOccupancy',
      id: 'occupancy',
      label: 'Target occupancy',
      value: s.bedPolicy.targetOccupancy,
      hint: 'a fraction: 0.85 is 85%',
    }),
    field({
      at: '/bedPolicy/riskTarget',
      label: 'Highest acceptable risk',
      value: s.bedPolicy.riskTarget,
      hint: '0.01 is 1%',
    }),
    field({
      at: '/bedPolicy/riskMeasure',
      label: 'The risk measured',
      value: s.bedPolicy.riskMeasure,
      kind: 'select',
      choices: measures,
    }),
    s.demandVariation
      ? field({
          at: '/demandVariation/sdPerYear',
          label: 'Local demand variation a year (sd of the log)',
          value: s.demandVariation.sdPerYear,
          hint: '0.03 is about ±3% a year',
        })
      : null,
  );
}

function sitesSection(s) {
  const sites = s.sites.map((site, i) => {
    const at = `/sites/${i}`;
    const parts = [field({ at: `${at}/name`, label: 'Site name', value: site.name, kind: 'text' })];
    if (site.pools) {
      const total = field({
        at: `${at}/beds`,
        label: 'Beds in the base year (the pools added up)',
        value: site.beds,
        kind: 'int',
        derived: true,
      });
      parts.push(total);
      const pools = site.pools.map((pool, j) =>
        field({
          at: `${at}/pools/${j}/beds`,
          label: `Beds of pool ${pool.name || pool.id}`,
          value: pool.beds,
          kind: 'int',
        }),
      );
      const sum = () => {
        const values = pools.map((p) => p.querySelector('input').value.trim());
        total.querySelector('input').value = values.every((v) => v !== '')
          ? String(values.reduce((a, v) => a + Number(v), 0))
          : '';
      };
      pools.forEach((p) => p.querySelector('input').addEventListener('input', sum));
      parts.push(group('Bed pools', ...pools));
    } else {
      parts.push(field({ at: `${at}/beds`, label: 'Beds in the base year', value: site.beds, kind: 'int' }));
    }
    parts.push(
      field({
        at: `${at}/targetOccupancy`,
        label: 'Target occupancy for this site',
        value: site.targetOccupancy,
        required: false,
        hint: "blank: the bed policy's",
      }),
    );
    site.bedChanges.forEach((change, j) =>
      parts.push(
        group(
          `Planned bed change ${j + 1} (every option)`,
          field({
            at: `${at}/bedChanges/${j}/fromYear`,
            label: 'From',
            value: change.fromYear,
            kind: 'select',
            choices: projectedYears(s),
          }),
          field({
            at: `${at}/bedChanges/${j}/change`,
            label: 'Beds opened (+) or closed (−)',
            value: change.change,
            kind: 'int',
          }),
        ),
      ),
    );
    return group([site.name, ' ', small(site.id)], ...parts);
  });
  return el('section', { id: 'sites' }, el('h2', { text: 'Sites' }), ...sites);
}

function growthSection(s) {
  if (s.growth.length === 0) return null;
  const drivers = s.growth.map((g, i) =>
    group(
      [`${humanise(g.id)} growth`, ' ', small(g.id)],
      el('p', { class: 'hint', text: `Applies to ${targetsText(s, g.appliesTo)}.` }),
      uncertain(`/growth/${i}/ratePerYear`, 'growth per year', g.ratePerYear, '0.01 is 1% a year'),
    ),
  );
  return el('section', { id: 'growth' }, el('h2', { text: 'Growth in demand' }), ...drivers);
}

function rampFields(at, s, ramp, what) {
  return group(
    what,
    ...s.years.slice(1).map((year) =>
      field({
        at: `${at}/ramp/${escapeSegment(year)}`,
        label: `${year}`,
        value: ramp ? ramp[year] : undefined,
        required: false,
      }),
    ),
    el('p', {
      class: 'hint',
      text: 'A share of the full effect (1 is all of it); a blank year keeps the year before.',
    }),
  );
}

function leverFields(lever, s) {
  const at = `@${lever.id}`;
  const parts = [];
  switch (lever.type) {
    case 'lcnAdmissionAvoidance':
      parts.push(
        el('p', { class: 'hint', text: `Applies to ${targetsText(s, lever.targets)}.` }),
        uncertain(`${at}/avoidableShare`, 'share of admissions that are avoidable', lever.avoidableShare),
        uncertain(
          `${at}/reductionAtMaturity`,
          'share of avoidable admissions avoided at full effect',
          lever.reductionAtMaturity,
        ),
        uncertain(
          `${at}/avoidedLosFactor`,
          'length of the avoided stays, relative to the mean',
          lever.avoidedLosFactor,
        ),
        rampFields(at, s, lever.ramp, 'effect reached by year'),
      );
      break;
    case 'losReduction':
      parts.push(
        el('p', { class: 'hint', text: `Applies to ${targetsText(s, lever.targets)}.` }),
        uncertain(`${at}/reductionAtMaturity`, 'fall in mean length of stay at full effect', lever.reductionAtMaturity),
        rampFields(at, s, lever.ramp, 'effect reached by year'),
      );
      break;
    case 'orthopaedicConsolidation':
      parts.push(
        field({
          at: `${at}/goLiveYear`,
          label: 'Go-live year',
          value: lever.goLiveYear,
          kind: 'select',
          choices: projectedYears(s),
        }),
        uncertain(`${at}/shareMoved`, 'share of elective orthopaedic inpatients moved', lever.shareMoved),
        uncertain(`${at}/centreLosMeanDays`, 'mean length of stay at the centre (days)', lever.centreLosMeanDays),
        group(
          'Share of the moved activity each centre takes (adding up to 1)',
          ...lever.centres.map((c, k) =>
            field({ at: `${at}/centres/${k}/share`, label: siteName(s, c.site), value: c.share }),
          ),
        ),
        rampFields(at, s, lever.ramp, 'effect reached by year after go-live'),
      );
      break;
    case 'capacityChange':
      parts.push(
        field({
          at: `${at}/site`,
          label: lever.from ? 'Beds moved to' : 'Site',
          value: lever.site,
          kind: 'select',
          choices: s.sites.map((x) => [x.id, x.name]),
        }),
        field({
          at: `${at}/fromYear`,
          label: 'From',
          value: lever.fromYear,
          kind: 'select',
          choices: projectedYears(s),
        }),
        field({
          at: `${at}/change`,
          label: lever.from ? 'Beds moved' : 'Beds opened (+) or closed (−)',
          value: lever.change,
          kind: 'int',
        }),
      );
      break;
    default:
      parts.push(el('p', { class: 'hint', text: 'This kind of lever is kept as it is.' }));
  }
  return parts;
}

const labelOf = (lever) => state.labels.get(lever.id) || leverLabel(state.working, lever);

function leversSection(s) {
  const inUse = new Set(s.options.flatMap((o) => o.interventions.map((iv) => iv.id)));
  const levers = [...state.levers.values()].map((lever) =>
    group(
      [labelOf(lever), ' ', small(lever.id)],
      inUse.has(lever.id) ? null : el('p', { class: 'hint', text: 'In no option: it is not part of the scenario.' }),
      ...leverFields(lever, s),
    ),
  );
  return el(
    'section',
    { id: 'levers' },
    el('h2', { text: 'Levers' }),
    el('p', {
      class: 'hint',
      text: 'A lever in several options is the same lever: a change here applies to all of them.',
    }),
    ...levers,
    newBedChange(),
  );
}

/** A new lever: beds opened or closed at a site from a year, in whichever options tick it. */
function newBedChange() {
  const add = el('button', { type: 'button', id: 'add-bed-change', class: 'secondary', text: 'Add a bed change' });
  add.addEventListener('click', () =>
    restructure((scenario, levers) => {
      let n = 1;
      while (levers.has(`bed-change-${n}`)) n++;
      levers.set(`bed-change-${n}`, {
        type: 'capacityChange',
        id: `bed-change-${n}`,
        site: scenario.sites[0].id,
        fromYear: scenario.years[1] ?? scenario.years[0],
        change: null,
      });
    }, 'A new bed change is added to the levers: set its site, year and beds, and tick the options it is in.'),
  );
  return group(
    'A new lever',
    el('p', { class: 'hint', text: 'Beds opened or closed at a site from a year, in the options that include it.' }),
    add,
  );
}

function optionsSection(s) {
  const options = s.options.map((option, i) => {
    const baseline = option.id === s.baselineOption;
    const { interventions, ...rest } = option;
    const name = field({ at: `/options/${i}/name`, label: 'Option name', value: option.name, kind: 'text' });
    const compareId = `compare-${i}`;
    const members = new Set(interventions.map((iv) => iv.id));
    const includes = [...state.levers.values()].map((lever) => {
      const boxId = `includes-${i}-${nextId++}`;
      return el(
        'div',
        { class: 'check' },
        el('input', {
          type: 'checkbox',
          id: boxId,
          value: lever.id,
          'data-includes': '1',
          checked: members.has(lever.id),
        }),
        el('label', { for: boxId, text: labelOf(lever) }),
      );
    });
    const remove = baseline
      ? null
      : el('button', { type: 'button', class: 'secondary', text: `Remove option ${option.name}` });
    remove?.addEventListener('click', () =>
      restructure((scenario) => scenario.options.splice(i, 1), `Option ${option.name} removed.`),
    );
    return el(
      'fieldset',
      { 'data-option': JSON.stringify(rest), 'data-order': JSON.stringify(interventions.map((iv) => iv.id)) },
      el(
        'legend',
        {},
        option.name,
        baseline ? ' (the baseline: differences are taken from it)' : '',
        ' ',
        small(option.id),
      ),
      name,
      el(
        'div',
        { class: 'check' },
        el('input', {
          type: 'checkbox',
          id: compareId,
          class: 'run-option',
          value: option.id,
          checked: true,
          disabled: baseline,
        }),
        el('label', { for: compareId, text: 'Compare in this run' }),
      ),
      includes.length ? group('Levers in this option', ...includes) : null,
      remove,
    );
  });
  const newName = el('input', { id: 'new-option-name', type: 'text' });
  const add = el('button', { type: 'button', id: 'add-option', class: 'secondary', text: 'Add option' });
  add.addEventListener('click', () => {
    const name = newName.value.trim();
    if (!name) return markInputs([newName], 'Give the new option a name first.');
    restructure((scenario) => {
      const taken = new Set(scenario.options.map((o) => o.id));
      const stem =
        name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '') || 'option';
      let id = stem;
      for (let n = 2; taken.has(id); n++) id = `${stem}-${n}`;
      scenario.options.push({ id, name, interventions: [] });
    }, `Option ${name} added: tick the levers it includes.`);
  });
  return el(
    'section',
    { id: 'option-list' },
    el('h2', { text: 'Options' }),
    ...options,
    group(
      'A new option',
      el('div', { class: 'field' }, el('label', { for: 'new-option-name', text: "New option's name" }), newName),
      add,
    ),
  );
}

function render(scenario) {
  state.working = scenario;
  $('#editor').replaceChildren(
    ...[
      scenarioSection(scenario),
      horizonSection(scenario),
      policySection(scenario),
      sitesSection(scenario),
      growthSection(scenario),
      leversSection(scenario),
      optionsSection(scenario),
    ].filter(Boolean),
  );
}

/** A fresh scenario opened: it is the base overrides are taken against. */
function open(scenario, source, summary) {
  state.source = source;
  state.base = structuredClone(scenario);
  state.levers = new Map();
  for (const option of scenario.options)
    for (const iv of option.interventions) if (!state.levers.has(iv.id)) state.levers.set(iv.id, structuredClone(iv));
  state.labels = new Map([...state.levers.values()].map((lever) => [lever.id, leverLabel(scenario, lever)]));
  $('#summary').textContent = summary || '';
  render(structuredClone(scenario));
  $('#save-revision').disabled = source.kind !== 'saved';
  $('#save-revision').textContent =
    source.kind === 'saved' ? `Save as revision ${source.revision + 1}` : 'Save as a new revision';
  $('#revision-box').hidden = source.kind !== 'saved';
  if (source.kind === 'saved') $('#revision').value = String(source.revision);
  $('#launch').disabled = false;
  $('#save-new').disabled = false;
}

/** A change of the form's structure (the horizon, the options): read the form, change, redraw. */
function restructure(change, message) {
  const { scenario, levers } = collect(false);
  change(scenario, levers);
  state.levers = levers;
  render(scenario);
  if (message) show(message, 'info');
}

// ---- reading the form --------------------------------------------------------------------------

/**
 * The scenario the form describes. A blank box is never a number: a blank optional box leaves
 * its value out (a site's occupancy falls back to the policy's; a ramp year keeps the year
 * before), a blank required box is a problem to show (with strict) and null meanwhile.
 */
function collect(strict) {
  const scenario = structuredClone(state.working);
  const levers = new Map([...state.levers].map(([id, lever]) => [id, structuredClone(lever)]));
  const problems = [];
  // A lever in no option is not sent, so its boxes need not be filled in.
  const included = new Set([...document.querySelectorAll('[data-includes]:checked')].map((c) => c.value));
  for (const input of document.querySelectorAll('#editor [data-at]')) {
    const at = input.dataset.at;
    if (input.dataset.derived || at.startsWith('/options/')) continue;
    const unsent = at.startsWith('@') && !included.has(segmentsOf(`/${at.slice(1)}`)[0]);
    const raw = input.value.trim();
    const problem = (message) => unsent || problems.push({ input, message });
    let value;
    if (raw === '') {
      if (input.dataset.required) {
        problem('This box is empty: enter a value (a blank box is not taken as 0).');
        value = null;
      }
    } else if (input.dataset.kind === 'number' || input.dataset.kind === 'int') {
      value = Number(raw);
      if (!Number.isFinite(value)) problem('Enter a number, such as 0.25.');
      else if (input.dataset.kind === 'int' && !Number.isInteger(value)) problem('Enter a whole number.');
    } else value = raw;
    if (at.startsWith('@')) {
      const [head, ...rest] = segmentsOf(`/${at.slice(1)}`);
      const lever = levers.get(head);
      const pointer = rest.map((k) => `/${escapeSegment(k)}`).join('');
      if (value !== undefined || hasPath(lever, pointer)) setAt(lever, pointer, value);
      if (lever.ramp && Object.keys(lever.ramp).length === 0 && lever.type === 'orthopaedicConsolidation')
        delete lever.ramp;
    } else if (value !== undefined || hasPath(scenario, at)) setAt(scenario, at, value);
  }
  // Sites with pools have the beds of their pools.
  for (const site of scenario.sites)
    if (site.pools && site.pools.every((p) => typeof p.beds === 'number'))
      site.beds = site.pools.reduce((a, p) => a + p.beds, 0);
  scenario.options = [...document.querySelectorAll('#option-list [data-option]')].map((box) => {
    const option = JSON.parse(box.dataset.option);
    const nameInput = box.querySelector('[data-at$="/name"]');
    const name = nameInput.value.trim();
    if (!name && strict) problems.push({ input: nameInput, message: 'An option needs a name.' });
    const order = JSON.parse(box.dataset.order);
    const ticked = new Set([...box.querySelectorAll('[data-includes]:checked')].map((c) => c.value));
    const ids = [
      ...order.filter((id) => ticked.has(id)),
      ...[...levers.keys()].filter((id) => ticked.has(id) && !order.includes(id)),
    ];
    return { ...option, name: name || option.name, interventions: ids.map((id) => structuredClone(levers.get(id))) };
  });
  return { scenario, levers, problems: strict ? problems : [] };
}

function hasPath(document, pointer) {
  let node = document;
  for (const key of segmentsOf(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = node[key];
  }
  return true;
}

// ---- errors on their boxes ---------------------------------------------------------------------

function clearErrors(input) {
  const inputs = input ? [input] : document.querySelectorAll('[aria-invalid]');
  for (const box of inputs) {
    box.removeAttribute('aria-invalid');
    const message = document.getElementById(`${box.id}-error`);
    if (message) {
      message.textContent = '';
      message.hidden = true;
    }
  }
  if (!input) show('', '');
}

/** Marks boxes invalid, with the message beside the first (several boxes: a sum, a pair). */
function markInputs(inputs, message) {
  inputs.forEach((input, i) => {
    input.setAttribute('aria-invalid', 'true');
    const beside = document.getElementById(`${input.id}-error`);
    if (beside && i === 0) {
      beside.textContent = beside.textContent ? `${beside.textContent} ${message}` : message;
      beside.hidden = false;
    }
  });
  inputs[0]?.focus();
}

/** The boxes a pointer into the sent scenario names: the box itself, else those inside it, else the one around it. */
function boxesFor(scenarioPointer) {
  let key = scenarioPointer;
  const lever = /^\/options\/(\d+)\/interventions\/(\d+)(\/.*)?$/.exec(key);
  if (lever && state.sent) {
    const iv = state.sent.options[Number(lever[1])]?.interventions[Number(lever[2])];
    if (iv) key = `@${iv.id}${lever[3] || ''}`;
  } else if (/^\/options\/\d+(\/(id|name))?$/.test(key)) key = `${key.replace(/\/(id|name)$/, '')}/name`;
  const all = [...document.querySelectorAll('#editor [data-at]')];
  const exact = all.filter((b) => b.dataset.at === key);
  if (exact.length) return exact;
  const inside = all.filter((b) => b.dataset.at.startsWith(`${key}/`));
  if (inside.length) return inside;
  const around = all
    .filter((b) => key.startsWith(`${b.dataset.at}/`))
    .sort((a, b) => b.dataset.at.length - a.dataset.at.length);
  return around.slice(0, 1);
}

const REQUEST_BOXES = {
  '/iterations': '#iterations',
  '/seed': '#seed',
  '/savedScenario': '#revision',
  '/beds': '#import-beds',
  '/activity': '#import-activity',
  '/trusts': '#import-trusts',
  '/baseYear': '#import-base-year',
  '/horizonYears': '#import-horizon',
  '/quarters': '#import-beds',
};

function requestBoxes(pointer) {
  if (/^\/options\/\d+$/.test(pointer)) return [...document.querySelectorAll('.run-option')];
  const entry = Object.entries(REQUEST_BOXES).find(([p]) => pointer === p || pointer.startsWith(`${p}/`));
  const box = entry && $(entry[1]);
  return box ? [box] : [];
}

/** The API's problem: each error on its box in plain words, the rest (and the gist) in the message. */
function showProblem(err, doing) {
  if (!(err instanceof ApiError)) return show(`${doing} failed: ${err.message}`, 'error');
  const errors = (err.body && err.body.errors) || [];
  const loose = [];
  let placed = 0;
  for (const error of errors) {
    const where = locateError(error);
    const message = plainMessage(where.message);
    const boxes = where.request !== undefined ? requestBoxes(where.request) : boxesFor(where.scenario);
    if (boxes.length) {
      markInputs(boxes, message);
      placed++;
    } else loose.push(message);
  }
  const lead =
    errors.length === 0
      ? `${doing} failed: ${err.message}`
      : placed > 0
        ? `${doing} was refused: the ${placed === 1 ? 'box' : 'boxes'} marked below ${placed === 1 ? 'says' : 'say'} what to change.`
        : `${doing} was refused:`;
  show([lead, ...loose].join('\n'), 'error');
  document.querySelector('[aria-invalid]')?.focus();
}

/** The form read for sending; false (with the boxes marked) when a box needs filling in first. */
function readForSending() {
  clearErrors();
  const { scenario, problems } = collect(true);
  const iterations = $('#iterations');
  if (iterations.value.trim() === '')
    problems.push({ input: iterations, message: 'How many model runs? This box is empty.' });
  for (const p of problems) markInputs([p.input], p.message);
  if (problems.length) {
    show(
      `Nothing was sent: ${problems.length === 1 ? 'one box needs' : `${problems.length} boxes need`} attention (marked below).`,
      'error',
    );
    problems[0].input.focus();
    return false;
  }
  state.sent = scenario;
  return scenario;
}

/** What the scenario is, for a request: its source and the changes made to it. */
function scenarioPart(scenario) {
  const source = state.source;
  if (source.kind === 'import') return { scenario };
  const overrides = overridesBetween(state.base, scenario);
  const changed = Object.keys(overrides).length > 0 ? { overrides } : {};
  if (source.kind === 'preset') return { preset: source.id, ...changed };
  return { savedScenario: { id: source.id, revision: source.revision }, ...changed };
}

// ---- launching and saving ----------------------------------------------------------------------

async function follow(location) {
  const bar = $('#progress');
  for (;;) {
    const { body: run } = await api(location);
    const p = run.progress;
    bar.max = p.iterationsTotal || 1;
    bar.value = p.iterationsDone;
    show(
      `${STATUS_WORDS[run.status] || run.status}: ${p.iterationsDone.toLocaleString('en-GB')} of ${p.iterationsTotal.toLocaleString('en-GB')} model runs${p.etaSeconds ? `, about ${p.etaSeconds} s left` : ''}`,
      'info',
    );
    if (run.status === 'succeeded') {
      window.location.assign(run.links.report);
      return;
    }
    if (run.status === 'failed' || run.status === 'cancelled') {
      show(
        `The run ${run.status === 'failed' ? 'failed' : 'was cancelled'}${run.error ? `: ${run.error.message}` : ''}`,
        'error',
      );
      void loadRuns();
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function launch(event) {
  event.preventDefault();
  const scenario = readForSending();
  if (!scenario) return;
  const request = { ...scenarioPart(scenario), iterations: Number($('#iterations').value) };
  const seed = $('#seed').value.trim();
  if (seed) request.seed = Number(seed);
  const boxes = [...document.querySelectorAll('.run-option')];
  if (boxes.some((b) => !b.checked)) request.options = boxes.filter((b) => b.checked).map((b) => b.value);
  $('#launch').disabled = true;
  try {
    const { res } = await postJson('/v1/simulations', request);
    void loadRuns();
    await follow(res.headers.get('location'));
  } catch (err) {
    showProblem(err, 'The launch');
  } finally {
    $('#launch').disabled = false;
  }
}

async function saveNew() {
  const scenario = readForSending();
  if (!scenario) return;
  const part = scenarioPart(scenario);
  const body =
    state.source.kind === 'import'
      ? part
      : {
          from: part.preset ? { preset: part.preset } : { scenario: part.savedScenario },
          ...(part.overrides ? { overrides: part.overrides } : {}),
        };
  try {
    const { res, body: saved } = await postJson('/v1/scenarios', body);
    await openSavedResource(saved, res.headers.get('etag'));
    await loadSavedList();
    show(`Saved as a new scenario, “${saved.name}”, revision 1. Its address: ${saved.links.scenario}`, 'info');
  } catch (err) {
    showProblem(err, 'Saving');
  }
}

const revisionOfEtag = (etag) => Number((/\.(\d+)"?$/.exec(etag || '') || [])[1]);

async function saveRevision() {
  const source = state.source;
  if (source.kind !== 'saved') return;
  const scenario = readForSending();
  if (!scenario) return;
  const overrides = overridesBetween(state.base, scenario);
  if (Object.keys(overrides).length === 0)
    return show(`Nothing has changed since revision ${source.revision}: nothing to save.`, 'info');
  try {
    const { res, body: saved } = await postJson(`/v1/scenarios/${source.id}`, { overrides }, 'PUT', {
      'if-match': source.etag,
    });
    await openSavedResource(saved, res.headers.get('etag'));
    await loadSavedList();
    show(`Saved as revision ${saved.revision} of “${saved.name}”.`, 'info');
  } catch (err) {
    if (err instanceof ApiError && err.status === 412) {
      const latest = revisionOfEtag(err.res.headers.get('etag'));
      show(
        `Not saved: someone else saved ${latest ? `revision ${latest}` : 'a newer revision'} of this scenario after you opened revision ${source.revision}, and saving yours would overwrite their changes. Open ${latest ? `revision ${latest}` : 'the latest revision'} and make your changes again.`,
        'error',
      );
      return;
    }
    showProblem(err, 'Saving the revision');
  }
}

// ---- opening scenarios -------------------------------------------------------------------------

async function openPreset(id) {
  const { body } = await api(`/v1/presets/${encodeURIComponent(id)}`);
  open(body.scenario, { kind: 'preset', id }, body.summary);
  history.replaceState(null, '', '/');
}

function openSavedResource(saved, etag) {
  open(
    saved.scenario,
    { kind: 'saved', id: saved.id, revision: saved.revision, etag: etag || `"${saved.id}.${saved.revision}"` },
    `Saved scenario “${saved.name}”, revision ${saved.revision}, saved ${new Date(saved.createdAt).toLocaleString('en-GB')}.`,
  );
  const value = `saved:${saved.id}`;
  if (![...$('#source').options].some((o) => o.value === value))
    $('#saved-group').append(new Option(saved.name, value));
  $('#source').value = value;
  history.replaceState(null, '', `/?scenario=${encodeURIComponent(saved.id)}&revision=${saved.revision}`);
}

async function openSaved(id, revision) {
  const path = revision
    ? `/v1/scenarios/${encodeURIComponent(id)}/revisions/${revision}`
    : `/v1/scenarios/${encodeURIComponent(id)}`;
  const { res, body } = await api(path);
  openSavedResource(body, res.headers.get('etag'));
}

async function importTables() {
  clearErrors();
  const beds = $('#import-beds').value;
  if (!beds.trim()) return markInputs([$('#import-beds')], 'Paste a KH03 beds table (CSV) here first.');
  const request = { beds };
  const activity = $('#import-activity').value;
  if (activity.trim()) request.activity = activity;
  const trusts = $('#import-trusts')
    .value.split(/[\s,]+/)
    .filter(Boolean);
  if (trusts.length) request.trusts = trusts;
  const baseYear = $('#import-base-year').value.trim();
  if (baseYear) request.baseYear = baseYear;
  const horizon = $('#import-horizon').value.trim();
  if (horizon) request.horizonYears = Number(horizon);
  try {
    const { body } = await postJson('/v1/scenarios:import', request);
    open(body.scenario, { kind: 'import' }, `Imported: ${body.notes.join(' ')}`);
    $('#source').value = '';
    show(`Imported ${body.scenario.sites.length} sites. Check the figures, then launch or save.`, 'info');
  } catch (err) {
    showProblem(err, 'The import');
  }
}

async function loadSavedList() {
  const { body } = await api('/v1/scenarios');
  state.saved = body.scenarios;
  $('#saved-group').replaceChildren(
    ...body.scenarios
      .filter((s) => !s.unreadable)
      .map((s) => new Option(`${s.name} (revision ${s.revision})`, `saved:${s.id}`)),
  );
  if (state.source && state.source.kind === 'saved') $('#source').value = `saved:${state.source.id}`;
}

async function loadRuns() {
  const list = $('#recent-runs');
  try {
    const { body } = await api('/v1/simulations?limit=10');
    const presetNames = new Map(state.presets.map((p) => [p.id, p.name]));
    const savedNames = new Map(state.saved.map((s) => [s.id, s.name]));
    if (body.runs.length === 0) return list.replaceChildren(el('li', { text: 'No runs yet.' }));
    list.replaceChildren(
      ...body.runs.map((run) => {
        const ref = run.scenario;
        const name = ref.saved
          ? `${savedNames.get(ref.saved.id) || ref.saved.id}, revision ${ref.saved.revision}`
          : presetNames.get(ref.preset) || ref.id;
        const changed = ref.changes ? `, ${ref.changes.length} ${ref.changes.length === 1 ? 'change' : 'changes'}` : '';
        const link =
          run.status === 'succeeded'
            ? el('a', { href: `${run.links.self}/report`, text: 'report' })
            : el('a', { href: run.links.self, text: 'progress' });
        return el(
          'li',
          { 'data-run': run.id },
          el('strong', { text: `${name}${changed}` }),
          ` — ${STATUS_WORDS[run.status] || run.status}, started ${new Date(run.createdAt).toLocaleString('en-GB')}, ${run.iterations.toLocaleString('en-GB')} model runs — `,
          link,
        );
      }),
    );
  } catch (err) {
    list.replaceChildren(el('li', { text: `Cannot list the runs: ${err.message}` }));
  }
}

async function chooseSource() {
  const [kind, id] = $('#source').value.split(/:(.*)/s);
  clearErrors();
  try {
    if (kind === 'preset') await openPreset(id);
    if (kind === 'saved') await openSaved(id);
  } catch (err) {
    showProblem(err, 'Opening it');
  }
}

async function start() {
  $('#token').value = sessionStorage.getItem('bedcast-token') || '';
  $('#token').addEventListener('change', () => sessionStorage.setItem('bedcast-token', $('#token').value.trim()));
  $('#form').addEventListener('submit', launch);
  $('#form').addEventListener('input', (event) => {
    if (event.target.getAttribute('aria-invalid')) clearErrors(event.target);
  });
  $('#form').addEventListener('change', (event) => {
    if (event.target.getAttribute('aria-invalid')) clearErrors(event.target);
  });
  $('#source').addEventListener('change', chooseSource);
  $('#revision').addEventListener('change', async () => {
    const n = Number($('#revision').value);
    if (state.source.kind !== 'saved' || !Number.isInteger(n) || n < 1) return;
    clearErrors();
    try {
      await openSaved(state.source.id, n);
    } catch (err) {
      showProblem(err, `Opening revision ${n}`);
    }
  });
  $('#save-new').addEventListener('click', saveNew);
  $('#save-revision').addEventListener('click', saveRevision);
  $('#import').addEventListener('click', importTables);
  try {
    const { body } = await api('/v1/presets');
    state.presets = body.presets;
    for (const p of body.presets) $('#preset-group').append(new Option(p.name, `preset:${p.id}`));
    await loadSavedList();
    const params = new URLSearchParams(window.location.search);
    if (params.get('scenario')) await openSaved(params.get('scenario'), Number(params.get('revision')) || undefined);
    else if (params.get('preset')) {
      $('#source').value = `preset:${params.get('preset')}`;
      await openPreset(params.get('preset'));
    } else await openPreset(body.presets[0].id);
    $('#page').dataset.ready = '1';
  } catch (err) {
    showProblem(err, 'Loading the scenarios');
  }
  await loadRuns();
}

void start();
