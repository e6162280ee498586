// The formatters' printf("%.Nf"): the layer-neutral implementation in src/util.
export { atoi, printfFixed } from '../util/number.js';
