// One structured JSON logger per container. Personal data (ID numbers, phones, request bodies) is never
// logged: call sites log identifiers and outcomes only, and the redaction below is the safety net.
import { Logger } from '@aws-lambda-powertools/logger';

const idNumberPattern = /\b\d{17}[\dXx]\b/g;
const mobilePattern = /\b1[3-9]\d{9}\b/g;

export const redact = (text: string) =>
  text.replace(idNumberPattern, '[id-number]').replace(mobilePattern, '[mobile]');

export const logger = new Logger({ serviceName: 'tongban' });
