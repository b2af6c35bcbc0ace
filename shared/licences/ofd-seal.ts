// 电子签章 on an OFD document (GB/T 33190 §18, seal data per GB/T 38540-2020 v4): signing any OFD package
// with a seal, and checking every signature of one.
//
// Signing adds, beside the document's root (`Doc_0/` for `Doc_0/Document.xml`):
//   OFD.xml                       DocBody gains <ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>
//   Doc_0/Signs/Signatures.xml    the list of signatures (kept out of what any signature covers, so a later
//                                 signature can be added without breaking an earlier one)
//   Doc_0/Signs/Sign_N/Signature.xml   SignedInfo: provider, SM2-with-SM3, the time, one Reference with the
//                                 SM3 CheckValue of every other file of the package, the StampAnnot (page
//                                 and boundary in mm where viewers draw the seal's picture)
//   Doc_0/Signs/Sign_N/SignedValue.dat the DER SES_Signature whose dataHash is SM3(Signature.xml)
// Bytes in, bytes out; the SM2 signature itself comes through the Sm2Signer port (KMS in the stack).
import { unzipSync, zipSync } from 'fflate';
import { encodeSesSignature, encodeTbsSign, type ParsedSeal, parseSeal, parseSesSignature } from './ses.ts';
import { type Sm2PublicKey, sm2Verify, sm2WithSm3Oid, sm3, sm3Oid } from './sm2.ts';
import { parseSm2Certificate, verifyChain } from './sm2-certificates.ts';
import { checkRevocation } from './sm2-crl.ts';

/** Signs with an SM2 key the certificate certifies: DER signature of SM3(ZA ‖ message), conventional ID. */
export interface Sm2Signer {
  publicKey(): Promise<Sm2PublicKey>;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** Where the seal's picture is drawn: the page (0-based, in Document.xml's order) and a box in mm. */
