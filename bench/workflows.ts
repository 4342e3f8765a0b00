/**
 * The benchmark's workflows. Each starts with a Manual Trigger and the Bench Rows fixture node
 * (the synthetic rows, generated inside n8n; the row count comes from DUNNING_BENCH_ROWS at run
 * time, so one workflow serves every size), then the chain under test.
 */
import { PACKAGE_NAME } from '../test/e2e/harness';
import { CLASSIFY_CODE, MESSAGE_CODE, PHASE_INDEX_EXPRESSION, SEGMENT_CODE } from './user-code';

export const BENCH_PACKAGE = 'n8n-nodes-dunning-bench';
export const CREDITOR_NAME = 'Provedor Net';

/**
 * Render Collection Message's parameters in the benchmark: SMS, and the creditor settings the
 * debtors' jurisdictions require (Brazil: name and a valid CNPJ, Mexico: the complaints contact),
 * without which Check Required Content fails the rows of those countries.
 */
export const RENDER_PARAMETERS = {
	creditorName: CREDITOR_NAME,
	creditorTaxId: '12.345.678/0001-95',
	creditorAddress: 'Rua Augusta 100, São Paulo - SP, 01305-000',
	complaintsContact: 'UNE: Av. Paseo de la Reforma 100, CDMX; une@provedor.example; 55 5555 0100',
	channel: 'sms',
};

interface Node {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: Array<Node & { id: string; position: [number, number] }>;
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	active: false;
	settings: Record<string, unknown>;
}

const ours = (name: string) => `${PACKAGE_NAME}.${name}`;

/** Manual Trigger → Bench Rows → nodes[0] → nodes[1] → … (output 0 into input 0). */
function chain(id: string, title: string, kind: 'contracts' | 'messages', nodes: Node[]): Workflow {
	const all: Node[] = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{ name: 'Rows', type: `${BENCH_PACKAGE}.benchRows`, typeVersion: 1, parameters: { kind, count: 0 } },
		...nodes,
	];
	const connections: Workflow['connections'] = {};
	for (let i = 0; i + 1 < all.length; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return {
		id,
		name: `bench: ${title}`,
		nodes: all.map((n, i) => ({ ...n, id: `${id}-${i}`, position: [i * 240, 0] as [number, number] })),
		connections,
		active: false,
		settings: { executionOrder: 'v1', timezone: 'America/Sao_Paulo' },
	};
}

const code = (name: string, jsCode: string): Node => ({ name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode } });
const noOp = (name: string): Node => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

/** The package's chain, default parameters (Render: SMS and the creditor settings, RENDER_PARAMETERS). */
export const OUR_CHAIN = ['Dunning Stage', 'Segment Debtor', 'Render Collection Message'];
export const CODE_CHAIN = ['Classify (Code)', 'Segment (Code)', 'Message (Code)'];
export const NOOP_CHAIN = ['No Op 1', 'No Op 2', 'No Op 3'];
/** The package's chain with Render replaced by the fixture's bare render loop (the floor of any Render). */
export const FLOOR_CHAIN = ['Dunning Stage', 'Segment Debtor', 'Render floor (bare loop)'];

export function ourChain(): Workflow {
	return chain('benchOurChain', 'Dunning Stage → Segment Debtor → Render Collection Message', 'contracts', [
		{ name: OUR_CHAIN[0], type: ours('dunningStage'), typeVersion: 1, parameters: {} },
		{ name: OUR_CHAIN[1], type: ours('segmentDebtor'), typeVersion: 1, parameters: {} },
		{
			name: OUR_CHAIN[2],
			type: ours('renderCollectionMessage'),
			typeVersion: 1,
			parameters: { ...RENDER_PARAMETERS },
		},
	]);
}

/**
 * ourChain() with the fixture's Bench Render Floor node where Render Collection Message runs: per
 * item the least any SMS render does (bench/fixture/…/nodes/BenchRenderFloor.node.js, the same
 * code as `bench/inner-loop.ts --floor`), on the same items, inside n8n.
 */
export function floorChain(): Workflow {
	return chain('benchFloorChain', 'Dunning Stage → Segment Debtor → bare render loop (floor of any Render)', 'contracts', [
		{ name: FLOOR_CHAIN[0], type: ours('dunningStage'), typeVersion: 1, parameters: {} },
		{ name: FLOOR_CHAIN[1], type: ours('segmentDebtor'), typeVersion: 1, parameters: {} },
		{ name: FLOOR_CHAIN[2], type: `${BENCH_PACKAGE}.benchRenderFloor`, typeVersion: 1, parameters: {} },
	]);
}

