export * from './dsl';
export * from './issues';
export { s, type QuantityRange } from './builders';
export * as formats from './formats';
