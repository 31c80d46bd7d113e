// Names a person reads on the launch page: levers, growth drivers, run states. A lever has an id
// but no name of its own in the scenario, so it takes the name of the option that is that lever
// alone (the presets name each lever's own option), else words for its kind.

const KINDS = {
  lcnAdmissionAvoidance: 'Admission avoidance',
  losReduction: 'Length-of-stay reduction',
  orthopaedicConsolidation: 'Elective orthopaedic centres',
  capacityChange: 'Bed change',
};

export function siteName(scenario, id) {
  const site = scenario.sites.find((s) => s.id === id);
  return site ? site.name : id;
}

/** The lever's name, e.g. "Admission avoidance for frail patients" or "Beds opened at Orpington". */
export function leverLabel(scenario, lever) {
  const own = scenario.options.find((o) => o.interventions.length === 1 && o.interventions[0].id === lever.id);
  if (own) return own.name;
  if (lever.type === 'capacityChange') {
    const at = siteName(scenario, lever.site);
    if (lever.from) return `Beds moved to ${at} from ${siteName(scenario, lever.from.site)}`;
    return typeof lever.change === 'number' && lever.change < 0 ? `Beds closed at ${at}` : `Beds opened at ${at}`;
  }
  return KINDS[lever.type] || lever.type;
}

/** "Demographic", "Elective orthopaedic demand": growth drivers are named by their ids. */
export function humanise(id) {
  const words = String(id)
    .replace(/[-_.]+/g, ' ')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What a lever or growth driver applies to, in words. */
export function targetsText(scenario, targets) {
  if (!targets) return 'everything';
  const parts = [];
  const pathways = {
    nonElective: 'emergency',
    elective: 'elective',
    electiveOrthopaedic: 'elective orthopaedic',
    dayCase: 'day case',
    other: 'other',
  };
  parts.push(
    targets.pathways ? `${targets.pathways.map((p) => pathways[p] || p).join(', ')} admissions` : 'all admissions',
  );
  if (targets.sites) parts.push(`at ${targets.sites.map((s) => siteName(scenario, s)).join(', ')}`);
  if (targets.segments) parts.push(`of ${targets.segments.join(', ')}`);
  return parts.join(' ');
}

export const STATUS_WORDS = {
  queued: 'Waiting to start',
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
