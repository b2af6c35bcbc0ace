// What a licence's QR code can hold, apart from the encoder, so the wallet's function (which draws no code)
// decides the same payload as the printout: the credential itself when it fits, else a reference to it.
export const qrErrorCorrection = 'M';
/** The most bytes a level-M symbol holds in byte mode (version 40). */
export const qrByteCapacity = 2331;
