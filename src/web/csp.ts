// The Content-Security-Policy of everything the web scope serves: only the app's own scripts,
// styles and images, no inline code of any kind, no framing, forms only to this origin. The pages
// are built to need nothing more (no inline scripts, no style attributes, no CDNs).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')
