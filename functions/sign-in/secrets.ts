// The upstream providers' secrets, named in the jurisdiction's config and never written in it. A function
// reads a secret from its environment when the deployment put it there, else from the SSM SecureString
// parameter `<SECRET_PARAMETER_PREFIX><name>` (the identity:secrets binding grants reading exactly those).
// Each value is read once per container.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

export type SecretSource = (name: string) => Promise<string>;

export const secretSource = (parameterPrefix: () => string): SecretSource => {
  const read = new Map<string, Promise<string>>();
  let ssm: SSMClient | undefined;
  const fromStore = async (name: string) => {
    ssm ??= new SSMClient({});
    const out = await ssm.send(
      new GetParameterCommand({ Name: `${parameterPrefix()}${name}`, WithDecryption: true }),
    );
    const value = out.Parameter?.Value;
    if (!value) throw new Error(`The secret ${name} is empty`);
    return value;
  };
  return (name) => {
    const fromEnvironment = process.env[name];
    if (fromEnvironment) return Promise.resolve(fromEnvironment);
    let value = read.get(name);
    if (!value) {
      value = fromStore(name);
      read.set(name, value);
      value.catch(() => read.delete(name));
    }
    return value;
  };
};
