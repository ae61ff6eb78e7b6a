// Checks of the arguments and options the API is given: their types here,
// their ranges in C++ (so that messages match the CLI's). Each error names
// the argument or option as MfError.parameter.
import { invalid, invalidParts, invalidUse } from './errors.js';

export function describe(v) {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : String(v);
}

export const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// `object` (undefined: {}) with no key outside `known`; `what` names a key in messages.
export function checkKeys(object, known, what) {
  if (object === undefined) return {};
  if (!isObject(object)) invalidUse(`${what} must be an object (got ${describe(object)})`);
  for (const key of Object.keys(object))
    if (!known.includes(key)) invalidParts(`unknown ${what} '`, key, `' (known: ${known.join(', ')})`);
  return object;
}

// Throws when `o` gives both `a` and `b` (`alias`: what b is to a, e.g. 'its alias ').
export function oneOf(o, a, b, alias = '') {
  if (o[a] !== undefined && o[b] !== undefined) invalidParts("give '", a, `' or ${alias}'`, b, "', not both");
}

export const isArrayLike = (v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

export function number(v, name) {
  if (typeof v !== 'number' || Number.isNaN(v)) invalid(name, ` must be a number (got ${describe(v)})`);
  return v;
}

// Integers that C++ receives as int: out-of-range values would wrap silently.
export function int32(v, name) {
  if (!Number.isInteger(v)) invalid(name, ` must be an integer (got ${describe(v)})`);
  if (Math.abs(v) > 2147483647) invalid(name, ` is out of range (got ${v})`);
  return v;
}

// A count where "more than there is" means "all of it" (list lengths, minimum
// rating counts): clamped to what a 32-bit size_t holds.
export function count(v, name) {
  if (!Number.isInteger(v) || v < 0) invalid(name, ` must be an integer >= 0 (got ${describe(v)})`);
  return Math.min(v, 4294967295);
}

// A count the engine uses as given (split sizes): one a 32-bit size_t cannot
// hold is an error, never a different number.
export function exactCount(v, name) {
  if (!Number.isInteger(v) || v < 0 || v > 4294967295)
    invalid(name, ` must be an integer from 0 to 4294967295 (got ${describe(v)})`);
  return v;
}

export function bool(v, name) {
  if (typeof v !== 'boolean') invalid(name, ` must be true or false (got ${describe(v)})`);
  return v;
}

export function string(v, name) {
  if (typeof v !== 'string') invalid(name, ` must be a string (got ${describe(v)})`);
  return v;
}

export function seed(v, name) {
  if (!Number.isSafeInteger(v) || v < 0) invalid(name, ` must be an integer from 0 to 2^53 - 1 (got ${describe(v)})`);
  return v;
}

// Raw ids are JS numbers: only safe integers stand for one id exactly.
export function rawId(v, name) {
  if (!Number.isSafeInteger(v)) invalid(name, ` must be a safe integer (got ${describe(v)})`);
  return v;
}

// An array (or typed array) whose every element passes `each`.
export function list(array, name, each, what) {
  if (!isArrayLike(array)) invalid(name, ` must be an array${what ? ` or typed array of ${what}` : ''} (got ${describe(array)})`);
  for (let k = 0; k < array.length; ++k) each(array[k], `${name}[${k}]`);
  return array;
}

// Typed arrays whose every element is a safe integer, or a number: nothing to check one by one.
const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array];
const isIntegerArray = (a) => INTEGER_ARRAYS.some((T) => a instanceof T);
const isNumberArray = (a) => isIntegerArray(a) || a instanceof Float32Array || a instanceof Float64Array;

export const rawIds = (array, name) => (isIntegerArray(array) ? array : list(array, name, rawId, 'ids'));

// Numbers, NaN included: the engine names a NaN rating with its line.
export const numbers = (array, name) => (isNumberArray(array) ? array : list(array, name, (v, at) => {
  if (typeof v !== 'number') invalid(at, ` must be a number (got ${describe(v)})`);
}, 'numbers'));

// The text of a file (`what`: 'ratings', 'movies'): a string or its bytes.
export function text(v, what) {
  if (typeof v !== 'string' && !(v instanceof Uint8Array))
    invalidParts(`${what} `, 'text', ` must be a string or a Uint8Array (got ${describe(v)})`);
  return v;
}
