// 电子印章 and 电子签章 data, version 4 of GB/T 38540-2020: `SESeal` (the seal a province's unified e-seal
// system makes: header, id, properties, picture, signed by the seal's maker) and `SES_Signature` (one use of
// the seal: TBS_Sign over the signed data's SM3 hash, the signer's certificate and SM2 signature), in DER.
//
//   SESeal        ::= SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING, signAlgID OID, signedValue BIT STRING }
//   SES_SealInfo  ::= SEQUENCE { header SES_Header, esID IA5String, property SES_ESPropertyInfo,
//                                picture SES_ESPictrueInfo, extDatas ExtensionDatas OPTIONAL }
//   SES_Header    ::= SEQUENCE { ID IA5String ("ES"), version INTEGER (4), Vid IA5String }
//   SES_ESPropertyInfo ::= SEQUENCE { type INTEGER, name UTF8String, certListType INTEGER,
//                                certList SES_CertList, createDate, validStart, validEnd GeneralizedTime }
//   SES_CertList  ::= CHOICE { certs SEQUENCE OF OCTET STRING (certListType 1),
//                              certDigestList SEQUENCE OF SEQUENCE { type PrintableString, value OCTET STRING } (2) }
//   SES_ESPictrueInfo ::= SEQUENCE { type IA5String, data OCTET STRING, width INTEGER, height INTEGER } -- mm
//   SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OID, signature BIT STRING,
//                                timeStamp [0] BIT STRING OPTIONAL }
//   TBS_Sign      ::= SEQUENCE { version INTEGER (4), eseal SESeal, timeInfo GeneralizedTime,
//                                dataHash BIT STRING, propertyInfo IA5String, extDatas ExtensionDatas OPTIONAL }
//
// The maker's signature covers the DER of SEQUENCE { eSealInfo, cert, signAlgID }; the signer's covers the
// DER of TBS_Sign. Both are checked over the bytes as they arrived (the seal is embedded in TBS_Sign as is),
// never over a re-encoding. Schemas through @peculiar/asn1-schema, its decorators applied as functions.
import { AsnArray, AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { sm2WithSm3Oid } from './sm2.ts';

// biome-ignore lint/complexity/noBannedTypes: the schema library keys its storage by constructor
const fields = (target: Function, list: [name: string, options: Parameters<typeof AsnProp>[0]][]) => {
  AsnType({ type: AsnTypeTypes.Sequence })(target as new () => object);
  for (const [name, options] of list) AsnProp(options)(target.prototype, name);
};

class ExtData {
  extnID = '';
  critical = false;
  extnValue = new ArrayBuffer(0);
}
fields(ExtData, [
  ['extnID', { type: AsnPropTypes.ObjectIdentifier }],
  ['critical', { type: AsnPropTypes.Boolean, defaultValue: false }],
  ['extnValue', { type: AsnPropTypes.OctetString }],
]);
class ExtensionDatas extends AsnArray<ExtData> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: ExtData })(ExtensionDatas);

class SesHeader {
  id = 'ES';
  version = 4;
  vid = '';
}
fields(SesHeader, [
  ['id', { type: AsnPropTypes.IA5String }],
  ['version', { type: AsnPropTypes.Integer }],
  ['vid', { type: AsnPropTypes.IA5String }],
]);

class CertInfoList extends AsnArray<ArrayBuffer> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: AsnPropTypes.OctetString })(CertInfoList);
class CertDigestObj {
  type = '';
  value = new ArrayBuffer(0);
}
fields(CertDigestObj, [
  ['type', { type: AsnPropTypes.PrintableString }],
  ['value', { type: AsnPropTypes.OctetString }],
]);
class CertDigestList extends AsnArray<CertDigestObj> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: CertDigestObj })(CertDigestList);

class PropertyInfo {
  type = 1;
  name = '';
  certListType = 1;
  /** SES_CertList as DER: which alternative it is follows from certListType. */
  certList = new ArrayBuffer(0);
  createDate = new Date(0);
  validStart = new Date(0);
  validEnd = new Date(0);
}
fields(PropertyInfo, [
  ['type', { type: AsnPropTypes.Integer }],
  ['name', { type: AsnPropTypes.Utf8String }],
  ['certListType', { type: AsnPropTypes.Integer }],
  ['certList', { type: AsnPropTypes.Any }],
  ['createDate', { type: AsnPropTypes.GeneralizedTime }],
  ['validStart', { type: AsnPropTypes.GeneralizedTime }],
  ['validEnd', { type: AsnPropTypes.GeneralizedTime }],
]);

