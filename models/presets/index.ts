/** The built-in presets, in the order the API lists them. */
import type { Preset } from './preset.js';
import { selLtp2019 } from './sel-ltp-2019.js';
import { selStp2016 } from './sel-stp-2016.js';
import { smallHospital } from './small-hospital.js';

export const PRESETS: readonly Preset[] = [selStp2016, selLtp2019, smallHospital];

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
