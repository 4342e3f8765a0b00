/**
 * Numbers the debtors themselves closed: an opt-out they replied ("PARAR", STOP) on a channel or on
 * all of them, and a number whose owner answered that it is not the debtor (CONDUSEF forbids
 * contacting third parties). Kept in the record of sent messages (workflow static data or Redis)
 * by Classify Reply and Dunning Events, and honoured by the Send node on every later run, before
 * the spreadsheet is even updated. Numbers are stored as hashes ({@link phoneKey}).
 */
import { isPlainObject } from './ledger';
import { type LiveRecord, mergeLiveRecord, remember } from './liveRecord';
import { DEFAULT_REDIS_PREFIX, type RedisEvalClient } from './redisLedger';

type MaybePromise<T> = T | Promise<T>;

export type BlockReason = 'opt_out' | 'wrong_person';

export interface ContactBlock {
	/** `all`, or the channels closed (`sms`, `whatsapp`, `email`). */
	channels: 'all' | string[];
	why: BlockReason;
	/** When the debtor said it (epoch ms). */
	at: number;
	/** Who recorded it: `Classify Reply`, `Dunning Events (Twilio STOP)`. */
	source: string;
}

export interface ContactBlocks {
	get(phoneHash: string): MaybePromise<ContactBlock | null>;
	/** Closes a channel (or all) of a number; a wrong person closes every channel. */
	block(phoneHash: string, channel: string, why: BlockReason, at: number, source: string): MaybePromise<void>;
	/** The debtor opted back in (START): the channel opens again (a wrong-person block stays). */
	unblock(phoneHash: string, channel: string): MaybePromise<void>;
}

/** Whether a block closes `channel`. */
export function blocks(block: ContactBlock | null, channel: string): boolean {
	return block !== null && (block.channels === 'all' || block.channels.includes(channel));
}

function isBlock(value: unknown): value is ContactBlock {
	if (!isPlainObject(value)) return false;
	const b = value as Partial<ContactBlock>;
	return (b.channels === 'all' || Array.isArray(b.channels)) && (b.why === 'opt_out' || b.why === 'wrong_person') && typeof b.at === 'number';
}

/** What a block becomes with one more channel closed. */
export function withChannel(existing: ContactBlock | null, channel: string, why: BlockReason, at: number, source: string): ContactBlock {
	if (why === 'wrong_person' || channel === 'all') return { channels: 'all', why, at, source };
	if (existing && existing.channels === 'all') return existing;
	const channels = new Set(existing ? (existing.channels as string[]) : []);
	channels.add(channel);
	return { channels: [...channels].sort(), why: existing?.why === 'wrong_person' ? 'wrong_person' : why, at, source };
}

/** What a block becomes with a channel opened again; null when nothing is left closed. */
export function withoutChannel(existing: ContactBlock | null, channel: string): ContactBlock | null {
	if (!existing || existing.why === 'wrong_person') return existing;
	if (existing.channels === 'all') return channel === 'all' ? null : { ...existing, channels: ['email', 'sms', 'whatsapp'].filter((c) => c !== channel) };
	const channels = existing.channels.filter((c) => c !== channel && channel !== 'all');
	return channels.length === 0 ? null : { ...existing, channels };
}

/** In workflow static data: `blocks`, number hash → block. */
export class StaticDataContactBlocks implements ContactBlocks {
	private readonly blocksByHash: Record<string, ContactBlock>;

	constructor(
		private readonly store: Record<string, unknown>,
		/** What this n8n process knows (liveRecord.ts): a STOP recorded by a request running at the same moment is seen at once. */
		private readonly live?: LiveRecord,
		private readonly now: () => number = () => Date.now(),
	) {
		if (live) mergeLiveRecord(store, live, now());
		this.blocksByHash = isPlainObject(store.blocks) ? (store.blocks as Record<string, ContactBlock>) : {};
	}

	get(phoneHash: string): ContactBlock | null {
		if (this.live) {
			const known = this.live.blocks.get(phoneHash);
			if (known && known.until > this.now()) return known.value;
		}
		const value = Object.prototype.hasOwnProperty.call(this.blocksByHash, phoneHash) ? this.blocksByHash[phoneHash] : undefined;
		return isBlock(value) ? value : null;
	}

	block(phoneHash: string, channel: string, why: BlockReason, at: number, source: string): void {
		this.put(phoneHash, withChannel(this.get(phoneHash), channel, why, at, source));
	}

	unblock(phoneHash: string, channel: string): void {
		const next = withoutChannel(this.get(phoneHash), channel);
		if (next) this.put(phoneHash, next);
		else {
			delete this.blocksByHash[phoneHash];
			if (this.live) remember(this.live.blocks, phoneHash, null, this.now());
		}
		this.store.blocks = this.blocksByHash;
	}

	private put(phoneHash: string, block: ContactBlock): void {
		if (this.live) remember(this.live.blocks, phoneHash, block, this.now());
		Object.defineProperty(this.blocksByHash, phoneHash, { value: block, enumerable: true, writable: true, configurable: true });
		// Assigned again so that n8n sees the change and saves it.
		this.store.blocks = this.blocksByHash;
	}
}

/** Replace the block of a number with the value computed from what was there (read-modify-write, atomic). */
const SET_BLOCK_SCRIPT = `
redis.call('SET', KEYS[1], ARGV[1])
return 1`;

/** In Redis: `<prefix>block:<hash>`, JSON, no time to live (an opt-out lasts until the debtor opts back in). */
export class RedisContactBlocks implements ContactBlocks {
	private readonly prefix: string;

	constructor(
		private readonly client: RedisEvalClient,
		prefix?: string,
	) {
		this.prefix = `${prefix || DEFAULT_REDIS_PREFIX}block:`;
	}

	async get(phoneHash: string): Promise<ContactBlock | null> {
		const raw = await this.client.eval('return redis.call("GET", KEYS[1])', 1, this.prefix + phoneHash);
		if (typeof raw !== 'string') return null;
		try {
			const value: unknown = JSON.parse(raw);
			return isBlock(value) ? value : null;
		} catch {
			return null;
		}
	}

	async block(phoneHash: string, channel: string, why: BlockReason, at: number, source: string): Promise<void> {
		const next = withChannel(await this.get(phoneHash), channel, why, at, source);
		await this.client.eval(SET_BLOCK_SCRIPT, 1, this.prefix + phoneHash, JSON.stringify(next));
	}

	async unblock(phoneHash: string, channel: string): Promise<void> {
		const next = withoutChannel(await this.get(phoneHash), channel);
		if (next) await this.client.eval(SET_BLOCK_SCRIPT, 1, this.prefix + phoneHash, JSON.stringify(next));
		else await this.client.eval('return redis.call("DEL", KEYS[1])', 1, this.prefix + phoneHash);
	}
}