class PictureInfo {
  type = '';
  data = new ArrayBuffer(0);
  width = 0;
  height = 0;
}
fields(PictureInfo, [
  ['type', { type: AsnPropTypes.IA5String }],
  ['data', { type: AsnPropTypes.OctetString }],
  ['width', { type: AsnPropTypes.Integer }],
  ['height', { type: AsnPropTypes.Integer }],
]);

class SealInfo {
  header = new SesHeader();
  esID = '';
  property = new PropertyInfo();
  picture = new PictureInfo();
  extDatas?: ExtensionDatas;
}
fields(SealInfo, [
  ['header', { type: SesHeader }],
  ['esID', { type: AsnPropTypes.IA5String }],
  ['property', { type: PropertyInfo }],
  ['picture', { type: PictureInfo }],
  ['extDatas', { type: ExtensionDatas, optional: true }],
]);

class SESeal {
  /** SES_SealInfo as DER, kept as it arrived. */
  eSealInfo = new ArrayBuffer(0);
  cert = new ArrayBuffer(0);
  signAlgID = '';
  signedValue = new ArrayBuffer(0);
}
fields(SESeal, [
  ['eSealInfo', { type: AsnPropTypes.Any }],
  ['cert', { type: AsnPropTypes.OctetString }],
  ['signAlgID', { type: AsnPropTypes.ObjectIdentifier }],
  ['signedValue', { type: AsnPropTypes.BitString }],
]);

class TbsSign {
  version = 4;
  /** SESeal as DER, kept as it arrived. */
  eseal = new ArrayBuffer(0);
  timeInfo = new Date(0);
  dataHash = new ArrayBuffer(0);
  propertyInfo = '';
  extDatas?: ExtensionDatas;
}
fields(TbsSign, [
  ['version', { type: AsnPropTypes.Integer }],
  ['eseal', { type: AsnPropTypes.Any }],
  ['timeInfo', { type: AsnPropTypes.GeneralizedTime }],
  ['dataHash', { type: AsnPropTypes.BitString }],
  ['propertyInfo', { type: AsnPropTypes.IA5String }],
  ['extDatas', { type: ExtensionDatas, optional: true }],
]);

class SesSignature {
  /** TBS_Sign as DER, kept as it arrived. */
  toSign = new ArrayBuffer(0);
  cert = new ArrayBuffer(0);
  signatureAlgID = '';
  signature = new ArrayBuffer(0);
  timeStamp?: ArrayBuffer;
}
fields(SesSignature, [
  ['toSign', { type: AsnPropTypes.Any }],
  ['cert', { type: AsnPropTypes.OctetString }],
  ['signatureAlgID', { type: AsnPropTypes.ObjectIdentifier }],
  ['signature', { type: AsnPropTypes.BitString }],
  ['timeStamp', { type: AsnPropTypes.BitString, context: 0, optional: true }],
]);

const bytes = (buffer: ArrayBuffer) => new Uint8Array(buffer);
const buffer = (data: Uint8Array) => data.slice().buffer as ArrayBuffer;
/** GeneralizedTime carries whole seconds here (DER forbids a trailing-zero fraction; seconds are enough). */
const seconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);

/** DER length octets (X.690 §8.1.3). */
const derLength = (length: number) => {
  if (length < 0x80) return [length];
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest & 0xff);
  return [0x80 | octets.length, ...octets];
};
/** A DER SEQUENCE of already-encoded elements, byte for byte. */
const derSequence = (elements: Uint8Array[]) => {
  const body = Buffer.concat(elements);
  return new Uint8Array(Buffer.concat([Uint8Array.of(0x30, ...derLength(body.length)), body]));
};

/** Why a structure was refused, for the import API's 400 and the verifier's report. */
export class SealFormatError extends Error {
  override name = 'SealFormatError';
}

const parseWith = <T>(der: Uint8Array, schema: new () => T, what: string): T => {
  try {
    return AsnConvert.parse(der, schema);
  } catch (cause) {
    throw new SealFormatError(`${what} is not valid DER`, { cause });
  }
};

export interface SealPicture {
  /** Image format as named in the seal: `png`, `jpg`, `svg`, `ofd` … */
  type: string;
  data: Uint8Array;
  /** Display size in millimetres. */
  widthMm: number;
  heightMm: number;
}

