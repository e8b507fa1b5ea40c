import * as z from 'zod/mini';

// Must run before any zod schema is constructed: zod decides at construction
// whether an object schema may compile a fast path with `new Function`, and a
// host page with a strict CSP (no 'unsafe-eval') would report that probe as a
// violation even though zod catches it. Every component imports this module
// before anything from forms/, so ES module order makes it run first.
z.config({ jitless: true });