export function codeChain(): Workflow {
	return chain('benchCodeChain', 'Code nodes doing the same', 'contracts', [
		code(CODE_CHAIN[0], CLASSIFY_CODE),
		code(CODE_CHAIN[1], SEGMENT_CODE),
		code(CODE_CHAIN[2], MESSAGE_CODE),
	]);
}

export function noOpChain(): Workflow {
	return chain('benchNoOpChain', 'NoOp chain', 'contracts', NOOP_CHAIN.map(noOp));
}

/**
 * The same workflow with "Save successful production executions" off (the workflow setting behind
 * EXECUTIONS_DATA_SAVE_ON_SUCCESS=none): n8n then does not write the run's data to its database,
 * which is what most of the memory of a large run goes to.
 */
export function withoutSaving(workflow: Workflow, id: string): Workflow {
	return { ...workflow, id, name: `${workflow.name} (execution data not saved)`, settings: { ...workflow.settings, saveDataSuccessExecution: 'none' } };
}

export const PER_PHASE = 'Dunning Stage (per phase)';
export const SWITCH = 'Switch (by phase)';
export const CLASSIFY = 'Classify (Code)';

/** Dunning Stage with one output per phase (its six outputs left unconnected: n8n still records them). */
export function ourRouting(): Workflow {
	return chain('benchOurRouting', 'Dunning Stage, one output per phase', 'contracts', [
		{ name: PER_PHASE, type: ours('dunningStage'), typeVersion: 1, parameters: { outputMode: 'perPhase' } },
	]);
}

/** The Code node + Switch pair that Dunning Stage's per-phase outputs replace. */
export function codeRouting(): Workflow {
	return chain('benchCodeRouting', 'Code node + Switch by phase', 'contracts', [
		code(CLASSIFY, CLASSIFY_CODE),
		{
			name: SWITCH,
			type: 'n8n-nodes-base.switch',
			typeVersion: 3.4,
			parameters: { mode: 'expression', numberOutputs: 6, output: PHASE_INDEX_EXPRESSION },
		},
	]);
}

// ---------------------------------------------------------------------------------------------
// Sending

export const SEND = 'Send';
export const HTTP = 'HTTP Request';

export interface GenericCredential {
	id: string;
	name: string;
}

/** Send via SMS/WhatsApp Gateway, HTTP gateway provider (JSON body), at the given extra parameters. */
export function ourSend(id: string, credential: GenericCredential, extra: Record<string, unknown> = {}): Workflow {
	return chain(id, `Send via SMS/WhatsApp Gateway ${JSON.stringify(extra)}`, 'messages', [
		{
			name: SEND,
			type: ours('sendViaGateway'),
			typeVersion: 1,
			parameters: { provider: 'generic', path: '/send', ...extra },
			credentials: { dunningHttpGatewayApi: credential },
		},
	]);
}

/** A Header Auth credential for the HTTP Request node: a real gateway wants a key; the fake one ignores it. */
export const HEADER_AUTH_CREDENTIAL = {
	id: 'benchHeaderAuth001',
	name: 'Gateway API key (benchmark)',
	type: 'httpHeaderAuth',
	data: { name: 'X-Api-Key', value: 'bench-not-a-secret' },
};

/**
 * n8n's HTTP Request node sending the same JSON body to the same endpoint, one request per item,
 * with a Header Auth credential (as a user would for a real gateway) unless `withCredential` is
 * false. It starts every item's request at once; its Batching option pauses `batchInterval` ms
 * after every `batchSize` items (a rate, not a concurrency limit).
 */
export function httpSend(
	id: string,
	gatewayUrl: string,
	options: { batching?: { batchSize: number; batchInterval: number }; withCredential?: boolean } = {},
): Workflow {
	const requestOptions: Record<string, unknown> = {};
	if (options.batching) requestOptions.batching = { batch: options.batching };
	const withCredential = options.withCredential ?? true;
	return chain(id, `HTTP Request ${JSON.stringify(options)}`, 'messages', [
		{
			name: HTTP,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${gatewayUrl}/custom/send`,
				...(withCredential ? { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' } : {}),
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					"={{ { from: 'PROVEDOR', to: $json.phone, text: $json.message.text, reference: $json.invoiceId + ':' + $json.dunning.stage + ':sms' } }}",
				options: requestOptions,
			},
			...(withCredential ? { credentials: { httpHeaderAuth: { id: HEADER_AUTH_CREDENTIAL.id, name: HEADER_AUTH_CREDENTIAL.name } } } : {}),
		},
	]);
}
