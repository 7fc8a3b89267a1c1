#!/usr/bin/env node
// The executable: load the bundled CLI and nothing else (startup cost matters:
// one bundle with lazy chunks loads in a fraction of the time of ~150 modules).
import { main } from "../dist/cli-bundle/main.js";
main(process.argv.slice(2));