export interface StampPosition {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SignOfdOptions {
  stamp: StampPosition;
  /** The department's SESeal (DER, v4). */
  seal: Uint8Array;
  /** The signer's X.509 certificate (DER, SM2): listed in the seal, certifying the signer's key. */
  certificate: Uint8Array;
  signer: Sm2Signer;
  time: Date;
  /** Provider name written in SignedInfo. */
  provider?: string;
}

export class OfdFormatError extends Error {
  override name = 'OfdFormatError';
}

/** An uncompressed OFD larger than this is refused (a zip bomb, or not a licence). */
const maxUnpackedBytes = 64 * 1024 * 1024;
const ofdNamespace = 'http://www.ofdspec.org/2016';

const utf8 = new TextEncoder();
const text = (data: Uint8Array) => new TextDecoder('utf-8', { fatal: false }).decode(data);
const base64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const escapeXml = (value: string) =>
  value.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
const unescapeXml = (value: string) =>
  value.replace(
    /&(lt|gt|amp|quot|apos);/g,
    (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!,
  );

/** The files of an OFD package by path (no leading slash); throws OfdFormatError when it is not a zip. */
export const unpackOfd = (ofd: Uint8Array): Record<string, Uint8Array> => {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(ofd, {
      filter: (file) => {
        total += file.originalSize;
        if (total > maxUnpackedBytes) throw new OfdFormatError('The OFD package unpacks to more than 64 MB');
        return !file.name.endsWith('/');
      },
    });
  } catch (cause) {
    if (cause instanceof OfdFormatError) throw cause;
    throw new OfdFormatError('The file is not an OFD package (not a zip archive)', { cause });
  }
  if (!files['OFD.xml']) throw new OfdFormatError('The OFD package has no OFD.xml');
  return files;
};

/** Element text of the first `<prefix:name>` (any namespace prefix) in `xml`. */
const elementText = (xml: string, name: string) => {
  const first = elements(xml, name)[0];
  return first && !first.body.includes('<') ? unescapeXml(first.body.trim()) : undefined;
};
/**
 * Every `<prefix:name …/>` or `<prefix:name …>body</prefix:name>` in `xml` (not nested in itself), found in one
 * pass over the tags: uploaded files reach this, and a backtracking pattern over a body could take quadratic
 * time on a crafted one.
 */
const elements = (xml: string, name: string) => {
  const found: { attributes: string; body: string }[] = [];
  let open: { attributes: string; start: number } | undefined;
  for (const tag of xml.matchAll(new RegExp(`<(/?)(?:[\\w.-]+:)?${name}\\b([^<>]*)>`, 'g'))) {
    const attributes = tag[2] ?? '';
    if (tag[1] === '/') {
      if (open) found.push({ attributes: open.attributes, body: xml.slice(open.start, tag.index) });
      open = undefined;
    } else if (attributes.endsWith('/')) {
      found.push({ attributes: attributes.slice(0, -1), body: '' });
      open = undefined;
    } else {
      open = { attributes, start: tag.index + tag[0].length };
    }
  }
  return found;
};
const attribute = (attributes: string, name: string) => {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(attributes);
  return match ? unescapeXml(match[2] ?? match[3] ?? '') : undefined;
};

/** A path inside the package, from a location written absolute (`/Doc_0/…`) or relative to `base`. */
const resolvePath = (location: string, base: string) => {
  const joined = location.startsWith('/') ? location.slice(1) : `${base ? `${base}/` : ''}${location}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
};
const dirname = (path: string) => path.split('/').slice(0, -1).join('/');

/** The document root (`Doc_0/Document.xml`) and signatures list path OFD.xml names, if any. */
const docBody = (ofdXml: string) => {
  const root = elementText(ofdXml, 'DocRoot');
  if (!root) throw new OfdFormatError('OFD.xml names no DocRoot');
  const signatures = elementText(ofdXml, 'Signatures');
  return { docRoot: resolvePath(root, ''), signatures: signatures ? resolvePath(signatures, '') : undefined };
};

const formatTime = (time: Date) =>
  time
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** Signs `ofd` with the seal; returns the new package. Throws when the seal, certificate or key disagree. */
export const signOfd = async (ofd: Uint8Array, options: SignOfdOptions): Promise<Uint8Array> => {
  const files = unpackOfd(ofd);
  const seal = parseSeal(options.seal);
  const certificate = parseSm2Certificate(options.certificate);
  const { time } = options;
  if (time < seal.validFrom || time > seal.validUntil)
    throw new Error(`The seal ${seal.esId} is not valid at ${time.toISOString()}`);
  if (time < certificate.notBefore || time > certificate.notAfter)
    throw new Error(`The signer's certificate is not valid at ${time.toISOString()}`);
  if (!sealListsCertificate(seal, options.certificate))
    throw new Error(`The seal ${seal.esId} does not list the signer's certificate`);
  const publicKey = await options.signer.publicKey();
  if (!Buffer.from(publicKey).equals(Buffer.from(certificate.publicKey)))
    throw new Error("The signer's key is not the key the certificate certifies");

  let ofdXml = text(files['OFD.xml']!);
  const body = docBody(ofdXml);
  const docDir = dirname(body.docRoot);
  const documentXml = files[body.docRoot];
  if (!documentXml) throw new OfdFormatError(`OFD.xml names ${body.docRoot}, which the package lacks`);
  const pages = elements(text(documentXml), 'Page');
  const page = pages[options.stamp.page];
  const pageId = page && attribute(page.attributes, 'ID');
  if (!pageId) throw new OfdFormatError(`The document has no page ${options.stamp.page}`);

  const signaturesPath = body.signatures ?? `${docDir ? `${docDir}/` : ''}Signs/Signatures.xml`;
  if (!body.signatures) {
    // The Signatures entry follows DocRoot (and Versions, when present) in CT_DocBody.
    const closing = /<\/((?:[\w.-]+:)?)DocBody>/.exec(ofdXml);
    if (!closing) throw new OfdFormatError('OFD.xml has no DocBody');
    const prefix = closing[1] ?? '';
    ofdXml = `${ofdXml.slice(0, closing.index)}<${prefix}Signatures>${escapeXml(signaturesPath)}</${prefix}Signatures>${ofdXml.slice(closing.index)}`;
    files['OFD.xml'] = utf8.encode(ofdXml);
  }
  const existing = files[signaturesPath] ? elements(text(files[signaturesPath]), 'Signature') : [];
  const maxId = Math.max(0, ...existing.map((s) => Number(attribute(s.attributes, 'ID')) || 0));
  const signId = maxId + 1;
  const signsDir = dirname(signaturesPath);
  let n = existing.length;
  while (Object.keys(files).some((path) => path.startsWith(`${signsDir}/Sign_${n}/`))) n++;
  const signDir = `${signsDir}/Sign_${n}`;
  const signaturePath = `${signDir}/Signature.xml`;
  const signedValuePath = `${signDir}/SignedValue.dat`;

  const signatureEntries = [
    ...existing.map((s) => `<ofd:Signature${s.attributes}/>`),
    `<ofd:Signature ID="${signId}" Type="Seal" BaseLoc="/${escapeXml(signaturePath)}"/>`,
  ];
  files[signaturesPath] = utf8.encode(
    `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signatures xmlns:ofd="${ofdNamespace}"><ofd:MaxSignId>${signId}</ofd:MaxSignId>${signatureEntries.join('')}</ofd:Signatures>`,
  );

  const covered = Object.keys(files)
    .filter((path) => path !== signaturesPath)
    .sort();
  const references = covered
    .map(
      (path) =>
        `<ofd:Reference FileRef="/${escapeXml(path)}"><ofd:CheckValue>${base64(sm3(files[path]!))}</ofd:CheckValue></ofd:Reference>`,
    )
    .join('');
  const { x, y, width, height } = options.stamp;
  const provider = escapeXml(options.provider ?? 'tongban');
  const signatureXml = utf8.encode(
    `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Signature xmlns:ofd="${ofdNamespace}"><ofd:SignedInfo>` +
      `<ofd:Provider ProviderName="${provider}" Version="1.0" Company="${provider}"/>` +
      `<ofd:SignatureMethod>${sm2WithSm3Oid}</ofd:SignatureMethod>` +
      `<ofd:SignatureDateTime>${formatTime(time)}</ofd:SignatureDateTime>` +
      `<ofd:References CheckMethod="${sm3Oid}">${references}</ofd:References>` +
      `<ofd:StampAnnot ID="${signId}" PageRef="${escapeXml(pageId)}" Boundary="${x} ${y} ${width} ${height}"/>` +
      `</ofd:SignedInfo><ofd:SignedValue>/${escapeXml(signedValuePath)}</ofd:SignedValue></ofd:Signature>`,
  );
  files[signaturePath] = signatureXml;

  const tbsSign = encodeTbsSign({
    seal: options.seal,
    time,
    dataHash: sm3(signatureXml),
    propertyInfo: `/${signaturePath}`,
  });
  const signature = await options.signer.sign(tbsSign);
  if (!sm2Verify(certificate.publicKey, tbsSign, signature))
    throw new Error("The signer's signature does not verify with the certificate's key");
  files[signedValuePath] = encodeSesSignature(tbsSign, options.certificate, signature);

  // OFD.xml first, as readers expect; the rest in a stable order.
  const ordered: Record<string, Uint8Array> = { 'OFD.xml': files['OFD.xml']! };
  for (const path of Object.keys(files).sort()) if (path !== 'OFD.xml') ordered[path] = files[path]!;
  return zipSync(ordered, { level: 6, mtime: time });
};

const sealListsCertificate = (seal: ParsedSeal, certificate: Uint8Array) => {
  if (seal.signerCertificates.some((c) => Buffer.from(c).equals(Buffer.from(certificate)))) return true;
  const digest = sm3(certificate);
  return (seal.signerCertificateDigests ?? []).some(
    (d) => /^sm3$/i.test(d.type) && Buffer.from(d.value).equals(Buffer.from(digest)),
  );
};

export interface OfdCheck {
  ok: boolean;
  /** What was found, in words. */
  message: string;
}

export interface OfdSignatureReport {
  id: string;
  /** Path of its Signature.xml in the package. */
  location: string;
  signedAt?: string;
  seal?: { esId: string; name: string; validFrom: string; validUntil: string };
  signer?: { subject: string; issuer: string; serialNumber: string };
  stamp?: { pageRef: string; boundary: string };
  /** Every referenced file with whether its SM3 check value matches. */
  files: { path: string; ok: boolean }[];
  checks: {
    /** Every file of the package (other than the signatures' own) referenced, each check value matching. */
    digests: OfdCheck;
    /** dataHash = SM3(Signature.xml) and the SM2 signature over TBS_Sign with the certificate's key. */
    signature: OfdCheck;
    /** The seal: well formed, signed by its maker, valid at the signing time, listing the signer. */
    seal: OfdCheck;
    /** The signer's certificate chains to a trusted root and was valid at the signing time. */
    chain: OfdCheck;
    /** No certificate of that chain was revoked at the signing time, by the CRLs the jurisdiction holds. */
    revocation: OfdCheck;
  };
}

export interface OfdVerification {
  /** Every check of every signature passed, and there is at least one. */
  ok: boolean;
  /** The package itself: a zip with OFD.xml, its DocRoot and signatures list. */
  package: OfdCheck;
  signatures: OfdSignatureReport[];
}

export interface OfdTrust {
  /** Trusted root certificates (DER): the jurisdiction's, or the demo CA locally. */
  roots: readonly Uint8Array[];
  intermediates?: readonly Uint8Array[];
  /** The CRLs (DER) the jurisdiction holds of those CAs, checked at the signing time. */
  crls?: readonly Uint8Array[];
}

const pass = (message: string): OfdCheck => ({ ok: true, message });
const fail = (message: string): OfdCheck => ({ ok: false, message });
const notChecked = fail('Not checked: the signature could not be read');

/** Checks every signature of `ofd`, each check reported on its own. Never throws on bad input. */
export const verifyOfd = (ofd: Uint8Array, trust: OfdTrust): OfdVerification => {
  let files: Record<string, Uint8Array>;
  let signaturesPath: string | undefined;
  try {
    files = unpackOfd(ofd);
    const body = docBody(text(files['OFD.xml']!));
    if (!files[body.docRoot])
      throw new OfdFormatError(`OFD.xml names ${body.docRoot}, which the package lacks`);
    signaturesPath = body.signatures;
  } catch (error) {
    return { ok: false, package: fail((error as Error).message), signatures: [] };
  }
  const list = signaturesPath ? files[signaturesPath] : undefined;
  if (!signaturesPath || !list)
    return { ok: false, package: fail('The document carries no signature'), signatures: [] };
  const entries = elements(text(list), 'Signature');
  if (entries.length === 0)
    return { ok: false, package: fail('The signatures list is empty'), signatures: [] };
  const signsDir = dirname(signaturesPath);
  const locations = entries.map((e) => resolvePath(attribute(e.attributes, 'BaseLoc') ?? '', signsDir));
  // A signature's own files, and the list, are outside what any signature covers.
  const own = new Set([signaturesPath]);
  for (const location of locations) {
    own.add(location);
    const signedValue = files[location] && elementText(text(files[location]), 'SignedValue');
    if (signedValue) own.add(resolvePath(signedValue, dirname(location)));
  }
  const signatures = entries.map((entry, index) =>
    checkSignature(
      files,
      attribute(entry.attributes, 'ID') ?? String(index + 1),
      locations[index]!,
      own,
      trust,
    ),
  );
  const ok = signatures.every((s) => Object.values(s.checks).every((c) => c.ok));
  return { ok, package: pass(`OFD package with ${signatures.length} signature(s)`), signatures };
};

const checkSignature = (
  files: Record<string, Uint8Array>,
  id: string,
  location: string,
  own: Set<string>,
  trust: OfdTrust,
): OfdSignatureReport => {
  const report: OfdSignatureReport = {
    id,
    location,
    files: [],
    checks: {
      digests: notChecked,
      signature: notChecked,
      seal: notChecked,
      chain: notChecked,
      revocation: notChecked,
    },
  };
  const signatureXml = files[location];
  if (!signatureXml) {
    report.checks.digests = fail(`The signature file ${location} is missing`);
    return report;
  }
  const xml = text(signatureXml);
  const base = dirname(location);

  // Every file's check value.
  const referencesElement = elements(xml, 'References')[0];
  const checkMethod = referencesElement ? attribute(referencesElement.attributes, 'CheckMethod') : undefined;
  const referenced = new Set<string>();
  for (const reference of elements(xml, 'Reference')) {
    const path = resolvePath(attribute(reference.attributes, 'FileRef') ?? '', base);
    const expected = elementText(reference.body, 'CheckValue') ?? '';
    const data = files[path];
    referenced.add(path);
    report.files.push({ path, ok: data !== undefined && base64(sm3(data)) === expected.replace(/\s/g, '') });
  }
  const unreferenced = Object.keys(files).filter((path) => !own.has(path) && !referenced.has(path));
  const mismatched = report.files.filter((f) => !f.ok).map((f) => f.path);
  const sm3Method = checkMethod === sm3Oid || /^sm3$/i.test(checkMethod ?? '');
  report.checks.digests = !sm3Method
    ? fail(`Check values are not SM3 (CheckMethod ${checkMethod ?? 'missing'})`)
    : report.files.length === 0
      ? fail('The signature references no file')
      : mismatched.length > 0
        ? fail(`Changed or missing since signing: ${mismatched.join(', ')}`)
        : unreferenced.length > 0
          ? fail(`Not covered by the signature: ${unreferenced.join(', ')}`)
          : pass(`All ${report.files.length} files match their SM3 check values`);

  const stamp = elements(xml, 'StampAnnot')[0];
  if (stamp)
    report.stamp = {
      pageRef: attribute(stamp.attributes, 'PageRef') ?? '',
      boundary: attribute(stamp.attributes, 'Boundary') ?? '',
    };

  const signedValueLocation = elementText(xml, 'SignedValue');
  const signedValue = signedValueLocation && files[resolvePath(signedValueLocation, base)];
  if (!signedValue) {
    report.checks.signature = fail('The signature value (SignedValue.dat) is missing');
    return report;
  }
  let parsed: ReturnType<typeof parseSesSignature>;
  try {
    parsed = parseSesSignature(signedValue);
  } catch (error) {
    report.checks.signature = fail((error as Error).message);
    return report;
  }
  report.signedAt = parsed.time.toISOString();
  let certificate: ReturnType<typeof parseSm2Certificate> | undefined;
  try {
    certificate = parseSm2Certificate(parsed.certificate);
    report.signer = {
      subject: certificate.subject,
      issuer: certificate.issuer,
      serialNumber: certificate.serialNumber,
    };
  } catch (error) {
    report.checks.signature = fail(`The signer's certificate: ${(error as Error).message}`);
  }
  if (certificate) {
    const hashMatches = Buffer.from(parsed.dataHash).equals(Buffer.from(sm3(signatureXml)));
    const algorithmOk = parsed.signatureAlgorithm === sm2WithSm3Oid;
    const valid = algorithmOk && sm2Verify(certificate.publicKey, parsed.tbsSign, parsed.signature);
    report.checks.signature = !hashMatches
      ? fail('Signature.xml changed since signing (its SM3 hash differs from the signed dataHash)')
      : !algorithmOk
        ? fail(`The signature algorithm ${parsed.signatureAlgorithm} is not SM2 with SM3`)
        : valid
          ? pass(`SM2 signature by ${certificate.subject} verifies`)
          : fail("The SM2 signature does not verify with the signer's certificate");
    const chain = verifyChain(parsed.certificate, { ...trust, at: parsed.time });
    report.checks.chain = chain.ok
      ? pass(`Chains to a trusted root: ${chain.path.join(' → ')}`)
      : fail(chain.reason ?? 'The certificate does not chain to a trusted root');
    report.checks.revocation = chain.certificates
      ? checkRevocation(chain.certificates, trust.crls ?? [], parsed.time)
      : fail('Not checked: the certificate does not chain to a trusted root');
  }

  try {
    const seal = parseSeal(parsed.seal);
    report.seal = {
      esId: seal.esId,
      name: seal.name,
      validFrom: seal.validFrom.toISOString(),
      validUntil: seal.validUntil.toISOString(),
    };
    report.checks.seal = checkSeal(seal, parsed.time, parsed.certificate, trust);
  } catch (error) {
    report.checks.seal = fail((error as Error).message);
  }
  return report;
};

/** The seal's own checks: maker's signature and certificate, validity at `at`, the signer listed. */
export const checkSeal = (
  seal: ParsedSeal,
  at: Date,
  signerCertificate: Uint8Array,
  trust: OfdTrust,
): OfdCheck => {
  let maker: ReturnType<typeof parseSm2Certificate>;
  try {
    maker = parseSm2Certificate(seal.makerCertificate);
  } catch (error) {
    return fail(`The seal maker's certificate: ${(error as Error).message}`);
  }
  if (
    seal.signatureAlgorithm !== sm2WithSm3Oid ||
    !sm2Verify(maker.publicKey, seal.makerSigned, seal.signature)
  )
    return fail(`The seal ${seal.esId} is not signed by its maker's certificate`);
  const makerChain = verifyChain(seal.makerCertificate, { ...trust, at: seal.createdAt });
  if (!makerChain.ok) return fail(`The seal maker is not trusted: ${makerChain.reason}`);
  const makerRevocation = checkRevocation(makerChain.certificates ?? [], trust.crls ?? [], seal.createdAt);
  if (!makerRevocation.ok) return fail(`The seal maker's certificate: ${makerRevocation.message}`);
  if (at < seal.validFrom || at > seal.validUntil)
    return fail(
      `The seal ${seal.esId} was not valid at signing (${at.toISOString()}; valid ${seal.validFrom.toISOString()} to ${seal.validUntil.toISOString()})`,
    );
  if (!sealListsCertificate(seal, signerCertificate))
    return fail(`The seal ${seal.esId} does not list the signer's certificate`);
  return pass(`Seal ${seal.name} (${seal.esId}) made by ${maker.subject}, valid at signing`);
};
