/**
 * The Redis connection of the Redis ledger (n8n queue mode), from n8n's own Redis credential
 * (`redis`: host, port, database number, user, password, SSL). One connection per execution of
 * the node, closed when it ends.
 *
 * Why ioredis: it is the client n8n's queue mode itself runs on (Bull, through n8n), maintained,
 * pure JavaScript with no native build, typed, with TLS, ACL users and Lua scripts (EVAL) — what
 * the ledger's atomic reserve needs. See docs/scaling-out.md.
 */
import { type ICredentialDataDecryptedObject, NodeOperationError, type INode } from 'n8n-workflow';
import Redis from 'ioredis';

import { DEFAULT_REDIS_PREFIX, RedisLedger, type RedisEvalClient } from '../core/policy';
import { scrub } from './settings';

export interface RedisLedgerHandle {
	ledger: RedisLedger;
	/** The connection, for the daily cap shared by every worker. */
	client: RedisEvalClient;
	/** The password, to scrub from any message shown. */
	secrets: string[];
	close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5000;

function where(credentials: ICredentialDataDecryptedObject): string {
	return `${String(credentials.host || 'localhost')}:${Number(credentials.port) || 6379}`;
}

export interface RedisConnection {
	client: Redis;
	/** The password, to scrub from any message shown. */
	secrets: string[];
	close(): Promise<void>;
}

/**
 * Connects to the Redis of `credentials`. Throws a NodeOperationError naming the credential and the
 * address when Redis cannot be reached (`consequence` says what that means for the node).
 */
export async function connectRedis(node: INode, credentials: ICredentialDataDecryptedObject, consequence: string): Promise<RedisConnection> {
	const credentialName = node.credentials?.redis?.name ?? 'Redis';
	const password = typeof credentials.password === 'string' ? credentials.password : '';
	const user = typeof credentials.user === 'string' ? credentials.user.trim() : '';
	const client = new Redis({
		host: String(credentials.host || 'localhost'),
		port: Number(credentials.port) || 6379,
		db: Number(credentials.database) || 0,
		...(user ? { username: user } : {}),
		...(password ? { password } : {}),
		...(credentials.ssl === true ? { tls: { rejectUnauthorized: credentials.disableTlsVerification !== true } } : {}),
		lazyConnect: true,
		connectTimeout: CONNECT_TIMEOUT_MS,
		// Fail a command fast instead of queueing it for ever while Redis is away.
		maxRetriesPerRequest: 1,
		retryStrategy: (times) => (times > 3 ? null : Math.min(times * 200, 1000)),
		connectionName: 'n8n-nodes-dunning-ledger',
		// After a failed connect, let the socket go at once (the default keeps the process busy 2 s).
		disconnectTimeout: 200,
	});
	let lastError: Error | undefined;
	// Without a listener, ioredis reports connection errors on the console; the node reports them itself.
	client.on('error', (error: Error) => {
		lastError = error;
	});
	const secrets = password ? [password] : [];
	try {
		await client.connect();
	} catch (error) {
		client.disconnect();
		const reason = (lastError ?? (error as Error))?.message ?? String(error);
		// The cause goes in the description: n8n rewrites messages that hold a system error code.
		throw new NodeOperationError(node, `Could not reach Redis at ${where(credentials)} (credential "${credentialName}")`, {
			description: `${scrub(reason, secrets)}. ${consequence} Check the host, port, password and SSL of the credential, and that Redis is running and reachable from every n8n worker.`,
		});
	}
	return {
		client,
		secrets,
		close: async () => {
			try {
				await client.quit();
			} catch {
				client.disconnect();
			}
		},
	};
}

/**
 * Connects to the Redis of `credentials` and opens the ledger. Throws when Redis cannot be reached:
 * without its record of sent messages the node cannot promise "no duplicates", so it sends nothing.
 */
export async function openRedisLedger(
	node: INode,
	credentials: ICredentialDataDecryptedObject,
	options: { prefix: string; ref: string; token: string; now: () => number },
): Promise<RedisLedgerHandle> {
	const connection = await connectRedis(
		node,
		credentials,
		'Sent Messages Record is set to Redis, and without it the node cannot tell what was already sent, so nothing was sent.',
	);
	return {
		client: connection.client,
		ledger: new RedisLedger(connection.client, { prefix: options.prefix || DEFAULT_REDIS_PREFIX, ref: options.ref, token: options.token, now: options.now }),
		secrets: connection.secrets,
		close: connection.close,
	};
}
