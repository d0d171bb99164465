import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createEmptyRunExecutionData,
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialTestRequest,
	type ICredentialType,
	type IExecuteData,
	type INode,
	type INodeType,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * What n8n's credential "Test" button does for a credential type with a `test` request
 * (packages/cli credentials-tester.service `runRequestTest`): n8n-core's RoutingNode runs the
 * request through a temporary node with the credential's `authenticate`, and an HTTP error
 * becomes the message of the matching `responseCode` rule, else the status text.
 */
export async function runCredentialTest(
	credentialType: ICredentialType,
	credentials: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const test = credentialType.test as ICredentialTestRequest;
	const nodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'credentialTestNode',
			group: ['transform'],
			version: 1,
			description: 'temporary node of a credential test',
			defaults: {},
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [credentialType.name]: { id: 'cred-1', name: 'test credentials' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		},
	});
	const credentialsHelper = new TestCredentialsHelper(
		new Map([[credentialType.name, credentialType]]),
	);
	credentialsHelper.set(credentialType.name, credentials);
	const additionalData = {
		credentialsHelper,
		variables: {},
		currentNodeExecutionIndex: 0,
	} as unknown as IWorkflowExecuteAdditionalData;
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, {
		id: 'cred-1',
		name: 'test credentials',
		type: credentialType.name,
		data: credentials,
	});
	try {
		await routingNode.runNode();
	} catch (error) {
		const e = error as {
			message: string;
			cause?: { response?: { status: number; statusText?: string }; code?: string };
		};
		if (e.cause?.response) {
			const { status, statusText } = e.cause.response;
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		}
		if (e.cause?.code) return { status: 'Error', message: e.cause.code };
		return { status: 'Error', message: e.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
