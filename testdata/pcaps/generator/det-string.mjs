// Deterministic random-looking string: SHA-256 of a label (e.g. "call3"), mapped onto an alphabet. Ids made this way
// come out the same on every regeneration.

import { createHash } from 'node:crypto';

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';

export function detString(seedText, len, alphabet = ALNUM) {
  let out = '';
  for (let block = 0; out.length < len; block++) {
    for (const b of createHash('sha256').update(`${seedText}#${block}`).digest()) {
      if (out.length < len) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}
