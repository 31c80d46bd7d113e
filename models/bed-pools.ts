/**
 * Bed pools, the units the engine sizes beds for. Every site has at least one: the pools it
 * declares, or one implicit pool of all its beds (so a scenario without pools computes exactly
 * what it always did). Pools are numbered site by site, in the scenario's order.
 *
 * Scopes, the rows of the results: every site (the sum of its pools), then every declared pool of
 * a site that declares them, then the system. A site's implicit pool is the site itself and gets
 * no row of its own.
 */
import type { Scenario } from './scenario.js';

export interface BedPool {
  /** Index of the pool's site. */
  site: number;
  /** The pool's id within its site (the site's id for an implicit pool). */
  id: string;
  name: string;
  /** Beds in the base year. */
  beds: number;
  /** Whether the site declared it (and so it has a scope of its own). */
  declared: boolean;
}

export interface PoolLayout {
  pools: BedPool[];
  /** The pool of each stream. */
  streamPool: number[];
  /** Each site's pools, in order. */
  sitePools: number[][];
  /** The pool a site's id and optional pool id name (its first pool when no pool is named). */
  poolOf: (site: number, pool: string | undefined) => number;
  /** The scope of each pool's own row, or -1 for an implicit pool. */
  poolScope: number[];
  /** Scope ids: site ids, then "site/pool" for declared pools, then "system". */
  scopeIds: string[];
}

export function poolLayout(scenario: Scenario): PoolLayout {
  const pools: BedPool[] = [];
  const sitePools: number[][] = [];
  scenario.sites.forEach((site, s) => {
    const declared = site.pools ?? [];
    const mine: number[] = [];
    if (declared.length === 0) {
      mine.push(pools.length);
      pools.push({ site: s, id: site.id, name: site.name, beds: site.beds, declared: false });
    }
    for (const p of declared) {
      mine.push(pools.length);
      pools.push({ site: s, id: p.id, name: p.name ?? p.id, beds: p.beds, declared: true });
    }
    sitePools.push(mine);
  });
  const siteIndex = new Map(scenario.sites.map((x, i) => [x.id, i]));
  const poolOf = (site: number, pool: string | undefined) => {
    const mine = sitePools[site]!;
    if (pool === undefined) return mine[0]!;
    const found = mine.find((p) => pools[p]!.id === pool);
    if (found === undefined) throw new RangeError(`site ${scenario.sites[site]!.id} has no pool ${pool}`);
    return found;
  };
  const streamPool = scenario.streams.map((x) => poolOf(siteIndex.get(x.site)!, x.pool));
  const scopeIds = scenario.sites.map((x) => x.id);
  const poolScope = pools.map((p) => {
    if (!p.declared) return -1;
    scopeIds.push(poolScopeId(scenario.sites[p.site]!.id, p.id));
    return scopeIds.length - 1;
  });
  scopeIds.push('system');
  return { pools, streamPool, sitePools, poolOf, poolScope, scopeIds };
}

/** A declared pool's scope id in the results: "site/pool". */
export function poolScopeId(site: string, pool: string): string {
  return `${site}/${pool}`;
}
