/**
 * Runs the fake SMS/WhatsApp gateway standalone, for the demo and the benchmark:
 *
 *   npx tsx scripts/fake-gateway.ts [--port 0] [--host 127.0.0.1] [--config file.json]
 *                                   [--webhooks timer|manual|off] [--seed s] [--duration seconds] [--quiet]
 *                                   [--option path=value]… (e.g. --option twilio.inboundUrl=http://127.0.0.1:5678/webhook/x)
 *
 * The first line of stdout is the bound URL (e.g. `http://127.0.0.1:41234`); nothing else is
 * written to stdout. The accepted credentials and the introspection routes go to stderr unless
 * `--quiet`. Stops on SIGINT/SIGTERM, when stdin closes with `--stdin`, or after `--duration`.
 * docs/fake-gateway.md describes the personalities, the fault table and the introspection API.
 */
import fs from 'node:fs';

import { INTROSPECTION_ROUTES, PERSONALITY_PATHS, start } from '../test/fake-gateway';
import type { FakeGatewayOptions } from '../test/fake-gateway';

interface Args {
	options: FakeGatewayOptions;
	/** `--option path=value` assignments, applied after `--config` whatever the order. */
	assignments: Array<[string, unknown]>;
	quiet: boolean;
	stdin: boolean;
	duration?: number;
}

function usage(problem: string): never {
	process.stderr.write(
		`fake-gateway: ${problem}\nUsage: npx tsx scripts/fake-gateway.ts [--port 0] [--host 127.0.0.1] [--config file.json] [--webhooks timer|manual|off] [--seed s] [--duration seconds] [--stdin] [--quiet] [--option path=value]…\n`,
	);
	process.exit(2);
}

function parseArgs(argv: string[]): Args {
	const args: Args = { options: {}, assignments: [], quiet: false, stdin: false };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = (): string => {
			const v = argv[++i];
			if (v === undefined) usage(`${flag} needs a value`);
			return v;
		};
		switch (flag) {
			case '--port': {
				const port = Number(value());
				if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port must be 0..65535');
				args.options.port = port;
				break;
			}
			case '--host':
				args.options.host = value();
				break;
			case '--config': {
				const file = value();
				const config = JSON.parse(fs.readFileSync(file, 'utf8')) as FakeGatewayOptions;
				args.options = { ...config, port: args.options.port ?? config.port, host: args.options.host ?? config.host };
				break;
			}
			case '--webhooks': {
				const mode = value();
				if (mode !== 'timer' && mode !== 'manual' && mode !== 'off') usage('--webhooks must be timer, manual or off');
				args.options.webhooks = { ...args.options.webhooks, mode };
				break;
			}
			case '--seed':
				args.options.seed = value();
				break;
			case '--duration': {
				const seconds = Number(value());
				if (!(seconds > 0)) usage('--duration must be a positive number of seconds');
				args.duration = seconds;
				break;
			}
			case '--option': {
				// One option by its dot path; the value is read as JSON when it parses (true, 2, {"a":1}), else as a string.
				const assignment = value();
				const eq = assignment.indexOf('=');
				if (eq <= 0) usage(`--option needs path=value, got '${assignment}'`);
				args.assignments.push([assignment.slice(0, eq), parseValue(assignment.slice(eq + 1))]);
				break;
			}
			case '--stdin':
				args.stdin = true;
				break;
			case '--quiet':
				args.quiet = true;
				break;
			case '--help':
			case '-h':
				usage('help');
				break;
			default:
				usage(`unknown argument '${flag}'`);
		}
	}
	for (const [path, value] of args.assignments) setPath(args.options as Record<string, unknown>, path, value);
	return args;
}

function parseValue(raw: string): unknown {
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw;
	}
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
	const parts = path.split('.');
	let node = target;
	for (const part of parts.slice(0, -1)) {
		const next = node[part];
		if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
		node = node[part] as Record<string, unknown>;
	}
	node[parts[parts.length - 1]] = value;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const gateway = await start(args.options);
	process.stdout.write(`${gateway.url}\n`);
	if (!args.quiet) {
		const options = gateway.options();
		const info = {
			url: gateway.url,
			credentials: {
				twilio: { accountSid: options.twilio.accountSid, authToken: options.twilio.authToken },
				meta: { token: options.meta.token, appSecret: options.meta.appSecret },
				zenvia: { token: options.zenvia.token },
				infobip: { apiKey: options.infobip.apiKey },
			},
			inboundUrls: {
				twilio: options.twilio.inboundUrl ?? null,
				meta: options.meta.callbackUrl ?? null,
				zenvia: options.zenvia.inboundUrl ?? null,
				infobip: options.infobip.inboundUrl ?? null,
				custom: options.custom.callbackUrl ?? null,
			},
			personalities: PERSONALITY_PATHS,
			introspection: INTROSPECTION_ROUTES,
		};
		process.stderr.write(`${JSON.stringify(info, null, 2)}\n`);
	}
	let stopping = false;
	const stop = (reason: string): void => {
		if (stopping) return;
		stopping = true;
		if (!args.quiet) process.stderr.write(`fake-gateway: stopping (${reason}) after ${gateway.requestCount} requests\n`);
		void gateway.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
	if (args.stdin) {
		process.stdin.on('end', () => stop('stdin closed'));
		process.stdin.resume();
	}
	if (args.duration !== undefined) setTimeout(() => stop(`--duration ${args.duration}s`), args.duration * 1000);
}

main().catch((error: Error) => {
	process.stderr.write(`fake-gateway: ${error.message}\n`);
	process.exit(1);
});
