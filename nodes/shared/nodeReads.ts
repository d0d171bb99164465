import type { INode, NodeParameterValueType } from 'n8n-workflow';

/**
 * The node's parameters as a delivery reads them: one copy of the node per delivery.
 *
 * n8n's `getNodeParameter` resolves the value as an expression, builds the expression's
 * additional keys and checks the value against the node's description, about a microsecond a
 * read; `getNode()` deep-copies the node each call. A delivery read five parameters and copied the
 * node twice: a sixth of the handler's own time at 2 KB (BENCHMARKS.md, the profile). While
 * `receiveDelivery` runs, the core holds one copy of the node (n8n's `getNode()`, taken when the
 * delivery arrives) and reads a parameter that holds no expression from it: what n8n would
 * return, since resolving a value without an expression returns it unchanged and none of this
 * package's parameters has a `validateType`, resource mapper or filter that n8n's check would
 * convert. A parameter with an expression anywhere in it is read through n8n, resolved as ever.
 * Outside a delivery (lifecycle methods, the editor) every read goes to n8n.
 */

/** What reads the node: n8n's webhook and hook contexts both are. */
export interface NodeReader {
	getNode(): INode;
	getNodeParameter(name: string, fallback?: unknown): NodeParameterValueType | object;
}

const deliveryNodes = new WeakMap<NodeReader, INode>();

/** Runs `receive` with one copy of the node for every read it makes through this module. */
export async function withNodeCopy<T>(context: NodeReader, receive: () => Promise<T>): Promise<T> {
	deliveryNodes.set(context, context.getNode());
	try {
		return await receive();
	} finally {
		deliveryNodes.delete(context);
	}
}

/** The node (its id, credentials, webhook id): the delivery's copy while one is received. */
export function nodeOf(context: NodeReader): INode {
	return deliveryNodes.get(context) ?? context.getNode();
}

/** `context.getNodeParameter(name, fallback)`, from the delivery's copy when it holds no expression. */
export function nodeParameter(
	context: NodeReader,
	name: string,
	fallback?: unknown,
): NodeParameterValueType | object {
	const node = deliveryNodes.get(context);
	if (node === undefined) return context.getNodeParameter(name, fallback);
	let value: unknown = node.parameters;
	for (const key of pathOf(name)) {
		value =
			isRecord(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
	}
	// n8n's own read decides an absent value without a fallback (it throws) and an expression.
	if (value === undefined && fallback === undefined) return context.getNodeParameter(name);
	if (value === undefined) return fallback as NodeParameterValueType | object;
	if (holdsExpression(value)) return context.getNodeParameter(name, fallback);
	return value as NodeParameterValueType | object;
}

/** Parameter names as paths, split once: the core reads the same few names on every delivery. */
const paths = new Map<string, string[]>();

function pathOf(name: string): string[] {
	let path = paths.get(name);
	if (path === undefined) {
		path = name.split('.');
		// Names come from the code, a few dozen; bounded all the same.
		if (paths.size >= 1_000) paths.clear();
		paths.set(name, path);
	}
	return path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** n8n's rule: a string starting with `=` is an expression, at any depth of a value. */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (!isRecord(value)) return false;
	for (const key in value) {
		if (holdsExpression(value[key])) return true;
	}
	return false;
}