export interface SealContent {
  /** 电子印章编码 esID. */
  esId: string;
  /** The maker's vendor id (Vid). */
  vendorId: string;
  /** 1 单位印章 (an organisation's), 2 个人印章. */
  type: 1 | 2;
  name: string;
  /** Signers' certificates (DER) allowed to use the seal (certListType 1). */
  signerCertificates: Uint8Array[];
  /** Or their digests (certListType 2): hash algorithm name and value. */
  signerCertificateDigests?: { type: string; value: Uint8Array }[];
  createdAt: Date;
  validFrom: Date;
  validUntil: Date;
  picture: SealPicture;
}

export interface ParsedSeal extends SealContent {
  der: Uint8Array;
  version: number;
  /** The maker's certificate (DER), its signature algorithm and signature over `makerSigned`. */
  makerCertificate: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
  makerSigned: Uint8Array;
}

/** The bytes the maker signs: DER SEQUENCE { eSealInfo, cert, signAlgID }. */
const makerSignedBytes = (sealInfo: Uint8Array, makerCertificate: Uint8Array, algorithm: string) => {
  const tail = bytes(
    AsnConvert.serialize(
      Object.assign(new MakerTail(), { cert: buffer(makerCertificate), signAlgID: algorithm }),
    ),
  );
  // MakerTail is SEQUENCE { cert, signAlgID }: drop its own tag and length, keep the two elements.
  const headerLength = tail[1]! < 0x80 ? 2 : 2 + (tail[1]! & 0x7f);
  return derSequence([sealInfo, tail.subarray(headerLength)]);
};
class MakerTail {
  cert = new ArrayBuffer(0);
  signAlgID = '';
}
fields(MakerTail, [
  ['cert', { type: AsnPropTypes.OctetString }],
  ['signAlgID', { type: AsnPropTypes.ObjectIdentifier }],
]);

/**
 * Makes a v4 SESeal signed by its maker — what a province's e-seal system does. Here only the local cloud's
 * demo seals and tests use it: a seal the platform makes for itself has no legal force.
 */
export const makeSeal = (
  content: SealContent,
  maker: { certificate: Uint8Array; sign: (message: Uint8Array) => Uint8Array },
): Uint8Array => {
  const digests = content.signerCertificateDigests;
  const certList = digests?.length
    ? AsnConvert.serialize(
        new CertDigestList(
          digests.map((d) => Object.assign(new CertDigestObj(), { type: d.type, value: buffer(d.value) })),
        ),
      )
    : AsnConvert.serialize(new CertInfoList(content.signerCertificates.map(buffer)));
  const info = Object.assign(new SealInfo(), {
    header: Object.assign(new SesHeader(), { vid: content.vendorId }),
    esID: content.esId,
    property: Object.assign(new PropertyInfo(), {
      type: content.type,
      name: content.name,
      certListType: digests?.length ? 2 : 1,
      certList,
      createDate: seconds(content.createdAt),
      validStart: seconds(content.validFrom),
      validEnd: seconds(content.validUntil),
    }),
    picture: Object.assign(new PictureInfo(), {
      type: content.picture.type,
      data: buffer(content.picture.data),
      width: content.picture.widthMm,
      height: content.picture.heightMm,
    }),
  });
  const infoDer = bytes(AsnConvert.serialize(info));
  const signature = maker.sign(makerSignedBytes(infoDer, maker.certificate, sm2WithSm3Oid));
  return bytes(
    AsnConvert.serialize(
      Object.assign(new SESeal(), {
        eSealInfo: buffer(infoDer),
        cert: buffer(maker.certificate),
        signAlgID: sm2WithSm3Oid,
        signedValue: buffer(signature),
      }),
    ),
  );
};

