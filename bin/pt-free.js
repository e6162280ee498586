#!/usr/bin/env node
import('../dist/ptools.cjs').then((cli) => cli.main('free'));
