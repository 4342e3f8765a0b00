/**
 * Deterministic provider ids: the same seed and the same request order give the same ids, so test
 * failures are reproducible. A 16-hex prefix derived from the seed plus a 16-hex counter keeps each
 * id unique and cheap (no hashing per request).
 */
import { createHash } from 'node:crypto';

export class IdFactory {
	private counter = 0;
	private readonly prefix: string;

	constructor(seed: string) {
		this.prefix = createHash('sha256').update(seed).digest('hex').slice(0, 16);
	}

	reset(): void {
		this.counter = 0;
	}

	/** 32 lowercase hex digits, unique per call. */
	hex32(): string {
		this.counter++;
		return this.prefix + this.counter.toString(16).padStart(16, '0');
	}

	/** Twilio Message SID: `SM` + 32 hex (34 chars). */
	twilioSid(): string {
		return 'SM' + this.hex32();
	}

	/** Meta message id: `wamid.` + base64 of an opaque, unique payload (real ids are ≤128 chars). */
	wamid(recipient: string): string {
		return 'wamid.' + Buffer.from(`HB${recipient}:${this.hex32()}`).toString('base64');
	}

	/** UUID-shaped id (Zenvia message ids, Zenvia event ids, Infobip message ids). */
	uuid(): string {
		const h = this.hex32();
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}

	/** Infobip bulk ids and other numeric-looking ids. */
	numeric(): string {
		this.counter++;
		return (4_000_000_000_000_000_000n + BigInt(this.counter)).toString();
	}

	/** A Graph `fbtrace_id`-like token. */
	trace(): string {
		return 'A' + Buffer.from(this.hex32(), 'hex').toString('base64').replace(/[+/=]/g, '').slice(0, 22);
	}
}
