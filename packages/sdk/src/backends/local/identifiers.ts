import { issueAccessCode, issueCaseNumber, type RandomIndex } from '@jiefen/core';

/** A uniform index from WebCrypto, by rejection sampling so no symbol is favoured. */
const randomIndex: RandomIndex = (max) => {
  const limit = 256 - (256 % max);
  for (;;) {
    const [byte] = globalThis.crypto.getRandomValues(new Uint8Array(1));
    if (byte! < limit) return byte! % max;
  }
};

/** `JF-20261126-7K3QX` (cases) or `JC-…` (consultations), in the same shape as the reference server's. */
export const newCaseNumber = (prefix: 'JF' | 'JC', day: string): string => issueCaseNumber(prefix, day, randomIndex);

/** 12 spoken symbols, shown to the resident once. */
export const newAccessCode = (): string => issueAccessCode(randomIndex);

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Long, URL-safe, for tracking links: 32 symbols of 64 = 192 bits. */
export const newTrackingToken = (): string => {
  let token = '';
  for (let i = 0; i < 32; i++) token += TOKEN_ALPHABET[randomIndex(TOKEN_ALPHABET.length)];
  return token;
};
