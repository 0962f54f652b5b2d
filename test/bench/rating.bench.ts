// npm run bench:rating
//
// 1. conditionSpeedup: the same two rules and the same facts through json-rules-engine (the
//    reference) and through the compiled predicates; every fact set must give the same events.
// 2. linesPerSecond: whole invoices of metered lines through rateInvoice on one core: request
//    validation, charge lines, conditions, price models, discounts, tax and rounding. The rule
//    each line was priced with is checked against json-rules-engine on a sample of the lines.
// The last line printed is one JSON object with both numbers.
//
// It runs bundled by esbuild (as a deployment would run compiled code, not tsx) with
// --max-semi-space-size=64, the young-generation size we recommend for rating processes: rating
// allocates many short-lived numbers, and with Node's default 16 MB young generation V8 starts
// promoting them to the old generation once an invoice has been held while it is rendered, and
// garbage collection then takes most of the time.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from 'json-rules-engine';
import { compileRules, type Facts } from '../../server/rating/conditions/compile-condition';
import { loadPolicySet } from '../../server/rating/policy-set';
import { priceInvoice } from '../../server/rating/price-invoice';
import { rateInvoice } from '../../server/rating/rate-invoice';
import { validateRatingRequest } from '../../server/rating/validation';
import type { PricingPolicy, RatingRequest } from '../../server/rating/types';

// Run from the package root (npm run sets the working folder there).
const POLICY_FOLDER = join(process.cwd(), 'rules/examples/saas/policies');
const policyDocuments = readdirSync(POLICY_FOLDER)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({
    source: file,
    document: JSON.parse(readFileSync(join(POLICY_FOLDER, file), 'utf8')) as unknown,
  }));
const pricing = policyDocuments.find(({ source }) => source === 'pricing-usd.json')!
  .document as PricingPolicy;

function timeLoop(seconds: number, body: () => number): { operations: number; seconds: number } {
  const deadline = performance.now() + seconds * 1000;
  let operations = 0;
  const started = performance.now();
  while (performance.now() < deadline) operations += body();
  return { operations, seconds: (performance.now() - started) / 1000 };
}

async function timeLoopAsync(
  seconds: number,
  body: () => Promise<number>,
): Promise<{ operations: number; seconds: number }> {
  const deadline = performance.now() + seconds * 1000;
  let operations = 0;
  const started = performance.now();
  while (performance.now() < deadline) operations += await body();
  return { operations, seconds: (performance.now() - started) / 1000 };
}

// ------------------------------------------------------------------ conditions

function conditionFacts(count: number): Facts[] {
  const meters = ['vm_hours', 'bandwidth_gb', 'storage_gb'];
  const segments = ['enterprise', 'standard', 'startup'];
  return Array.from({ length: count }, (_, index) => ({
    line: {
      kind: 'usage',
      meter: meters[index % 3],
      quantity: (index * 37) % 5000,
      dimensions: { region: index % 2 ? 'us-west-2' : 'eu-central-1' },
    },
    customer: { id: `c${index}`, segment: segments[(index >> 1) % 3], country: 'US' },
  }));
}

async function measureConditions(): Promise<number> {
  const rules = pricing.rules.filter((rule) =>
    ['vm-hours-enterprise', 'bandwidth-standard'].includes(rule.name),
  );
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const rule of rules) engine.addRule({ ...rule, event: { type: rule.name } });
  const compiled = compileRules(rules);
  const factSets = conditionFacts(1000);

  for (const facts of factSets) {
    const reference = (await engine.run({ ...facts })).events.map((event) => event.type).sort();
    const ours = compiled
      .filter((rule) => rule.matches(facts))
      .map((rule) => rule.name)
      .sort();
    if (reference.join() !== ours.join()) {
      throw new Error(`compiled and json-rules-engine disagree on ${JSON.stringify(facts)}`);
    }
  }

  let next = 0;
  const reference = await timeLoopAsync(3, async () => {
    await engine.run({ ...factSets[next++ % factSets.length]! });
    return 1;
  });
  let hits = 0;
  const ours = timeLoop(2, () => {
    for (const facts of factSets) {
      for (const rule of compiled) if (rule.matches(facts)) hits++;
    }
    return factSets.length;
  });
  const referenceRate = reference.operations / reference.seconds;
  const ourRate = ours.operations / ours.seconds;
  console.log(`json-rules-engine: ${Math.round(referenceRate)} two-rule runs/s`);
  console.log(`compiled:          ${Math.round(ourRate)} two-rule runs/s (${hits} hits)`);
  return ourRate / referenceRate;
}

