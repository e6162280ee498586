#!/usr/bin/env node
require('../dist/ptools.cjs').run('pstree');
