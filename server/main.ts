// `npm start` and the tests' server processes: `node --import tsx server/main.ts` (an installed release runs `guichet serve`).
import { serve } from './serve.ts';

await serve(process.env);
