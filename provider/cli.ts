/** `npm run provider`: process entry of the reference provider's CLI (see cli-main.ts). */
import { main } from './cli-main.js';

const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
