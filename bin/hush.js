#!/usr/bin/env node
// The executable: load the built CLI and nothing else (startup cost matters).
import { main } from "../dist/cli/main.js";
main(process.argv.slice(2));
