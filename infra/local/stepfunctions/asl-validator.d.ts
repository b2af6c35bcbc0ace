// asl-validator ships no type declarations; this covers the one call the local endpoint makes.
declare module 'asl-validator' {
  interface AslValidationResult {
    isValid: boolean;
    errorsText: (separator?: string) => string;
  }
  const validate: (
    definition: unknown,
    options?: { checkArn?: boolean; checkPaths?: boolean },
  ) => AslValidationResult;
  export default validate;
}
