// The Lambda runtime every function runs on, named once: the stack deploys it, and the local cloud runs each
// function's sandbox on a Node.js binary of the same major (the `node` package pinned in package.json).
export const lambdaNodeMajor = 24;
export const lambdaRuntimeName = `nodejs${lambdaNodeMajor}.x`;

/** A function's memory and timeout when the manifest names none, in AWS and in the local sandboxes. */
export const defaultMemoryMb = 512;
export const defaultTimeoutSeconds = 10;
