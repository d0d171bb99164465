import {
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialsExpressionResolveValues,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

/**
 * Resolves the only expression form our credential types use in `authenticate`:
 * `{{$credentials.name}}` inside an `=`-prefixed string. Anything else fails loudly, so a test
 * never passes on a value this stand-in did not really resolve.
 */
function resolve(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_all, expression: string) => {
		const match = /^\$credentials\.(\w+)$/.exec(expression);
		if (!match) throw new Error(`test credentials helper cannot resolve {{${expression}}}`);
		return String(credentials[match[1]] ?? '');
	});
}

/**
 * What n8n's CredentialsHelper does for our credential types (packages/cli credentials-helper):
 * generic `authenticate`, and `preAuthentication` for a hidden expirable field, run when the
 * field is empty or n8n saw a 401, with the renewed value persisted.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly stored = new Map<string, ICredentialDataDecryptedObject>();

	preAuthentications = 0;

	constructor(private readonly types: Map<string, ICredentialType>) {
		super();
	}

	set(typeName: string, data: ICredentialDataDecryptedObject): void {
		this.stored.set(typeName, { ...data });
	}

	private type(typeName: string): ICredentialType {
		const type = this.types.get(typeName);
		if (!type) throw new Error(`unknown credential type ${typeName}`);
		return type;
	}

	getParentTypes(typeName: string): string[] {
		return this.type(typeName).extends ?? [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions & Record<string, IDataObject>;
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (authenticate?.type === 'generic') {
			for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
				const target = (options[outerKey] ??= {}) as IDataObject;
				for (const [key, value] of Object.entries(entries as IDataObject)) {
					target[String(resolve(key, credentials))] = resolve(value, credentials) as string;
				}
			}
		}
		return options;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find(
			(property: INodeProperties) => property.type === 'hidden' && property.typeOptions?.expirable,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		this.preAuthentications++;
		if (output[expirable.name] === undefined) return undefined;
		this.stored.set(typeName, {
			...this.stored.get(typeName),
			...(output as ICredentialDataDecryptedObject),
		});
		return Object.assign(credentials, output as ICredentialDataDecryptedObject);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		return typeof type.preAuthentication === 'function'
			? ((await type.preAuthentication.call(
					helpers,
					credentials,
				)) as ICredentialDataDecryptedObject)
			: undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by the triggers');
	}

	/** How many times a node read its credentials (in n8n each read decrypts, and may build an isolate). */
	decrypts = 0;

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.decrypts++;
		const data = this.stored.get(type);
		if (!data) throw new Error(`no test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	/** What n8n persists after an OAuth2 token was fetched or refreshed (n8n-core's requestOAuth2). */
	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored.set(type, { ...this.stored.get(type), oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}

	getExpressionResolveValues?(): ICredentialsExpressionResolveValues;
}
