/**
 * A mocked IExecuteFunctions for node tests: parameters from a plain object (dot paths, like
 * n8n's getNodeParameter), a parameter given as a function of the item index behaves like an
 * n8n expression (its raw value starts with "="), and the calls are recorded.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

export type ParamValue = unknown | ((itemIndex: number) => unknown);

export interface MockOptions {
	items: IDataObject[];
	params?: Record<string, ParamValue>;
	continueOnFail?: boolean;
	onError?: INode['onError'];
	timezone?: string;
	/** Credential data by credential type, for getCredentials. */
	credentials?: Record<string, IDataObject>;
	/** Answers httpRequestWithAuthentication (credential type, request options). */
	http?: (credentialType: string, options: IDataObject) => unknown;
	/** The credentials the node has selected, as n8n stores them on the node. */
	nodeCredentials?: INode['credentials'];
	/** The workflow's static data (kept between "runs" when the same object is passed again). */
	staticData?: IDataObject;
	/** The execution's cancel signal. */
	signal?: AbortSignal;
}

function getPath(source: Record<string, unknown>, path: string): unknown {
	if (path in source) return source[path];
	// A collection read whole ('options') from flat test keys ('options.dryRun').
	const prefix = `${path}.`;
	const children = Object.keys(source).filter((k) => k.startsWith(prefix));
	if (children.length > 0) {
		const nested: Record<string, unknown> = {};
		for (const k of children) nested[k.slice(prefix.length)] = source[k];
		return nested;
	}
	let current: unknown = source;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

function rawParameters(params: Record<string, ParamValue>): IDataObject {
	const raw: IDataObject = {};
	for (const [path, value] of Object.entries(params)) {
		const keys = path.split('.');
		let target = raw;
		keys.slice(0, -1).forEach((k) => {
			target[k] = (target[k] as IDataObject) ?? {};
			target = target[k] as IDataObject;
		});
		target[keys[keys.length - 1]] = typeof value === 'function' ? '={{ expression }}' : (value as IDataObject);
	}
	return raw;
}

export function mockContext(options: MockOptions) {
	const params = options.params ?? {};
	const calls: Array<{ name: string; itemIndex: number }> = [];
	const node: INode = {
		id: 'node-1',
		name: 'Node Under Test',
		type: 'n8n-nodes-dunning.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: rawParameters(params) as INode['parameters'],
		onError: options.onError,
		credentials: options.nodeCredentials,
	};
	const requests: Array<{ credentialType: string; options: IDataObject; additional?: IDataObject }> = [];
	const items: INodeExecutionData[] = options.items.map((json) => ({ json }));
	const ctx = {
		getInputData: () => items,
		getNode: () => node,
		getTimezone: () => options.timezone ?? 'America/Sao_Paulo',
		getExecutionId: () => 'test-execution',
		getWorkflowStaticData: () => options.staticData ?? (options.staticData = {}),
		getExecutionCancelSignal: () => options.signal ?? new AbortController().signal,
		getCredentials: async (type: string) => {
			const data = options.credentials?.[type];
			if (!data) throw new Error(`no credentials of type ${type}`);
			return data;
		},
		helpers: {
			httpRequestWithAuthentication: async function (this: unknown, credentialType: string, requestOptions: IDataObject, additional?: IDataObject) {
				requests.push({ credentialType, options: requestOptions, additional });
				if (!options.http) throw new Error('no HTTP expected in this test');
				return options.http(credentialType, requestOptions);
			},
		},
		continueOnFail: () => options.continueOnFail ?? false,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			calls.push({ name, itemIndex });
			const value = getPath(params, name);
			if (value === undefined) {
				// Like n8n: a parameter that is not set (or hidden) with no fallback is an error.
				if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
				return fallback;
			}
			return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
		},
	};
	return { ctx: ctx as unknown as IExecuteFunctions, calls, node, requests };
}