/** Reads a v4 SESeal; throws SealFormatError naming what is wrong. */
export const parseSeal = (der: Uint8Array): ParsedSeal => {
  const seal = parseWith(der, SESeal, 'The seal (SESeal)');
  const infoDer = bytes(seal.eSealInfo);
  const info = parseWith(infoDer, SealInfo, 'The seal information (SES_SealInfo)');
  if (info.header.id !== 'ES') throw new SealFormatError(`The seal header's ID is ${info.header.id}, not ES`);
  if (info.header.version !== 4)
    throw new SealFormatError(
      `The seal is version ${info.header.version}; version 4 (GB/T 38540-2020) is required`,
    );
  const { property, picture } = info;
  if (property.type !== 1 && property.type !== 2)
    throw new SealFormatError(`The seal type ${property.type} is neither 1 (organisation) nor 2 (personal)`);
  let signerCertificates: Uint8Array[] = [];
  let signerCertificateDigests: { type: string; value: Uint8Array }[] | undefined;
  if (property.certListType === 1) {
    signerCertificates = [
      ...parseWith(bytes(property.certList), CertInfoList, "The seal's certificate list"),
    ].map(bytes);
  } else if (property.certListType === 2) {
    signerCertificateDigests = [
      ...parseWith(bytes(property.certList), CertDigestList, "The seal's certificate digest list"),
    ].map((d) => ({ type: d.type, value: bytes(d.value) }));
  } else {
    throw new SealFormatError(`The seal's certListType ${property.certListType} is neither 1 nor 2`);
  }
  if (picture.data.byteLength === 0) throw new SealFormatError('The seal has no picture');
  if (picture.width <= 0 || picture.height <= 0)
    throw new SealFormatError("The seal picture's size is not positive");
  return {
    der: der.slice(),
    version: info.header.version,
    esId: info.esID,
    vendorId: info.header.vid,
    type: property.type,
    name: property.name,
    signerCertificates,
    ...(signerCertificateDigests ? { signerCertificateDigests } : {}),
    createdAt: property.createDate,
    validFrom: property.validStart,
    validUntil: property.validEnd,
    picture: {
      type: picture.type,
      data: bytes(picture.data),
      widthMm: picture.width,
      heightMm: picture.height,
    },
    makerCertificate: bytes(seal.cert),
    signatureAlgorithm: seal.signAlgID,
    signature: bytes(seal.signedValue),
    makerSigned: makerSignedBytes(infoDer, bytes(seal.cert), seal.signAlgID),
  };
};

export interface TbsSignContent {
  /** The SESeal DER, embedded as is. */
  seal: Uint8Array;
  time: Date;
  /** SM3 of the signed data (for OFD, of Signature.xml). */
  dataHash: Uint8Array;
  /** What the signed data is: for OFD, the path of Signature.xml. */
  propertyInfo: string;
}

/** DER TBS_Sign v4: what the signer signs. */
export const encodeTbsSign = (content: TbsSignContent): Uint8Array => {
  const tbs = Object.assign(new TbsSign(), {
    eseal: buffer(content.seal),
    timeInfo: seconds(content.time),
    dataHash: buffer(content.dataHash),
    propertyInfo: content.propertyInfo,
  });
  return bytes(AsnConvert.serialize(tbs));
};

/** DER SES_Signature v4 from a TBS_Sign, the signer's certificate and SM2 signature (DER) over it. */
export const encodeSesSignature = (
  tbsSign: Uint8Array,
  certificate: Uint8Array,
  signature: Uint8Array,
): Uint8Array =>
  bytes(
    AsnConvert.serialize(
      Object.assign(new SesSignature(), {
        toSign: buffer(tbsSign),
        cert: buffer(certificate),
        signatureAlgID: sm2WithSm3Oid,
        signature: buffer(signature),
      }),
    ),
  );

export interface ParsedSesSignature extends TbsSignContent {
  version: number;
  /** The TBS_Sign as it arrived: what the signature covers. */
  tbsSign: Uint8Array;
  certificate: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

/** Reads a v4 SES_Signature; the embedded seal is left as DER (parseSeal reads it). */
export const parseSesSignature = (der: Uint8Array): ParsedSesSignature => {
  const outer = parseWith(der, SesSignature, 'The signature (SES_Signature)');
  const tbsDer = bytes(outer.toSign);
  const tbs = parseWith(tbsDer, TbsSign, 'The signed part (TBS_Sign)');
  if (tbs.version !== 4)
    throw new SealFormatError(`The signature is version ${tbs.version}; version 4 is required`);
  return {
    version: tbs.version,
    seal: bytes(tbs.eseal),
    time: tbs.timeInfo,
    dataHash: bytes(tbs.dataHash),
    propertyInfo: tbs.propertyInfo,
    tbsSign: tbsDer,
    certificate: bytes(outer.cert),
    signatureAlgorithm: outer.signatureAlgID,
    signature: bytes(outer.signature),
  };
};
