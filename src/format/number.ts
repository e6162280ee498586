// The formatters' printf("%.Nf"): the layer-neutral implementation in src/util.
export { atoi, cInt, printfFixed } from '../util/number.js';
