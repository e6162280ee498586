#!/usr/bin/env node
require('../dist/ptools.cjs').main('vmstat');
