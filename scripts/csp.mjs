// The Content-Security-Policy of the production app, in one place: the build puts it in a <meta> tag
// (which governs the page), and a server should also send it as a header, since only a header reaches
// the Web Worker where TF.js runs. `vite preview` and the e2e server do send it.
// Own origin only; no eval of any kind except compiling WebAssembly ('wasm-unsafe-eval', which
// TF.js's WASM backend needs); inline style attributes allowed (React `style` props, KaTeX).

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self' blob:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
