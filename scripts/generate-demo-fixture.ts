/** Writes fixtures/demo-council.json from the generator (`npm run fixture:demo`). */
import { writeFileSync } from 'node:fs';
import { DEMO_FIXTURE_URL, demoFixtureText } from './demo-fixture-options.js';

const text = demoFixtureText();
writeFileSync(DEMO_FIXTURE_URL, text);
console.log(`wrote ${DEMO_FIXTURE_URL.pathname} (${Math.round(text.length / 1024)} KB)`);
