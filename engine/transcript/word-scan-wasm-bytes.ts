/**
 * The WebAssembly module of word-scan-wasm.ts, as word-scan-wasm-assembly.ts assembles it
 * (written by `npm run wasm`, build/word-scan-wasm.ts; do not edit). Deflated and in
 * base64, inflated when the first text is read, not when a Lambda loads its code
 * (a function that has not loaded node:zlib yet loads it then: ~5 ms CPU once).
 */
const DEFLATED = 'pVTNchtFEO6ZXUn7Pyvrxz+Kk6+tWJYdTHEKBw5oVEVSOeD4EZJKuKzKpGSrHAiF5Sow5QPvYS68A48AVdw4wXtMhZrZlRVcvoTsYbt7tr+vf7Z76PnJkSAisSGfhfPFI+bPgqXueZJEzRMkGuuef/Li+ddEtdevjl+ekKgffXX06vhbSdE/ify5LtQcglMIzuCxgs85JIcgjaf+CBKkxWnBkdUKTuTIGyFC8igViPaJNB75I0RaFJATbiUydgZHCcVxjNYXJUfBsUOGiC0y3CdCo7DvtOAmFNKHkqDQHMpfRMFOIU4RWq7Qci19UjT2CUXlWYNEq8yvBUJrUoknvQ+L6aqr/LOCV5Ajs/45Vkp/pxBn79RbpvLBld7e6ffN5done7dfOVII/acsHvsjZJzGsaYyJY9DBNyuklcu+aGkofxdcgchOtapo+WMO2hj1VptdFFHpxhKf6rpsZazgtuolSfcRQhvouUpryLU/qI6n6OqtNyVtoyh/k8MdR0jsjEiKCuUC7Wk0Ofn5+ffLAm0jzYCCyz/huOI/6h7ybx+tvKdhlG8of8mo7in143iO/oTo3hTh0bxXb1jFN/T+0Yx9MdGMeuPjOIt/ZcF9E1CQnp+rd4IwihO0kzxfVdyAHqaCi1ACCYzLSb67VvPGTp/0uMEAkFhiIgHGOCe6WMAmL45xABcya1K9q00L5FM7Yr5CLR3WmCADXOInpluPcAd8xoPHMems++WdoX6TFDNxdNi4kJuL6IL3sH2fzE8xM6Nk933i3mjnu1bMENzaA6wc8uXXftl0YXrHgzNAXbt+aIehFVfrH3MYYxA5wUH5diV2Y7pU4/Q2PWIV60IeM2KnNfR0LC71dC/UcEtSE7hcVbOqvZn7t/Btys2Kyy+jTbaY/ETOj+O5xc/cBft8eeX3HGI7qGdbQvrvrkqOEYX3bH43nr5iLV/WrEg1mr66+V4fvHmyg1A7AbANeE+EqPMtjngPbSwZzYJq2dWCqydXWD98krXZvZSaWIFTQfbM33zAonOv5z2uInU3i65HfEMlXAXztr1JmTWbLO9VaXboxypXaDUNa1cKacuCW7sUqYJ4UNJ2kdW7pH1q+jifwE=';

/** The module's bytes. */
export function wordScanModule(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(process.getBuiltinModule('node:zlib').inflateRawSync(Buffer.from(DEFLATED, 'base64')));
}
