// tsc compiles TypeScript only: copy the tree-sitter queries beside the compiled scanner.
import { cpSync } from 'node:fs';

cpSync('src/scan/queries', 'dist/src/scan/queries', { recursive: true });
