// The Lambda runtime every function runs on, named once: the stack deploys it, and the local cloud runs each
// function's sandbox on a Node.js binary of the same major (the `node` package pinned in package.json).
export const lambdaNodeMajor = 24;
export const lambdaRuntimeName = `nodejs${lambdaNodeMajor}.x`;

/**
 * The runtime of the functions in the China Regions. New runtimes may reach them later than the global
 * Regions ("Amazon Lambda - Getting Started with Amazon Web Services in China": the future runtime release
 * dates do not apply there): check the runtimes page of the Lambda Developer Guide on docs.amazonaws.cn
 * before raising `lambdaNodeMajor`, and name an older runtime here until China has the new one (the local
 * sandboxes keep running `lambdaNodeMajor`).
 */
export const chinaLambdaRuntimeName: string = lambdaRuntimeName;

/** A function's memory and timeout when the manifest names none, in AWS and in the local sandboxes. */
export const defaultMemoryMb = 512;
export const defaultTimeoutSeconds = 10;
