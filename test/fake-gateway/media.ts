/**
 * Media a debtor "sends" in a reply (a photo or a PDF of a payment receipt). Every media URL in an
 * inbound webhook points back at the fake (`GET /__fake/media/<id>`), never elsewhere; the bytes are a
 * tiny but valid PNG (images) or PDF (documents), so a workflow can download and inspect them.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

export type MediaType = 'image' | 'document';

export interface StoredMedia {
	id: string;
	type: MediaType;
	mime: string;
	filename?: string;
	bytes: Buffer;
	/** Hex SHA-256 of the bytes (Meta's `sha256`). */
	sha256: string;
	createdAt: number;
}

const MEDIA_LIMIT = 10_000;

export class MediaStore {
	private readonly byId = new Map<string, StoredMedia>();

	add(id: string, type: MediaType, mime: string, filename: string | undefined, at: number): StoredMedia {
		if (this.byId.size >= MEDIA_LIMIT) {
			const oldest = this.byId.keys().next().value;
			if (oldest !== undefined) this.byId.delete(oldest);
		}
		const bytes = type === 'image' ? TINY_PNG : TINY_PDF;
		const media: StoredMedia = { id, type, mime, bytes, sha256: createHash('sha256').update(bytes).digest('hex'), createdAt: at };
		if (filename !== undefined) media.filename = filename;
		this.byId.set(id, media);
		return media;
	}

	get(id: string): StoredMedia | undefined {
		return this.byId.get(id);
	}

	clear(): void {
		this.byId.clear();
	}
}

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(data: Buffer): number {
	let c = 0xffffffff;
	for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typed));
	return Buffer.concat([length, typed, crc]);
}

/** A 1×1 grey PNG: signature, IHDR, one IDAT (filter byte + pixel), IEND. */
function tinyPng(): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(1, 0); // width
	header.writeUInt32BE(1, 4); // height
	header[8] = 8; // bit depth
	header[9] = 0; // colour type: greyscale
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** A one-page PDF 1.4 with a line of text and a correct cross-reference table. */
function tinyPdf(): Buffer {
	const content = 'BT /F1 12 Tf 20 50 Td (Comprovante - fake gateway) Tj ET';
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let pdf = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(pdf.length);
		pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = pdf.length;
	pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
	pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(pdf, 'latin1');
}

export const TINY_PNG = tinyPng();
export const TINY_PDF = tinyPdf();
