// The formatters' printf("%.Nf"): the layer-neutral implementation in src/util.
export { printfFixed } from '../util/number.js';
