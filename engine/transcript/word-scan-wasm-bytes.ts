/**
 * The WebAssembly module of word-scan-wasm.ts, as word-scan-wasm-assembly.ts assembles it
 * (written by `npm run wasm`, build/word-scan-wasm.ts; do not edit). Deflated and in
 * base64, inflated when the first text is read, not when a Lambda loads its code
 * (a function that has not loaded node:zlib yet loads it then: ~5 ms CPU once).
 */
const DEFLATED = 'pVRNbxtFGH5ndm3v92yy3qSJm/Z569hxJII4lQMHPJZo1QNpfkKrlstaoXJiBSgijgRBOfAruIQLJ/4IB26c+CGjopldx02FhKB72PedV8/78czMM/T89FgQkdiWz8LF8hOLZ8HK9zxJouUJEp0tzz998fxLotZXr05enpJoH39x/OrkG0nRb4n8qS3UAoJTCM7gsYLPOSSHII2n/hgSpMVZxZH1Kk7k2BsjQvIoFYgOiDQe+WNEWlSQUy4SGbsFRwnFcYzis7pGxbHLDBHbzPCACJ3K/tOK16CQPpQEhbWR/EVU7BziFKGtFdpaK0yKzgGhapAtSBT1fAUIxbQxT3rv19Oxa/BZxevIkVl8jvUa7xzi7C2+9SjvzfSfd/q/znKDyd7erxwphP5DVo/9MTJO41hTPZLHIQLuNsMrN/xI0kj+LrlEiNKCSi3nXKKLTbvqYgNtlNVI+jNNj7WcV9xFq47wBkJ4Uy3PeBOh9pfsfI4aarmjtuqh/k8PddMjsj0iKGuUa7UqoS8uLi6+XhXQProIbGJ9Gq5G/HPbixft87VvNYziLf0XGcXbetso7umPjOK7OjKKd/SeUXxPHxjF9/WHRjH0B0Yx6z9twgOTkJCe32p3gjCKkzRT3HeUA9DTVGgBQjCdazHVb954bqHzJz1OIBBUhoh4gAHumT4GuG/65ggDoLHc2AfWmpdIZlZiPgLtnVUYYMscYdvM0DNDDHDXzLBjhg3yE0Et10OLqWuzu+woeIjdJZr3MLzxR/9e+51Zd2/h9syROcTwVmxkY0tWN5z2zCFGNr6cFWHD065POIwR6LzioL5G9VQT+tgjdPY94g1rAt60Juc7kPWLVl827c/d5sO3GplXNqFAgWIifkT3h8ni8nsuUUw+vWokUB7Zy2nTytfXFccoUU7EdxblI9b+WVMFsVazX68mi8vX1+4EY3eCjm8fiVFmaA55Hx2NCvtmh7Bxbq3A5vkl7lxd69bcSnp9JHO9wLpL3jd98wKJzj+f9ThFVis0tcJI7dtRX9ocbaS3hKHQqiNsZS+dMNaQWUVkbtdqjTTv6bLMO+JQmhA+lKT9pTAsrikX/w0=';

/** The module's bytes. */
export function wordScanModule(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(process.getBuiltinModule('node:zlib').inflateRawSync(Buffer.from(DEFLATED, 'base64')));
}