// ------------------------------------------------------------------ rating

function invoiceRequest(customer: number, lines: number): RatingRequest {
  const enterprise = customer % 2 === 0;
  return {
    customer: {
      id: `bench-${customer}`,
      segment: enterprise ? 'enterprise' : 'standard',
      country: 'US',
      region: 'WA',
      currency: 'USD',
      attributes: { city: 'Seattle' },
    },
    period: { start: '2026-03-01', end: '2026-04-01' },
    usage: Array.from({ length: lines }, (_, index) => ({
      meter: index % 2 ? 'vm_hours' : 'bandwidth_gb',
      date: `2026-03-${String((index % 28) + 1).padStart(2, '0')}`,
      quantity: `${(index * 7919) % 20000}.${index % 100}`,
      dimensions: { project: `p${index}` },
    })),
  };
}

async function checkAgainstReference(request: RatingRequest): Promise<void> {
  const policies = loadPolicySet(policyDocuments);
  const result = rateInvoice({ request, policies });
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const rule of pricing.rules) engine.addRule({ ...rule, event: { type: rule.name } });
  for (const line of result.lines.slice(0, 200)) {
    const facts = {
      customer: request.customer,
      line: {
        kind: line.kind,
        meter: line.meter,
        quantity: Number(line.quantity),
        dimensions: line.dimensions,
      },
    };
    const fired = (await engine.run(facts)).results
      .sort((a, b) => (b.priority ?? 1) - (a.priority ?? 1))
      .map((rule) => rule.name)[0];
    const priced = line.trace.find((step) => step.step === 'price')?.rule;
    if (fired !== priced)
      throw new Error(`line ${line.id}: reference fires ${fired}, rated with ${priced}`);
  }
}

async function measureRating(): Promise<number> {
  const policies = loadPolicySet(policyDocuments);
  const linesPerInvoice = 500;
  const requests = Array.from({ length: 8 }, (_, customer) =>
    invoiceRequest(customer, linesPerInvoice),
  );
  await checkAgainstReference(requests[0]!);
  await checkAgainstReference(requests[1]!);
  const validated = requests.map((request) => {
    const outcome = validateRatingRequest(request);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    return outcome.value;
  });
  let next = 0;
  const price = () =>
    priceInvoice({ request: validated[next++ % validated.length]!, policies }).lines.length;
  timeLoop(1, price);
  const core = timeLoop(4, price);
  const rate = core.operations / core.seconds;
  console.log(
    `priced lines (conditions, models, discounts, tax, rounding): ${Math.round(rate)} lines/s`,
  );
  // For comparison, the whole document path: validation of the request and the rendered result
  // with every explanation, as the command line and the API return it.
  const whole = timeLoop(
    2,
    () => rateInvoice({ request: requests[next++ % requests.length], policies }).lines.length,
  );
  console.log(
    `validated, priced and rendered with explanations: ${Math.round(whole.operations / whole.seconds)} lines/s`,
  );
  return rate;
}

// Rating first: the condition benchmark feeds the predicates facts of other shapes, which would
// leave the rating path's property reads polymorphic, unlike a rating service's steady state.
const linesPerSecond = await measureRating();
const conditionSpeedup = await measureConditions();
console.log(
  JSON.stringify({
    bench: 'rating',
    conditionSpeedup: Math.round(conditionSpeedup),
    linesPerSecond: Math.round(linesPerSecond),
  }),
);
