/**
 * The WebAssembly module of read.ts, as scan-assembly.ts assembles it
 * (written by `npm run wasm`, build/analysis-scan-wasm.ts; do not edit). Deflated and in
 * base64, inflated when the first analysis file is read, not when a Lambda loads its code
 * (a function that has not loaded node:zlib yet loads it then: ~5 ms CPU once).
 */
const DEFLATED = 'pVXPa1xVFD7nvvvmzXt37kz8D857giA2NQuZRVfvDMybDggm/4BUMKAzjZJpELrxLVxKFkWhyOBqBFfZaFvJ0ohi0wjW3yWZbuwEf1UKcWV5KPf9mklMYqFZhHvPPd/3nXPud9/AS5dWEACwLi7IOI5jjC9gjLFooLX82huVleWV1weXBaAlLUB0XLRfXVteuQTgXZmz/q6jikVIMA/Au9DRQMDY84FgDn1g8FVxOoZIgxWSIusFGfKbDZXFH0JHixJlIn5XhhlekSDF38HFnl9l8D0GXzP49YIzyTnTTdDRkmBOBDbDeS1FyOA7ZBP0Gfu+JMlOZIifBmz9k//BW63P7m6OftwZnluSIaPv1IRSJFmXqV9v3Rxdvf/TtQewZAKV1s/ffPr2/vr4g3uwtCpDFiXGLTHfbm+Orm7sfvRnhhGtyd7tWz9svPfJXxnGKjEixTwLyDe/xEiGLMujJ0q6re33b+3ff+fj/YzOa01+ub79xfrutQNYWjURt3Wwffv3d9eHN37NBOySpVGyfL535eG9nTubk4yleohFhlw5pvmdu9+P9jfubB4UzU/2vxpe/2NoSAzGOUbnyMCqrQdbm6MPfxveyDHVDKPIacuQXd+hanr9TXGeqmQ3xfOK6kyRluQxkrO2Wq4GvkeaHKqvDXxNdZY9v072CdZJA+dSUxyfIUJy8kvza4WlgnRvALYIrZDseYBAchBpJMnU1R5J3gOTZYQDc27CSmWF2DUollDD0uNR8USigTTGdHPXBrKtXZL/L1s7XlafICtTTZkLkmsOXBNO0vC4DPcDt11IQ00qVSxBqbJG9rtpHWeijGGQU2icyaYqOYx9ttZ6gaRaUwBJgqaQ5RjSJh22u+RwNRq0dWX6XiuH4ZkhDIPdFHKmMYftiByuFHPM7q74Biz0A8let62RXPYukuyZjGmJQDWTgX12u0ZeMnaoliKjVVNO1u5Z0ycNeGJ6nK2M3KbIy3CmV7o6tdBpXhxDNJ00Kis87LliEt5R98xPYVkk/Zgt9NNGjXkWZhMkL3RkWI5kNnf2tnLus1Pof9K9RyXJJnWYiJ+JiuoHp5T/CBrqhHGeOao4k1HObgwdXS3UT7Uox43HUkqgo6fPh6qkm2KRlNk9dgdCKYbyTahGWuxziHE5vQCZIkL2ogEh6/S/a57YoRcK6kUUcRZBKyRMwNgvaSRP5us9MJtkMd9S0kieShaTlwNhvhLIcz0fa6gUIYlXegFmP7wyTKeH6l8=';

/** The module's bytes. */
export function analysisScanModule(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(process.getBuiltinModule('node:zlib').inflateRawSync(Buffer.from(DEFLATED, 'base64')));
}
