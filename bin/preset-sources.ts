/** `npm run preset:sources`: writes each preset's parameters and sources to models/presets/<id>.sources.md. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PRESETS } from '../models/presets/index.js';
import { sourcesDocument } from '../models/presets/sources-document.js';

for (const preset of PRESETS) {
  const file = fileURLToPath(new URL(`../models/presets/${preset.id}.sources.md`, import.meta.url));
  writeFileSync(file, sourcesDocument(preset));
  console.log(`wrote ${file}`);
}
