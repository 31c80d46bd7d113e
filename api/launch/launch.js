// The launch page's script: load the presets, offer their main levers, post a launch to the same
// API every client uses, follow the run's progress and open its report. Plain browser JavaScript,
// served as a file (no inline script), no framework, no build step.
'use strict';

const $ = (selector) => document.querySelector(selector);
const state = { preset: null };

function headers(extra) {
  const token = $('#token').value.trim();
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

async function api(path, init) {
  const res = await fetch(path, { ...init, headers: headers(init && init.headers) });
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const fields = body && Array.isArray(body.errors) ? body.errors.map((e) => `${e.pointer}: ${e.detail}`) : [];
    const error = new Error([body ? body.detail || body.title : `HTTP ${res.status}`, ...fields].join('\n'));
    throw error;
  }
  return { res, body };
}

function show(message, kind) {
  const box = $('#message');
  box.textContent = message;
  box.className = kind || '';
}

function uncertainInputs(label, pointer, value) {
  // A fixed number, or an 80% interval { p10, p90 }: one input, or two.
  const wrap = document.createElement('div');
  wrap.className = 'lever';
  const title = document.createElement('span');
  title.textContent = label;
  wrap.append(title);
  const fields =
    typeof value === 'number'
      ? [['value', value]]
      : [
          ['p10', value.p10],
          ['p90', value.p90],
        ];
  for (const [name, v] of fields) {
    const input = document.createElement('input');
    input.type = 'number';
    input.step = 'any';
    input.value = String(v);
    input.dataset.pointer = pointer;
    input.dataset.part = name;
    input.setAttribute('aria-label', `${label} ${name === 'value' ? '' : name}`.trim());
    const caption = document.createElement('label');
    caption.append(name === 'value' ? '' : `${name} `, input);
    wrap.append(caption);
  }
  return wrap;
}

function renderPreset(preset) {
  state.preset = preset;
  const scenario = preset.scenario;
  $('#summary').textContent = preset.summary;
  $('#occupancy').value = scenario.bedPolicy.targetOccupancy;
  const options = $('#options');
  options.replaceChildren();
  for (const option of scenario.options) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = option.id;
    box.checked = true;
    box.disabled = option.id === scenario.baselineOption;
    label.append(box, ` ${option.name}`);
    options.append(label);
  }
  // The main levers, once per intervention id (an intervention may sit in several options).
  const levers = $('#levers');
  levers.replaceChildren();
  const seen = new Set();
  scenario.options.forEach((option, i) =>
    option.interventions.forEach((iv, j) => {
      if (seen.has(iv.id)) return;
      seen.add(iv.id);
      const at = `/options/${i}/interventions/${j}`;
      const group = document.createElement('fieldset');
      const legend = document.createElement('legend');
      legend.textContent = iv.id;
      group.append(legend);
      if (iv.type === 'lcnAdmissionAvoidance')
        group.append(
          uncertainInputs(
            'share of avoidable admissions avoided at maturity',
            `${at}/reductionAtMaturity`,
            iv.reductionAtMaturity,
          ),
        );
      if (iv.type === 'losReduction')
        group.append(
          uncertainInputs(
            'fall in mean length of stay at maturity',
            `${at}/reductionAtMaturity`,
            iv.reductionAtMaturity,
          ),
        );
      if (iv.type === 'orthopaedicConsolidation') {
        const select = document.createElement('select');
        select.dataset.pointer = `${at}/goLiveYear`;
        select.dataset.part = 'value';
        for (const year of scenario.years) select.append(new Option(year, year, false, year === iv.goLiveYear));
        const label = document.createElement('label');
        label.append('go-live year ', select);
        group.append(label);
        group.append(
          uncertainInputs('share of elective orthopaedic inpatients moved', `${at}/shareMoved`, iv.shareMoved),
        );
      }
      if (iv.type === 'capacityChange') return;
      levers.append(group);
    }),
  );
}

/** Overrides for what the user changed, applied to every occurrence of the same intervention. */
function overrides() {
  const scenario = state.preset.scenario;
  const out = {};
  const values = new Map();
  for (const input of document.querySelectorAll('[data-pointer]')) {
    const entry = values.get(input.dataset.pointer) || {};
    entry[input.dataset.part] = input.tagName === 'SELECT' ? input.value : Number(input.value);
    values.set(input.dataset.pointer, entry);
  }
  for (const [pointer, parts] of values) {
    const value = 'value' in parts ? parts.value : { p10: parts.p10, p90: parts.p90 };
    const [, , i, , j, field] = pointer.split('/');
    const id = scenario.options[Number(i)].interventions[Number(j)].id;
    scenario.options.forEach((option, oi) =>
      option.interventions.forEach((iv, ij) => {
        if (iv.id === id && JSON.stringify(iv[field]) !== JSON.stringify(value))
          out[`/options/${oi}/interventions/${ij}/${field}`] = value;
      }),
    );
  }
  const occupancy = Number($('#occupancy').value);
  if (occupancy !== scenario.bedPolicy.targetOccupancy) out['/bedPolicy/targetOccupancy'] = occupancy;
  return out;
}

async function follow(location) {
  const bar = $('#progress');
  for (;;) {
    const { body: run } = await api(location);
    const p = run.progress;
    bar.max = p.iterationsTotal || 1;
    bar.value = p.iterationsDone;
    show(
      `${run.status}: ${p.iterationsDone.toLocaleString('en-GB')} of ${p.iterationsTotal.toLocaleString('en-GB')} model runs${p.etaSeconds ? `, about ${p.etaSeconds} s left` : ''}`,
      'info',
    );
    if (run.status === 'succeeded') {
      window.location.assign(run.links.report);
      return;
    }
    if (run.status === 'failed' || run.status === 'cancelled') {
      show(`The run ${run.status}${run.error ? `: ${run.error.message}` : ''}`, 'error');
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function launch(event) {
  event.preventDefault();
  const request = {
    preset: state.preset.id,
    options: [...document.querySelectorAll('#options input:checked')].map((b) => b.value),
    iterations: Number($('#iterations').value),
    overrides: overrides(),
  };
  const seed = $('#seed').value.trim();
  if (seed) request.seed = Number(seed);
  $('#launch').disabled = true;
  try {
    const { res } = await api('/v1/simulations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    await follow(res.headers.get('location'));
  } catch (err) {
    show(err.message, 'error');
  } finally {
    $('#launch').disabled = false;
  }
}

async function start() {
  $('#token').value = sessionStorage.getItem('bedcast-token') || '';
  $('#token').addEventListener('change', () => sessionStorage.setItem('bedcast-token', $('#token').value.trim()));
  $('#form').addEventListener('submit', launch);
  $('#preset').addEventListener('change', async () =>
    renderPreset((await api(`/v1/presets/${$('#preset').value}`)).body),
  );
  try {
    const { body } = await api('/v1/presets');
    for (const p of body.presets) $('#preset').append(new Option(p.name, p.id));
    renderPreset((await api(`/v1/presets/${body.presets[0].id}`)).body);
    $('#launch').disabled = false;
  } catch (err) {
    show(`Cannot load the presets: ${err.message}`, 'error');
  }
}

start();
