/**
 * The WebAssembly module of word-scan-wasm.ts, as word-scan-wasm-assembly.ts assembles it
 * (written by `npm run wasm`, build/word-scan-wasm.ts; do not edit). Deflated and in
 * base64, inflated when the first text is read, not when a Lambda loads its code
 * (a function that has not loaded node:zlib yet loads it then: ~5 ms CPU once).
 */
const DEFLATED = 'pVRNbxtVFL3vzdieT79JbCdN3LTn1rHjSASxKgsW+FqiVRek+QmtWjZjhcqJFWgr4kgQlAX/I2z4HyxZsEGs+CFPRe+NHTeIDXQW8+69Oud+zXlDz0+PFRGpbf0sni8fNX8Wrewg0KRqgSLV2ArC0xfPvyaqffPq5OUpqfrxV8evTl5rSv5I9U91ZeZQnENxEwEbhFxAcwwSPA1H0CBRZyUnzio506NghATZo1whOSASPApHSESV0BNuZTr1DicZpWmK1hdVjpJTz4yROmZ8QIRG6d55yWswyB9qgsHaUP+sSvYGcY7Y5YpdrhUmR+OAUC6QNWi0qv5aILQmi+NJ98Nq+ukW+GbJ6yjQdPgC6xXeG8TN9+atWvngSf990/+1lxtM8/19Fcih5HddPg5HaHKepkJVSwHHiLi9aN745oeahvo3zR3E6DhQR/SMO2hj03ltbKCOTjnU4VTosehZyW3UqghvIEYwEX3Gm4glXE4XcrIYrfCjrWqY/1PD3NRIXI0Exh3Gl1qlkIuLi4tvVwkkRBuRI1Zfw+dIf60F6bx+vvZWYA1vyV9kDW/LtjXclU+s4buSWMM7smcN35MDa/i+fGwNQz6yhln+dIQHNiOlg7BWb0RxkmZ503DPjxyBnuZKFAjRZCZqIu/eBd6R4kmXMyhEpaiJJSLe9Z43+0tT8QC7uGun2LED3sPgxh4iRCTBWYk+tuwRtu0UXTtAf4mwR+jjnu2hj/u2Z4+wewu3Z4/sIQa3YkMX8zx4Hnvenj3E0MXtS2TTzxQhRh8PbM/7J05FUpQcVR+7ampMnwaExn5AvOGOiDfdUfAd6Oq/U0lCwplfEUKn5FnpCC200BqrH9H+YTy//J47aI0/v1oItXPkJORonTfXJafooDNW3zlUiFTCs0UWpGKmv1yN55dvrv2eU79ZP24PmTV2YA95Hw1BiX27Q9g4d6fC5vkl7lxdS23mLt76UBcyx7on79uefYFMii+nXc7RrO5R7uSbuxteSatAHfkt+RrUqgi7y6m9fNfQdLpt+q1VSl789ZZp/iFhI4T4oSYJl/J1uEW69G8=';

/** The module's bytes. */
export function wordScanModule(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(process.getBuiltinModule('node:zlib').inflateRawSync(Buffer.from(DEFLATED, 'base64')));
}
